package dev.dialtone.protocol.internal;

import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallInput;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.ErrorCode;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.Signal;
import dev.dialtone.protocol.Transition;
import dev.dialtone.protocol.UserId;

/**
 * Every refusal the machine gives, with its code and a message that says what was wrong and what to do instead. The
 * message reaches the client in {@code error.message}; it is for people, and may change, unlike the code.
 */
final class Refusals {

    private Refusals() {
    }

    // ---- unknown_call (R2.11, R3.7, R4.5, R8.5)

    /** Any input but {@code start_call} before the call exists. */
    static Transition noCallYet(CallInput input) {
        return refuse(ErrorCode.UNKNOWN_CALL, "there is no call to apply " + nameOf(input)
                + " to: place one with start_call first");
    }

    /** Any input after the call ended (R4.5). */
    static Transition ended(CallRecord record, CallInput input) {
        return refuse(ErrorCode.UNKNOWN_CALL, "call " + record.callId() + " has ended (" + record.outcome().wireName()
                + "): " + nameOf(input) + " has no effect; start a new call with start_call");
    }

    /** A peer id that does not name the sender's other party (R2.11). */
    static Transition wrongPeer(CallInfo call, SessionRef from, UserId peerHint, CallInput input) {
        return refuse(ErrorCode.UNKNOWN_CALL, nameOf(input) + " names peer " + peerHint + ", but the other party of "
                + from.user() + " in call " + call.callId() + " is " + call.peerOf(from.user())
                + ": name that peer or leave the id out");
    }

    // ---- not_a_party (R2.12, R3.6, R5.6, R8.6)

    /** An answer or reject from a session that is not one of the callee's ringing sessions (R2.12). */
    static Transition notARingingCalleeSession(CallInfo call, SessionRef from, CallInput input) {
        String why = from.user().equals(call.calleeId())
                ? "session " + from + " connected after the call was placed, so it does not ring"
                : from.user() + " is not the callee";
        return refuse(ErrorCode.NOT_A_PARTY, "only a ringing session of callee " + call.calleeId() + " may send "
                + nameOf(input) + " for call " + call.callId() + ": " + why);
    }

    /** An answer or reject, after the answer, from a user who is not the callee (R2.12). */
    static Transition notTheCallee(CallInfo call, SessionRef from, CallInput input) {
        return refuse(ErrorCode.NOT_A_PARTY, "only callee " + call.calleeId() + " may send " + nameOf(input)
                + " for call " + call.callId() + "; " + from.user() + " is not the callee");
    }

    /** A cancel from anything but the session that placed the call (R2.12). */
    static Transition notTheCallerSession(CallInfo call, SessionRef from, SessionRef callerSession, CallInput input) {
        return refuse(ErrorCode.NOT_A_PARTY, "only the session that placed call " + call.callId() + " ("
                + callerSession + ") may send " + nameOf(input) + "; " + from + " may not");
    }

    /** A party action from a session that is not a party of the ringing call (R3.6). */
    static Transition notARingingParty(CallInfo call, SessionRef from, CallInput input) {
        return refuse(ErrorCode.NOT_A_PARTY, "session " + from + " is not a party of call " + call.callId()
                + " (only the caller's session and the callee's ringing sessions are): " + nameOf(input)
                + " is refused");
    }

    /** A relay or hang-up from a session that is not bound to the connected call (R3.6, R5.6). */
    static Transition notBound(CallInfo call, SessionRef from, CallInput input) {
        return refuse(ErrorCode.NOT_A_PARTY, "session " + from + " is not one of the two sessions bound to call "
                + call.callId() + ": " + nameOf(input) + " is accepted only from them and goes only to the other");
    }

    /** A detach, resume or grace timeout of a session that has nothing to do with the call. */
    static Transition notAPartySession(CallInfo call, SessionRef session, CallInput input) {
        return refuse(ErrorCode.NOT_A_PARTY, "session " + session + " is not a party of call " + call.callId()
                + ": " + nameOf(input) + " does not concern it");
    }

    // ---- invalid_state (R2.8, R3.6, R4.4, R5.2, R8.7)

    /** {@code start_call} while the caller is already in a call (R2.8, R5.5). */
    static Transition callerBusy(CallInfo call) {
        return refuse(ErrorCode.INVALID_STATE, "user " + call.callerId() + " is already in a call: end it "
                + "(cancel_call or hang_up) before calling " + call.calleeId());
    }

    /** {@code start_call} fed to a call that already exists: each placed call has a new id. */
    static Transition alreadyPlaced(CallInfo call) {
        return refuse(ErrorCode.INVALID_STATE, "call " + call.callId() + " is already placed: "
                + "start_call makes a new call with a new id");
    }

    /** {@code hang_up} while ringing (R4.4). */
    static Transition hangUpWhileRinging(CallInfo call) {
        return refuse(ErrorCode.INVALID_STATE, "call " + call.callId() + " is ringing: use cancel_call (caller) or "
                + "reject_call (callee), not hang_up");
    }

    /** An offer, answer or media state while ringing, or a candidate from a callee session (R3.6). */
    static Transition signalWhileRinging(CallInfo call, Signal signal, boolean fromCaller) {
        String instead;
        if (signal instanceof Signal.Candidate) {
            instead = "the callee sends ice_candidate only after answer_call";
        } else if (signal instanceof Signal.Media) {
            instead = "send media_state once the call is answered";
        } else {
            instead = fromCaller ? "put the offer in start_call, or send it once the call is answered"
                    : "put the answer in answer_call, or send it once the call is answered";
        }
        return refuse(ErrorCode.INVALID_STATE, "call " + call.callId() + " is still ringing: " + instead);
    }

    /** {@code answer_call}, {@code reject_call} or {@code cancel_call} once answered (R4.4, R5.2). */
    static Transition alreadyAnswered(CallInfo call, CallInput input) {
        return refuse(ErrorCode.INVALID_STATE, "call " + call.callId() + " is already answered: " + nameOf(input)
                + " no longer applies; use hang_up to end it");
    }

    /** The ring timer fired after the call was answered: a stale timer. */
    static Transition staleRingTimeout(CallInfo call) {
        return refuse(ErrorCode.INVALID_STATE, "call " + call.callId() + " is already answered: "
                + "its ring timeout no longer applies");
    }

    /** A party session dropped twice without a resume in between: the first grace keeps running. */
    static Transition alreadyDetached(CallInfo call, SessionRef session) {
        return refuse(ErrorCode.INVALID_STATE, "session " + session + " is already detached from call "
                + call.callId() + ": its resume grace keeps running from the first drop");
    }

    /** A resume or grace timeout for a party session that is not detached. */
    static Transition notDetached(CallInfo call, SessionRef session, CallInput input) {
        return refuse(ErrorCode.INVALID_STATE, "session " + session + " is not detached from call " + call.callId()
                + ": " + nameOf(input) + " does not apply");
    }

    // ---- too_large (R6.5, R8.9)

    /** The caller sent more candidates while ringing than the buffer holds (R6.5). */
    static Transition candidateBufferFull(CallInfo call, int max) {
        return refuse(ErrorCode.TOO_LARGE, "call " + call.callId() + " is still ringing and already holds " + max
                + " ICE candidates, the most it buffers: this candidate is dropped");
    }

    private static Transition refuse(ErrorCode code, String message) {
        return new Transition.Rejected(code, message);
    }

    /** How a message names the input: the wire action for client actions, a phrase for the shell's inputs. */
    static String nameOf(CallInput input) {
        if (input instanceof CallInput.StartRequested) {
            return "start_call";
        } else if (input instanceof CallInput.AnswerRequested) {
            return "answer_call";
        } else if (input instanceof CallInput.RejectRequested) {
            return "reject_call";
        } else if (input instanceof CallInput.CancelRequested) {
            return "cancel_call";
        } else if (input instanceof CallInput.HangUpRequested) {
            return "hang_up";
        } else if (input instanceof CallInput.SignalRequested s) {
            return nameOf(s.signal());
        } else if (input instanceof CallInput.RingTimeoutFired) {
            return "the ring timeout";
        } else if (input instanceof CallInput.SessionDetached) {
            return "a dropped connection";
        } else if (input instanceof CallInput.SessionResumed) {
            return "a resume";
        } else if (input instanceof CallInput.ResumeGraceExpired) {
            return "the end of a resume grace";
        } else if (input instanceof CallInput.ShutdownStarted) {
            return "the server shutdown";
        }
        throw new AssertionError("unhandled call input " + input.getClass().getName());
    }

    private static String nameOf(Signal signal) {
        if (signal instanceof Signal.Offer) {
            return "offer";
        } else if (signal instanceof Signal.Answer) {
            return "answer";
        } else if (signal instanceof Signal.Candidate) {
            return "ice_candidate";
        } else if (signal instanceof Signal.Media) {
            return "media_state";
        }
        throw new AssertionError("unhandled signal " + signal.getClass().getName());
    }
}
