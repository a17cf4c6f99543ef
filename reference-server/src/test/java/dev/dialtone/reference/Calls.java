package dev.dialtone.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dialtone.server.JwtTokens;
import java.net.URI;

/** Call flows the tests repeat: above all, that a plain call still works after something hostile happened. */
final class Calls {

    private Calls() {
    }

    /**
     * Two fresh users place, answer and hang up a call on the server at {@code webSocketUri}, in seed 003's words.
     */
    static void assertNormalCallWorks(URI webSocketUri) {
        assertNormalCallWorks(webSocketUri, TestTokens.SIMPLEJWT);
    }

    /** As {@link #assertNormalCallWorks(URI)}, with tokens from {@code tokens}. */
    static void assertNormalCallWorks(URI webSocketUri, JwtTokens tokens) {
        TestUser alice = TestUser.fresh("alice", tokens);
        TestUser bob = TestUser.fresh("bob", tokens);
        try (TestClient caller = alice.connect(webSocketUri); TestClient callee = bob.connect(webSocketUri)) {
            caller.send("{\"action\": \"start_call\", \"callee_id\": " + bob.id() + "}");
            JsonNode ringing = caller.expect("call_ringing", "{\"callee_id\": " + bob.id() + "}");
            String callId = ringing.path("call_id").asText();
            assertTrue(!callId.isEmpty(), () -> "call_ringing without call_id: " + ringing);
            callee.expect("incoming_call", "{\"call_id\": \"" + callId + "\", \"caller_id\": " + alice.id()
                    + ", \"caller_username\": \"alice\"}");
            callee.send("{\"action\": \"answer_call\", \"call_id\": \"" + callId + "\", \"caller_id\": " + alice.id()
                    + "}");
            caller.expect("call_answered", "{\"callee_id\": " + bob.id() + "}");
            caller.send("{\"action\": \"hang_up\", \"peer_id\": " + bob.id() + ", \"call_id\": \"" + callId + "\"}");
            callee.expect("call_hanged_up", "{\"hanged_up_by\": " + alice.id() + "}");
            caller.sync();
            callee.sync();
        }
    }
}
