package dev.dialtone.protocol;

import static dev.dialtone.protocol.CallFixtures.A1;
import static dev.dialtone.protocol.CallFixtures.ALICE;
import static dev.dialtone.protocol.CallFixtures.B1;
import static dev.dialtone.protocol.CallFixtures.B2;
import static dev.dialtone.protocol.CallFixtures.B3;
import static dev.dialtone.protocol.CallFixtures.B9;
import static dev.dialtone.protocol.CallFixtures.BOB;
import static dev.dialtone.protocol.CallFixtures.CALL;
import static dev.dialtone.protocol.CallFixtures.ID;
import static dev.dialtone.protocol.CallFixtures.MACHINE;
import static dev.dialtone.protocol.CallFixtures.OFFER;
import static dev.dialtone.protocol.CallFixtures.OTHER_ID;
import static dev.dialtone.protocol.CallFixtures.RING_TIMER;
import static dev.dialtone.protocol.CallFixtures.answer;
import static dev.dialtone.protocol.CallFixtures.applied;
import static dev.dialtone.protocol.CallFixtures.assertApplied;
import static dev.dialtone.protocol.CallFixtures.assertRejected;
import static dev.dialtone.protocol.CallFixtures.cancel;
import static dev.dialtone.protocol.CallFixtures.cancelTimer;
import static dev.dialtone.protocol.CallFixtures.connected;
import static dev.dialtone.protocol.CallFixtures.detach;
import static dev.dialtone.protocol.CallFixtures.hangUp;
import static dev.dialtone.protocol.CallFixtures.none;
import static dev.dialtone.protocol.CallFixtures.record;
import static dev.dialtone.protocol.CallFixtures.reject;
import static dev.dialtone.protocol.CallFixtures.ringing;
import static dev.dialtone.protocol.CallFixtures.run;
import static dev.dialtone.protocol.CallFixtures.save;
import static dev.dialtone.protocol.CallFixtures.send;
import static dev.dialtone.protocol.CallFixtures.signal;
import static dev.dialtone.protocol.CallFixtures.start;
import static dev.dialtone.protocol.CallFixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Protocol section 5, several sessions per user, glare, and one call per user. */
class CallMachineMultiSessionTest {

    @Test
    void R5_1_onlySessionsConnectedWhenTheCallWasPlacedRingAndMayAnswer() {
        CallState.Ringing ringing = ringing(B1, B2);
        assertEquals(List.of(B1, B2), ringing.calleeSessions());
        assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(ringing, answer(B9)));
        assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(ringing, reject(B9)));
    }

    @Test
    void R5_2_firstAnswerWinsAndOtherSessionsGetAnsweredElsewhere() {
        CallEnded elsewhere = new CallEnded(ID, EndReason.ANSWERED_ELSEWHERE);
        assertApplied(new CallState.Connected(CALL, A1, B2, t(5), none()),
                List.of(cancelTimer(RING_TIMER),
                        send(A1, new CallAnswered(BOB, ID, null)),
                        send(B1, elsewhere),
                        send(B3, elsewhere)),
                MACHINE.apply(ringing(B1, B2, B3), answer(B2)));
    }

    @Test
    void R5_2_aLaterAnswerFromAnySessionIsInvalidStateAndTheFirstBindingStays() {
        CallState connected = run(ringing(B1, B2, B3), answer(B2));
        for (SessionRef late : List.of(B1, B2, B3, B9)) {
            assertRejected(ErrorCode.INVALID_STATE, MACHINE.apply(connected, answer(late)));
        }
        assertEquals(B2, ((CallState.Connected) connected).calleeSession());
    }

    @ParameterizedTest(name = "[{index}] reject from {0}")
    @MethodSource("ringingSessions")
    void R5_3_aRejectFromAnyRingingSessionRejectsTheCall(SessionRef rejecting) {
        CallRecord record = record(Outcome.REJECTED, null, t(6), BOB);
        List<Effect> expected = new java.util.ArrayList<>();
        expected.add(cancelTimer(RING_TIMER));
        expected.add(send(A1, new CallRejected(BOB, ID)));
        for (SessionRef other : List.of(B1, B2, B3)) {
            if (!other.equals(rejecting)) {
                expected.add(send(other, new CallEnded(ID, EndReason.REJECTED_ELSEWHERE)));
            }
        }
        expected.add(save(record));
        assertApplied(new CallState.Ended(record), expected, MACHINE.apply(ringing(B1, B2, B3), reject(rejecting)));
    }

    static Stream<Arguments> ringingSessions() {
        return Stream.of(Arguments.of(B1), Arguments.of(B2), Arguments.of(B3));
    }

    @Test
    void R5_4_glareGivesUnavailableWithThePendingCallIdAndNoRecord() {
        // Bob calls Alice while Alice's call OTHER_ID to Bob rings: no second call is made.
        CallInfo bobCallsAlice = new CallInfo(ID, BOB, "Bob", ALICE, CallType.AUDIO, t(3));
        assertApplied(CallState.Idle.INSTANCE,
                List.of(send(B1, new CallUnavailable(ALICE, UnavailableReason.GLARE, OTHER_ID))),
                MACHINE.apply(CallState.Idle.INSTANCE, new CallInput.StartRequested(bobCallsAlice, B1, OFFER,
                        new PlacementFacts(List.of(A1), false, false, OTHER_ID))));
    }

    @Test
    void R5_5_oneCallPerUserCallerInACallIsRefusedAndACalleeInACallIsBusy() {
        assertRejected(ErrorCode.INVALID_STATE,
                MACHINE.apply(CallState.Idle.INSTANCE, start(new PlacementFacts(List.of(B1), false, true, null))));
        Transition.Applied busy = applied(MACHINE.apply(CallState.Idle.INSTANCE,
                start(new PlacementFacts(List.of(B1, B2), true, false, null))));
        assertEquals(Outcome.BUSY, ((CallState.Ended) busy.next()).record().outcome());
    }

    @Test
    void R5_6_afterTheAnswerOnlyTheTwoBoundSessionsAreParties() {
        CallState connected = connected();
        assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(connected, hangUp(B2)));
        assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(connected, signal(B2, new Signal.Media(true, null))));
        assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(connected, detach(B2)));
        assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(connected, CallFixtures.resume(B2)));
        assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(connected, CallFixtures.graceExpired(B2)));
        assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(connected, cancel(B2)));
    }
}
