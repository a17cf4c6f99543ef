package dev.dialtone.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dialtone.reference.internal.ServeCommand;
import dev.dialtone.reference.internal.UsageException;
import dev.dialtone.server.redis.RedisServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code dialtone serve --redis URI --node-id ID}: two servers of the command line act as one. */
class ServeClusterTest {

    private static final Map<String, String> ENV = Map.of("DIALTONE_JWT_SECRET", TestTokens.SECRET);

    @Test
    void parse_redisAndNodeId_fromFlagsOrEnvironment() throws Exception {
        ServeCommand.Options flags = ServeCommand.parse(List.of("--redis", "redis://127.0.0.1:6379", "--node-id",
                "n1"), Map.of());
        assertEquals("redis://127.0.0.1:6379", flags.redisUri());
        assertEquals("n1", flags.nodeId());
        ServeCommand.Options fromEnv = ServeCommand.parse(List.of(), Map.of("DIALTONE_REDIS", "redis://r:6379",
                "DIALTONE_NODE_ID", "n7"));
        assertEquals("redis://r:6379", fromEnv.redisUri());
        assertEquals("n7", fromEnv.nodeId());
        ServeCommand.Options defaultId = ServeCommand.parse(List.of("--redis", "redis://r:6379"), Map.of());
        assertTrue(defaultId.nodeId().matches("[A-Za-z0-9._-]{1,64}"), defaultId.nodeId());
        ServeCommand.Options single = ServeCommand.parse(List.of(), Map.of("DIALTONE_NODE_ID", "n1"));
        assertNull(single.redisUri(), "without --redis nothing changes");
        assertNull(single.nodeId());
        assertThrows(UsageException.class, () -> ServeCommand.parse(List.of("--node-id", "n1"), Map.of()));
        assertThrows(UsageException.class, () -> Main.serve(List.of("--port", "0", "--redis",
                "redis://127.0.0.1:6379", "--node-id", "not a node id"), System.out, ENV));
    }

    @Test
    void serve_twoNodes_callAcrossThem() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                DialtoneServer n1 = serve(redis.uri(), "n1");
                DialtoneServer n2 = serve(redis.uri(), "n2")) {
            long alice = TestTokens.freshUser();
            long bob = TestTokens.freshUser();
            try (TestClient a = TestClient.welcomed(n1.webSocketUri(), TestTokens.token(alice, "alice"));
                    TestClient b = TestClient.welcomed(n2.webSocketUri(), TestTokens.token(bob, "bob"))) {
                a.send("{\"action\":\"start_call\",\"callee_id\":" + bob + "}");
                String callId = a.expect("call_ringing").path("call_id").asText();
                JsonNode incoming = b.expect("incoming_call");
                assertEquals(callId, incoming.path("call_id").asText());
                b.send("{\"action\":\"answer_call\",\"call_id\":\"" + callId + "\"}");
                a.expect("call_answered");
                a.send("{\"action\":\"hang_up\",\"call_id\":\"" + callId + "\"}");
                b.expect("call_hanged_up");
            }
        }
    }

    private static DialtoneServer serve(URI redis, String nodeId) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DialtoneServer server = Main.serve(List.of("--port", "0", "--redis", redis.toString(), "--node-id", nodeId),
                new PrintStream(out, true, StandardCharsets.UTF_8), ENV);
        String banner = out.toString(StandardCharsets.UTF_8);
        assertTrue(banner.contains("cluster:   node " + nodeId + " on " + redis), banner);
        return server;
    }
}
