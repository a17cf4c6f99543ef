package dev.dialtone.conformance.internal.model;

import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallInput;
import dev.dialtone.protocol.CallMachine;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.CallTimer;
import dev.dialtone.protocol.ClientAction;
import dev.dialtone.protocol.Effect;
import dev.dialtone.protocol.ErrorCode;
import dev.dialtone.protocol.ErrorReported;
import dev.dialtone.protocol.PlacementFacts;
import dev.dialtone.protocol.ServerEvent;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.StartCall;
import dev.dialtone.protocol.Transition;
import dev.dialtone.protocol.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the kit believes the server's state is: every call's {@link CallState} as the pure {@link CallMachine} moved
 * it, which call each user is in, the records, the running timers, and each session's status. It plays the engine's
 * shell (decide the call an action is about, gather the placement facts from its own view of who is online and busy,
 * apply the machine, carry out the effects) and predicts the events every session must receive. No I/O; copyable, so
 * that the orders of racing inputs can each be tried.
 */
final class ModelState {

    /** The start_call rate limit of R8.8, with the protocol's defaults. */
    static final int RATE_LIMIT = 10;
    static final Duration RATE_WINDOW = Duration.ofSeconds(60);

    /** A session's status. */
    enum Status { CONNECTED, DETACHED, GONE }

    /** One session as the model sees it. */
    static final class SessionState {
        final String label;
        final UserId user;
        final SessionRef ref;
        final long connectOrder;
        Status status = Status.CONNECTED;
        final List<ServerEvent> pending = new ArrayList<>();

        SessionState(String label, UserId user, SessionRef ref, long connectOrder) {
            this.label = label;
            this.user = user;
            this.ref = ref;
            this.connectOrder = connectOrder;
        }

        SessionState copy() {
            SessionState copy = new SessionState(label, user, ref, connectOrder);
            copy.status = status;
            copy.pending.addAll(pending);
            return copy;
        }
    }

    /**
     * A timer the server runs, with the window in which it fires (nanoTime): a call's timer of the machine, or the
     * shell's end of a detached session.
     */
    record Timer(CallTimer callTimer, String callKey, String sessionLabel, long delay, long earliest, long latest) {
        /** Whether the latest firing time is still open (the step that started it is not over). */
        boolean isOpen() {
            return latest < 0;
        }

        boolean isSessionExpiry() {
            return callTimer == null;
        }

        String describe() {
            if (callTimer == null) {
                return "the resume grace of " + sessionLabel + " (session)";
            }
            return callTimer instanceof CallTimer.RingTimeout ? "the ring timeout of " + callKey
                    : "the resume grace of " + sessionLabel + " in " + callKey;
        }
    }

    final Map<String, CallState> calls = new LinkedHashMap<>();
    final Map<String, String> liveCallOf = new HashMap<>();
    final List<CallRecord> records = new ArrayList<>();
    final List<Timer> timers = new ArrayList<>();
    final Map<String, SessionState> sessions = new LinkedHashMap<>();
    final Map<String, Deque<Long>> starts = new HashMap<>();
    int nextCall;
    long nextConnect;

    ModelState copy() {
        ModelState copy = new ModelState();
        copy.calls.putAll(calls);
        copy.liveCallOf.putAll(liveCallOf);
        copy.records.addAll(records);
        copy.timers.addAll(timers);
        sessions.forEach((label, session) -> copy.sessions.put(label, session.copy()));
        starts.forEach((user, times) -> copy.starts.put(user, new ArrayDeque<>(times)));
        copy.nextCall = nextCall;
        copy.nextConnect = nextConnect;
        return copy;
    }

    /** The model's placeholder for a call the server will name: {@code kitmodel-3}. */
    static String key(CallId id) {
        return id.value();
    }

    SessionState session(String label) {
        return sessions.get(label);
    }

    SessionState sessionOf(SessionRef ref) {
        for (SessionState session : sessions.values()) {
            if (session.ref.equals(ref)) {
                return session;
            }
        }
        return null;
    }

    /** The connected sessions of a user, in the order they connected. */
    List<SessionRef> connectedSessionsOf(UserId user) {
        List<SessionState> connected = new ArrayList<>();
        for (SessionState session : sessions.values()) {
            if (session.user.equals(user) && session.status == Status.CONNECTED) {
                connected.add(session);
            }
        }
        connected.sort((a, b) -> Long.compare(a.connectOrder, b.connectOrder));
        List<SessionRef> refs = new ArrayList<>();
        connected.forEach(session -> refs.add(session.ref));
        return refs;
    }

    /** Where the events of one step go: the connected sessions' expected events, by label. */
    static final class Outcome {
        final Map<String, List<ServerEvent>> expected = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();

        void expect(String label, ServerEvent event) {
            expected.computeIfAbsent(label, key -> new ArrayList<>()).add(event);
        }
    }

    // ---- inputs

    /**
     * {@code start_call} from {@code from}, decoded; the shell's checks in the order of R2.8: rate limit, then the
     * machine with the facts (self, glare, caller busy, callee busy, offline).
     */
    void startCall(CallMachine machine, SessionState from, String displayName, StartCall start, long nowNanos,
            Instant now, Outcome outcome) {
        Deque<Long> mine = starts.computeIfAbsent(from.user.value(), user -> new ArrayDeque<>());
        while (!mine.isEmpty() && nowNanos - mine.peekFirst() > RATE_WINDOW.toNanos()) {
            mine.pollFirst();
        }
        if (mine.size() >= RATE_LIMIT) {
            outcome.expect(from.label, new ErrorReported(ErrorCode.RATE_LIMITED, "(any)", StartCall.ACTION, null,
                    null));
            return;
        }
        mine.addLast(nowNanos);
        CallId callId = CallId.of("kitmodel-" + (++nextCall));
        UserId caller = from.user;
        UserId callee = start.calleeId();
        CallInfo info = new CallInfo(callId, caller, displayName, callee, start.effectiveCallType(), now);
        PlacementFacts facts;
        if (caller.equals(callee)) {
            facts = new PlacementFacts(List.of(), false, false, null);
        } else {
            CallId glare = glareCall(caller, callee);
            boolean callerBusy = glare == null && liveCallOf.containsKey(caller.value());
            boolean calleeBusy = glare == null && !callerBusy && liveCallOf.containsKey(callee.value());
            facts = new PlacementFacts(connectedSessionsOf(callee), calleeBusy, callerBusy, glare);
        }
        Transition transition = machine.apply(CallState.Idle.INSTANCE,
                new CallInput.StartRequested(info, from.ref, start.offer(), facts));
        if (transition instanceof Transition.Rejected rejected) {
            outcome.expect(from.label, new ErrorReported(rejected.code(), rejected.message(), StartCall.ACTION, null,
                    null));
            return;
        }
        Transition.Applied applied = (Transition.Applied) transition;
        CallState next = applied.next();
        if (next instanceof CallState.Ringing || next instanceof CallState.Ended) {
            calls.put(key(callId), next);
        }
        if (next instanceof CallState.Ringing) {
            liveCallOf.put(caller.value(), key(callId));
            liveCallOf.put(callee.value(), key(callId));
        }
        carryOut(key(callId), applied.effects(), nowNanos, outcome);
    }

    private CallId glareCall(UserId caller, UserId callee) {
        String pending = liveCallOf.get(callee.value());
        if (pending == null || !pending.equals(liveCallOf.get(caller.value()))) {
            return null;
        }
        if (calls.get(pending) instanceof CallState.Ringing ringing && ringing.call().callerId().equals(callee)
                && ringing.call().calleeId().equals(caller)) {
            return ringing.call().callId();
        }
        return null;
    }

    /**
     * An action about a call: the named call (a model call, or an id the server never issued), or the sender's one
     * live call when none is named (R3.7).
     *
     * @param named the model key of the named call, or the literal id; null when the action names none
     * @param literal whether {@code named} is a literal id the server never issued
     */
    void callAction(CallMachine machine, SessionState from, ClientAction action, String named, boolean literal,
            long nowNanos, Instant now, Outcome outcome) {
        String callKey = named != null ? named : liveCallOf.get(from.user.value());
        if (callKey == null) {
            outcome.expect(from.label, new ErrorReported(ErrorCode.UNKNOWN_CALL, "(any)", action.action(), null,
                    null));
            return;
        }
        CallState state = literal ? CallState.Idle.INSTANCE : calls.getOrDefault(callKey, CallState.Idle.INSTANCE);
        CallInput input = CallInput.of(from.ref, action, now).orElseThrow();
        Transition transition = machine.apply(state, input);
        CallId shown = CallId.of(callKey);
        if (transition instanceof Transition.Rejected rejected) {
            outcome.expect(from.label, new ErrorReported(rejected.code(), rejected.message(), action.action(), null,
                    shown));
            return;
        }
        Transition.Applied applied = (Transition.Applied) transition;
        if (!literal) {
            calls.put(callKey, applied.next());
        }
        carryOut(callKey, applied.effects(), nowNanos, outcome);
    }

    /** A timer fired (or a session's grace ran out). */
    void timerFired(CallMachine machine, Timer timer, Instant now, Outcome outcome) {
        timers.remove(timer);
        if (timer.isSessionExpiry()) {
            SessionState session = sessions.get(timer.sessionLabel());
            if (session != null && session.status == Status.DETACHED) {
                session.status = Status.GONE;
                session.pending.clear();
                outcome.notes.add(session.label + " ended (resume grace over)");
            }
            return;
        }
        CallState state = calls.getOrDefault(timer.callKey(), CallState.Idle.INSTANCE);
        CallInput input = timer.callTimer() instanceof CallTimer.RingTimeout ? new CallInput.RingTimeoutFired(now)
                : new CallInput.ResumeGraceExpired(((CallTimer.ResumeGrace) timer.callTimer()).session(), now);
        Transition transition = machine.apply(state, input);
        if (transition instanceof Transition.Applied applied) {
            calls.put(timer.callKey(), applied.next());
            carryOut(timer.callKey(), applied.effects(), System.nanoTime(), outcome);
        }
    }

    /** A connection dropped: the session is detached; its call learns of it (R6.2). */
    void detached(CallMachine machine, SessionState session, long closedNanos, Duration grace,
            Instant now, Outcome outcome) {
        session.status = Status.DETACHED;
        timers.add(new Timer(null, null, session.label, grace.toNanos(), closedNanos + grace.toNanos(), -1));
        String callKey = liveCallOf.get(session.user.value());
        if (callKey == null) {
            return;
        }
        Transition transition = machine.apply(calls.get(callKey), new CallInput.SessionDetached(session.ref, now));
        if (transition instanceof Transition.Applied applied) {
            calls.put(callKey, applied.next());
            carryOut(callKey, applied.effects(), closedNanos, outcome);
        }
    }

    /** A detached session resumed: its kept events are replayed, its timers stop (R6.3). */
    void resumed(CallMachine machine, SessionState session, Instant now, Outcome outcome) {
        session.status = Status.CONNECTED;
        for (ServerEvent event : session.pending) {
            outcome.expect(session.label, event);
        }
        session.pending.clear();
        timers.removeIf(timer -> timer.isSessionExpiry() && timer.sessionLabel().equals(session.label));
        String callKey = liveCallOf.get(session.user.value());
        if (callKey == null) {
            return;
        }
        Transition transition = machine.apply(calls.get(callKey), new CallInput.SessionResumed(session.ref, now));
        if (transition instanceof Transition.Applied applied) {
            calls.put(callKey, applied.next());
            carryOut(callKey, applied.effects(), System.nanoTime(), outcome);
        }
    }

    // ---- effects

    /**
     * Carries out the effects: events to connected sessions are expected now, to detached ones kept for their
     * replay, to gone ones dropped; timers get their firing window; a call that ended is released and its record kept.
     */
    private void carryOut(String callKey, List<Effect> effects, long startNanos, Outcome outcome) {
        for (Effect effect : effects) {
            if (effect instanceof Effect.Send send) {
                SessionState to = sessionOf(send.to());
                if (to == null || to.status == Status.GONE) {
                    continue;
                }
                if (to.status == Status.DETACHED) {
                    to.pending.add(send.event());
                } else {
                    outcome.expect(to.label, send.event());
                }
            } else if (effect instanceof Effect.StartTimer start) {
                timers.removeIf(timer -> start.timer().equals(timer.callTimer()));
                SessionState graceOf = start.timer() instanceof CallTimer.ResumeGrace grace
                        ? sessionOf(grace.session()) : null;
                String label = graceOf == null ? null : graceOf.label;
                timers.add(new Timer(start.timer(), callKey, label, start.delay().toNanos(),
                        startNanos + start.delay().toNanos(), -1));
            } else if (effect instanceof Effect.CancelTimer cancel) {
                timers.removeIf(timer -> cancel.timer().equals(timer.callTimer()));
            } else if (effect instanceof Effect.SaveRecord save) {
                records.add(save.record());
                CallRecord record = save.record();
                liveCallOf.remove(record.callerId().value(), callKey);
                liveCallOf.remove(record.calleeId().value(), callKey);
            } else {
                throw new AssertionError("unhandled effect " + effect);
            }
        }
    }

    /** Closes the windows of the timers the step started: at the latest they fire their delay after it ended. */
    void closeWindows(long stepEndNanos) {
        timers.replaceAll(timer -> timer.isOpen() ? new Timer(timer.callTimer(), timer.callKey(), timer.sessionLabel(),
                timer.delay(), timer.earliest(), stepEndNanos + timer.delay()) : timer);
    }

    /** The records of a user, as the model has them. */
    List<CallRecord> recordsOf(UserId user) {
        List<CallRecord> mine = new ArrayList<>();
        for (CallRecord record : records) {
            if (record.involves(user)) {
                mine.add(record);
            }
        }
        return mine;
    }
}
