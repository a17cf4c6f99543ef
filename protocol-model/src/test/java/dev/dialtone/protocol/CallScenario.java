package dev.dialtone.protocol;

import static dev.dialtone.protocol.CallFixtures.A1;
import static dev.dialtone.protocol.CallFixtures.A2;
import static dev.dialtone.protocol.CallFixtures.ALICE;
import static dev.dialtone.protocol.CallFixtures.B1;
import static dev.dialtone.protocol.CallFixtures.B2;
import static dev.dialtone.protocol.CallFixtures.B3;
import static dev.dialtone.protocol.CallFixtures.B9;
import static dev.dialtone.protocol.CallFixtures.BOB;
import static dev.dialtone.protocol.CallFixtures.E1;
import static dev.dialtone.protocol.CallFixtures.EVE;
import static dev.dialtone.protocol.CallFixtures.ID;
import static dev.dialtone.protocol.CallFixtures.OFFER;
import static dev.dialtone.protocol.CallFixtures.OTHER_ID;
import static dev.dialtone.protocol.CallFixtures.T0;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * A random call scenario for the machine's properties: Alice (one caller session a1, plus a2, which is never a party)
 * calls Bob, who has 1 to 3 ringing sessions (b1..b3; the ones that do not ring, and b9, stay strangers), while Eve
 * (e1) meddles. A scenario is a list of steps, each of which becomes one input from one of these sessions, at times
 * that only go forward.
 *
 * @param calleeSessionCount how many of b1..b3 ring when the call is placed
 * @param maxBufferedCandidates the policy's candidate bound, small so that it is reached
 * @param graceSeconds the policy's resume grace
 * @param placeFirst whether a plain start_call comes before the steps (most scenarios want a call to play with)
 * @param steps the inputs, in order
 */
record CallScenario(int calleeSessionCount, int maxBufferedCandidates, int graceSeconds, boolean placeFirst,
        List<CallScenario.Step> steps) {

    /** Every session that sends inputs; a1 and b1..b3 are weighted up so that calls get somewhere. */
    static final List<SessionRef> SENDERS = List.of(A1, A2, B1, B2, B3, B9, E1);

    /** What a step does. */
    enum Kind {
        START, ANSWER, REJECT, CANCEL, OFFER, ANSWER_SDP, CANDIDATE, MEDIA, HANG_UP, RING_TIMEOUT, DETACH, RESUME,
        GRACE_EXPIRED, SHUTDOWN
    }

    /** What a {@link Kind#START} step finds. */
    enum Facts {
        ONLINE, OFFLINE, CALLEE_BUSY, CALLER_BUSY, GLARE, SELF
    }

    /**
     * One input to be.
     *
     * @param kind what it is
     * @param sender the sending (or dropped, resumed) session
     * @param peerHint the peer id it names; null for none
     * @param facts what a start finds
     * @param millisLater how long after the previous input it happens; positive
     */
    record Step(Kind kind, SessionRef sender, UserId peerHint, Facts facts, long millisLater) {
        @Override
        public String toString() {
            return kind + "(" + sender + (peerHint == null ? "" : " hint " + peerHint)
                    + (kind == Kind.START ? " " + facts : "") + " +" + millisLater + "ms)";
        }
    }

    CallPolicy policy() {
        return new CallPolicy(Duration.ofSeconds(30), Duration.ofSeconds(graceSeconds), maxBufferedCandidates);
    }

    /** The callee sessions that ring when Bob is online. */
    List<SessionRef> ringingSessions() {
        return List.of(B1, B2, B3).subList(0, calleeSessionCount);
    }

    /** The scenario's inputs, in order. */
    List<CallInput> inputs() {
        List<CallInput> inputs = new ArrayList<>();
        Instant at = T0;
        if (placeFirst) {
            inputs.add(start(Facts.ONLINE, at));
        }
        int n = 0;
        for (Step step : steps) {
            at = at.plusMillis(step.millisLater());
            inputs.add(input(step, at, ++n));
        }
        return inputs;
    }

    private CallInput input(Step step, Instant at, int n) {
        SessionRef from = step.sender();
        UserId hint = step.peerHint();
        switch (step.kind()) {
            case START:
                return start(step.facts(), at);
            case ANSWER:
                return new CallInput.AnswerRequested(from, hint, n % 2 == 0 ? null : OFFER, at);
            case REJECT:
                return new CallInput.RejectRequested(from, hint, at);
            case CANCEL:
                return new CallInput.CancelRequested(from, hint, at);
            case OFFER:
                return new CallInput.SignalRequested(from, hint, new Signal.Offer(OFFER), at);
            case ANSWER_SDP:
                return new CallInput.SignalRequested(from, hint, new Signal.Answer(CallFixtures.ANSWER), at);
            case CANDIDATE:
                // Each candidate is distinct, so that the order of a flush can be checked.
                return new CallInput.SignalRequested(from, hint, new Signal.Candidate(CallFixtures.candidate(n)), at);
            case MEDIA:
                return new CallInput.SignalRequested(from, null, new Signal.Media(n % 2 == 0, null), at);
            case HANG_UP:
                return new CallInput.HangUpRequested(from, hint, at);
            case RING_TIMEOUT:
                return new CallInput.RingTimeoutFired(at);
            case DETACH:
                return new CallInput.SessionDetached(from, at);
            case RESUME:
                return new CallInput.SessionResumed(from, at);
            case GRACE_EXPIRED:
                return new CallInput.ResumeGraceExpired(from, at);
            case SHUTDOWN:
                return new CallInput.ShutdownStarted(at);
            default:
                throw new AssertionError("unhandled step kind " + step.kind());
        }
    }

    private CallInput.StartRequested start(Facts facts, Instant at) {
        UserId callee = facts == Facts.SELF ? ALICE : BOB;
        CallInfo call = new CallInfo(ID, ALICE, "Alice", callee, CallType.AUDIO, at);
        List<SessionRef> ring = ringingSessions();
        switch (facts) {
            case ONLINE:
                return new CallInput.StartRequested(call, A1, OFFER, PlacementFacts.online(ring));
            case OFFLINE:
                return new CallInput.StartRequested(call, A1, null, PlacementFacts.online(List.of()));
            case CALLEE_BUSY:
                return new CallInput.StartRequested(call, A1, null, new PlacementFacts(ring, true, false, null));
            case CALLER_BUSY:
                return new CallInput.StartRequested(call, A1, null, new PlacementFacts(ring, false, true, null));
            case GLARE:
                return new CallInput.StartRequested(call, A1, null, new PlacementFacts(ring, false, false, OTHER_ID));
            case SELF:
                return new CallInput.StartRequested(call, A1, null, PlacementFacts.online(List.of(A1, A2)));
            default:
                throw new AssertionError("unhandled facts " + facts);
        }
    }

    // ---- generators

    /** Scenarios over every kind of input; those that end a call are rarer, so that calls live a while. */
    static Arbitrary<CallScenario> any() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                Tuple.of(1, Kind.START), Tuple.of(8, Kind.ANSWER), Tuple.of(1, Kind.REJECT), Tuple.of(1, Kind.CANCEL),
                Tuple.of(2, Kind.OFFER), Tuple.of(2, Kind.ANSWER_SDP), Tuple.of(5, Kind.CANDIDATE),
                Tuple.of(2, Kind.MEDIA), Tuple.of(2, Kind.HANG_UP), Tuple.of(1, Kind.RING_TIMEOUT),
                Tuple.of(3, Kind.DETACH), Tuple.of(3, Kind.RESUME), Tuple.of(2, Kind.GRACE_EXPIRED),
                Tuple.of(1, Kind.SHUTDOWN));
        return scenarios(kinds, Arbitraries.frequency(Tuple.of(9, true), Tuple.of(1, false)), 40);
    }

    /** Scenarios over the inputs that race to decide a ringing call: answer, reject, cancel, timeout, drops. */
    static Arbitrary<CallScenario> racesToDecide() {
        return scenarios(Arbitraries.of(Kind.ANSWER, Kind.REJECT, Kind.CANCEL, Kind.RING_TIMEOUT, Kind.DETACH,
                Kind.RESUME, Kind.GRACE_EXPIRED, Kind.CANDIDATE), Arbitraries.just(true), 15);
    }

    private static Arbitrary<CallScenario> scenarios(Arbitrary<Kind> kinds, Arbitrary<Boolean> placeFirst,
            int maxSteps) {
        Arbitrary<Step> anyStep = Combinators.combine(kinds, senders(), hints(), facts(),
                Arbitraries.longs().between(1, 40_000)).as(Step::new);
        // Mixed in: steps a well-behaved party would take (a1 or b1, which always rings, naming no peer), so that
        // calls get answered and buffered candidates get flushed often enough to check what follows.
        Arbitrary<Step> partyStep = Combinators.combine(kinds, Arbitraries.of(A1, B1), Arbitraries.just(Facts.ONLINE),
                Arbitraries.longs().between(1, 5_000)).as((kind, sender, facts, later) ->
                new Step(kind, sender, null, facts, later));
        // No edge cases inside a scenario: jqwik would inject the first and last kind (START, SHUTDOWN) far more often
        // than their weight, and most calls would be shut down before anything happened.
        Arbitrary<Step> step = Arbitraries.frequencyOf(Tuple.of(3, anyStep), Tuple.of(1, partyStep))
                .withoutEdgeCases();
        return Combinators.combine(
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, 3),
                Arbitraries.of(0, 20),
                placeFirst,
                step.list().ofMaxSize(maxSteps)).as(CallScenario::new);
    }

    private static Arbitrary<SessionRef> senders() {
        return Arbitraries.frequency(
                Tuple.of(4, A1), Tuple.of(1, A2), Tuple.of(3, B1), Tuple.of(3, B2), Tuple.of(2, B3),
                Tuple.of(1, B9), Tuple.of(2, E1));
    }

    private static Arbitrary<UserId> hints() {
        return Arbitraries.frequency(Tuple.of(2, ALICE), Tuple.of(2, BOB), Tuple.of(1, EVE)).injectNull(0.6);
    }

    private static Arbitrary<Facts> facts() {
        return Arbitraries.frequency(
                Tuple.of(6, Facts.ONLINE), Tuple.of(1, Facts.OFFLINE), Tuple.of(1, Facts.CALLEE_BUSY),
                Tuple.of(1, Facts.CALLER_BUSY), Tuple.of(1, Facts.GLARE), Tuple.of(1, Facts.SELF));
    }
}
