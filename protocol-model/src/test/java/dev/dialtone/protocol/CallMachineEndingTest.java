package dev.dialtone.protocol;

import static dev.dialtone.protocol.CallFixtures.A1;
import static dev.dialtone.protocol.CallFixtures.A2;
import static dev.dialtone.protocol.CallFixtures.ALICE;
import static dev.dialtone.protocol.CallFixtures.B1;
import static dev.dialtone.protocol.CallFixtures.B2;
import static dev.dialtone.protocol.CallFixtures.B3;
import static dev.dialtone.protocol.CallFixtures.B9;
import static dev.dialtone.protocol.CallFixtures.BOB;
import static dev.dialtone.protocol.CallFixtures.CAND1;
import static dev.dialtone.protocol.CallFixtures.E1;
import static dev.dialtone.protocol.CallFixtures.ID;
import static dev.dialtone.protocol.CallFixtures.MACHINE;
import static dev.dialtone.protocol.CallFixtures.RING_TIMER;
import static dev.dialtone.protocol.CallFixtures.answer;
import static dev.dialtone.protocol.CallFixtures.assertApplied;
import static dev.dialtone.protocol.CallFixtures.assertRejected;
import static dev.dialtone.protocol.CallFixtures.cancel;
import static dev.dialtone.protocol.CallFixtures.cancelTimer;
import static dev.dialtone.protocol.CallFixtures.connected;
import static dev.dialtone.protocol.CallFixtures.detach;
import static dev.dialtone.protocol.CallFixtures.everyInputFrom;
import static dev.dialtone.protocol.CallFixtures.grace;
import static dev.dialtone.protocol.CallFixtures.hangUp;
import static dev.dialtone.protocol.CallFixtures.iceFrom;
import static dev.dialtone.protocol.CallFixtures.record;
import static dev.dialtone.protocol.CallFixtures.reject;
import static dev.dialtone.protocol.CallFixtures.ringing;
import static dev.dialtone.protocol.CallFixtures.run;
import static dev.dialtone.protocol.CallFixtures.save;
import static dev.dialtone.protocol.CallFixtures.send;
import static dev.dialtone.protocol.CallFixtures.t;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Protocol section 4, ending: hang-up, reject, cancel, and what is refused afterwards. */
class CallMachineEndingTest {

    @Test
    void R4_1_callerHangUpCompletesTheCallAndTellsTheCalleeBoundSession() {
        CallRecord record = record(Outcome.COMPLETED, t(5), t(60), ALICE);
        assertApplied(new CallState.Ended(record),
                List.of(send(B1, new CallHungUp(ALICE, ID)), save(record)),
                MACHINE.apply(connected(), hangUp(A1)));
    }

    @Test
    void R4_1_calleeHangUpCompletesTheCallAndTellsTheCallerSession() {
        CallRecord record = record(Outcome.COMPLETED, t(5), t(60), BOB);
        assertApplied(new CallState.Ended(record),
                List.of(send(A1, new CallHungUp(BOB, ID)), save(record)),
                MACHINE.apply(connected(), hangUp(B1)));
    }

    @Test
    void R4_1_hangUpStopsTheGraceOfADroppedPeerAndStillTellsIt() {
        CallState dropped = run(connected(), detach(B1));
        CallRecord record = record(Outcome.COMPLETED, t(5), t(60), ALICE);
        assertApplied(new CallState.Ended(record),
                List.of(cancelTimer(grace(B1)), send(B1, new CallHungUp(ALICE, ID)), save(record)),
                MACHINE.apply(dropped, hangUp(A1)));
    }

    @Test
    void R4_2_rejectTellsTheCallerAndTheOtherRingingSessionsAndRecordsRejected() {
        CallRecord record = record(Outcome.REJECTED, null, t(6), BOB);
        assertApplied(new CallState.Ended(record),
                List.of(cancelTimer(RING_TIMER),
                        send(A1, new CallRejected(BOB, ID)),
                        send(B1, new CallEnded(ID, EndReason.REJECTED_ELSEWHERE)),
                        send(B3, new CallEnded(ID, EndReason.REJECTED_ELSEWHERE)),
                        save(record)),
                MACHINE.apply(ringing(B1, B2, B3), reject(B2)));
    }

    @Test
    void R4_2_rejectWhileTheCallerIsDroppedStopsItsGrace() {
        CallState state = run(ringing(B1), detach(A1));
        CallRecord record = record(Outcome.REJECTED, null, t(6), BOB);
        assertApplied(new CallState.Ended(record),
                List.of(cancelTimer(RING_TIMER), cancelTimer(grace(A1)),
                        send(A1, new CallRejected(BOB, ID)), save(record)),
                MACHINE.apply(state, reject(B1)));
    }

    @Test
    void R4_3_cancelTellsEveryRingingSessionAndRecordsCancelled() {
        CallRecord record = record(Outcome.CANCELLED, null, t(7), ALICE);
        assertApplied(new CallState.Ended(record),
                List.of(cancelTimer(RING_TIMER),
                        send(B1, new CallCancelled(ALICE, ID)),
                        send(B2, new CallCancelled(ALICE, ID)),
                        send(B3, new CallCancelled(ALICE, ID)),
                        save(record)),
                MACHINE.apply(ringing(B1, B2, B3), cancel(A1)));
    }

    @Test
    void R4_4_hangUpWhileRingingIsInvalidStateAndPointsToCancelOrReject() {
        for (SessionRef party : List.of(A1, B1, B2)) {
            Transition.Rejected rejected = assertRejected(ErrorCode.INVALID_STATE,
                    MACHINE.apply(ringing(B1, B2), hangUp(party)));
            assertTrue(rejected.message().contains("cancel_call") && rejected.message().contains("reject_call"),
                    rejected.message());
        }
        for (SessionRef stranger : List.of(A2, B9, E1)) {
            assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(ringing(B1, B2), hangUp(stranger)));
        }
    }

    static Stream<Arguments> actionsAfterAnswer() {
        return Stream.of(
                Arguments.of(cancel(A1), ErrorCode.INVALID_STATE),
                Arguments.of(reject(B1), ErrorCode.INVALID_STATE),
                Arguments.of(reject(B2), ErrorCode.INVALID_STATE),
                Arguments.of(answer(B1), ErrorCode.INVALID_STATE),
                Arguments.of(answer(B2), ErrorCode.INVALID_STATE),
                Arguments.of(answer(B9), ErrorCode.INVALID_STATE),
                Arguments.of(cancel(B1), ErrorCode.NOT_A_PARTY),
                Arguments.of(cancel(A2), ErrorCode.NOT_A_PARTY),
                Arguments.of(cancel(E1), ErrorCode.NOT_A_PARTY),
                Arguments.of(reject(A1), ErrorCode.NOT_A_PARTY),
                Arguments.of(answer(A1), ErrorCode.NOT_A_PARTY),
                Arguments.of(answer(E1), ErrorCode.NOT_A_PARTY));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("actionsAfterAnswer")
    void R4_4_cancelRejectOrAnswerWhileConnectedIsInvalidStateFromAPartyNotAPartyFromOthers(CallInput input,
            ErrorCode code) {
        assertRejected(code, MACHINE.apply(connected(), input));
    }

    static Stream<Arguments> endedCalls() {
        List<Arguments> cases = new ArrayList<>();
        List<CallState> ended = List.of(
                run(connected(), hangUp(A1)),
                run(ringing(), reject(B1)),
                run(ringing(), cancel(A1)),
                run(ringing(), CallFixtures.ringTimeout()),
                run(ringing(), detach(A1), CallFixtures.graceExpired(A1)),
                run(connected(), CallFixtures.shutdown()),
                run(CallState.Idle.INSTANCE, CallFixtures.start(PlacementFacts.online(List.of()))),
                run(CallState.Idle.INSTANCE, CallFixtures.start(new PlacementFacts(List.of(B1), true, false, null))));
        for (CallState state : ended) {
            for (SessionRef from : List.of(A1, B1, B2, E1)) {
                for (CallInput input : everyInputFrom(from)) {
                    cases.add(Arguments.of(((CallState.Ended) state).record().outcome(), input, state));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("endedCalls")
    void R4_5_afterTheCallEndedEveryInputIsUnknownCallAndChangesNothing(Outcome outcome, CallInput input,
            CallState ended) {
        Transition.Rejected rejected = assertRejected(ErrorCode.UNKNOWN_CALL, MACHINE.apply(ended, input));
        assertTrue(rejected.message().contains(ID.value()), rejected.message());
    }

    @Test
    void R4_5_aCandidateAfterHangUpReachesNobody() {
        assertRejected(ErrorCode.UNKNOWN_CALL, MACHINE.apply(run(connected(), hangUp(B1)), iceFrom(A1, CAND1)));
    }
}
