package dev.dialtone.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dialtone.server.SignalingEngine;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The flows of seed 003 (the canonical wire protocol), replayed over a real WebSocket with the seed's exact JSON:
 * numeric ids in a {@code user_id} claim, every action as the seed writes it, and every seed field of every event
 * checked (extra fields, such as {@code call_id} and {@code seq}, are allowed). The caller learns the call id from
 * {@code call_ringing} (R2.4), which seed 003 needs but never hands over.
 */
class Seed003FlowTest {

    private static final String OFFER =
            "{\"type\": \"offer\", \"sdp\": \"v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\n\"}";
    private static final String ANSWER =
            "{\"type\": \"answer\", \"sdp\": \"v=0\\r\\no=- 8716541329470201733 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\n\"}";
    private static final String CALLER_CANDIDATE = "{\"candidate\": \"candidate:842163049 1 udp 1677729535 "
            + "192.0.2.10 54321 typ srflx raddr 0.0.0.0 rport 0\", \"sdpMid\": \"0\", \"sdpMLineIndex\": 0}";
    private static final String CALLEE_CANDIDATE = "{\"candidate\": \"candidate:1467250027 1 udp 2122260223 "
            + "198.51.100.7 46243 typ host\", \"sdpMid\": \"0\", \"sdpMLineIndex\": 0}";

    private static DialtoneServer server;
    private static URI ws;

    @BeforeAll
    static void start() throws IOException {
        server = DialtoneServer.builder()
                .engine(SignalingEngine.builder()
                        .authenticator(TestTokens.authenticator())
                        .ringTimeout(Duration.ofMillis(300)))
                .port(0)
                .build()
                .start();
        ws = server.webSocketUri();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void seed003_callAnswerOfferAnswerIceBothWaysHangUp() {
        TestUser alice = TestUser.fresh("alice");
        TestUser bob = TestUser.fresh("bob");
        long a = alice.id();
        long b = bob.id();
        try (TestClient caller = alice.connect(ws); TestClient callee = bob.connect(ws)) {
            // Step 1: initiating a call.
            caller.send("""
                    {
                      "action": "start_call",
                      "callee_id": %d
                    }""".formatted(b));
            String callId = caller.expect("call_ringing", "{\"callee_id\": %d}".formatted(b))
                    .path("call_id").asText();
            assertFalse(callId.isEmpty());

            // Step 2: the callee is told.
            JsonNode incoming = callee.expect("incoming_call", """
                    {
                      "call_id": "%s",
                      "caller_id": %d,
                      "caller_username": "alice"
                    }""".formatted(callId, a));
            assertEquals(callId, incoming.path("call_id").asText());

            // Step 3: answering.
            callee.send("""
                    {
                        "action": "answer_call",
                        "call_id": "%s",
                        "caller_id": %d
                    }""".formatted(callId, a));
            caller.expect("call_answered", """
                    {
                        "callee_id": %d
                    }""".formatted(b));

            // Step 4: offer and answer.
            caller.send("""
                    {
                      "action": "offer",
                      "callee_id": %d,
                      "offer": %s
                    }""".formatted(b, OFFER));
            callee.expect("call_offer", """
                    {
                      "offer": %s,
                      "caller_id": %d
                    }""".formatted(OFFER, a));
            callee.send("""
                    {
                      "action": "answer",
                      "caller_id": %d,
                      "answer": %s
                    }""".formatted(a, ANSWER));
            caller.expect("call_answer", """
                    {
                      "answer": %s,
                      "callee_id": %d
                    }""".formatted(ANSWER, b));

            // Step 5: ICE candidates, both ways.
            caller.send("""
                    {
                      "action": "ice_candidate",
                      "peer_id": %d,
                      "candidate": %s
                    }""".formatted(b, CALLER_CANDIDATE));
            callee.expect("ice_candidate", """
                    {
                      "candidate": %s,
                      "sender_id": %d
                    }""".formatted(CALLER_CANDIDATE, a));
            callee.send("""
                    {
                      "action": "ice_candidate",
                      "peer_id": %d,
                      "candidate": %s
                    }""".formatted(a, CALLEE_CANDIDATE));
            caller.expect("ice_candidate", """
                    {
                      "candidate": %s,
                      "sender_id": %d
                    }""".formatted(CALLEE_CANDIDATE, b));

            // Step 6: hanging up.
            callee.send("""
                    {
                      "action": "hang_up",
                      "peer_id": %d,
                      "call_id": "%s"
                    }""".formatted(a, callId));
            caller.expect("call_hanged_up", """
                    {
                      "hanged_up_by": %d
                    }""".formatted(b));

            // Nothing else reached either side.
            caller.sync();
            callee.sync();
        }
    }

    @Test
    void seed003_rejectingACall() {
        TestUser alice = TestUser.fresh("alice");
        TestUser bob = TestUser.fresh("bob");
        long a = alice.id();
        long b = bob.id();
        try (TestClient caller = alice.connect(ws); TestClient callee = bob.connect(ws)) {
            caller.send("""
                    {
                      "action": "start_call",
                      "callee_id": %d
                    }""".formatted(b));
            caller.expect("call_ringing", "{\"callee_id\": %d}".formatted(b));
            String callId = callee.expect("incoming_call", """
                    {
                      "caller_id": %d,
                      "caller_username": "alice"
                    }""".formatted(a)).path("call_id").asText();

            callee.send("""
                    {
                        "action": "reject_call",
                        "call_id": "%s",
                        "caller_id": %d
                    }""".formatted(callId, a));
            caller.expect("call_rejected", """
                    {
                        "callee_id": %d
                    }""".formatted(b));

            caller.sync();
            callee.sync();
        }
    }

    @Test
    void seed003_cancellingACall() {
        TestUser alice = TestUser.fresh("alice");
        TestUser bob = TestUser.fresh("bob");
        long a = alice.id();
        long b = bob.id();
        try (TestClient caller = alice.connect(ws); TestClient callee = bob.connect(ws)) {
            caller.send("""
                    {
                      "action": "start_call",
                      "callee_id": %d
                    }""".formatted(b));
            String callId = caller.expect("call_ringing", "{\"callee_id\": %d}".formatted(b))
                    .path("call_id").asText();
            callee.expect("incoming_call", """
                    {
                      "call_id": "%s",
                      "caller_id": %d,
                      "caller_username": "alice"
                    }""".formatted(callId, a));

            caller.send("""
                    {
                        "action": "cancel_call",
                        "call_id": "%s",
                        "callee_id": %d
                    }""".formatted(callId, b));
            callee.expect("call_cancelled", """
                    {
                        "caller_id": %d
                    }""".formatted(a));

            caller.sync();
            callee.sync();
        }
    }

    @Test
    void R6_1_unansweredCallIsMissedOnBothSides() {
        TestUser alice = TestUser.fresh("alice");
        TestUser bob = TestUser.fresh("bob");
        try (TestClient caller = alice.connect(ws); TestClient callee = bob.connect(ws)) {
            caller.send("{\"action\": \"start_call\", \"callee_id\": %d}".formatted(bob.id()));
            String callId = caller.expect("call_ringing").path("call_id").asText();
            callee.expect("incoming_call", "{\"call_id\": \"%s\"}".formatted(callId));
            // The 300 ms ring timeout fires; expect() waits for the event, up to a few seconds.
            String missed = "{\"call_id\": \"%s\", \"caller_id\": %d, \"callee_id\": %d}"
                    .formatted(callId, alice.id(), bob.id());
            caller.expect("call_missed", missed);
            callee.expect("call_missed", missed);
            caller.sync();
            callee.sync();
        }
        Calls.assertNormalCallWorks(ws);
    }
}
