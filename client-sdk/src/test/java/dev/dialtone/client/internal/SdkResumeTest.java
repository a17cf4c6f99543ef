package dev.dialtone.client.internal;

import static dev.dialtone.client.internal.SdkHarness.ANSWER;
import static dev.dialtone.client.internal.SdkHarness.BOB;
import static dev.dialtone.client.internal.SdkHarness.CANDIDATE;
import static dev.dialtone.client.internal.SdkHarness.OFFER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.client.Call;
import dev.dialtone.client.CallEnd;
import dev.dialtone.client.ConnectionClosedException;
import dev.dialtone.protocol.CallAnswered;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallRinging;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.CancelCall;
import dev.dialtone.protocol.HangUp;
import dev.dialtone.protocol.IceCandidateRelayed;
import dev.dialtone.protocol.OfferRelayed;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.Ping;
import dev.dialtone.protocol.PingAnswered;
import dev.dialtone.protocol.SendIceCandidate;
import dev.dialtone.protocol.StartCall;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** seq de-duplication (R6.3), resume with last_seq, a lost session, a gap in the replay (R6.10). */
class SdkResumeTest {

    private static final CallId CALL = CallId.of("c1");

    private static OpaqueJson candidate(int n) {
        return OpaqueJson.of("{\"candidate\":\"candidate:" + n + " 1 udp 1 192.0.2.1 5000 typ host\"}");
    }

    /** Connected, in a connected call with Bob that this client placed. */
    private static SdkHarness inCall() {
        SdkHarness h = new SdkHarness().connected();
        h.core.call(BOB, CallType.AUDIO, null);
        h.event(new CallRinging(CALL, BOB, CallType.AUDIO));
        h.event(new CallAnswered(BOB, CALL, ANSWER));
        return h;
    }

    @Test
    void anEventWhoseSeqWasSeenIsDropped() {
        SdkHarness h = inCall();
        long seq = h.seq();
        h.event(new IceCandidateRelayed(candidate(1), BOB, CALL), seq + 1);
        h.event(new IceCandidateRelayed(candidate(1), BOB, CALL), seq + 1);
        h.event(new IceCandidateRelayed(candidate(0), BOB, CALL), seq);
        h.event(new IceCandidateRelayed(candidate(2), BOB, CALL), seq + 2);
        assertEquals(List.of("candidate c1 " + candidate(1), "candidate c1 " + candidate(2)),
                h.listener.events.stream().filter(e -> e.startsWith("candidate")).toList());
    }

    @Test
    void aDropResumesWithTheResumeTokenAndTheHighestSeqAndTheCallGoesOn() {
        SdkHarness h = inCall();
        h.event(new IceCandidateRelayed(candidate(1), BOB, CALL));
        h.event(new IceCandidateRelayed(candidate(2), BOB, CALL));
        long seen = h.seq();
        int mark = h.listener.events.size();

        h.link().serverCloses(1006, "network");
        assertEquals(List.of("state RECONNECTING"), h.listener.since(mark));
        h.timers.fire(Duration.ofMillis(250));
        assertEquals("ws://server.test/ws/call/?resume_token=r1&last_seq=" + seen, h.dialer.last().uri.toString());

        // The call goes on while reconnecting: a candidate taken now is checked and sent after the resume.
        Call call = h.core.currentCall().orElseThrow();
        call.sendIceCandidate(CANDIDATE);

        h.openAndWelcome("s1", "r2", true);
        // The server replays from last_seq + 1; a replay of something already seen is dropped anyway.
        h.event(new IceCandidateRelayed(candidate(2), BOB, CALL), seen);
        h.event(new IceCandidateRelayed(candidate(3), BOB, CALL), seen + 1);
        h.event(new OfferRelayed(OFFER, BOB, CALL), seen + 2);

        assertEquals(List.of("state RECONNECTING", "state CONNECTED", "candidate c1 " + candidate(3),
                "offer c1 " + OFFER), h.listener.since(mark));
        assertEquals(Call.State.CONNECTED, call.state());
        assertEquals(List.of(new SendIceCandidate(BOB, CANDIDATE, CALL)), h.link().actions(),
                "the candidate taken while reconnecting goes out on the resumed connection");
        assertTrue(h.core.session().orElseThrow().resumed());

        // The most recent welcome's resume token is used next time (R6.9).
        h.link().serverCloses(1001, "going away");
        h.timers.fire(Duration.ofMillis(250));
        assertEquals("ws://server.test/ws/call/?resume_token=r2&last_seq=" + (seen + 2),
                h.dialer.last().uri.toString());
    }

    @Test
    void aNewSessionInsteadOfTheResumedOneEndsLiveCallsWithConnectionLost() {
        SdkHarness h = inCall();
        Call call = h.core.currentCall().orElseThrow();
        call.sendIceCandidate(CANDIDATE);
        h.link().serverCloses(1006, "network");
        h.timers.fire(Duration.ofMillis(250));
        call.setMediaState(false, null);
        int mark = h.listener.events.size();

        h.openAndWelcome("s2", "r9", false);

        assertEquals(List.of("ended c1 CONNECTION_LOST", "state CONNECTED"), h.listener.since(mark));
        assertEquals(CallEnd.Reason.CONNECTION_LOST, call.ended().join().reason());
        assertEquals(List.of(), h.link().actions(), "what was taken for the lost session is dropped");
        // seq starts again at 1 in the new session.
        h.event(new dev.dialtone.protocol.IncomingCall(CallId.of("c2"), BOB, "bob", CallType.AUDIO, null), 1);
        assertEquals("incoming c2 from 2", h.listener.events.get(h.listener.events.size() - 1));
        assertFalse(h.core.session().orElseThrow().resumed());
    }

    @Test
    void aGapInTheReplayEndsTheCallsWhoseStateIsUnknown() {
        SdkHarness h = inCall();
        long seen = h.seq();
        h.link().serverCloses(1006, "network");
        h.timers.fire(Duration.ofMillis(250));
        h.openAndWelcome("s1", "r1", true);
        int mark = h.listener.events.size();

        h.event(new IceCandidateRelayed(candidate(9), BOB, CALL), seen + 5);

        assertEquals(List.of("ended c1 CONNECTION_LOST"), h.listener.since(mark));
        assertEquals(List.of(new HangUp(BOB, CALL)), h.link().actions(), "R6.10: the call is ended on purpose");
    }

    @Test
    void aCallPlacedWhileReconnectingGoesOutOnTheNextSessionEvenANewOne() {
        SdkHarness h = new SdkHarness().connected();
        h.link().serverCloses(1006, "network");
        h.timers.fire(Duration.ofMillis(250));
        Call call = h.core.call(BOB, CallType.VIDEO, OFFER);
        h.openAndWelcome("s2", "r2", false);
        assertEquals(List.of(new StartCall(BOB, CallType.VIDEO, OFFER)), h.link().actions());
        h.event(new CallRinging(CALL, BOB, CallType.VIDEO));
        assertEquals(CALL, call.id().join());
        assertEquals(Call.State.RINGING, call.state());
    }

    @Test
    void aStartCallLostWithTheOldConnectionEndsTheCallAfterTheReplay() {
        SdkHarness h = new SdkHarness().connected();
        Call call = h.core.call(BOB, CallType.AUDIO, null);
        h.link().serverCloses(1006, "network");
        h.timers.fire(Duration.ofMillis(250));
        FakeLinkActions resumed = new FakeLinkActions(h.openAndWelcome("s1", "r1", true));
        Ping sync = (Ping) resumed.only();
        // Nothing about the call was replayed before the pong: the server never got start_call.
        h.event(new PingAnswered(sync.nonce()));
        assertEquals(CallEnd.Reason.CONNECTION_LOST, call.ended().join().reason());
    }

    @Test
    void aStartCallAnsweredInTheReplayIsNotLost() {
        SdkHarness h = new SdkHarness().connected();
        Call call = h.core.call(BOB, CallType.AUDIO, null);
        h.link().serverCloses(1006, "network");
        h.timers.fire(Duration.ofMillis(250));
        Ping sync = (Ping) new FakeLinkActions(h.openAndWelcome("s1", "r1", true)).only();
        h.event(new CallRinging(CALL, BOB, CallType.AUDIO));
        h.event(new PingAnswered(sync.nonce()));
        assertEquals(Call.State.RINGING, call.state());
        assertEquals(CALL, call.id().join());
    }

    @Test
    void aPingSentBeforeADropFailsAndOneTakenWhileReconnectingIsSentAfter() {
        SdkHarness h = new SdkHarness().connected();
        CompletableFuture<Duration> before = h.core.ping();
        h.link().serverCloses(1006, "network");
        assertTrue(before.isCompletedExceptionally());
        Throwable failure = before.handle((d, e) -> e).join();
        assertTrue(failure.getCause() instanceof ConnectionClosedException, () -> "failed with " + failure);

        h.timers.fire(Duration.ofMillis(250));
        CompletableFuture<Duration> during = h.core.ping();
        h.openAndWelcome("s1", "r1", true);
        Ping ping = (Ping) new FakeLinkActions(h.link()).only();
        h.event(new PingAnswered(ping.nonce()));
        assertEquals(Duration.ZERO, during.join(), "the fixed clock makes every round trip zero");
    }

    @Test
    void resumeParametersAreAddedToTheUriItsOwnQueryKept() {
        assertEquals("ws://h/ws/call/?resume_token=a%2Bb&last_seq=7", ClientCore.withQuery(
                java.net.URI.create("ws://h/ws/call/"), "resume_token", "a+b", "last_seq", "7").toString());
        assertEquals("wss://h/ws/call/?tenant=x&resume_token=r&last_seq=0", ClientCore.withQuery(
                java.net.URI.create("wss://h/ws/call/?tenant=x"), "resume_token", "r", "last_seq", "0").toString());
    }

    @Test
    void aCancelBeforeTheIdIsSentWithTheIdAndTheCallEndsThen() {
        SdkHarness h = new SdkHarness().connected();
        Call call = h.core.call(BOB, CallType.AUDIO, null);
        call.sendIceCandidate(CANDIDATE);
        call.cancel();
        assertFalse(call.ended().isDone(), "ends when the cancel can be sent");
        assertEquals(1, h.sent().size(), "only start_call so far");
        h.event(new CallRinging(CALL, BOB, CallType.AUDIO));
        assertEquals(List.of(new CancelCall(CALL, BOB)), h.sent(CancelCall.class));
        assertEquals(List.of(), h.sent(SendIceCandidate.class), "relays of a cancelled call are dropped");
        assertEquals(CallEnd.Reason.CANCELLED, call.ended().join().reason());
        assertEquals(CALL, call.id().join());
    }

    @Test
    void aCancelThatLosesTheRaceAgainstTheAnswerHangsUp() {
        SdkHarness h = new SdkHarness().connected();
        Call call = h.core.call(BOB, CallType.AUDIO, null);
        h.event(new CallRinging(CALL, BOB, CallType.AUDIO));
        call.cancel();
        h.event(new CallAnswered(BOB, CALL, null));
        assertEquals(List.of(new HangUp(BOB, CALL)), h.sent(HangUp.class));
        assertEquals(CallEnd.Reason.CANCELLED, call.ended().join().reason());
    }

    /** The actions on one link. */
    private record FakeLinkActions(SdkHarness.FakeLink link) {
        dev.dialtone.protocol.ClientAction only() {
            List<dev.dialtone.protocol.ClientAction> actions = link.actions();
            assertEquals(1, actions.size(), () -> "actions: " + actions);
            return actions.get(0);
        }
    }
}
