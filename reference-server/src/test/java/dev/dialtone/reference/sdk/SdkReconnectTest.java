package dev.dialtone.reference.sdk;

import static dev.dialtone.reference.sdk.SdkEvents.await;
import static dev.dialtone.reference.sdk.SdkEvents.awaitFailure;
import static dev.dialtone.reference.sdk.SdkPayloads.candidate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.client.Call;
import dev.dialtone.client.CallEnd;
import dev.dialtone.client.CallEnd.Reason;
import dev.dialtone.client.CloseInfo;
import dev.dialtone.client.ConnectionClosedException;
import dev.dialtone.client.ConnectionState;
import dev.dialtone.client.DialtoneClient;
import dev.dialtone.client.ReconnectPolicy;
import dev.dialtone.client.SessionInfo;
import dev.dialtone.protocol.CallPolicy;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.reference.sdk.SdkServer.User;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Reconnect and resume against the real reference server: a socket force-closed mid-call, token refresh, token
 * expiry (4010), authentication failure (4001), and a session that could not be resumed.
 */
class SdkReconnectTest {

    /** Closes the client's socket under it, as a dropped network would, without the SDK knowing beforehand. */
    private static void forceClose(Session session) throws IOException {
        session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "the test drops the socket"));
    }

    private static List<OpaqueJson> candidates(SdkEvents events) {
        List<OpaqueJson> seen = new ArrayList<>();
        for (SdkEvents.Event event : events.all("candidate")) {
            seen.add((OpaqueJson) event.value());
        }
        return seen;
    }

    @Test
    void aCallSurvivesASocketForceClosedMidCallAndNoEventIsAppliedTwice() throws Exception {
        try (SdkServer server = SdkServer.start()) {
            User alice = SdkServer.user("alice");
            User bob = SdkServer.user("bob");
            SdkEvents aliceEvents = new SdkEvents();
            SdkEvents bobEvents = new SdkEvents();
            CapturingContainer aliceSockets = new CapturingContainer();
            DialtoneClient aliceClient = server.connect(server.client(alice, aliceEvents).container(aliceSockets)
                    .reconnect(ReconnectPolicy.exponentialBackoff(Duration.ofMillis(300), Duration.ofSeconds(1), 2,
                            0.0)));
            server.connect(bob, bobEvents);
            String sessionId = aliceClient.session().orElseThrow().sessionId();

            Call outgoing = aliceClient.call(bob.id(), CallType.AUDIO);
            Call incoming = bobEvents.incoming();
            incoming.answer();
            await(outgoing.answered());
            List<OpaqueJson> sent = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                sent.add(candidate(i));
                incoming.sendIceCandidate(candidate(i));
            }
            for (int i = 0; i < 3; i++) {
                aliceEvents.next("candidate");
            }

            forceClose(aliceSockets.last());
            skipTo(aliceEvents, ConnectionState.RECONNECTING);
            // While Alice is away, Bob goes on: these are kept for her session and replayed on resume (R6.3).
            for (int i = 4; i <= 6; i++) {
                sent.add(candidate(i));
                incoming.sendIceCandidate(candidate(i));
            }
            incoming.setMediaState(false, null);
            // Alice's actions while reconnecting are checked and sent after the resume.
            outgoing.sendIceCandidate(candidate(100));

            assertEquals(ConnectionState.CONNECTED, skipTo(aliceEvents, ConnectionState.CONNECTED));
            SessionInfo resumed = aliceClient.session().orElseThrow();
            assertTrue(resumed.resumed(), "the session was resumed");
            assertEquals(sessionId, resumed.sessionId());
            String resumeUri = aliceSockets.uris.get(1).toString();
            assertTrue(resumeUri.contains("resume_token=") && resumeUri.contains("last_seq="), resumeUri);

            aliceEvents.next("media");
            assertEquals(candidate(100), bobEvents.next("candidate").value());
            assertEquals(sent, candidates(aliceEvents), "every candidate once, in order");
            assertEquals(Call.State.CONNECTED, outgoing.state());

            // The call goes on after the resume, and ends normally.
            incoming.sendIceCandidate(candidate(7));
            sent.add(candidate(7));
            aliceEvents.awaitValue("candidate", candidate(7));
            outgoing.hangUp();
            assertEquals(CallEnd.of(Reason.HUNG_UP_BY_PEER, alice.id()), await(incoming.ended()));
            await(aliceClient.ping());
            assertEquals(sent, candidates(aliceEvents));
            assertEquals(1, aliceEvents.all("media").size());
            assertEquals(List.of(), aliceEvents.all("error"));
            assertEquals(List.of(), bobEvents.all("error"));
        }
    }

    /** Waits until the client reports {@code state}, skipping other state changes; returns it. */
    private static ConnectionState skipTo(SdkEvents events, ConnectionState state) {
        while (true) {
            ConnectionState next = (ConnectionState) events.next("state").value();
            if (next == state) {
                return next;
            }
        }
    }

    @Test
    void aReconnectAsksTheSupplierAgainAndPresentsTheNewToken() throws Exception {
        try (SdkServer server = SdkServer.start()) {
            User alice = SdkServer.user("alice");
            List<String> given = new CopyOnWriteArrayList<>();
            SdkEvents events = new SdkEvents();
            CapturingContainer sockets = new CapturingContainer();
            DialtoneClient client = server.connect(server.client(alice, events).container(sockets)
                    .tokenSupplier(() -> {
                        String token = alice.token();
                        given.add(token);
                        return token;
                    }));
            assertEquals(1, given.size());
            skipTo(events, ConnectionState.CONNECTED);

            forceClose(sockets.last());
            skipTo(events, ConnectionState.RECONNECTING);
            skipTo(events, ConnectionState.CONNECTED);

            assertEquals(2, given.size(), "the supplier is asked again for the reconnection");
            assertFalse(given.get(0).equals(given.get(1)));
            assertEquals(given, server.tokensPresented.stream().filter(given::contains).toList(),
                    "the server saw the first token, then the new one");
            assertTrue(client.session().orElseThrow().resumed());
        }
    }

    @Test
    void aTokenThatExpiresIsReplacedAndTheSessionResumed() {
        try (SdkServer server = SdkServer.start()) {
            User alice = SdkServer.user("alice");
            User bob = SdkServer.user("bob");
            AtomicInteger supplied = new AtomicInteger();
            SdkEvents aliceEvents = new SdkEvents();
            SdkEvents bobEvents = new SdkEvents();
            DialtoneClient bobClient = server.connect(bob, bobEvents);
            // The first token expires 300 ms after the server takes it: the server closes with 4010 (R1.8).
            DialtoneClient aliceClient = server.connect(server.client(alice, aliceEvents)
                    .tokenSupplier(() -> supplied.incrementAndGet() == 1 ? server.shortLivedToken(alice)
                            : alice.token()));
            Call outgoing = aliceClient.call(bob.id(), CallType.AUDIO);
            Call incoming = bobEvents.incoming();
            incoming.answer();

            skipTo(aliceEvents, ConnectionState.RECONNECTING);
            skipTo(aliceEvents, ConnectionState.CONNECTED);
            assertEquals(2, supplied.get());
            assertTrue(aliceClient.session().orElseThrow().resumed());
            await(outgoing.answered());
            incoming.sendIceCandidate(candidate(1));
            assertEquals(candidate(1), aliceEvents.next("candidate").value());
            assertEquals(Call.State.CONNECTED, outgoing.state());
            bobClient.close();
        }
    }

    @Test
    void anExpiredTokenWithNoNewOneClosesTheClient() {
        try (SdkServer server = SdkServer.start()) {
            User alice = SdkServer.user("alice");
            SdkEvents events = new SdkEvents();
            String token = server.shortLivedToken(alice);
            DialtoneClient client = server.connect(DialtoneClient.builder().uri(server.uri()).token(token)
                    .listener(events));
            CloseInfo closed = await(client.closed());
            assertEquals(4010, closed.code());
            assertEquals(List.of("state CONNECTING", "state CONNECTED", "state CLOSED", "closed"), events.kinds());
        }
    }

    @Test
    void noReconnectAfterAnAuthenticationFailure() throws Exception {
        try (SdkServer server = SdkServer.start()) {
            User alice = SdkServer.user("alice");
            User bob = SdkServer.user("bob");
            AtomicInteger supplied = new AtomicInteger();
            SdkEvents aliceEvents = new SdkEvents();
            SdkEvents bobEvents = new SdkEvents();
            CapturingContainer sockets = new CapturingContainer();
            server.connect(bob, bobEvents);
            DialtoneClient client = server.connect(server.client(alice, aliceEvents).container(sockets)
                    .tokenSupplier(() -> supplied.incrementAndGet() == 1 ? alice.token() : "not-a-valid-token"));
            Call outgoing = client.call(bob.id(), CallType.AUDIO);
            bobEvents.incoming().answer();
            await(outgoing.answered());

            forceClose(sockets.last());

            CloseInfo closed = (CloseInfo) aliceEvents.next("closed").value();
            assertEquals(4001, closed.code(), closed::toString);
            assertEquals(CallEnd.of(Reason.CONNECTION_LOST, null), await(outgoing.ended()));
            assertEquals(ConnectionState.CLOSED, client.connectionState());
            assertEquals(2, supplied.get(), "one reconnect attempt, refused, and no more");
            assertEquals(2, sockets.uris.size(), "the first connection and one attempt");
            List<String> kinds = aliceEvents.kinds();
            assertEquals(List.of("ended CONNECTION_LOST", "state CLOSED", "closed"),
                    kinds.subList(kinds.size() - 3, kinds.size()), "onClosed is the last callback");
        }
    }

    @Test
    void aRefusedFirstConnectionFailsConnect() {
        try (SdkServer server = SdkServer.start()) {
            SdkEvents events = new SdkEvents();
            DialtoneClient client = server.track(DialtoneClient.builder().uri(server.uri()).token("garbage")
                    .listener(events).build());
            Throwable failure = awaitFailure(client.connect());
            ConnectionClosedException closed = assertInstanceOf(ConnectionClosedException.class, failure);
            assertEquals(4001, closed.closeInfo().code());
            assertEquals(4001, await(client.closed()).code());
            assertEquals(List.of("state CONNECTING", "state CLOSED", "closed"), events.kinds());
        }
    }

    @Test
    void aSessionThatCouldNotBeResumedEndsItsCallWithConnectionLost() throws Exception {
        // A resume grace far shorter than the reconnect delay: the session is gone when the client comes back.
        try (SdkServer server = SdkServer.start(engine -> engine.callPolicy(
                CallPolicy.defaults().withResumeGrace(Duration.ofMillis(100))))) {
            User alice = SdkServer.user("alice");
            User bob = SdkServer.user("bob");
            SdkEvents aliceEvents = new SdkEvents();
            SdkEvents bobEvents = new SdkEvents();
            CapturingContainer sockets = new CapturingContainer();
            DialtoneClient aliceClient = server.connect(server.client(alice, aliceEvents).container(sockets)
                    .reconnect(ReconnectPolicy.exponentialBackoff(Duration.ofMillis(1500), Duration.ofMillis(1500), 1,
                            0)));
            server.connect(bob, bobEvents);
            Call outgoing = aliceClient.call(bob.id(), CallType.AUDIO);
            Call incoming = bobEvents.incoming();
            incoming.answer();
            await(outgoing.answered());
            String oldSession = aliceClient.session().orElseThrow().sessionId();

            forceClose(sockets.last());

            assertEquals(CallEnd.of(Reason.PEER_DISCONNECTED, alice.id()), await(incoming.ended()));
            assertEquals(CallEnd.of(Reason.CONNECTION_LOST, null), await(outgoing.ended()));
            skipTo(aliceEvents, ConnectionState.CONNECTED);
            SessionInfo session = aliceClient.session().orElseThrow();
            assertFalse(session.resumed());
            assertFalse(oldSession.equals(session.sessionId()));
            // The new session works.
            Call again = aliceClient.call(bob.id(), CallType.AUDIO);
            bobEvents.incoming().reject();
            assertEquals(Reason.REJECTED, await(again.ended()).reason());
        }
    }
}
