package dev.dialtone.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The cast and props of the machine tests: Alice (numeric id, sessions a1 and a2) calls Bob (string id, ringing
 * sessions b1 to b3, and b9, which connects only after the call was placed); Eve is a stranger.
 */
final class CallFixtures {

    static final UserId ALICE = UserId.of(1);
    static final UserId BOB = UserId.of("bob");
    static final UserId EVE = UserId.of("eve");

    /** The caller session. */
    static final SessionRef A1 = new SessionRef(ALICE, "a1");
    /** Another session of the caller: never a party. */
    static final SessionRef A2 = new SessionRef(ALICE, "a2");
    static final SessionRef B1 = new SessionRef(BOB, "b1");
    static final SessionRef B2 = new SessionRef(BOB, "b2");
    static final SessionRef B3 = new SessionRef(BOB, "b3");
    /** A session of the callee that connected after start_call: it does not ring. */
    static final SessionRef B9 = new SessionRef(BOB, "b9");
    static final SessionRef E1 = new SessionRef(EVE, "e1");

    static final CallId ID = CallId.of("call-1");
    static final CallId OTHER_ID = CallId.of("call-0");
    static final Instant T0 = Instant.parse("2026-11-20T10:15:30.250Z");
    static final CallInfo CALL = new CallInfo(ID, ALICE, "Alice", BOB, CallType.VIDEO, T0);

    static final int MAX_CANDIDATES = 3;
    static final Duration RING = Duration.ofSeconds(30);
    static final Duration GRACE = Duration.ofSeconds(20);
    static final CallPolicy POLICY = new CallPolicy(RING, GRACE, MAX_CANDIDATES);
    static final CallMachine MACHINE = CallMachine.create(POLICY);

    static final OpaqueJson OFFER = OpaqueJson.of("{\"type\":\"offer\",\"sdp\":\"v=0 offer\"}");
    static final OpaqueJson ANSWER = OpaqueJson.of("{\"type\":\"answer\",\"sdp\":\"v=0 answer\"}");
    static final OpaqueJson RENEGOTIATE = OpaqueJson.of("{\"type\":\"offer\",\"sdp\":\"v=0 video 1.50\"}");
    static final OpaqueJson CAND1 = candidate(1);
    static final OpaqueJson CAND2 = candidate(2);
    static final OpaqueJson CAND3 = candidate(3);
    static final OpaqueJson CAND4 = candidate(4);

    static final CallTimer.RingTimeout RING_TIMER = new CallTimer.RingTimeout(ID);

    private CallFixtures() {
    }

    static OpaqueJson candidate(int n) {
        return OpaqueJson.of("{\"candidate\":\"candidate:" + n + " 1 udp 2122260223 10.0.0." + n
                + " 5000" + n + " typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");
    }

    /** {@code seconds} after the call was placed. */
    static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static CallTimer.ResumeGrace grace(SessionRef session) {
        return new CallTimer.ResumeGrace(ID, session);
    }

    // ---- inputs

    static CallInput.StartRequested start(PlacementFacts facts) {
        return new CallInput.StartRequested(CALL, A1, null, facts);
    }

    static CallInput.StartRequested start(OpaqueJson offer, PlacementFacts facts) {
        return new CallInput.StartRequested(CALL, A1, offer, facts);
    }

    static CallInput.AnswerRequested answer(SessionRef from) {
        return new CallInput.AnswerRequested(from, null, null, t(5));
    }

    static CallInput.AnswerRequested answer(SessionRef from, UserId hint) {
        return new CallInput.AnswerRequested(from, hint, null, t(5));
    }

    static CallInput.RejectRequested reject(SessionRef from) {
        return new CallInput.RejectRequested(from, null, t(6));
    }

    static CallInput.CancelRequested cancel(SessionRef from) {
        return new CallInput.CancelRequested(from, null, t(7));
    }

    static CallInput.HangUpRequested hangUp(SessionRef from) {
        return new CallInput.HangUpRequested(from, null, t(60));
    }

    static CallInput.SignalRequested signal(SessionRef from, Signal signal) {
        return new CallInput.SignalRequested(from, null, signal, t(8));
    }

    static CallInput.SignalRequested iceFrom(SessionRef from, OpaqueJson candidate) {
        return signal(from, new Signal.Candidate(candidate));
    }

    static CallInput.RingTimeoutFired ringTimeout() {
        return new CallInput.RingTimeoutFired(t(30));
    }

    static CallInput.SessionDetached detach(SessionRef session) {
        return new CallInput.SessionDetached(session, t(10));
    }

    static CallInput.SessionResumed resume(SessionRef session) {
        return new CallInput.SessionResumed(session, t(12));
    }

    static CallInput.ResumeGraceExpired graceExpired(SessionRef session) {
        return new CallInput.ResumeGraceExpired(session, t(30));
    }

    static CallInput.ShutdownStarted shutdown() {
        return new CallInput.ShutdownStarted(t(90));
    }

    /** One input of every kind, from the given session where it has a sender. */
    static List<CallInput> everyInputFrom(SessionRef from) {
        return List.of(
                start(PlacementFacts.online(List.of(B1))),
                answer(from),
                reject(from),
                cancel(from),
                signal(from, new Signal.Offer(OFFER)),
                signal(from, new Signal.Answer(ANSWER)),
                iceFrom(from, CAND1),
                signal(from, new Signal.Media(false, null)),
                hangUp(from),
                ringTimeout(),
                detach(from),
                resume(from),
                graceExpired(from),
                shutdown());
    }

    // ---- states

    /** Alice's call ringing at {@code sessions}, placed through the machine. */
    static CallState.Ringing ringing(SessionRef... sessions) {
        return (CallState.Ringing) next(CallState.Idle.INSTANCE, start(PlacementFacts.online(List.of(sessions))));
    }

    /** The call ringing at b1 and b2. */
    static CallState.Ringing ringing() {
        return ringing(B1, B2);
    }

    /** The call answered by b1 (it rang at b1 and b2) at {@code t(5)}, bound to a1 and b1. */
    static CallState.Connected connected() {
        return (CallState.Connected) next(ringing(), answer(B1));
    }

    static CallState.Ended ended() {
        return (CallState.Ended) next(connected(), hangUp(A1));
    }

    static CallRecord record(Outcome outcome, Instant answeredAt, Instant endedAt, UserId endedBy) {
        return new CallRecord(ID, ALICE, BOB, CallType.VIDEO, outcome, T0, answeredAt, endedAt, endedBy);
    }

    // ---- effects

    static Effect send(SessionRef to, ServerEvent event) {
        return new Effect.Send(to, event);
    }

    static Effect cancelTimer(CallTimer timer) {
        return new Effect.CancelTimer(timer);
    }

    static Effect startTimer(CallTimer timer, Duration delay) {
        return new Effect.StartTimer(timer, delay);
    }

    static Effect save(CallRecord record) {
        return new Effect.SaveRecord(record);
    }

    // ---- running the machine

    static Transition.Applied applied(Transition transition) {
        return assertInstanceOf(Transition.Applied.class, transition, () -> "expected Applied: " + transition);
    }

    /** The state after {@code input}, which must be applied. */
    static CallState next(CallState state, CallInput input) {
        return applied(MACHINE.apply(state, input)).next();
    }

    /** The state after all {@code inputs}, each of which must be applied. */
    static CallState run(CallState state, CallInput... inputs) {
        CallState current = state;
        for (CallInput input : inputs) {
            current = next(current, input);
        }
        return current;
    }

    /** Asserts a refusal with {@code code} and a message that says something. */
    static Transition.Rejected assertRejected(ErrorCode code, Transition transition) {
        Transition.Rejected rejected = assertInstanceOf(Transition.Rejected.class, transition,
                () -> "expected Rejected " + code + ": " + transition);
        assertEquals(code, rejected.code(), rejected::message);
        assertFalse(rejected.message().isBlank());
        return rejected;
    }

    static void assertApplied(CallState expectedNext, List<Effect> expectedEffects, Transition transition) {
        Transition.Applied applied = applied(transition);
        assertEquals(expectedEffects, applied.effects());
        assertEquals(expectedNext, applied.next());
    }

    static Set<SessionRef> none() {
        return Set.of();
    }
}
