package dev.dialtone.protocol.internal;

import dev.dialtone.protocol.AnswerRelayed;
import dev.dialtone.protocol.CallEnded;
import dev.dialtone.protocol.CallHungUp;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallInput;
import dev.dialtone.protocol.CallPolicy;
import dev.dialtone.protocol.CallState.Connected;
import dev.dialtone.protocol.CallTimer;
import dev.dialtone.protocol.EndReason;
import dev.dialtone.protocol.IceCandidateRelayed;
import dev.dialtone.protocol.OfferRelayed;
import dev.dialtone.protocol.PeerMediaChanged;
import dev.dialtone.protocol.ServerEvent;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.Signal;
import dev.dialtone.protocol.Transition;
import dev.dialtone.protocol.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What happens to an answered call. Only the two bound sessions are parties (R3.6, R5.6); party actions are checked
 * in the same order as while ringing: not_a_party, then the peer id (unknown_call), then the state (invalid_state).
 */
final class ConnectedTransitions {

    private final CallPolicy policy;

    ConnectedTransitions(CallPolicy policy) {
        this.policy = policy;
    }

    Transition apply(Connected connected, CallInput input) {
        if (input instanceof CallInput.StartRequested) {
            return Refusals.alreadyPlaced(connected.call());
        } else if (input instanceof CallInput.AnswerRequested answer) {
            return lateCalleeAction(connected, answer.from(), answer.peerHint(), answer);
        } else if (input instanceof CallInput.RejectRequested reject) {
            return lateCalleeAction(connected, reject.from(), reject.peerHint(), reject);
        } else if (input instanceof CallInput.CancelRequested cancel) {
            return lateCancel(connected, cancel);
        } else if (input instanceof CallInput.SignalRequested signal) {
            return relay(connected, signal);
        } else if (input instanceof CallInput.HangUpRequested hangUp) {
            return hangUp(connected, hangUp);
        } else if (input instanceof CallInput.RingTimeoutFired) {
            // A timer that fired while its cancellation was on its way: nothing to do, nobody to tell.
            return Refusals.staleRingTimeout(connected.call());
        } else if (input instanceof CallInput.SessionDetached detached) {
            return detach(connected, detached);
        } else if (input instanceof CallInput.SessionResumed resumed) {
            return resume(connected, resumed);
        } else if (input instanceof CallInput.ResumeGraceExpired expired) {
            return graceExpired(connected, expired);
        } else if (input instanceof CallInput.ShutdownStarted shutdown) {
            return shutdown(connected, shutdown);
        }
        throw new AssertionError("unhandled call input " + input.getClass().getName());
    }

    /**
     * R4.4, R5.2: {@code answer_call} or {@code reject_call} after the answer. From any session of the callee (the
     * bound one, or another that lost the race and got answered_elsewhere) this is invalid_state, which tells the
     * client what happened; from anyone else it is not_a_party, as it was while ringing (R2.12).
     */
    private static Transition lateCalleeAction(Connected connected, SessionRef from, UserId peerHint,
            CallInput input) {
        CallInfo call = connected.call();
        if (!from.user().equals(call.calleeId())) {
            return Refusals.notTheCallee(call, from, input);
        }
        if (!Sessions.peerHintFits(call, from.user(), peerHint)) {
            return Refusals.wrongPeer(call, from, peerHint, input);
        }
        return Refusals.alreadyAnswered(call, input);
    }

    /** R4.4: {@code cancel_call} after the answer; only the caller session could ever cancel (R2.12). */
    private static Transition lateCancel(Connected connected, CallInput.CancelRequested cancel) {
        CallInfo call = connected.call();
        SessionRef from = cancel.from();
        if (!from.equals(connected.callerSession())) {
            return Refusals.notTheCallerSession(call, from, connected.callerSession(), cancel);
        }
        if (!Sessions.peerHintFits(call, from.user(), cancel.peerHint())) {
            return Refusals.wrongPeer(call, from, cancel.peerHint(), cancel);
        }
        return Refusals.alreadyAnswered(call, cancel);
    }

    /**
     * R3.1 to R3.6: relays go from one bound session to the other, unchanged, any number of times (renegotiation,
     * R3.4). The state does not change. A detached peer is still sent to: the shell replays on resume (R6.3).
     */
    private static Transition relay(Connected connected, CallInput.SignalRequested request) {
        CallInfo call = connected.call();
        SessionRef from = request.from();
        if (!isBound(connected, from)) {
            return Refusals.notBound(call, from, request);
        }
        if (!Sessions.peerHintFits(call, from.user(), request.peerHint())) {
            return Refusals.wrongPeer(call, from, request.peerHint(), request);
        }
        return new EffectList()
                .send(connected.peerSessionOf(from), relayed(call, from.user(), request.signal()))
                .applied(connected);
    }

    /** The event a signal becomes; its user id field names the sender, whichever role it has (R3.1, R3.2). */
    private static ServerEvent relayed(CallInfo call, UserId sender, Signal signal) {
        if (signal instanceof Signal.Offer offer) {
            return new OfferRelayed(offer.sdp(), sender, call.callId());
        } else if (signal instanceof Signal.Answer answer) {
            return new AnswerRelayed(answer.sdp(), sender, call.callId());
        } else if (signal instanceof Signal.Candidate candidate) {
            return new IceCandidateRelayed(candidate.candidate(), sender, call.callId());
        } else if (signal instanceof Signal.Media media) {
            return new PeerMediaChanged(call.callId(), sender, media.audio(), media.video());
        }
        throw new AssertionError("unhandled signal " + signal.getClass().getName());
    }

    /** R4.1: completed, ended by the sender. */
    private static Transition hangUp(Connected connected, CallInput.HangUpRequested hangUp) {
        CallInfo call = connected.call();
        SessionRef from = hangUp.from();
        if (!isBound(connected, from)) {
            return Refusals.notBound(call, from, hangUp);
        }
        if (!Sessions.peerHintFits(call, from.user(), hangUp.peerHint())) {
            return Refusals.wrongPeer(call, from, hangUp.peerHint(), hangUp);
        }
        return ending(connected, null)
                .send(connected.peerSessionOf(from), new CallHungUp(from.user(), call.callId()))
                .ended(CallRecords.completed(call, connected.answeredAt(), hangUp.at(), from.user()));
    }

    /** R6.2: a bound session's drop starts its grace; the call goes on, since media flows peer to peer. */
    private Transition detach(Connected connected, CallInput.SessionDetached detached) {
        CallInfo call = connected.call();
        SessionRef session = detached.session();
        if (!isBound(connected, session)) {
            return Refusals.notAPartySession(call, session, detached);
        }
        if (connected.detached().contains(session)) {
            return Refusals.alreadyDetached(call, session);
        }
        return new EffectList()
                .start(new CallTimer.ResumeGrace(call.callId(), session), policy.resumeGrace())
                .applied(withDetached(connected, Sessions.with(connected.detached(), session)));
    }

    /** R6.3: a resumed bound session's grace stops. */
    private static Transition resume(Connected connected, CallInput.SessionResumed resumed) {
        CallInfo call = connected.call();
        SessionRef session = resumed.session();
        if (!isBound(connected, session)) {
            return Refusals.notAPartySession(call, session, resumed);
        }
        if (!connected.detached().contains(session)) {
            return Refusals.notDetached(call, session, resumed);
        }
        return new EffectList()
                .cancel(new CallTimer.ResumeGrace(call.callId(), session))
                .applied(withDetached(connected, Sessions.without(connected.detached(), session)));
    }

    /** R6.4: the dropped party did not come back: completed, ended by it; its peer is told. */
    private static Transition graceExpired(Connected connected, CallInput.ResumeGraceExpired expired) {
        CallInfo call = connected.call();
        SessionRef session = expired.session();
        if (!isBound(connected, session)) {
            return Refusals.notAPartySession(call, session, expired);
        }
        if (!connected.detached().contains(session)) {
            return Refusals.notDetached(call, session, expired);
        }
        return ending(connected, session)
                .send(connected.peerSessionOf(session), new CallEnded(call.callId(), EndReason.PEER_DISCONNECTED))
                .ended(CallRecords.completed(call, connected.answeredAt(), expired.at(), session.user()));
    }

    /** R6.6: both bound sessions are told; the record says completed, ended by nobody. */
    private static Transition shutdown(Connected connected, CallInput.ShutdownStarted shutdown) {
        CallInfo call = connected.call();
        CallEnded ended = new CallEnded(call.callId(), EndReason.SERVER_SHUTDOWN);
        return ending(connected, null)
                .send(connected.callerSession(), ended)
                .send(connected.calleeSession(), ended)
                .ended(CallRecords.completed(call, connected.answeredAt(), shutdown.at(), null));
    }

    /** The grace timers to stop when the call ends: every detached session's but {@code fired}'s, which just fired. */
    private static EffectList ending(Connected connected, SessionRef fired) {
        List<SessionRef> detached = new ArrayList<>(Sessions.inStableOrder(connected.detached(),
                List.of(connected.callerSession(), connected.calleeSession())));
        detached.remove(fired);
        return new EffectList().cancelEach(Sessions.graceTimers(connected.call().callId(), detached));
    }

    private static Connected withDetached(Connected connected, Set<SessionRef> detached) {
        return new Connected(connected.call(), connected.callerSession(), connected.calleeSession(),
                connected.answeredAt(), detached);
    }

    private static boolean isBound(Connected connected, SessionRef session) {
        return session.equals(connected.callerSession()) || session.equals(connected.calleeSession());
    }
}
