package dev.dialtone.protocol.internal;

import dev.dialtone.protocol.CallAnswered;
import dev.dialtone.protocol.CallCancelled;
import dev.dialtone.protocol.CallEnded;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallInput;
import dev.dialtone.protocol.CallMissed;
import dev.dialtone.protocol.CallPolicy;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.CallRejected;
import dev.dialtone.protocol.CallState.Connected;
import dev.dialtone.protocol.CallState.Ringing;
import dev.dialtone.protocol.CallTimer;
import dev.dialtone.protocol.EndReason;
import dev.dialtone.protocol.IceCandidateRelayed;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.Outcome;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.Signal;
import dev.dialtone.protocol.Transition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What happens to a ringing call. Party actions are checked in one order: is the sender a party that may send this
 * action at all (not_a_party), then does its peer id fit (unknown_call), then does the action fit the state
 * (invalid_state, too_large).
 */
final class RingingTransitions {

    private final CallPolicy policy;

    RingingTransitions(CallPolicy policy) {
        this.policy = policy;
    }

    Transition apply(Ringing ringing, CallInput input) {
        if (input instanceof CallInput.StartRequested) {
            return Refusals.alreadyPlaced(ringing.call());
        } else if (input instanceof CallInput.AnswerRequested answer) {
            return answer(ringing, answer);
        } else if (input instanceof CallInput.RejectRequested reject) {
            return reject(ringing, reject);
        } else if (input instanceof CallInput.CancelRequested cancel) {
            return cancel(ringing, cancel);
        } else if (input instanceof CallInput.SignalRequested signal) {
            return signal(ringing, signal);
        } else if (input instanceof CallInput.HangUpRequested hangUp) {
            return hangUp(ringing, hangUp);
        } else if (input instanceof CallInput.RingTimeoutFired timeout) {
            return missed(ringing, timeout);
        } else if (input instanceof CallInput.SessionDetached detached) {
            return detach(ringing, detached);
        } else if (input instanceof CallInput.SessionResumed resumed) {
            return resume(ringing, resumed);
        } else if (input instanceof CallInput.ResumeGraceExpired expired) {
            return graceExpired(ringing, expired);
        } else if (input instanceof CallInput.ShutdownStarted shutdown) {
            return shutdown(ringing, shutdown);
        }
        throw new AssertionError("unhandled call input " + input.getClass().getName());
    }

    /** R2.9, R2.10, R5.2, R6.5: the first answer binds the call to the answering session and the caller session. */
    private Transition answer(Ringing ringing, CallInput.AnswerRequested answer) {
        CallInfo call = ringing.call();
        SessionRef answering = answer.from();
        if (!ringing.calleeSessions().contains(answering)) {
            return Refusals.notARingingCalleeSession(call, answering, answer);
        }
        if (!Sessions.peerHintFits(call, answering.user(), answer.peerHint())) {
            return Refusals.wrongPeer(call, answering, answer.peerHint(), answer);
        }
        SessionRef caller = ringing.callerSession();
        // Only the two bound sessions stay parties (R5.6): a dropped session that no longer is one loses its grace.
        Set<SessionRef> stillDetached = new HashSet<>(ringing.detached());
        stillDetached.retainAll(Set.of(caller, answering));
        List<SessionRef> noLongerParties = new ArrayList<>(detachedInOrder(ringing));
        noLongerParties.removeAll(stillDetached);
        Connected next = new Connected(call, caller, answering,
                CallRecords.notBefore(answer.at(), call.startedAt()), stillDetached);

        EffectList effects = new EffectList()
                .cancel(new CallTimer.RingTimeout(call.callId()))
                .cancelEach(Sessions.graceTimers(call.callId(), noLongerParties))
                .send(caller, new CallAnswered(call.calleeId(), call.callId(), answer.answer()))
                .sendEach(Sessions.without(ringing.calleeSessions(), answering),
                        new CallEnded(call.callId(), EndReason.ANSWERED_ELSEWHERE));
        // R6.5: the candidates the caller sent while ringing, in the order sent, right after the answer.
        for (OpaqueJson candidate : ringing.bufferedCandidates()) {
            effects.send(answering, new IceCandidateRelayed(candidate, call.callerId(), call.callId()));
        }
        return effects.applied(next);
    }

    /** R4.2, R5.3: a reject from any ringing callee session rejects the call. */
    private Transition reject(Ringing ringing, CallInput.RejectRequested reject) {
        CallInfo call = ringing.call();
        SessionRef from = reject.from();
        if (!ringing.calleeSessions().contains(from)) {
            return Refusals.notARingingCalleeSession(call, from, reject);
        }
        if (!Sessions.peerHintFits(call, from.user(), reject.peerHint())) {
            return Refusals.wrongPeer(call, from, reject.peerHint(), reject);
        }
        return ending(ringing, true, null)
                .send(ringing.callerSession(), new CallRejected(call.calleeId(), call.callId()))
                .sendEach(Sessions.without(ringing.calleeSessions(), from),
                        new CallEnded(call.callId(), EndReason.REJECTED_ELSEWHERE))
                .ended(CallRecords.unanswered(call, Outcome.REJECTED, reject.at(), call.calleeId()));
    }

    /** R4.3: only the session that placed the call may cancel it (R2.12). */
    private Transition cancel(Ringing ringing, CallInput.CancelRequested cancel) {
        CallInfo call = ringing.call();
        SessionRef from = cancel.from();
        if (!from.equals(ringing.callerSession())) {
            return Refusals.notTheCallerSession(call, from, ringing.callerSession(), cancel);
        }
        if (!Sessions.peerHintFits(call, from.user(), cancel.peerHint())) {
            return Refusals.wrongPeer(call, from, cancel.peerHint(), cancel);
        }
        return ending(ringing, true, null)
                .sendEach(ringing.calleeSessions(), new CallCancelled(call.callerId(), call.callId()))
                .ended(CallRecords.unanswered(call, Outcome.CANCELLED, cancel.at(), call.callerId()));
    }

    /** R3.6, R6.5: while ringing only the caller's ICE candidates are taken, and buffered. */
    private Transition signal(Ringing ringing, CallInput.SignalRequested request) {
        CallInfo call = ringing.call();
        SessionRef from = request.from();
        boolean fromCaller = from.equals(ringing.callerSession());
        if (!fromCaller && !ringing.calleeSessions().contains(from)) {
            return Refusals.notARingingParty(call, from, request);
        }
        if (!Sessions.peerHintFits(call, from.user(), request.peerHint())) {
            return Refusals.wrongPeer(call, from, request.peerHint(), request);
        }
        if (!(fromCaller && request.signal() instanceof Signal.Candidate)) {
            return Refusals.signalWhileRinging(call, request.signal(), fromCaller);
        }
        List<OpaqueJson> buffer = ringing.bufferedCandidates();
        if (buffer.size() >= policy.maxBufferedCandidates()) {
            return Refusals.candidateBufferFull(call, policy.maxBufferedCandidates());
        }
        List<OpaqueJson> more = new ArrayList<>(buffer);
        more.add(((Signal.Candidate) request.signal()).candidate());
        return new EffectList().applied(new Ringing(call, ringing.callerSession(), ringing.calleeSessions(), more,
                ringing.detached()));
    }

    /** R4.4: a ringing call is cancelled or rejected, not hung up. */
    private static Transition hangUp(Ringing ringing, CallInput.HangUpRequested hangUp) {
        CallInfo call = ringing.call();
        SessionRef from = hangUp.from();
        if (!isParty(ringing, from)) {
            return Refusals.notARingingParty(call, from, hangUp);
        }
        if (!Sessions.peerHintFits(call, from.user(), hangUp.peerHint())) {
            return Refusals.wrongPeer(call, from, hangUp.peerHint(), hangUp);
        }
        return Refusals.hangUpWhileRinging(call);
    }

    /** R6.1: the ring timer fired, so there is no ring timer left to cancel. */
    private static Transition missed(Ringing ringing, CallInput.RingTimeoutFired timeout) {
        CallInfo call = ringing.call();
        CallMissed missed = new CallMissed(call.callId(), call.callerId(), call.calleeId());
        return ending(ringing, false, null)
                .send(ringing.callerSession(), missed)
                .sendEach(ringing.calleeSessions(), missed)
                .ended(CallRecords.unanswered(call, Outcome.MISSED, timeout.at(), null));
    }

    /** R6.2: the caller's drop starts its grace; R6.7: a ringing callee session's drop changes nothing. */
    private Transition detach(Ringing ringing, CallInput.SessionDetached detached) {
        CallInfo call = ringing.call();
        SessionRef session = detached.session();
        if (session.equals(ringing.callerSession())) {
            if (ringing.detached().contains(session)) {
                return Refusals.alreadyDetached(call, session);
            }
            return new EffectList()
                    .start(new CallTimer.ResumeGrace(call.callId(), session), policy.resumeGrace())
                    .applied(new Ringing(call, ringing.callerSession(), ringing.calleeSessions(),
                            ringing.bufferedCandidates(),
                            Sessions.with(ringing.detached(), session)));
        }
        if (ringing.calleeSessions().contains(session)) {
            // R6.7: the other sessions keep ringing and this one may come back and still answer. Applied, not
            // refused: nothing is wrong, and the shell need not know which sessions of a call are watched.
            return new EffectList().applied(ringing);
        }
        return Refusals.notAPartySession(call, session, detached);
    }

    /**
     * R6.3: a resumed session's grace stops. A ringing callee session was never marked detached (R6.7): nothing to
     * do, and applied rather than refused, like its drop.
     */
    private static Transition resume(Ringing ringing, CallInput.SessionResumed resumed) {
        CallInfo call = ringing.call();
        SessionRef session = resumed.session();
        if (ringing.detached().contains(session)) {
            return new EffectList()
                    .cancel(new CallTimer.ResumeGrace(call.callId(), session))
                    .applied(new Ringing(call, ringing.callerSession(), ringing.calleeSessions(),
                            ringing.bufferedCandidates(), Sessions.without(ringing.detached(), session)));
        }
        if (ringing.calleeSessions().contains(session)) {
            return new EffectList().applied(ringing);
        }
        if (session.equals(ringing.callerSession())) {
            return Refusals.notDetached(call, session, resumed);
        }
        return Refusals.notAPartySession(call, session, resumed);
    }

    /**
     * R6.4: the caller did not come back in time, so the call fails. R6.7: a ringing session's grace ending changes
     * nothing (the shell's own session grace may report it; events for the gone session are discarded by the shell).
     */
    private static Transition graceExpired(Ringing ringing, CallInput.ResumeGraceExpired expired) {
        CallInfo call = ringing.call();
        SessionRef session = expired.session();
        if (ringing.calleeSessions().contains(session)) {
            if (!ringing.detached().contains(session)) {
                return new EffectList().applied(ringing);
            }
            // Only reachable from a Ringing state built outside this machine, which tracked a callee session's drop:
            // its grace timer fired, so there is nothing to cancel, only the drop to forget.
            return new EffectList().applied(new Ringing(call, ringing.callerSession(), ringing.calleeSessions(),
                    ringing.bufferedCandidates(), Sessions.without(ringing.detached(), session)));
        }
        if (!session.equals(ringing.callerSession())) {
            return Refusals.notAPartySession(call, session, expired);
        }
        if (!ringing.detached().contains(session)) {
            return Refusals.notDetached(call, session, expired);
        }
        return ending(ringing, true, session)
                .sendEach(ringing.calleeSessions(), new CallEnded(call.callId(), EndReason.PEER_DISCONNECTED))
                .ended(CallRecords.unanswered(call, Outcome.FAILED, expired.at(), call.callerId()));
    }

    /** R6.6: caller and every ringing callee session are told; the record says failed, ended by nobody. */
    private static Transition shutdown(Ringing ringing, CallInput.ShutdownStarted shutdown) {
        CallInfo call = ringing.call();
        CallEnded ended = new CallEnded(call.callId(), EndReason.SERVER_SHUTDOWN);
        return ending(ringing, true, null)
                .send(ringing.callerSession(), ended)
                .sendEach(ringing.calleeSessions(), ended)
                .ended(CallRecords.unanswered(call, Outcome.FAILED, shutdown.at(), null));
    }

    /**
     * The timer effects of leaving Ringing for Ended: the ring timer, unless it is what fired, and the grace timer of
     * every detached session but {@code fired}, whose own timer just fired. The buffered candidates are dropped with
     * the state (R6.5).
     */
    private static EffectList ending(Ringing ringing, boolean ringTimerRunning, SessionRef fired) {
        CallId callId = ringing.call().callId();
        EffectList effects = new EffectList();
        if (ringTimerRunning) {
            effects.cancel(new CallTimer.RingTimeout(callId));
        }
        List<SessionRef> detached = new ArrayList<>(detachedInOrder(ringing));
        detached.remove(fired);
        return effects.cancelEach(Sessions.graceTimers(callId, detached));
    }

    private static List<SessionRef> detachedInOrder(Ringing ringing) {
        List<SessionRef> parties = new ArrayList<>();
        parties.add(ringing.callerSession());
        parties.addAll(ringing.calleeSessions());
        return Sessions.inStableOrder(ringing.detached(), parties);
    }

    /** The caller session or a ringing callee session; the caller's other sessions never are (R2.12). */
    private static boolean isParty(Ringing ringing, SessionRef session) {
        return session.equals(ringing.callerSession()) || ringing.calleeSessions().contains(session);
    }
}
