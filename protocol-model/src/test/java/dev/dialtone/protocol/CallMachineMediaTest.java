package dev.dialtone.protocol;

import static dev.dialtone.protocol.CallFixtures.A1;
import static dev.dialtone.protocol.CallFixtures.A2;
import static dev.dialtone.protocol.CallFixtures.ALICE;
import static dev.dialtone.protocol.CallFixtures.ANSWER;
import static dev.dialtone.protocol.CallFixtures.B1;
import static dev.dialtone.protocol.CallFixtures.B2;
import static dev.dialtone.protocol.CallFixtures.B9;
import static dev.dialtone.protocol.CallFixtures.BOB;
import static dev.dialtone.protocol.CallFixtures.CAND1;
import static dev.dialtone.protocol.CallFixtures.CAND2;
import static dev.dialtone.protocol.CallFixtures.CALL;
import static dev.dialtone.protocol.CallFixtures.E1;
import static dev.dialtone.protocol.CallFixtures.ID;
import static dev.dialtone.protocol.CallFixtures.MACHINE;
import static dev.dialtone.protocol.CallFixtures.OFFER;
import static dev.dialtone.protocol.CallFixtures.RENEGOTIATE;
import static dev.dialtone.protocol.CallFixtures.applied;
import static dev.dialtone.protocol.CallFixtures.assertApplied;
import static dev.dialtone.protocol.CallFixtures.assertRejected;
import static dev.dialtone.protocol.CallFixtures.connected;
import static dev.dialtone.protocol.CallFixtures.iceFrom;
import static dev.dialtone.protocol.CallFixtures.none;
import static dev.dialtone.protocol.CallFixtures.ringing;
import static dev.dialtone.protocol.CallFixtures.send;
import static dev.dialtone.protocol.CallFixtures.signal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Protocol section 3, media negotiation: what is relayed, to whom, and what is refused. */
class CallMachineMediaTest {

    private static final Signal OFFER_SIGNAL = new Signal.Offer(OFFER);
    private static final Signal ANSWER_SIGNAL = new Signal.Answer(ANSWER);
    private static final Signal ICE_SIGNAL = new Signal.Candidate(CAND1);
    private static final Signal MEDIA_SIGNAL = new Signal.Media(false, true);

    @Test
    void R3_1_offerGoesToThePeerBoundSessionAsCallOfferNamingTheSender() {
        CallState.Connected connected = connected();
        assertApplied(connected, List.of(send(B1, new OfferRelayed(OFFER, ALICE, ID))),
                MACHINE.apply(connected, signal(A1, OFFER_SIGNAL)));
    }

    @Test
    void R3_1_anOfferFromTheCalleeNamesTheCalleeAsCallerId() {
        CallState.Connected connected = connected();
        assertApplied(connected, List.of(send(A1, new OfferRelayed(OFFER, BOB, ID))),
                MACHINE.apply(connected, signal(B1, OFFER_SIGNAL)));
    }

    @Test
    void R3_2_answerGoesToThePeerAsCallAnswerNamingTheSender() {
        CallState.Connected connected = connected();
        assertApplied(connected, List.of(send(A1, new AnswerRelayed(ANSWER, BOB, ID))),
                MACHINE.apply(connected, signal(B1, ANSWER_SIGNAL)));
        assertApplied(connected, List.of(send(B1, new AnswerRelayed(ANSWER, ALICE, ID))),
                MACHINE.apply(connected, signal(A1, ANSWER_SIGNAL)));
    }

    @Test
    void R3_3_iceCandidateGoesToThePeerWithSenderIdBothWays() {
        CallState.Connected connected = connected();
        assertApplied(connected, List.of(send(B1, new IceCandidateRelayed(CAND1, ALICE, ID))),
                MACHINE.apply(connected, iceFrom(A1, CAND1)));
        assertApplied(connected, List.of(send(A1, new IceCandidateRelayed(CAND2, BOB, ID))),
                MACHINE.apply(connected, iceFrom(B1, CAND2)));
    }

    @Test
    void R3_4_eitherPartyRenegotiatesAnyNumberOfTimesAndTheCallStaysConnected() {
        CallState.Connected connected = connected();
        List<CallInput> inputs = List.of(
                signal(A1, OFFER_SIGNAL), signal(B1, ANSWER_SIGNAL),
                signal(B1, new Signal.Offer(RENEGOTIATE)), signal(A1, ANSWER_SIGNAL),
                signal(A1, new Signal.Offer(RENEGOTIATE)), signal(B1, ANSWER_SIGNAL));
        List<Effect> effects = new ArrayList<>();
        CallState state = connected;
        for (CallInput input : inputs) {
            Transition.Applied applied = applied(MACHINE.apply(state, input));
            effects.addAll(applied.effects());
            state = applied.next();
        }
        assertEquals(connected, state);
        assertEquals(List.of(
                send(B1, new OfferRelayed(OFFER, ALICE, ID)),
                send(A1, new AnswerRelayed(ANSWER, BOB, ID)),
                send(A1, new OfferRelayed(RENEGOTIATE, BOB, ID)),
                send(B1, new AnswerRelayed(ANSWER, ALICE, ID)),
                send(B1, new OfferRelayed(RENEGOTIATE, ALICE, ID)),
                send(A1, new AnswerRelayed(ANSWER, BOB, ID))), effects);
    }

    static Stream<Arguments> mediaStates() {
        return Stream.of(
                Arguments.of(true, null), Arguments.of(null, false), Arguments.of(false, true));
    }

    @ParameterizedTest(name = "[{index}] audio={0} video={1}")
    @MethodSource("mediaStates")
    void R3_5_mediaStateGoesToThePeerAsPeerMediaStateNamingTheSender(Boolean audio, Boolean video) {
        CallState.Connected connected = connected();
        assertApplied(connected, List.of(send(A1, new PeerMediaChanged(ID, BOB, audio, video))),
                MACHINE.apply(connected, signal(B1, new Signal.Media(audio, video))));
    }

    static Stream<Arguments> nonPartySignals() {
        List<Arguments> cases = new ArrayList<>();
        for (SessionRef from : List.of(A2, B2, B9, E1)) {
            for (Signal signal : List.of(OFFER_SIGNAL, ANSWER_SIGNAL, ICE_SIGNAL, MEDIA_SIGNAL)) {
                cases.add(Arguments.of(from, signal));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "[{index}] {1} from {0}")
    @MethodSource("nonPartySignals")
    void R3_6_nonPartyOfferIsRejectedAndReachesNobody(SessionRef from, Signal signal) {
        // b2 rang too, but b1 answered: after the answer only a1 and b1 are parties (R5.6).
        assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(connected(), signal(from, signal)));
    }

    static Stream<Arguments> signalsWhileRinging() {
        return Stream.of(
                Arguments.of(A1, OFFER_SIGNAL, ErrorCode.INVALID_STATE),
                Arguments.of(A1, ANSWER_SIGNAL, ErrorCode.INVALID_STATE),
                Arguments.of(A1, MEDIA_SIGNAL, ErrorCode.INVALID_STATE),
                Arguments.of(B1, OFFER_SIGNAL, ErrorCode.INVALID_STATE),
                Arguments.of(B2, ANSWER_SIGNAL, ErrorCode.INVALID_STATE),
                Arguments.of(B1, MEDIA_SIGNAL, ErrorCode.INVALID_STATE),
                Arguments.of(B1, ICE_SIGNAL, ErrorCode.INVALID_STATE),
                Arguments.of(B2, ICE_SIGNAL, ErrorCode.INVALID_STATE),
                Arguments.of(A2, ICE_SIGNAL, ErrorCode.NOT_A_PARTY),
                Arguments.of(A2, OFFER_SIGNAL, ErrorCode.NOT_A_PARTY),
                Arguments.of(B9, ICE_SIGNAL, ErrorCode.NOT_A_PARTY),
                Arguments.of(B9, ANSWER_SIGNAL, ErrorCode.NOT_A_PARTY),
                Arguments.of(E1, ICE_SIGNAL, ErrorCode.NOT_A_PARTY),
                Arguments.of(E1, MEDIA_SIGNAL, ErrorCode.NOT_A_PARTY));
    }

    @ParameterizedTest(name = "[{index}] {1} from {0} -> {2}")
    @MethodSource("signalsWhileRinging")
    void R3_6_whileRingingOnlyTheCallerSCandidatesAreTakenOthersInvalidStateOrNotAParty(SessionRef from,
            Signal signal, ErrorCode code) {
        assertRejected(code, MACHINE.apply(ringing(B1, B2), signal(from, signal)));
    }

    @Test
    void R3_6_whileRingingTheCallerSCandidateIsBufferedAndSentNowhere() {
        CallState.Ringing ringing = ringing(B1, B2);
        assertApplied(new CallState.Ringing(CALL, A1, List.of(B1, B2), List.of(CAND1), none()), List.of(),
                MACHINE.apply(ringing, iceFrom(A1, CAND1)));
    }

    @Test
    void R3_6_hangUpFromTheCalleeSOtherSessionIsNotAParty() {
        assertRejected(ErrorCode.NOT_A_PARTY, MACHINE.apply(connected(), CallFixtures.hangUp(B2)));
    }

    @Test
    void R3_7_aSignalWhenTheSenderHasNoCallIsUnknownCall() {
        for (Signal signal : List.of(OFFER_SIGNAL, ANSWER_SIGNAL, ICE_SIGNAL, MEDIA_SIGNAL)) {
            assertRejected(ErrorCode.UNKNOWN_CALL, MACHINE.apply(CallState.Idle.INSTANCE, signal(A1, signal)));
            assertRejected(ErrorCode.UNKNOWN_CALL, MACHINE.apply(CallFixtures.ended(), signal(A1, signal)));
        }
    }

    @Test
    void R3_7_relayActionsMayLeaveOutTheCallIdAndBecomeTheSameInput() {
        java.time.Instant at = CallFixtures.t(8);
        assertEquals(java.util.Optional.of(new CallInput.SignalRequested(A1, BOB, OFFER_SIGNAL, at)),
                CallInput.of(A1, new SendOffer(BOB, OFFER, null), at));
        assertEquals(java.util.Optional.empty(), CallInput.callIdOf(new SendOffer(BOB, OFFER, null)));
        assertEquals(java.util.Optional.of(new CallInput.SignalRequested(A1, null, MEDIA_SIGNAL, at)),
                CallInput.of(A1, new SetMediaState(null, false, true), at));
        assertEquals(java.util.Optional.of(ID), CallInput.callIdOf(new HangUp(BOB, ID)));
    }

    @Test
    void R3_8_payloadsAreRelayedUnchanged() {
        Transition.Applied applied = applied(MACHINE.apply(connected(), signal(B1, new Signal.Offer(RENEGOTIATE))));
        OfferRelayed relayed = (OfferRelayed) ((Effect.Send) applied.effects().get(0)).event();
        assertEquals(RENEGOTIATE.json(), relayed.offer().json());
        assertTrue(relayed.offer().json().contains("1.50"));
    }
}
