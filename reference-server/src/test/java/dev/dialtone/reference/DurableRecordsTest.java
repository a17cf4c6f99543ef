package dev.dialtone.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dialtone serve --db}: call records and history survive a restart of the server (R7.1, R7.3, R6.6). */
class DurableRecordsTest {

    private static final Map<String, String> ENV = Map.of("DIALTONE_JWT_SECRET", TestTokens.SECRET);

    @TempDir
    Path data;

    @Test
    void R7_1_recordsOfFinishedAndLiveCallsSurviveARestartWithDb() throws Exception {
        TestUser alice = TestUser.fresh("alice");
        TestUser bob = TestUser.fresh("bob");
        String hungUp;
        String liveAtShutdown;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DialtoneServer server = serve(out)) {
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("records:   " + data), out::toString);
            URI ws = server.webSocketUri();
            try (TestClient caller = alice.connect(ws); TestClient callee = bob.connect(ws)) {
                hungUp = answeredCall(caller, callee, alice, bob);
                caller.send("{\"action\": \"hang_up\", \"call_id\": \"" + hungUp + "\"}");
                callee.expect("call_hanged_up");
                liveAtShutdown = answeredCall(caller, callee, alice, bob);
                caller.sync();
                callee.sync();
            }
            // the sockets closed: the live call waits out its resume grace, still live when the server stops
        }
        try (DialtoneServer restarted = serve(new ByteArrayOutputStream());
                TestClient client = bob.connect(restarted.webSocketUri())) {
            client.send("{\"action\": \"get_call_history\"}");
            JsonNode records = client.expect("call_history").path("records");
            assertEquals(2, records.size(), records::toString);
            JsonNode newest = records.get(0);
            JsonNode oldest = records.get(1);
            assertEquals(liveAtShutdown, newest.path("call_id").asText());
            assertEquals("completed", newest.path("outcome").asText(), "ended by the shutdown (R6.6)");
            assertFalse(newest.has("ended_by"), newest::toString);
            assertEquals(hungUp, oldest.path("call_id").asText());
            assertEquals("completed", oldest.path("outcome").asText());
            assertEquals(alice.id(), oldest.path("ended_by").asLong());
            assertTrue(oldest.path("caller_id").isIntegralNumber(), "a numeric id stays a number (R1.4)");
        }
    }

    private DialtoneServer serve(ByteArrayOutputStream out) throws Exception {
        return Main.serve(List.of("--port", "0", "--db", data.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), ENV);
    }

    /** {@code caller} calls {@code callee}'s user, who answers; the call id. */
    private static String answeredCall(TestClient caller, TestClient callee, TestUser from, TestUser to) {
        caller.send("{\"action\": \"start_call\", \"callee_id\": " + to.id() + "}");
        String callId = caller.expect("call_ringing").path("call_id").asText();
        callee.expect("incoming_call");
        callee.send("{\"action\": \"answer_call\", \"call_id\": \"" + callId + "\", \"caller_id\": " + from.id()
                + "}");
        caller.expect("call_answered");
        return callId;
    }
}
