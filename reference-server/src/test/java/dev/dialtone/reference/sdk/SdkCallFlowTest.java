package dev.dialtone.reference.sdk;

import static dev.dialtone.reference.sdk.SdkEvents.await;
import static dev.dialtone.reference.sdk.SdkPayloads.ANSWER;
import static dev.dialtone.reference.sdk.SdkPayloads.OFFER;
import static dev.dialtone.reference.sdk.SdkPayloads.VIDEO_ANSWER;
import static dev.dialtone.reference.sdk.SdkPayloads.VIDEO_OFFER;
import static dev.dialtone.reference.sdk.SdkPayloads.candidate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.client.Call;
import dev.dialtone.client.CallEnd;
import dev.dialtone.client.CallEnd.Reason;
import dev.dialtone.client.ConnectionState;
import dev.dialtone.client.DialtoneClient;
import dev.dialtone.client.MediaState;
import dev.dialtone.client.SessionInfo;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.UnavailableReason;
import dev.dialtone.reference.sdk.SdkServer.User;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two SDK clients against the real reference server over real WebSocket: every way a call goes. */
class SdkCallFlowTest {

    private static SdkServer server;
    private User alice;
    private User bob;
    private SdkEvents aliceEvents;
    private SdkEvents bobEvents;
    private DialtoneClient aliceClient;
    private DialtoneClient bobClient;

    @BeforeAll
    static void startServer() {
        server = SdkServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void connectBoth() {
        alice = SdkServer.user("alice");
        bob = SdkServer.user("bob");
        aliceEvents = new SdkEvents();
        bobEvents = new SdkEvents();
        aliceClient = server.connect(alice, aliceEvents);
        bobClient = server.connect(bob, bobEvents);
    }

    @AfterEach
    void closeBoth() {
        aliceClient.close();
        bobClient.close();
    }

    @Test
    void connectingGivesTheWelcomeFacts() {
        SessionInfo session = aliceClient.session().orElseThrow();
        assertEquals(alice.id(), session.userId());
        assertEquals(Duration.ofSeconds(30), session.ringTimeout());
        assertEquals(false, session.resumed());
        assertEquals(ConnectionState.CONNECTED, aliceClient.connectionState());
        assertEquals(List.of("state CONNECTING", "state CONNECTED"), aliceEvents.kinds());
    }

    @Test
    void aFullVideoCallRingAnswerOfferAnswerIceBothWaysMuteRenegotiateHangUp() {
        Call outgoing = aliceClient.call(bob.id(), CallType.VIDEO, VIDEO_OFFER);
        assertEquals(Call.State.PLACING, outgoing.state());

        Call incoming = bobEvents.incoming();
        assertEquals(alice.id(), incoming.peer());
        assertEquals(Optional.of("alice"), incoming.peerName());
        assertEquals(CallType.VIDEO, incoming.type());
        assertEquals(Optional.of(VIDEO_OFFER), incoming.offer(), "R3.8: the offer arrives unchanged");
        CallId id = await(incoming.id());
        assertSame(outgoing, aliceEvents.next("ringing").call());
        assertEquals(id, await(outgoing.id()), "both sides name the same call");

        // The caller's candidates while ringing are buffered and reach the answering session after the answer.
        outgoing.sendIceCandidate(candidate(1));
        incoming.answer(VIDEO_ANSWER);
        assertEquals(VIDEO_ANSWER, await(outgoing.answered()).answer());
        assertSame(outgoing, aliceEvents.next("answered").call());
        assertSame(incoming, bobEvents.next("answered").call());
        assertEquals(candidate(1), bobEvents.next("candidate").value());

        // ICE both ways, in the order sent.
        outgoing.sendIceCandidate(candidate(2));
        outgoing.sendIceCandidate(candidate(3));
        incoming.sendIceCandidate(candidate(4));
        assertEquals(candidate(2), bobEvents.next("candidate").value());
        assertEquals(candidate(3), bobEvents.next("candidate").value());
        assertEquals(candidate(4), aliceEvents.next("candidate").value());

        // Mute and camera off.
        incoming.setMediaState(false, null);
        assertEquals(new MediaState(false, null), aliceEvents.next("media").value());
        outgoing.setMediaState(null, false);
        assertEquals(new MediaState(null, false), bobEvents.next("media").value());

        // Renegotiation, started by the callee this time (R3.4).
        incoming.sendOffer(OFFER);
        assertEquals(OFFER, aliceEvents.next("offer").value());
        outgoing.sendAnswer(ANSWER);
        assertEquals(ANSWER, bobEvents.next("answer").value());

        outgoing.hangUp();
        assertEquals(CallEnd.of(Reason.HUNG_UP_BY_ME, alice.id()), await(outgoing.ended()));
        assertEquals(CallEnd.of(Reason.HUNG_UP_BY_PEER, alice.id()), bobEvents.ended());
        assertEquals(Call.State.ENDED, incoming.state());
        assertEquals(Optional.empty(), aliceClient.currentCall());
        assertEquals(List.of(), aliceEvents.all("error"));
        assertEquals(List.of(), bobEvents.all("error"));
        assertTrue(aliceEvents.threads().stream().allMatch(t -> t.startsWith("dialtone-client-callbacks-")),
                () -> "callbacks ran on " + aliceEvents.threads());
    }

    @Test
    void anAudioCallAnsweredWithoutSdpThenOfferAnswer() {
        Call outgoing = aliceClient.call(bob.id(), CallType.AUDIO);
        Call incoming = bobEvents.incoming();
        assertEquals(Optional.empty(), incoming.offer());
        incoming.answer();
        assertEquals(null, await(outgoing.answered()).answer());
        outgoing.sendOffer(OFFER);
        assertEquals(OFFER, bobEvents.next("offer").value());
        incoming.sendAnswer(ANSWER);
        assertEquals(ANSWER, aliceEvents.next("answer").value());
        incoming.hangUp();
        assertEquals(CallEnd.of(Reason.HUNG_UP_BY_PEER, bob.id()), await(outgoing.ended()));
    }

    @Test
    void aRejectedCall() {
        Call outgoing = aliceClient.call(bob.id(), CallType.AUDIO);
        Call incoming = bobEvents.incoming();
        incoming.reject();
        assertEquals(CallEnd.of(Reason.REJECTED, bob.id()), await(outgoing.ended()));
        assertEquals(CallEnd.of(Reason.REJECTED, bob.id()), await(incoming.ended()));
        assertTrue(SdkEvents.awaitFailure(outgoing.answered()) instanceof dev.dialtone.client.CallEndedException);
    }

    @Test
    void aCancelledCall() {
        Call outgoing = aliceClient.call(bob.id(), CallType.AUDIO);
        Call incoming = bobEvents.incoming();
        await(outgoing.id());
        outgoing.cancel();
        assertEquals(CallEnd.of(Reason.CANCELLED, alice.id()), await(outgoing.ended()));
        assertEquals(CallEnd.of(Reason.CANCELLED, alice.id()), await(incoming.ended()));
    }

    @Test
    void aCallCancelledRightAfterPlacingIsCancelledOnceItsIdArrives() {
        Call outgoing = aliceClient.call(bob.id(), CallType.AUDIO);
        outgoing.cancel();
        Call incoming = bobEvents.incoming();
        assertEquals(CallEnd.of(Reason.CANCELLED, alice.id()), await(incoming.ended()));
        assertEquals(CallEnd.of(Reason.CANCELLED, alice.id()), await(outgoing.ended()));
        // The next call works: nothing is left over.
        Call again = aliceClient.call(bob.id(), CallType.AUDIO);
        Call second = bobEvents.incoming();
        second.answer();
        await(again.answered());
        again.hangUp();
        assertEquals(CallEnd.of(Reason.HUNG_UP_BY_PEER, alice.id()), await(second.ended()));
    }

    @Test
    void callingAUserWhoIsOfflineOrBusyOrOneself() {
        User nobody = SdkServer.user("nobody");
        Call offline = aliceClient.call(nobody.id(), CallType.AUDIO);
        assertEquals(CallEnd.unavailable(UnavailableReason.OFFLINE), await(offline.ended()));
        assertTrue(await(offline.id()).value().length() > 0, "an offline attempt has an id (R2.5)");

        Call self = aliceClient.call(alice.id(), CallType.AUDIO);
        assertEquals(CallEnd.unavailable(UnavailableReason.SELF), await(self.ended()));

        User carol = SdkServer.user("carol");
        SdkEvents carolEvents = new SdkEvents();
        DialtoneClient carolClient = server.connect(carol, carolEvents);
        try {
            Call toBob = carolClient.call(bob.id(), CallType.AUDIO);
            bobEvents.incoming();
            await(toBob.id());
            Call busy = aliceClient.call(bob.id(), CallType.AUDIO);
            assertEquals(CallEnd.unavailable(UnavailableReason.BUSY), await(busy.ended()));
            toBob.cancel();
            await(toBob.ended());
        } finally {
            carolClient.close();
        }
    }

    @Test
    void closingTheClientHangsUpItsCall() {
        Call outgoing = aliceClient.call(bob.id(), CallType.AUDIO);
        bobEvents.incoming().answer();
        await(outgoing.answered());
        aliceClient.close();
        assertEquals(CallEnd.of(Reason.CLIENT_CLOSED, alice.id()), await(outgoing.ended()));
        assertEquals(CallEnd.of(Reason.HUNG_UP_BY_PEER, alice.id()), bobEvents.ended());
        assertEquals(1000, await(aliceClient.closed()).code());
        List<String> kinds = aliceEvents.kinds();
        assertEquals(List.of("ended CLIENT_CLOSED", "state CLOSED", "closed"), kinds.subList(kinds.size() - 3,
                kinds.size()), "onClosed is the last callback");
    }

    @Test
    void pingMeasuresTheRoundTrip() {
        Duration roundTrip = await(aliceClient.ping());
        assertTrue(!roundTrip.isNegative() && roundTrip.compareTo(SdkServer.TIMEOUT) < 0, roundTrip::toString);
    }

    @Test
    void R7_3_callHistoryListsTheUsersOwnRecordsNewestFirstAndPages() {
        Call first = aliceClient.call(bob.id(), CallType.AUDIO);
        bobEvents.incoming().reject();
        await(first.ended());
        Call second = aliceClient.call(bob.id(), CallType.VIDEO);
        await(second.id());
        second.cancel();
        await(second.ended());

        dev.dialtone.protocol.CallHistoryListed newest = await(aliceClient.callHistory(1, null));
        assertEquals(1, newest.records().size());
        assertEquals(await(second.id()), newest.records().get(0).callId());
        assertEquals(dev.dialtone.protocol.Outcome.CANCELLED, newest.records().get(0).outcome());
        dev.dialtone.protocol.CallHistoryListed older = await(aliceClient.callHistory(1, newest.nextBefore()));
        assertEquals(await(first.id()), older.records().get(0).callId());
        assertEquals(dev.dialtone.protocol.Outcome.REJECTED, older.records().get(0).outcome());
        assertEquals(2, await(bobClient.callHistory(null, null)).records().size(), "bob took part in both");
    }

    @Test
    void aHistoryLimitOutOfRangeIsRefusedLocally() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> aliceClient.callHistory(0, null));
        assertEquals(0, await(aliceClient.callHistory(5, CallId.of("unknown-cursor"))).records().size(),
                "an unknown cursor gives an empty page");
    }
}
