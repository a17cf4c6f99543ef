package dev.dialtone.client.internal;

import static dev.dialtone.client.internal.SdkHarness.ANSWER;
import static dev.dialtone.client.internal.SdkHarness.BOB;
import static dev.dialtone.client.internal.SdkHarness.CANDIDATE;
import static dev.dialtone.client.internal.SdkHarness.CAROL;
import static dev.dialtone.client.internal.SdkHarness.ME;
import static dev.dialtone.client.internal.SdkHarness.OFFER;
import static dev.dialtone.client.internal.SdkHarness.assertRefusedLocally;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.client.Call;
import dev.dialtone.protocol.AnswerCall;
import dev.dialtone.protocol.CallAnswered;
import dev.dialtone.protocol.CallHungUp;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallRinging;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.ErrorCode;
import dev.dialtone.protocol.HangUp;
import dev.dialtone.protocol.IncomingCall;
import dev.dialtone.protocol.SendIceCandidate;
import dev.dialtone.protocol.StartCall;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Local validation with the protocol's own call machine: an action the machine refuses throws the machine's code at
 * once, sends nothing, and reports nothing to the listener.
 */
class SdkLocalValidationTest {

    private static final CallId CALL = CallId.of("c1");

    private static SdkHarness withOutgoingRinging() {
        SdkHarness h = new SdkHarness().connected();
        h.core.call(BOB, CallType.AUDIO, null);
        h.event(new CallRinging(CALL, BOB, CallType.AUDIO));
        return h;
    }

    private static SdkHarness withIncomingRinging() {
        SdkHarness h = new SdkHarness().connected();
        h.event(new IncomingCall(CALL, BOB, "bob", CallType.VIDEO, OFFER));
        return h;
    }

    private static Call only(SdkHarness h) {
        return h.core.currentCall().orElseThrow();
    }

    @Test
    void hangingUpARingingOutgoingCallIsInvalidStateAndSendsNothing() {
        SdkHarness h = withOutgoingRinging();
        assertRefusedLocally(h, ErrorCode.INVALID_STATE, only(h)::hangUp);
        assertEquals(Call.State.RINGING, only(h).state(), "the refused action changed nothing");
    }

    @Test
    void hangingUpARingingIncomingCallIsInvalidState() {
        SdkHarness h = withIncomingRinging();
        assertRefusedLocally(h, ErrorCode.INVALID_STATE, only(h)::hangUp);
    }

    @Test
    void answeringAnOutgoingCallIsNotAParty() {
        SdkHarness h = withOutgoingRinging();
        assertRefusedLocally(h, ErrorCode.NOT_A_PARTY, only(h)::answer);
        assertRefusedLocally(h, ErrorCode.NOT_A_PARTY, only(h)::reject);
    }

    @Test
    void cancellingAnIncomingCallIsNotAParty() {
        SdkHarness h = withIncomingRinging();
        assertRefusedLocally(h, ErrorCode.NOT_A_PARTY, only(h)::cancel);
    }

    @Test
    void answeringTwiceIsInvalidStateAndOnlyOneAnswerGoesOut() {
        SdkHarness h = withIncomingRinging();
        Call call = only(h);
        call.answer(ANSWER);
        assertRefusedLocally(h, ErrorCode.INVALID_STATE, call::answer);
        assertRefusedLocally(h, ErrorCode.INVALID_STATE, call::reject);
        List<AnswerCall> answers = h.sent(AnswerCall.class);
        assertEquals(List.of(new AnswerCall(CALL, BOB, ANSWER)), answers);
    }

    @Test
    void offersAnswersAndMediaStatesWhileRingingAreInvalidState() {
        SdkHarness h = withOutgoingRinging();
        Call call = only(h);
        assertRefusedLocally(h, ErrorCode.INVALID_STATE, () -> call.sendOffer(OFFER));
        assertRefusedLocally(h, ErrorCode.INVALID_STATE, () -> call.sendAnswer(ANSWER));
        assertRefusedLocally(h, ErrorCode.INVALID_STATE, () -> call.setMediaState(false, null));

        SdkHarness callee = withIncomingRinging();
        assertRefusedLocally(callee, ErrorCode.INVALID_STATE, () -> only(callee).sendIceCandidate(CANDIDATE));
    }

    @Test
    void theCallerMaySendCandidatesWhileRinging() {
        SdkHarness h = withOutgoingRinging();
        only(h).sendIceCandidate(CANDIDATE);
        assertEquals(List.of(new SendIceCandidate(BOB, CANDIDATE, CALL)), h.sent(SendIceCandidate.class));
    }

    @Test
    void everyActionOnAnEndedCallIsUnknownCall() {
        SdkHarness h = withOutgoingRinging();
        Call call = only(h);
        h.event(new CallAnswered(BOB, CALL, null));
        h.event(new CallHungUp(BOB, CALL));
        assertEquals(Call.State.ENDED, call.state());
        assertRefusedLocally(h, ErrorCode.UNKNOWN_CALL, () -> call.sendOffer(OFFER));
        assertRefusedLocally(h, ErrorCode.UNKNOWN_CALL, () -> call.sendAnswer(ANSWER));
        assertRefusedLocally(h, ErrorCode.UNKNOWN_CALL, () -> call.sendIceCandidate(CANDIDATE));
        assertRefusedLocally(h, ErrorCode.UNKNOWN_CALL, () -> call.setMediaState(true, true));
        assertRefusedLocally(h, ErrorCode.UNKNOWN_CALL, call::hangUp);
        assertRefusedLocally(h, ErrorCode.UNKNOWN_CALL, call::cancel);
    }

    @Test
    void hangingUpTwiceSendsOneHangUp() {
        SdkHarness h = withOutgoingRinging();
        Call call = only(h);
        h.event(new CallAnswered(BOB, CALL, ANSWER));
        call.hangUp();
        assertRefusedLocally(h, ErrorCode.UNKNOWN_CALL, call::hangUp);
        assertEquals(List.of(new HangUp(BOB, CALL)), h.sent(HangUp.class));
    }

    @Test
    void callingWhileInACallIsInvalidStateAndSendsNothing() {
        SdkHarness h = withOutgoingRinging();
        assertRefusedLocally(h, ErrorCode.INVALID_STATE, () -> h.core.call(CAROL, CallType.AUDIO, null));
        assertEquals(1, h.sent(StartCall.class).size());

        SdkHarness placing = new SdkHarness().connected();
        placing.core.call(BOB, CallType.AUDIO, null);
        assertRefusedLocally(placing, ErrorCode.INVALID_STATE, () -> placing.core.call(CAROL, CallType.AUDIO, null));

        SdkHarness ringingHere = withIncomingRinging();
        assertRefusedLocally(ringingHere, ErrorCode.INVALID_STATE,
                () -> ringingHere.core.call(CAROL, CallType.AUDIO, null));
    }

    @Test
    void callingTheCallerOfACallThatRingsHereIsAllowed() {
        SdkHarness h = withIncomingRinging();
        h.core.call(BOB, CallType.AUDIO, null);
        assertEquals(List.of(new StartCall(BOB, CallType.AUDIO, null)), h.sent(StartCall.class));
    }

    @Test
    void callingBeforeConnectingOrAfterClosingIsAnIllegalState() {
        SdkHarness h = new SdkHarness();
        assertThrows(IllegalStateException.class, () -> h.core.call(BOB, CallType.AUDIO, null));
        h.core.connect();
        assertThrows(IllegalStateException.class, () -> h.core.call(BOB, CallType.AUDIO, null));

        SdkHarness closed = new SdkHarness().connected();
        closed.core.close();
        assertThrows(IllegalStateException.class, () -> closed.core.call(BOB, CallType.AUDIO, null));
    }

    @Test
    void aRefusalCarriesTheMachinesMessage() {
        SdkHarness h = withOutgoingRinging();
        var e = assertRefusedLocally(h, ErrorCode.INVALID_STATE, only(h)::hangUp);
        assertTrue(e.getMessage().contains("cancel_call"), e::getMessage);
        assertEquals(ME, h.core.session().orElseThrow().userId());
    }
}
