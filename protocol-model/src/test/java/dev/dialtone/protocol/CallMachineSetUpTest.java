package dev.dialtone.protocol;

import static dev.dialtone.protocol.CallFixtures.A1;
import static dev.dialtone.protocol.CallFixtures.A2;
import static dev.dialtone.protocol.CallFixtures.ALICE;
import static dev.dialtone.protocol.CallFixtures.ANSWER;
import static dev.dialtone.protocol.CallFixtures.B1;
import static dev.dialtone.protocol.CallFixtures.B2;
import static dev.dialtone.protocol.CallFixtures.B3;
import static dev.dialtone.protocol.CallFixtures.B9;
import static dev.dialtone.protocol.CallFixtures.BOB;
import static dev.dialtone.protocol.CallFixtures.CALL;
import static dev.dialtone.protocol.CallFixtures.E1;
import static dev.dialtone.protocol.CallFixtures.EVE;
import static dev.dialtone.protocol.CallFixtures.ID;
import static dev.dialtone.protocol.CallFixtures.MACHINE;
import static dev.dialtone.protocol.CallFixtures.OFFER;
import static dev.dialtone.protocol.CallFixtures.OTHER_ID;
import static dev.dialtone.protocol.CallFixtures.RING;
import static dev.dialtone.protocol.CallFixtures.RING_TIMER;
import static dev.dialtone.protocol.CallFixtures.T0;
import static dev.dialtone.protocol.CallFixtures.answer;
import static dev.dialtone.protocol.CallFixtures.applied;
import static dev.dialtone.protocol.CallFixtures.assertApplied;
import static dev.dialtone.protocol.CallFixtures.assertRejected;
import static dev.dialtone.protocol.CallFixtures.cancel;
import static dev.dialtone.protocol.CallFixtures.cancelTimer;
import static dev.dialtone.protocol.CallFixtures.connected;
import static dev.dialtone.protocol.CallFixtures.hangUp;
import static dev.dialtone.protocol.CallFixtures.none;
import static dev.dialtone.protocol.CallFixtures.record;
import static dev.dialtone.protocol.CallFixtures.reject;
import static dev.dialtone.protocol.CallFixtures.ringing;
import static dev.dialtone.protocol.CallFixtures.save;
import static dev.dialtone.protocol.CallFixtures.send;
import static dev.dialtone.protocol.CallFixtures.signal;
import static dev.dialtone.protocol.CallFixtures.start;
import static dev.dialtone.protocol.CallFixtures.startTimer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Protocol section 2, call set-up: what {@code start_call}, {@code answer_call} and the id checks do. */
class CallMachineSetUpTest {

    private static final CallState IDLE = CallState.Idle.INSTANCE;

    @Test
    void R2_3_incomingCallRingsEveryCalleeSessionWithCallerNameTypeAndOffer() {
        IncomingCall incoming = new IncomingCall(ID, ALICE, "Alice", CallType.VIDEO, OFFER);
        assertApplied(
                new CallState.Ringing(CALL, A1, List.of(B1, B2, B3), List.of(), none()),
                List.of(send(B1, incoming), send(B2, incoming), send(B3, incoming),
                        send(A1, new CallRinging(ID, BOB, CallType.VIDEO)),
                        startTimer(RING_TIMER, RING)),
                MACHINE.apply(IDLE, start(OFFER, PlacementFacts.online(List.of(B1, B2, B3)))));
    }

    @Test
    void R2_3_incomingCallCarriesNoOfferWhenStartCallHadNone() {
        Transition.Applied applied = applied(MACHINE.apply(IDLE, start(PlacementFacts.online(List.of(B1)))));
        assertEquals(send(B1, new IncomingCall(ID, ALICE, "Alice", CallType.VIDEO, null)), applied.effects().get(0));
    }

    @Test
    void R2_3_aSessionListedTwiceRingsOnce() {
        Transition.Applied applied = applied(MACHINE.apply(IDLE, start(PlacementFacts.online(List.of(B1, B2, B1)))));
        assertEquals(List.of(B1, B2), ((CallState.Ringing) applied.next()).calleeSessions());
        assertEquals(4, applied.effects().size(), () -> applied.effects().toString());
    }

    @Test
    void R2_3_placementFactsListingAnotherUsersSessionAreTheShellsBugAndThrow() {
        // Not a client's doing, so not a refusal: the shell handed the machine facts that contradict the call.
        assertThrows(IllegalArgumentException.class,
                () -> MACHINE.apply(IDLE, start(PlacementFacts.online(List.of(B1, E1)))));
    }

    @Test
    void R2_4_callerSessionGetsCallRingingWithCallIdCalleeAndType() {
        Transition.Applied applied = applied(MACHINE.apply(IDLE, start(PlacementFacts.online(List.of(B1)))));
        assertEquals(List.of(
                send(B1, new IncomingCall(ID, ALICE, "Alice", CallType.VIDEO, null)),
                send(A1, new CallRinging(ID, BOB, CallType.VIDEO)),
                startTimer(RING_TIMER, RING)), applied.effects());
    }

    @Test
    void R2_5_offlineCalleeGetsUnavailableAndOneOfflineRecord() {
        CallRecord record = record(Outcome.OFFLINE, null, T0, null);
        assertApplied(new CallState.Ended(record),
                List.of(send(A1, new CallUnavailable(BOB, UnavailableReason.OFFLINE, ID)), save(record)),
                MACHINE.apply(IDLE, start(PlacementFacts.online(List.of()))));
    }

    @Test
    void R2_6_busyCalleeGetsUnavailableAndOneBusyRecord() {
        CallRecord record = record(Outcome.BUSY, null, T0, null);
        assertApplied(new CallState.Ended(record),
                List.of(send(A1, new CallUnavailable(BOB, UnavailableReason.BUSY, ID)), save(record)),
                MACHINE.apply(IDLE, start(new PlacementFacts(List.of(B1), true, false, null))));
    }

    @Test
    void R2_7_callingYourselfIsUnavailableWithNoCallIdAndNoRecord() {
        CallInfo self = new CallInfo(ID, ALICE, "Alice", ALICE, CallType.AUDIO, T0);
        assertApplied(IDLE, List.of(send(A1, new CallUnavailable(ALICE, UnavailableReason.SELF, null))),
                MACHINE.apply(IDLE, new CallInput.StartRequested(self, A1, null,
                        PlacementFacts.online(List.of(A1, A2)))));
    }

    @Test
    void R2_7_selfIsComparedByTextSoNumericAndStringIdsAreTheSameUser() {
        CallInfo self = new CallInfo(ID, ALICE, "Alice", UserId.of("1"), CallType.AUDIO, T0);
        Transition.Applied applied = applied(MACHINE.apply(IDLE,
                new CallInput.StartRequested(self, A1, null, PlacementFacts.online(List.of()))));
        assertEquals(IDLE, applied.next());
    }

    @Test
    void R2_8_callerAlreadyInACallIsInvalidStateAndNothingHappens() {
        assertRejected(ErrorCode.INVALID_STATE,
                MACHINE.apply(IDLE, start(new PlacementFacts(List.of(B1), false, true, null))));
    }

    static Stream<Arguments> placementChecks() {
        CallInfo self = new CallInfo(ID, ALICE, "Alice", ALICE, CallType.VIDEO, T0);
        List<SessionRef> online = List.of(B1);
        List<SessionRef> offline = List.of();
        return Stream.of(
                // facts: callee sessions, callee busy, caller busy, glare; expected: an unavailable reason or a code
                Arguments.of(self, new PlacementFacts(offline, true, true, OTHER_ID), UnavailableReason.SELF),
                Arguments.of(CALL, new PlacementFacts(offline, true, true, OTHER_ID), UnavailableReason.GLARE),
                Arguments.of(CALL, new PlacementFacts(offline, true, true, null), ErrorCode.INVALID_STATE),
                Arguments.of(CALL, new PlacementFacts(offline, true, false, null), UnavailableReason.BUSY),
                Arguments.of(CALL, new PlacementFacts(online, true, false, null), UnavailableReason.BUSY),
                Arguments.of(CALL, new PlacementFacts(offline, false, false, null), UnavailableReason.OFFLINE),
                Arguments.of(CALL, new PlacementFacts(online, false, false, null), CallState.Ringing.class));
    }

    @ParameterizedTest(name = "[{index}] {1} -> {2}")
    @MethodSource("placementChecks")
    void R2_8_checksRunInOrderSelfGlareCallerBusyCalleeBusyOffline(CallInfo call, PlacementFacts facts,
            Object expected) {
        Transition transition = MACHINE.apply(IDLE, new CallInput.StartRequested(call, A1, null, facts));
        if (expected instanceof ErrorCode code) {
            assertRejected(code, transition);
        } else if (expected instanceof UnavailableReason reason) {
            Effect first = applied(transition).effects().get(0);
            assertEquals(reason, ((CallUnavailable) ((Effect.Send) first).event()).reason());
        } else {
            assertInstanceOf(CallState.Ringing.class, applied(transition).next());
        }
    }

    @Test
    void R2_9_answerFromARingingCalleeSessionConnectsBoundToItAndTheCallerSession() {
        Transition.Applied applied = applied(MACHINE.apply(ringing(B1, B2), answer(B2)));
        assertEquals(new CallState.Connected(CALL, A1, B2, CallFixtures.t(5), none()), applied.next());
    }

    @Test
    void R2_10_callerGetsCallAnsweredWithTheAnswerTheCalleeSent() {
        CallInput.AnswerRequested withAnswer = new CallInput.AnswerRequested(B1, ALICE, ANSWER, CallFixtures.t(5));
        assertApplied(new CallState.Connected(CALL, A1, B1, CallFixtures.t(5), none()),
                List.of(cancelTimer(RING_TIMER), send(A1, new CallAnswered(BOB, ID, ANSWER))),
                MACHINE.apply(ringing(B1), withAnswer));
    }

    @Test
    void R2_10_callAnsweredCarriesNoAnswerWhenAnswerCallHadNone() {
        Transition.Applied applied = applied(MACHINE.apply(ringing(B1), answer(B1)));
        assertEquals(List.of(cancelTimer(RING_TIMER), send(A1, new CallAnswered(BOB, ID, null))), applied.effects());
    }

    /** Every party action a party may send, with a hint naming someone who is not its peer. */
    static Stream<Arguments> wrongPeerHints() {
        Instant at = CallFixtures.t(9);
        Signal offer = new Signal.Offer(OFFER);
        Signal ice = new Signal.Candidate(CallFixtures.CAND1);
        return Stream.of(
                Arguments.of("ringing", new CallInput.AnswerRequested(B1, EVE, null, at)),
                Arguments.of("ringing", new CallInput.AnswerRequested(B1, BOB, null, at)),
                Arguments.of("ringing", new CallInput.RejectRequested(B1, EVE, at)),
                Arguments.of("ringing", new CallInput.CancelRequested(A1, EVE, at)),
                Arguments.of("ringing", new CallInput.CancelRequested(A1, ALICE, at)),
                Arguments.of("ringing", new CallInput.HangUpRequested(A1, EVE, at)),
                Arguments.of("ringing", new CallInput.SignalRequested(A1, EVE, ice, at)),
                Arguments.of("ringing", new CallInput.SignalRequested(B1, EVE, offer, at)),
                Arguments.of("connected", new CallInput.SignalRequested(A1, EVE, offer, at)),
                Arguments.of("connected", new CallInput.SignalRequested(B1, BOB, offer, at)),
                Arguments.of("connected", new CallInput.SignalRequested(B1, EVE, ice, at)),
                Arguments.of("connected", new CallInput.HangUpRequested(A1, ALICE, at)),
                Arguments.of("connected", new CallInput.HangUpRequested(B1, EVE, at)),
                Arguments.of("connected", new CallInput.AnswerRequested(B1, EVE, null, at)),
                Arguments.of("connected", new CallInput.CancelRequested(A1, EVE, at)));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("wrongPeerHints")
    void R2_11_peerHintNamingSomeoneElseIsUnknownCall(String state, CallInput input) {
        assertRejected(ErrorCode.UNKNOWN_CALL, MACHINE.apply(stateNamed(state), input));
    }

    @Test
    void R2_11_peerHintNamingThePeerIsAcceptedWhateverJsonTypeItCameIn() {
        Transition.Applied applied = applied(MACHINE.apply(ringing(B1), answer(B1, UserId.of("1"))));
        assertInstanceOf(CallState.Connected.class, applied.next());
        applied(MACHINE.apply(connected(),
                new CallInput.SignalRequested(A1, BOB, new Signal.Offer(OFFER), CallFixtures.t(9))));
    }

    @Test
    void R2_11_notAPartyIsDecidedBeforeThePeerHint() {
        assertRejected(ErrorCode.NOT_A_PARTY,
                MACHINE.apply(ringing(), new CallInput.AnswerRequested(E1, EVE, null, CallFixtures.t(5))));
        assertRejected(ErrorCode.NOT_A_PARTY,
                MACHINE.apply(connected(), new CallInput.HangUpRequested(E1, ALICE, CallFixtures.t(5))));
    }

    @Test
    void R2_11_peerHintIsDecidedBeforeTheState() {
        assertRejected(ErrorCode.UNKNOWN_CALL,
                MACHINE.apply(ringing(), new CallInput.HangUpRequested(A1, EVE, CallFixtures.t(5))));
        assertRejected(ErrorCode.INVALID_STATE,
                MACHINE.apply(ringing(), new CallInput.HangUpRequested(A1, BOB, CallFixtures.t(5))));
    }

    static Stream<Arguments> notAParty() {
        return Stream.of(
                Arguments.of(answer(A1)), Arguments.of(answer(A2)), Arguments.of(answer(B9)),
                Arguments.of(answer(E1)),
                Arguments.of(reject(A1)), Arguments.of(reject(A2)), Arguments.of(reject(B9)),
                Arguments.of(reject(E1)),
                Arguments.of(cancel(B1)), Arguments.of(cancel(B2)), Arguments.of(cancel(A2)),
                Arguments.of(cancel(B9)), Arguments.of(cancel(E1)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("notAParty")
    void R2_12_onlyACalleeSessionAnswersOrRejectsAndOnlyTheCallerSessionCancels(CallInput input) {
        assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(ringing(B1, B2), input));
    }

    @Test
    void R2_12_theCallerSOtherSessionsAreNotParties() {
        assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(ringing(), hangUp(A2)));
        assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(ringing(), signal(A2, new Signal.Offer(OFFER))));
        assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(connected(), hangUp(A2)));
        assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(connected(), cancel(A2)));
    }

    @Test
    void R2_12_refusalMessagesSayWhoMayActInstead() {
        Transition.Rejected rejected = assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(ringing(), cancel(B1)));
        assertTrue(rejected.message().contains(A1.toString()), rejected.message());
    }

    private static CallState stateNamed(String name) {
        return name.equals("ringing") ? ringing() : connected();
    }
}
