package dev.dialtone.protocol.internal;

import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallInput;
import dev.dialtone.protocol.CallPolicy;
import dev.dialtone.protocol.CallRinging;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.CallTimer;
import dev.dialtone.protocol.CallUnavailable;
import dev.dialtone.protocol.IncomingCall;
import dev.dialtone.protocol.Outcome;
import dev.dialtone.protocol.PlacementFacts;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.Transition;
import dev.dialtone.protocol.UnavailableReason;
import java.util.List;
import java.util.Set;

/** What happens before a call exists: only {@code start_call} does anything (R2.3 to R2.8, R5.4). */
final class IdleTransitions {

    private final CallPolicy policy;

    IdleTransitions(CallPolicy policy) {
        this.policy = policy;
    }

    Transition apply(CallInput input) {
        if (input instanceof CallInput.StartRequested start) {
            return place(start);
        }
        // Every other input is about a call, and there is none yet (R3.7, R8.5). No instanceof chain here on purpose:
        // whatever input a later version adds, it cannot apply to a call that does not exist.
        return Refusals.noCallYet(input);
    }

    /** The checks run in the order R2.8 fixes: self, glare, caller busy, callee busy, offline. */
    private Transition place(CallInput.StartRequested start) {
        CallInfo call = start.call();
        SessionRef caller = start.callerSession();
        PlacementFacts facts = start.facts();
        List<SessionRef> ring = calleeSessions(call, facts);
        if (call.callerId().equals(call.calleeId())) {
            // R2.7: no call id is issued, so there is no record.
            return new EffectList()
                    .send(caller, new CallUnavailable(call.calleeId(), UnavailableReason.SELF, null))
                    .applied(CallState.Idle.INSTANCE);
        }
        if (facts.glareCallId() != null) {
            // R5.4: the pending call keeps ringing; this one is never made, so no record either.
            return new EffectList()
                    .send(caller, new CallUnavailable(call.calleeId(), UnavailableReason.GLARE, facts.glareCallId()))
                    .applied(CallState.Idle.INSTANCE);
        }
        if (facts.callerBusy()) {
            return Refusals.callerBusy(call);
        }
        if (facts.calleeBusy()) {
            return unavailable(start, UnavailableReason.BUSY, Outcome.BUSY);
        }
        if (ring.isEmpty()) {
            return unavailable(start, UnavailableReason.OFFLINE, Outcome.OFFLINE);
        }
        EffectList effects = new EffectList()
                .sendEach(ring, new IncomingCall(call.callId(), call.callerId(), call.callerName(), call.callType(),
                        start.offer()))
                .send(caller, new CallRinging(call.callId(), call.calleeId(), call.callType()))
                .start(new CallTimer.RingTimeout(call.callId()), policy.ringTimeout());
        return effects.applied(new CallState.Ringing(call, caller, ring, List.of(), Set.of()));
    }

    /** Busy or offline (R2.5, R2.6): the attempt has a call id, so it ends at once and leaves its record (R7.1). */
    private static Transition unavailable(CallInput.StartRequested start, UnavailableReason reason, Outcome outcome) {
        CallInfo call = start.call();
        return new EffectList()
                .send(start.callerSession(), new CallUnavailable(call.calleeId(), reason, call.callId()))
                .ended(CallRecords.unanswered(call, outcome, call.startedAt(), null));
    }

    /**
     * The sessions to ring: the facts' sessions, each once (a session listed twice would get two incoming_call
     * events). A session of another user is the shell's bug, not a client's, so it throws rather than refuses.
     */
    private static List<SessionRef> calleeSessions(CallInfo call, PlacementFacts facts) {
        for (SessionRef session : facts.calleeSessions()) {
            if (!session.user().equals(call.calleeId())) {
                throw new IllegalArgumentException("placement facts list session " + session + " as a session of "
                        + "callee " + call.calleeId());
            }
        }
        return Sessions.distinct(facts.calleeSessions());
    }
}
