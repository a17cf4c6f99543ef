package dev.dialtone.protocol;

import static dev.dialtone.protocol.CallFixtures.A1;
import static dev.dialtone.protocol.CallFixtures.ALICE;
import static dev.dialtone.protocol.CallFixtures.B1;
import static dev.dialtone.protocol.CallFixtures.B2;
import static dev.dialtone.protocol.CallFixtures.BOB;
import static dev.dialtone.protocol.CallFixtures.CALL;
import static dev.dialtone.protocol.CallFixtures.CAND1;
import static dev.dialtone.protocol.CallFixtures.ID;
import static dev.dialtone.protocol.CallFixtures.MACHINE;
import static dev.dialtone.protocol.CallFixtures.OTHER_ID;
import static dev.dialtone.protocol.CallFixtures.T0;
import static dev.dialtone.protocol.CallFixtures.answer;
import static dev.dialtone.protocol.CallFixtures.applied;
import static dev.dialtone.protocol.CallFixtures.cancel;
import static dev.dialtone.protocol.CallFixtures.detach;
import static dev.dialtone.protocol.CallFixtures.graceExpired;
import static dev.dialtone.protocol.CallFixtures.hangUp;
import static dev.dialtone.protocol.CallFixtures.iceFrom;
import static dev.dialtone.protocol.CallFixtures.record;
import static dev.dialtone.protocol.CallFixtures.reject;
import static dev.dialtone.protocol.CallFixtures.resume;
import static dev.dialtone.protocol.CallFixtures.ringTimeout;
import static dev.dialtone.protocol.CallFixtures.shutdown;
import static dev.dialtone.protocol.CallFixtures.start;
import static dev.dialtone.protocol.CallFixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Protocol section 7, records: every issued call id leaves exactly one, saved last when the call ends. */
class CallMachineRecordTest {

    private static final PlacementFacts ONLINE = PlacementFacts.online(List.of(B1, B2));

    static Stream<Arguments> everyWayACallEnds() {
        return Stream.of(
                Arguments.of("offline", List.of(start(PlacementFacts.online(List.of()))),
                        record(Outcome.OFFLINE, null, T0, null)),
                Arguments.of("busy", List.of(start(new PlacementFacts(List.of(B1), true, false, null))),
                        record(Outcome.BUSY, null, T0, null)),
                Arguments.of("hung up", List.of(start(ONLINE), answer(B2), hangUp(B2)),
                        record(Outcome.COMPLETED, t(5), t(60), BOB)),
                Arguments.of("rejected", List.of(start(ONLINE), reject(B1)),
                        record(Outcome.REJECTED, null, t(6), BOB)),
                Arguments.of("cancelled", List.of(start(ONLINE), iceFrom(A1, CAND1), cancel(A1)),
                        record(Outcome.CANCELLED, null, t(7), ALICE)),
                Arguments.of("missed", List.of(start(ONLINE), detach(B1), ringTimeout()),
                        record(Outcome.MISSED, null, t(30), null)),
                Arguments.of("caller lost while ringing", List.of(start(ONLINE), detach(A1), graceExpired(A1)),
                        record(Outcome.FAILED, null, t(30), ALICE)),
                Arguments.of("peer lost while connected",
                        List.of(start(ONLINE), answer(B1), detach(B1), graceExpired(B1)),
                        record(Outcome.COMPLETED, t(5), t(30), BOB)),
                Arguments.of("resumed, then hung up",
                        List.of(start(ONLINE), answer(B1), detach(A1), resume(A1), hangUp(A1)),
                        record(Outcome.COMPLETED, t(5), t(60), ALICE)),
                Arguments.of("shutdown while ringing", List.of(start(ONLINE), shutdown()),
                        record(Outcome.FAILED, null, t(90), null)),
                Arguments.of("shutdown while connected", List.of(start(ONLINE), answer(B1), shutdown()),
                        record(Outcome.COMPLETED, t(5), t(90), null)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("everyWayACallEnds")
    void R7_1_everyIssuedCallIdLeavesExactlyOneRecordSavedLast(String path, List<CallInput> inputs,
            CallRecord expected) {
        CallState state = CallState.Idle.INSTANCE;
        List<CallRecord> saved = new ArrayList<>();
        for (CallInput input : inputs) {
            Transition.Applied applied = applied(MACHINE.apply(state, input));
            List<Effect> effects = applied.effects();
            for (int i = 0; i < effects.size(); i++) {
                if (effects.get(i) instanceof Effect.SaveRecord save) {
                    saved.add(save.record());
                    assertEquals(effects.size() - 1, i, () -> "SaveRecord is not last in " + effects);
                }
            }
            state = applied.next();
        }
        assertEquals(List.of(expected), saved);
        assertEquals(new CallState.Ended(expected), state);
        // Nothing after the end saves another.
        for (CallInput input : inputs) {
            assertInstanceOf(Transition.Rejected.class, MACHINE.apply(state, input));
        }
    }

    @Test
    void R7_1_selfAndGlareIssueNoCallIdAndLeaveNoRecord() {
        CallInfo self = new CallInfo(ID, ALICE, "Alice", ALICE, CallType.AUDIO, T0);
        List<Transition> transitions = List.of(
                MACHINE.apply(CallState.Idle.INSTANCE,
                        new CallInput.StartRequested(self, A1, null, PlacementFacts.online(List.of(A1)))),
                MACHINE.apply(CallState.Idle.INSTANCE,
                        start(new PlacementFacts(List.of(B1), false, false, OTHER_ID))));
        for (Transition transition : transitions) {
            Transition.Applied applied = applied(transition);
            assertEquals(CallState.Idle.INSTANCE, applied.next());
            assertTrue(applied.effects().stream().noneMatch(e -> e instanceof Effect.SaveRecord), applied::toString);
        }
    }

    @Test
    void R7_2_durationRunsFromAnswerToEndAndIsZeroWhenNeverAnswered() {
        CallRecord completed = record(Outcome.COMPLETED, t(5), t(60), ALICE);
        assertEquals(Duration.ofSeconds(55), completed.duration());
        assertEquals(Duration.ZERO, record(Outcome.MISSED, null, t(30), null).duration());
    }

    @Test
    void R7_2_recordTimesNeverRunBackwardsWhenAnInputIsStampedTooEarly() {
        // A shell whose clock stepped back: the machine takes such an input to happen at the last known time.
        CallState ringing = applied(MACHINE.apply(CallState.Idle.INSTANCE, start(ONLINE))).next();
        CallState connected = applied(MACHINE.apply(ringing,
                new CallInput.AnswerRequested(B1, null, null, T0.minusSeconds(3)))).next();
        assertEquals(T0, ((CallState.Connected) connected).answeredAt());
        CallState ended = applied(MACHINE.apply(connected,
                new CallInput.HangUpRequested(A1, null, T0.minusSeconds(1)))).next();
        assertEquals(new CallRecord(ID, ALICE, BOB, CALL.callType(), Outcome.COMPLETED, T0, T0, T0, ALICE),
                ((CallState.Ended) ended).record());
    }
}
