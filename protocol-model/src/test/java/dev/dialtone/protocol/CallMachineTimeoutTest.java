package dev.dialtone.protocol;

import static dev.dialtone.protocol.CallFixtures.A1;
import static dev.dialtone.protocol.CallFixtures.A2;
import static dev.dialtone.protocol.CallFixtures.ALICE;
import static dev.dialtone.protocol.CallFixtures.B1;
import static dev.dialtone.protocol.CallFixtures.B2;
import static dev.dialtone.protocol.CallFixtures.B3;
import static dev.dialtone.protocol.CallFixtures.BOB;
import static dev.dialtone.protocol.CallFixtures.CALL;
import static dev.dialtone.protocol.CallFixtures.CAND1;
import static dev.dialtone.protocol.CallFixtures.CAND2;
import static dev.dialtone.protocol.CallFixtures.CAND3;
import static dev.dialtone.protocol.CallFixtures.CAND4;
import static dev.dialtone.protocol.CallFixtures.E1;
import static dev.dialtone.protocol.CallFixtures.GRACE;
import static dev.dialtone.protocol.CallFixtures.ID;
import static dev.dialtone.protocol.CallFixtures.MACHINE;
import static dev.dialtone.protocol.CallFixtures.RING;
import static dev.dialtone.protocol.CallFixtures.RING_TIMER;
import static dev.dialtone.protocol.CallFixtures.answer;
import static dev.dialtone.protocol.CallFixtures.applied;
import static dev.dialtone.protocol.CallFixtures.assertApplied;
import static dev.dialtone.protocol.CallFixtures.assertRejected;
import static dev.dialtone.protocol.CallFixtures.cancel;
import static dev.dialtone.protocol.CallFixtures.cancelTimer;
import static dev.dialtone.protocol.CallFixtures.connected;
import static dev.dialtone.protocol.CallFixtures.detach;
import static dev.dialtone.protocol.CallFixtures.grace;
import static dev.dialtone.protocol.CallFixtures.graceExpired;
import static dev.dialtone.protocol.CallFixtures.iceFrom;
import static dev.dialtone.protocol.CallFixtures.none;
import static dev.dialtone.protocol.CallFixtures.record;
import static dev.dialtone.protocol.CallFixtures.reject;
import static dev.dialtone.protocol.CallFixtures.resume;
import static dev.dialtone.protocol.CallFixtures.ringTimeout;
import static dev.dialtone.protocol.CallFixtures.ringing;
import static dev.dialtone.protocol.CallFixtures.run;
import static dev.dialtone.protocol.CallFixtures.save;
import static dev.dialtone.protocol.CallFixtures.send;
import static dev.dialtone.protocol.CallFixtures.shutdown;
import static dev.dialtone.protocol.CallFixtures.startTimer;
import static dev.dialtone.protocol.CallFixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Protocol section 6, timeouts, dropped connections, the candidate buffer and shutdown. */
class CallMachineTimeoutTest {

    @Test
    void R6_1_ringTimeoutMissesTheCallForTheCallerAndEveryRingingSession() {
        CallMissed missed = new CallMissed(ID, ALICE, BOB);
        CallRecord record = record(Outcome.MISSED, null, t(30), null);
        // The ring timer fired: nothing to cancel.
        assertApplied(new CallState.Ended(record),
                List.of(send(A1, missed), send(B1, missed), send(B2, missed), save(record)),
                MACHINE.apply(ringing(B1, B2), ringTimeout()));
    }

    @Test
    void R6_1_ringTimeoutWhileTheCallerIsDroppedStopsItsGrace() {
        CallMissed missed = new CallMissed(ID, ALICE, BOB);
        CallRecord record = record(Outcome.MISSED, null, t(30), null);
        assertApplied(new CallState.Ended(record),
                List.of(cancelTimer(grace(A1)), send(A1, missed), send(B1, missed), save(record)),
                MACHINE.apply(run(ringing(B1), detach(A1)), ringTimeout()));
    }

    @Test
    void R6_1_aRingTimeoutAfterTheAnswerIsStaleAndChangesNothing() {
        assertRejected(ErrorCode.INVALID_STATE, MACHINE.apply(connected(), ringTimeout()));
    }

    @Test
    void R6_2_theCallerDroppingWhileRingingStartsItsGraceAndTheCallKeepsRinging() {
        assertApplied(new CallState.Ringing(CALL, A1, List.of(B1, B2), List.of(), Set.of(A1)),
                List.of(startTimer(grace(A1), GRACE)),
                MACHINE.apply(ringing(B1, B2), detach(A1)));
    }

    @Test
    void R6_2_aBoundSessionDroppingStartsItsGraceAndTheCallStaysConnected() {
        assertApplied(new CallState.Connected(CALL, A1, B1, t(5), Set.of(B1)),
                List.of(startTimer(grace(B1), GRACE)),
                MACHINE.apply(connected(), detach(B1)));
    }

    @Test
    void R6_2_aResumeWithinTheGraceStopsTheGraceTimer() {
        assertApplied(ringing(B1, B2), List.of(cancelTimer(grace(A1))),
                MACHINE.apply(run(ringing(B1, B2), detach(A1)), resume(A1)));
        assertApplied(connected(), List.of(cancelTimer(grace(A1))),
                MACHINE.apply(run(connected(), detach(A1)), resume(A1)));
    }

    @Test
    void R6_2_relaysToADroppedBoundSessionAreStillSentForReplay() {
        CallState dropped = run(connected(), detach(B1));
        assertApplied(dropped, List.of(send(B1, new IceCandidateRelayed(CAND1, ALICE, ID))),
                MACHINE.apply(dropped, iceFrom(A1, CAND1)));
    }

    @Test
    void R6_2_aSecondDropWithoutAResumeIsInvalidStateAndTheFirstGraceKeepsRunning() {
        assertRejected(ErrorCode.INVALID_STATE, MACHINE.apply(run(ringing(), detach(A1)), detach(A1)));
        assertRejected(ErrorCode.INVALID_STATE, MACHINE.apply(run(connected(), detach(B1)), detach(B1)));
    }

    @Test
    void R6_2_aResumeOrGraceEndOfASessionThatDidNotDropIsInvalidStateAndOfAStrangerNotAParty() {
        assertRejected(ErrorCode.INVALID_STATE, MACHINE.apply(ringing(), resume(A1)));
        assertRejected(ErrorCode.INVALID_STATE, MACHINE.apply(ringing(), graceExpired(A1)));
        assertRejected(ErrorCode.INVALID_STATE, MACHINE.apply(connected(), resume(B1)));
        assertRejected(ErrorCode.INVALID_STATE, MACHINE.apply(connected(), graceExpired(A1)));
        for (SessionRef stranger : List.of(A2, E1)) {
            assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(ringing(), detach(stranger)));
            assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(ringing(), resume(stranger)));
            assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(ringing(), graceExpired(stranger)));
            assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(connected(), detach(stranger)));
            assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(connected(), resume(stranger)));
            assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(connected(), graceExpired(stranger)));
        }
    }

    @Test
    void R6_2_aDroppedCallerStaysDroppedThroughTheAnswerAndKeepsItsGrace() {
        CallState ringingDropped = run(ringing(B1, B2), detach(A1));
        assertApplied(new CallState.Connected(CALL, A1, B2, t(5), Set.of(A1)),
                List.of(cancelTimer(RING_TIMER),
                        send(A1, new CallAnswered(BOB, ID, null)),
                        send(B1, new CallEnded(ID, EndReason.ANSWERED_ELSEWHERE))),
                MACHINE.apply(ringingDropped, answer(B2)));
    }

    @Test
    void R6_4_graceEndWhileConnectedCompletesTheCallEndedByTheDroppedUser() {
        CallRecord byAlice = record(Outcome.COMPLETED, t(5), t(30), ALICE);
        assertApplied(new CallState.Ended(byAlice),
                List.of(send(B1, new CallEnded(ID, EndReason.PEER_DISCONNECTED)), save(byAlice)),
                MACHINE.apply(run(connected(), detach(A1)), graceExpired(A1)));
        CallRecord byBob = record(Outcome.COMPLETED, t(5), t(30), BOB);
        assertApplied(new CallState.Ended(byBob),
                List.of(send(A1, new CallEnded(ID, EndReason.PEER_DISCONNECTED)), save(byBob)),
                MACHINE.apply(run(connected(), detach(B1)), graceExpired(B1)));
    }

    @Test
    void R6_4_whenBothDroppedTheFirstGraceEndStopsTheOtherGrace() {
        CallState bothDropped = run(connected(), detach(A1), detach(B1));
        CallRecord record = record(Outcome.COMPLETED, t(5), t(30), BOB);
        assertApplied(new CallState.Ended(record),
                List.of(cancelTimer(grace(A1)), send(A1, new CallEnded(ID, EndReason.PEER_DISCONNECTED)),
                        save(record)),
                MACHINE.apply(bothDropped, graceExpired(B1)));
    }

    @Test
    void R6_4_graceEndOfTheCallerWhileRingingFailsTheCallEndedByTheCaller() {
        CallEnded disconnected = new CallEnded(ID, EndReason.PEER_DISCONNECTED);
        CallRecord record = record(Outcome.FAILED, null, t(30), ALICE);
        assertApplied(new CallState.Ended(record),
                List.of(cancelTimer(RING_TIMER), send(B1, disconnected), send(B2, disconnected), save(record)),
                MACHINE.apply(run(ringing(B1, B2), detach(A1)), graceExpired(A1)));
    }

    @Test
    void R6_5_candidatesBufferedWhileRingingAreFlushedInOrderToAnsweringSession() {
        CallState buffered = run(ringing(B1, B2), iceFrom(A1, CAND1), iceFrom(A1, CAND2), iceFrom(A1, CAND3));
        assertEquals(List.of(CAND1, CAND2, CAND3), ((CallState.Ringing) buffered).bufferedCandidates());
        assertApplied(new CallState.Connected(CALL, A1, B2, t(5), none()),
                List.of(cancelTimer(RING_TIMER),
                        send(A1, new CallAnswered(BOB, ID, null)),
                        send(B1, new CallEnded(ID, EndReason.ANSWERED_ELSEWHERE)),
                        send(B2, new IceCandidateRelayed(CAND1, ALICE, ID)),
                        send(B2, new IceCandidateRelayed(CAND2, ALICE, ID)),
                        send(B2, new IceCandidateRelayed(CAND3, ALICE, ID))),
                MACHINE.apply(buffered, answer(B2)));
    }

    @Test
    void R6_5_aCandidateOverTheBoundIsTooLargeAndDropped() {
        CallState full = run(ringing(), iceFrom(A1, CAND1), iceFrom(A1, CAND2), iceFrom(A1, CAND3));
        assertRejected(ErrorCode.TOO_LARGE, MACHINE.apply(full, iceFrom(A1, CAND4)));
        // The refusal changed nothing: the buffer still flushes exactly the first three.
        Transition.Applied answered = applied(MACHINE.apply(full, answer(B1)));
        assertEquals(3, answered.effects().stream()
                .filter(e -> e instanceof Effect.Send s && s.event() instanceof IceCandidateRelayed).count());
    }

    @Test
    void R6_5_aZeroBoundRefusesEveryCandidateWhileRinging() {
        CallMachine noBuffer = CallMachine.create(CallFixtures.POLICY.withMaxBufferedCandidates(0));
        assertRejected(ErrorCode.TOO_LARGE, noBuffer.apply(ringing(), iceFrom(A1, CAND1)));
    }

    @Test
    void R6_5_theBufferIsDiscardedWhenTheCallIsRejectedCancelledOrMissed() {
        CallState buffered = run(ringing(B1), iceFrom(A1, CAND1), iceFrom(A1, CAND2));
        for (CallInput end : List.of(reject(B1), cancel(A1), ringTimeout(), shutdown())) {
            Transition.Applied applied = applied(MACHINE.apply(buffered, end));
            assertFalse(applied.effects().stream()
                    .anyMatch(e -> e instanceof Effect.Send s && s.event() instanceof IceCandidateRelayed),
                    () -> end + " -> " + applied.effects());
        }
    }

    @Test
    void R6_6_shutdownWhileRingingTellsTheCallerAndEveryRingingSessionAndRecordsFailed() {
        CallEnded shutdown = new CallEnded(ID, EndReason.SERVER_SHUTDOWN);
        CallRecord record = record(Outcome.FAILED, null, t(90), null);
        assertApplied(new CallState.Ended(record),
                List.of(cancelTimer(RING_TIMER), cancelTimer(grace(A1)),
                        send(A1, shutdown), send(B1, shutdown), send(B2, shutdown), send(B3, shutdown),
                        save(record)),
                MACHINE.apply(run(ringing(B1, B2, B3), detach(A1)), shutdown()));
    }

    @Test
    void R6_6_shutdownWhileConnectedTellsBothBoundSessionsAndRecordsCompleted() {
        CallEnded shutdown = new CallEnded(ID, EndReason.SERVER_SHUTDOWN);
        CallRecord record = record(Outcome.COMPLETED, t(5), t(90), null);
        assertApplied(new CallState.Ended(record),
                List.of(cancelTimer(grace(A1)), cancelTimer(grace(B1)),
                        send(A1, shutdown), send(B1, shutdown), save(record)),
                MACHINE.apply(run(connected(), detach(B1), detach(A1)), shutdown()));
    }

    @Test
    void R6_7_aCalleeSessionDroppingWhileRingingChangesNothingAndItMayStillAnswer() {
        CallState.Ringing ringing = ringing(B1, B2);
        assertApplied(ringing, List.of(), MACHINE.apply(ringing, detach(B1)));
        assertApplied(ringing, List.of(), MACHINE.apply(ringing, resume(B1)));
        // Its session's grace may end (the shell's session grace; the machine started none for it): still nothing.
        assertApplied(ringing, List.of(), MACHINE.apply(ringing, graceExpired(B1)));
        assertEquals(new CallState.Connected(CALL, A1, B1, t(5), none()),
                applied(MACHINE.apply(ringing, answer(B1))).next());
    }

    @Test
    void R6_7_evenWhenEveryRingingSessionIsGoneTheCallRingsUntilItsTimeout() {
        CallState.Ringing ringing = ringing(B1);
        CallState afterDrop = run(ringing, detach(B1), graceExpired(B1));
        assertEquals(ringing, afterDrop);
        assertEquals(Outcome.MISSED,
                ((CallState.Ended) applied(MACHINE.apply(afterDrop, ringTimeout())).next()).record().outcome());
    }

    @Test
    void R6_1_theRingTimerRunsForTheConfiguredTimeout() {
        CallMachine quick = CallMachine.create(CallFixtures.POLICY.withRingTimeout(java.time.Duration.ofSeconds(5)));
        Transition.Applied applied = applied(quick.apply(CallState.Idle.INSTANCE,
                CallFixtures.start(PlacementFacts.online(List.of(B1)))));
        assertEquals(startTimer(RING_TIMER, java.time.Duration.ofSeconds(5)),
                applied.effects().get(applied.effects().size() - 1));
        assertEquals(RING, CallFixtures.POLICY.ringTimeout());
    }
}
