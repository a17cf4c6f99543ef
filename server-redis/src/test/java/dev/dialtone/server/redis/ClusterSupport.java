package dev.dialtone.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.JwtAuthenticator;
import dev.dialtone.server.JwtAuthenticator.Algorithm;
import dev.dialtone.server.JwtTokens;
import dev.dialtone.server.SignalingEngine;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/** Users, tokens and clusters for the cluster tests. */
final class ClusterSupport {

    static final String SECRET = "dialtone-server-redis-tests-0123456789abcdef";

    static final JwtTokens TOKENS = JwtTokens.builder()
            .hmacSecret(SECRET, Algorithm.HS256)
            .userIdClaim("user_id")
            .ttl(Duration.ofHours(1))
            .build();

    private static final AtomicLong NEXT_USER = new AtomicLong(5000);

    static final String OFFER = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 46117317 2 IN IP4 127.0.0.1\\r\\n\"}";
    static final String ANSWER = "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 57229428 2 IN IP4 127.0.0.1\\r\\n\"}";

    private ClusterSupport() {
    }

    static JwtAuthenticator authenticator() {
        return JwtAuthenticator.builder().hmacSecret(SECRET, Algorithm.HS256).build();
    }

    /** A cluster of {@code nodes} nodes on {@code redis}, each engine with this ring timeout. */
    static LocalCluster cluster(RedisServerProcess redis, int nodes, Duration ringTimeout) {
        return cluster(redis, nodes, ringTimeout, UnaryOperator.identity());
    }

    static LocalCluster cluster(RedisServerProcess redis, int nodes, Duration ringTimeout,
            UnaryOperator<RedisCluster.Builder> settings) {
        return LocalCluster.builder()
                .redisUri(redis.uri())
                .nodes(nodes)
                .engine(nodeId -> SignalingEngine.builder().authenticator(authenticator()).ringTimeout(ringTimeout))
                .cluster(settings)
                .start();
    }

    /** A user no other test uses. */
    static long freshUser() {
        return NEXT_USER.incrementAndGet();
    }

    static String token(long user) {
        return TOKENS.mint(UserId.of(user), "user" + user);
    }

    /** Connects a new session of {@code user} to {@code node}. */
    static TestClient connect(long user, URI node) {
        return TestClient.connect("user" + user + "@" + node.getPort(), node, token(user));
    }

    static String candidate(int n) {
        return "{\"candidate\":\"candidate:" + n + " 1 udp 2122260223 192.0.2." + n + " 5000" + n
                + " typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";
    }

    /** The one record saved for {@code callId}, waiting for it (records are saved right after the events). */
    static CallRecord oneRecord(LocalCluster cluster, String callId) {
        List<CallRecord> saves = cluster.records().awaitSaved(callId, TestClient.TIMEOUT);
        assertEquals(1, saves.size(), () -> "call " + callId + " saved " + saves.size() + " times: " + saves);
        return saves.get(0);
    }

    /**
     * After a Redis outage: sends {@code media_state} from {@code from} until its peer {@code to} gets it (the call is
     * known to Redis again), waiting on the clients' frames, bounded by {@link TestClient#TIMEOUT}. Errors to
     * {@code from} meanwhile ({@code internal}, or {@code unknown_call} before the call is put back) are expected.
     */
    static void awaitRelayed(TestClient from, TestClient to) {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            from.send("media_state", "audio", false);
            JsonNode refused = from.next(Duration.ofMillis(300));
            if (refused != null) {
                assertEquals("error", refused.path("type").asText(), () -> "got " + refused);
                continue;
            }
            JsonNode relayed = to.next(Duration.ofMillis(300));
            if (relayed != null) {
                assertEquals("peer_media_state", relayed.path("type").asText(), () -> "got " + relayed);
                return;
            }
        }
        throw new AssertionError("the call did not carry on after Redis came back");
    }
}
