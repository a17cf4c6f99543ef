package dev.dialtone.server.internal;

import dev.dialtone.protocol.CallHistoryListed;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallInput;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.CallTimer;
import dev.dialtone.protocol.ClientAction;
import dev.dialtone.protocol.Effect;
import dev.dialtone.protocol.ErrorCode;
import dev.dialtone.protocol.ErrorReported;
import dev.dialtone.protocol.GetCallHistory;
import dev.dialtone.protocol.Ping;
import dev.dialtone.protocol.PingAnswered;
import dev.dialtone.protocol.PlacementFacts;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.StartCall;
import dev.dialtone.protocol.Transition;
import dev.dialtone.protocol.UnrecognizedAction;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.spi.CallStore;
import dev.dialtone.server.spi.Principal;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The imperative shell's call side: turns actions into {@link CallInput}s, gathers the facts the machine needs, applies
 * the machine under the call store's exclusive section, and carries out the effects.
 */
final class CallCoordinator {

    private static final System.Logger LOG = EngineCore.LOG;

    private final EngineConfig config;
    private final EngineCore engine;
    private final CallStore store;

    CallCoordinator(EngineConfig config, EngineCore engine) {
        this.config = config;
        this.engine = engine;
        this.store = config.calls();
        config.timers().start(this::fire);
    }

    void handle(SessionRef from, Principal principal, ClientAction action, Instant now) {
        if (action instanceof Ping ping) {
            engine.send(from, new PingAnswered(ping.nonce()));
        } else if (action instanceof GetCallHistory request) {
            history(from, request);
        } else if (action instanceof StartCall start) {
            start(from, principal, start, now);
        } else if (action instanceof UnrecognizedAction unknown) {
            refuse(from, action, null, ErrorCode.UNKNOWN_ACTION,
                    "unknown action '" + unknown.action() + "'; see docs/protocol.md for the actions of v1");
        } else {
            callAction(from, action, now);
        }
    }

    private void history(SessionRef from, GetCallHistory request) {
        int limit = request.effectiveLimit();
        List<CallRecord> page = config.records().history(from.user(), limit, request.before());
        CallId next = page.size() == limit ? page.get(page.size() - 1).callId() : null;
        engine.send(from, new CallHistoryListed(page, next));
    }

    /** {@code start_call}: rate limit, facts, claims, then the machine (R2.1-R2.8, R5.4, R5.5, R8.8). */
    private void start(SessionRef from, Principal principal, StartCall start, Instant now) {
        if (!config.rateLimit().tryStartCall(from.user(), now)) {
            refuse(from, start, null, ErrorCode.RATE_LIMITED, "too many start_call; wait before calling again");
            return;
        }
        UserId caller = from.user();
        UserId callee = start.calleeId();
        CallId callId = config.ids().newCallId();
        CallInfo info = new CallInfo(callId, caller, principal.displayName(), callee, start.effectiveCallType(), now);
        List<UserId> claimed = new ArrayList<>(2);
        PlacementFacts facts;
        if (caller.equals(callee)) {
            facts = new PlacementFacts(List.of(), false, false, null);
        } else {
            CallId glare = glareCall(caller, callee);
            boolean callerBusy = false;
            boolean calleeBusy = false;
            if (glare == null) {
                callerBusy = !claim(caller, callId, claimed);
                calleeBusy = !callerBusy && !claim(callee, callId, claimed);
            }
            facts = new PlacementFacts(config.presence().sessionsOf(callee), calleeBusy, callerBusy, glare);
        }
        // Claims of an attempt that does not ring are released, and a refusal is sent, inside the exclusive section
        // and before the attempt's events: once call_unavailable or the error has arrived, the caller is free again,
        // also for a start_call from its other session.
        Transition transition = apply(callId, new CallInput.StartRequested(info, from, start.offer(), facts),
                () -> true, decided -> {
                    boolean rings = decided instanceof Transition.Applied applied
                            && applied.next() instanceof CallState.Ringing;
                    if (!rings) {
                        claimed.forEach(user -> store.release(user, callId));
                    }
                    if (decided instanceof Transition.Rejected rejected) {
                        refuse(from, start, null, rejected.code(), rejected.message());
                    }
                });
        boolean ringing = transition instanceof Transition.Applied applied
                && applied.next() instanceof CallState.Ringing;
        if (ringing) {
            LOG.log(Level.DEBUG, "call {0}: {1} calls {2}", callId, caller, callee);
            opened(info);
        }
    }

    private boolean claim(UserId user, CallId callId, List<UserId> claimed) {
        if (store.claim(user, callId)) {
            claimed.add(user);
            return true;
        }
        return false;
    }

    /** The callee's call to the caller that rings now, if any (R5.4). */
    private CallId glareCall(UserId caller, UserId callee) {
        CallId pending = store.callOf(callee).orElse(null);
        if (pending == null || !pending.equals(store.callOf(caller).orElse(null))) {
            return null;
        }
        CallState state = store.update(pending, current -> new CallStore.Step<>(current, current));
        if (state instanceof CallState.Ringing ringing && ringing.call().callerId().equals(callee)
                && ringing.call().calleeId().equals(caller)) {
            return pending;
        }
        return null;
    }

    /** An action about an existing call: the named call, or the sender's one call (R3.7). */
    private void callAction(SessionRef from, ClientAction action, Instant now) {
        CallId named = CallInput.callIdOf(action).orElse(null);
        CallId callId = named != null ? named : store.callOf(from.user()).orElse(null);
        if (callId == null) {
            refuse(from, action, null, ErrorCode.UNKNOWN_CALL,
                    "you are in no call; name the call with call_id");
            return;
        }
        CallInput input = CallInput.of(from, action, now).orElseThrow(
                () -> new IllegalStateException("no call input for " + action.action()));
        // The refusal is sent inside the call's exclusive section, like the events of an applied input, so that it
        // reaches the sender before the events of the call's next input (Appendix G.3).
        apply(callId, input, () -> true, decided -> {
            if (decided instanceof Transition.Rejected rejected) {
                refuse(from, action, callId, rejected.code(), rejected.message());
            }
        });
    }

    void sessionDetached(SessionRef session, Instant now) {
        store.callOf(session.user()).ifPresent(callId -> apply(callId, new CallInput.SessionDetached(session, now)));
    }

    void sessionResumed(SessionRef session, Instant now) {
        store.callOf(session.user()).ifPresent(callId -> apply(callId, new CallInput.SessionResumed(session, now)));
    }

    /**
     * A session held by a node that died: it can never resume, so its call sees the drop and the end of its grace at
     * once (R6.4), through the machine like any drop. Inputs that do not fit (not a party) are refused and change
     * nothing.
     */
    void sessionLost(SessionRef session, Instant now) {
        CallId callId = store.callOf(session.user()).orElse(null);
        if (callId != null) {
            apply(callId, new CallInput.SessionDetached(session, now));
            apply(callId, new CallInput.ResumeGraceExpired(session, now));
        }
    }

    void shutdown(Instant now) {
        List<CallId> live;
        try {
            live = store.liveCalls();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "the live calls could not be listed; none is ended", e);
            live = List.of();
        }
        for (CallId callId : live) {
            try {
                apply(callId, new CallInput.ShutdownStarted(now));
            } catch (RuntimeException e) {
                // One call store failure must not stop the shutdown (the other calls, the connections).
                LOG.log(Level.ERROR, "call " + callId + " could not be ended for the shutdown", e);
            }
        }
        config.timers().stop();
    }

    /**
     * Applies {@code input} to call {@code callId} with exclusive use of it. Sends and timers are carried out inside,
     * so that one call's events leave in the order decided; records are saved after, outside, since a store may block.
     */
    private Transition apply(CallId callId, CallInput input) {
        return apply(callId, input, () -> true);
    }

    private Transition apply(CallId callId, CallInput input, java.util.function.BooleanSupplier stillWanted) {
        return apply(callId, input, stillWanted, decided -> { });
    }

    /**
     * Applies {@code input} to call {@code callId} with exclusive use of it; {@code decided} runs inside, right after
     * the machine decided and before any effect is carried out.
     */
    private Transition apply(CallId callId, CallInput input, java.util.function.BooleanSupplier stillWanted,
            java.util.function.Consumer<Transition> decided) {
        List<CallRecord> toSave = new ArrayList<>(1);
        Instant[] answeredAt = new Instant[1];
        Transition transition = store.update(callId, state -> {
            // A store may run the step again after a conflict (an optimistic cluster store): only the last run counts.
            toSave.clear();
            answeredAt[0] = null;
            if (!stillWanted.getAsBoolean()) {
                return new CallStore.Step<>(state, null);
            }
            Transition result = config.machine().apply(state, input);
            decided.accept(result);
            if (result instanceof Transition.Applied applied) {
                // Released before the end is announced: whoever learns that the call ended may call again at once.
                if (applied.next() instanceof CallState.Ended ended) {
                    store.release(ended.record().callerId(), callId);
                    store.release(ended.record().calleeId(), callId);
                }
                carryOut(applied.effects(), toSave);
                if (applied.next() instanceof CallState.Connected connected
                        && !(state instanceof CallState.Connected)) {
                    answeredAt[0] = connected.answeredAt();
                }
                return new CallStore.Step<>(applied.next(), result);
            }
            return new CallStore.Step<>(state, result);
        });
        if (answeredAt[0] != null) {
            answered(callId, answeredAt[0]);
        }
        for (CallRecord record : toSave) {
            save(record);
        }
        return transition;
    }

    private void carryOut(List<Effect> effects, List<CallRecord> toSave) {
        for (Effect effect : effects) {
            if (effect instanceof Effect.Send send) {
                engine.send(send.to(), send.event());
            } else if (effect instanceof Effect.StartTimer start) {
                config.timers().schedule(start.timer(), start.delay());
            } else if (effect instanceof Effect.CancelTimer cancel) {
                config.timers().cancel(cancel.timer());
            } else if (effect instanceof Effect.SaveRecord save) {
                toSave.add(save.record());
            } else {
                throw new AssertionError("unhandled effect " + effect);
            }
        }
    }

    private void fire(CallTimer timer, java.util.function.BooleanSupplier claim) {
        Instant now = engine.now();
        CallInput input;
        if (timer instanceof CallTimer.RingTimeout) {
            input = new CallInput.RingTimeoutFired(now);
        } else if (timer instanceof CallTimer.ResumeGrace grace) {
            input = new CallInput.ResumeGraceExpired(grace.session(), now);
        } else {
            throw new AssertionError("unhandled timer " + timer);
        }
        // Claimed inside the call's exclusive section: a timer cancelled or restarted by a transition that ran
        // between falling due and taking the call (a resume, then a new drop) must not fire.
        apply(timer.callId(), input, claim);
    }

    /** Lets a durable record store write the call's open record (R7.4); outside the exclusive section, like save. */
    private void opened(CallInfo info) {
        try {
            config.records().opened(info);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "the open record of call " + info.callId() + " could not be written", e);
        }
    }

    private void answered(CallId callId, Instant at) {
        try {
            config.records().answered(callId, at);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "the answer of call " + callId + " could not be written to its open record", e);
        }
    }

    private void save(CallRecord record) {
        try {
            config.records().save(record);
            LOG.log(Level.DEBUG, "call {0} ended: {1}", record.callId(), record.outcome().wireName());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "the record of call " + record.callId() + " could not be saved", e);
        }
    }

    private void refuse(SessionRef to, ClientAction action, CallId callId, ErrorCode code, String message) {
        engine.send(to, new ErrorReported(code, message, action.action(), null, callId));
    }

}
