package dev.dialtone.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dialtone.server.SignalingEngine;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Section 8 over a real socket: bad input gets an {@code error} event and the connection stays usable (R8.1-R8.4);
 * oversize frames (R8.15) and floods (R8.16) close the socket with their code. After each hostile case a normal call
 * still works on the same server (R8.12).
 */
class ErrorAndLimitRulesTest {

    private static DialtoneServer server;
    private static URI ws;

    @BeforeAll
    static void start() throws IOException {
        server = DialtoneServer.builder()
                .engine(SignalingEngine.builder().authenticator(TestTokens.authenticator()))
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
    void R8_2_malformedJsonGetsBadJsonAndTheConnectionStillWorks() {
        TestUser alice = TestUser.fresh("alice");
        try (TestClient client = alice.connect(ws)) {
            for (String frame : new String[] {"{not json", "", "[1, 2]", "42", "\"start_call\"", "null",
                    "{\"action\": \"ping\"} trailing", "{\"action\": \"ping\",}"}) {
                client.send(frame);
                JsonNode error = client.expect("error", "{\"code\": \"bad_json\"}");
                assertFalse(error.path("message").asText().isEmpty(), error::toString);
            }
            client.sync();
            assertCallWorksFrom(client, alice);
        }
        Calls.assertNormalCallWorks(ws);
    }

    @Test
    void R8_3_unknownActionGetsUnknownActionAndTheConnectionStillWorks() {
        TestUser alice = TestUser.fresh("alice");
        try (TestClient client = alice.connect(ws)) {
            client.send("{\"action\": \"dance\", \"callee_id\": 2}");
            client.expect("error", "{\"code\": \"unknown_action\", \"action\": \"dance\"}");
            client.send("{\"type\": \"start_call\", \"callee_id\": 2}");
            client.expect("error", "{\"code\": \"unknown_action\"}");
            client.send("{\"action\": 7}");
            client.expect("error", "{\"code\": \"unknown_action\"}");
            client.sync();
            assertCallWorksFrom(client, alice);
        }
        Calls.assertNormalCallWorks(ws);
    }

    @Test
    void R8_4_missingOrWronglyTypedFieldsGetInvalidMessageAndTheConnectionStillWorks() {
        TestUser alice = TestUser.fresh("alice");
        try (TestClient client = alice.connect(ws)) {
            String[][] cases = {
                {"{\"action\": \"start_call\"}", "start_call", "callee_id"},
                {"{\"action\": \"start_call\", \"callee_id\": true}", "start_call", "callee_id"},
                {"{\"action\": \"start_call\", \"callee_id\": {\"id\": 2}}", "start_call", "callee_id"},
                {"{\"action\": \"start_call\", \"callee_id\": 2, \"call_type\": \"fax\"}", "start_call", "call_type"},
                {"{\"action\": \"answer_call\"}", "answer_call", "call_id"},
                {"{\"action\": \"answer_call\", \"call_id\": 12}", "answer_call", "call_id"},
                {"{\"action\": \"hang_up\", \"peer_id\": 2}", "hang_up", "call_id"},
                {"{\"action\": \"offer\", \"callee_id\": 2}", "offer", "offer"},
                {"{\"action\": \"ice_candidate\", \"peer_id\": 2, \"candidate\": \"text\"}", "ice_candidate",
                    "candidate"},
            };
            for (String[] bad : cases) {
                client.send(bad[0]);
                JsonNode error = client.expect("error");
                assertEquals("invalid_message", error.path("code").asText(), () -> bad[0] + " -> " + error);
                assertEquals(bad[1], error.path("action").asText(), () -> bad[0] + " -> " + error);
                assertEquals(bad[2], error.path("field").asText(), () -> bad[0] + " -> " + error);
            }
            client.sync();
            assertCallWorksFrom(client, alice);
        }
        Calls.assertNormalCallWorks(ws);
    }

    @Test
    void R8_15_frameOverTheLimitClosesWith1009() {
        TestUser alice = TestUser.fresh("alice");
        try (TestClient client = alice.connect(ws)) {
            String nonce = "x".repeat(server.engine().maxFrameBytes());
            client.trySend("{\"action\": \"ping\", \"nonce\": \"" + nonce + "\"}");
            client.expectClose(1009);
        }
        // A frame just under the limit is fine (unknown fields are ignored, R1.10).
        TestUser bob = TestUser.fresh("bob");
        try (TestClient client = bob.connect(ws)) {
            String padding = "y".repeat(server.engine().maxFrameBytes() - 100);
            client.send("{\"action\": \"ping\", \"nonce\": \"n\", \"padding\": \"" + padding + "\"}");
            client.expect("pong", "{\"nonce\": \"n\"}");
            client.sync();
        }
        Calls.assertNormalCallWorks(ws);
    }

    @Test
    void R8_16_floodClosesWith4008() {
        TestUser alice = TestUser.fresh("alice");
        try (TestClient client = alice.connect(ws)) {
            // Bursts of 25 pings, far over the default 100 per second, each burst answered before the next: when the
            // server closes, only a few small frames are in flight, so the client's TCP stack has nothing large to
            // reset the connection over and the close frame with its code arrives (not 1006).
            for (int round = 0; round < 100 && client.pingBurst(25); round++) {
                // keep flooding until the server closes
            }
            client.expectClose(4008);
        }
        Calls.assertNormalCallWorks(ws);
    }

    /** The client places a call to a fresh user, who rejects it: the connection is fully usable. */
    private static void assertCallWorksFrom(TestClient caller, TestUser callerUser) {
        TestUser bob = TestUser.fresh("bob");
        try (TestClient callee = bob.connect(ws)) {
            caller.send("{\"action\": \"start_call\", \"callee_id\": %d}".formatted(bob.id()));
            String callId = caller.expect("call_ringing").path("call_id").asText();
            callee.expect("incoming_call", "{\"call_id\": \"%s\", \"caller_id\": %d}".formatted(callId,
                    callerUser.id()));
            callee.send("{\"action\": \"reject_call\", \"call_id\": \"%s\", \"caller_id\": %d}".formatted(callId,
                    callerUser.id()));
            caller.expect("call_rejected", "{\"callee_id\": %d}".formatted(bob.id()));
            caller.sync();
        }
    }
}
