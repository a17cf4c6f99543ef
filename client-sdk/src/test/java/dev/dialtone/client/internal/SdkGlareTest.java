package dev.dialtone.client.internal;

import static dev.dialtone.client.internal.SdkHarness.BOB;
import static dev.dialtone.client.internal.SdkHarness.OFFER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.client.Call;
import dev.dialtone.client.CallEnd;
import dev.dialtone.client.CallEndedException;
import dev.dialtone.protocol.AnswerCall;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.CallUnavailable;
import dev.dialtone.protocol.IncomingCall;
import dev.dialtone.protocol.StartCall;
import dev.dialtone.protocol.UnavailableReason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Glare (R5.4): both users call each other; the server keeps the first call and the SDK answers it. */
class SdkGlareTest {

    private static final CallId THEIRS = CallId.of("bob-to-me");

    @Test
    void glareAfterTheIncomingCallArrivedAnswersIt() {
        SdkHarness h = new SdkHarness().connected();
        h.event(new IncomingCall(THEIRS, BOB, "bob", CallType.AUDIO, OFFER));
        Call incoming = h.listener.incoming.get(0);
        Call outgoing = h.core.call(BOB, CallType.AUDIO, null);
        int mark = h.listener.events.size();

        h.event(new CallUnavailable(BOB, UnavailableReason.GLARE, THEIRS));

        assertEquals(List.of(new StartCall(BOB, CallType.AUDIO, null), new AnswerCall(THEIRS, BOB, null)), h.sent());
        assertEquals(List.of("ended - UNAVAILABLE/GLARE", "answered bob-to-me"), h.listener.since(mark));
        assertEquals(CallEnd.unavailable(UnavailableReason.GLARE), outgoing.ended().join());
        assertTrue(outgoing.id().handle((id, e) -> e.getCause()).join() instanceof CallEndedException,
                "the outgoing call never had an id of its own");
        assertEquals(Call.State.CONNECTED, incoming.state());
        assertEquals(null, incoming.answered().join().answer());
        assertSame(incoming, h.core.currentCall().orElseThrow(), "one call, the peer's");
    }

    @Test
    void glareWhenBothStartCallsCrossedAnswersTheCallThatArrivedMeanwhile() {
        SdkHarness h = new SdkHarness().connected();
        Call outgoing = h.core.call(BOB, CallType.VIDEO, OFFER);
        h.event(new IncomingCall(THEIRS, BOB, "bob", CallType.VIDEO, OFFER));
        h.event(new CallUnavailable(BOB, UnavailableReason.GLARE, THEIRS));
        assertEquals(List.of("state CONNECTING", "state CONNECTED", "incoming bob-to-me from 2",
                "ended - UNAVAILABLE/GLARE", "answered bob-to-me"), h.listener.events);
        assertEquals(List.of(new AnswerCall(THEIRS, BOB, null)), h.sent(AnswerCall.class));
        assertEquals(Call.State.ENDED, outgoing.state());
    }

    @Test
    void withAnswerGlareOffTheIncomingCallKeepsRinging() {
        SdkHarness h = new SdkHarness(new SdkHarness.Options().answerGlare(false)).connected();
        h.event(new IncomingCall(THEIRS, BOB, "bob", CallType.AUDIO, null));
        h.core.call(BOB, CallType.AUDIO, null);
        h.event(new CallUnavailable(BOB, UnavailableReason.GLARE, THEIRS));
        assertEquals(List.of(), h.sent(AnswerCall.class));
        Call incoming = h.listener.incoming.get(0);
        assertEquals(Call.State.RINGING, incoming.state());
        incoming.answer();
        assertEquals(List.of(new AnswerCall(THEIRS, BOB, null)), h.sent(AnswerCall.class));
    }

    @Test
    void glareForACallThatDoesNotRingHereAnswersNothing() {
        SdkHarness h = new SdkHarness().connected();
        Call outgoing = h.core.call(BOB, CallType.AUDIO, null);
        // This session connected after Bob's call was placed, so it does not ring (R5.1).
        h.event(new CallUnavailable(BOB, UnavailableReason.GLARE, THEIRS));
        assertEquals(List.of(new StartCall(BOB, CallType.AUDIO, null)), h.sent());
        assertEquals(CallEnd.unavailable(UnavailableReason.GLARE), outgoing.ended().join());
    }

    @Test
    void glareWhenTheUserAnsweredAlreadyAnswersNothingMore() {
        SdkHarness h = new SdkHarness().connected();
        Call outgoing = h.core.call(BOB, CallType.AUDIO, null);
        h.event(new IncomingCall(THEIRS, BOB, "bob", CallType.AUDIO, null));
        h.listener.incoming.get(0).answer();
        h.event(new CallUnavailable(BOB, UnavailableReason.GLARE, THEIRS));
        assertEquals(1, h.sent(AnswerCall.class).size());
        assertEquals(CallEnd.Reason.UNAVAILABLE, outgoing.ended().join().reason());
    }
}
