package dev.dialtone.server.redis;

import static dev.dialtone.server.redis.ClusterSupport.OFFER;
import static dev.dialtone.server.redis.ClusterSupport.candidate;
import static dev.dialtone.server.redis.ClusterSupport.connect;
import static dev.dialtone.server.redis.ClusterSupport.freshUser;
import static dev.dialtone.server.redis.ClusterSupport.oneRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.Outcome;
import dev.dialtone.protocol.UserId;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failures: a node killed mid-call (its Redis connections and listener just close, no graceful shutdown), a graceful
 * shutdown of one node, and Redis restarted (empty) mid-call or unreachable for a while.
 */
class RedisClusterFailureTest {

    /** The fixture's node timeout (1 s) and heartbeat (200 ms), plus room for a slow machine. */
    private static final Duration FAILURE_BOUND = Duration.ofSeconds(4);

    private RedisServerProcess redis;
    private LocalCluster cluster;

    @BeforeEach
    void start() {
        redis = RedisServerProcess.start();
        try {
            cluster = ClusterSupport.cluster(redis, 3, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    @AfterEach
    void stop() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            redis.close();
        }
    }

    /**
     * Issue 8: the callee's node dies mid-call; the caller on a surviving node gets call_ended peer_disconnected
     * within the bound, and the call leaves exactly one record: completed, ended by the lost user (R6.4, R7.1).
     */
    @Test
    void nodeKilledMidCall() {
        URI n1 = cluster.node(0).webSocketUri();
        URI n2 = cluster.node(1).webSocketUri();
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, n1); TestClient b = connect(bob, n2)) {
            a.send("start_call", "callee_id", bob, "offer", OFFER);
            String callId = a.expect("call_ringing").path("call_id").asText();
            b.expect("incoming_call");
            b.send("answer_call", "call_id", callId);
            a.expect("call_answered");
            a.send("ice_candidate", "candidate", candidate(1));
            b.expect("ice_candidate");

            long killedAt = System.nanoTime();
            cluster.node(1).crash();
            b.awaitClosed();

            JsonNode ended = a.next(FAILURE_BOUND);
            Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
            assertTrue(ended != null, "no call_ended within " + FAILURE_BOUND);
            assertEquals("call_ended", ended.path("type").asText(), () -> "got " + ended);
            assertEquals("peer_disconnected", ended.path("reason").asText());
            assertEquals(callId, ended.path("call_id").asText());
            assertTrue(took.compareTo(FAILURE_BOUND) <= 0, "took " + took);
            System.out.println("node killed mid-call: call_ended peer_disconnected after " + took.toMillis() + " ms");

            CallRecord record = oneRecord(cluster, callId);
            assertEquals(Outcome.COMPLETED, record.outcome());
            assertEquals(UserId.of(bob), record.endedBy());

            // The survivor is free, and the lost user is offline everywhere.
            a.send("start_call", "callee_id", bob);
            a.expect("call_unavailable", "{\"reason\":\"offline\"}");
            long carol = freshUser();
            try (TestClient c = connect(carol, cluster.node(2).webSocketUri())) {
                a.send("start_call", "callee_id", carol);
                String next = a.expect("call_ringing").path("call_id").asText();
                c.expect("incoming_call");
                c.send("answer_call", "call_id", next);
                a.expect("call_answered");
                c.send("hang_up", "call_id", next);
                a.expect("call_hanged_up");
            }
            a.sync();
            assertEquals(1, cluster.records().savesOf(callId).size(), "still one record");
        }
    }

    /** R6.4 through a node's death: the caller's node dies while ringing; every ringing session is told; failed. */
    @Test
    void callerNodeKilledWhileRinging() {
        URI n1 = cluster.node(0).webSocketUri();
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, n1); TestClient phone = connect(bob, cluster.node(1).webSocketUri());
                TestClient laptop = connect(bob, cluster.node(2).webSocketUri())) {
            a.send("start_call", "callee_id", bob);
            String callId = a.expect("call_ringing").path("call_id").asText();
            phone.expect("incoming_call");
            laptop.expect("incoming_call");
            cluster.node(0).crash();
            JsonNode toPhone = phone.next(FAILURE_BOUND);
            JsonNode toLaptop = laptop.next(FAILURE_BOUND);
            for (JsonNode ended : new JsonNode[] {toPhone, toLaptop}) {
                assertTrue(ended != null, "no call_ended within " + FAILURE_BOUND);
                assertEquals("call_ended", ended.path("type").asText(), () -> "got " + ended);
                assertEquals("peer_disconnected", ended.path("reason").asText());
            }
            CallRecord record = oneRecord(cluster, callId);
            assertEquals(Outcome.FAILED, record.outcome());
            assertEquals(UserId.of(alice), record.endedBy());
            phone.sync();
            laptop.sync();
        }
    }

    /** A ringing call whose ring timer a dead node had taken still times out (the timer falls due again). */
    @Test
    void ringTimeoutStillFiresWhenNodesDie() {
        stop();
        redis = RedisServerProcess.start();
        cluster = ClusterSupport.cluster(redis, 3, Duration.ofMillis(1500),
                settings -> settings.timerLease(Duration.ofMillis(500)));
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, cluster.node(0).webSocketUri());
                TestClient b = connect(bob, cluster.node(1).webSocketUri())) {
            a.send("start_call", "callee_id", bob);
            String callId = a.expect("call_ringing").path("call_id").asText();
            b.expect("incoming_call");
            cluster.node(2).crash(); // a node that polled the timers too, with no party of the call
            a.expect("call_missed", "{\"call_id\":\"" + callId + "\"}");
            b.expect("call_missed", "{\"call_id\":\"" + callId + "\"}");
            assertEquals(Outcome.MISSED, oneRecord(cluster, callId).outcome());
        }
    }

    /**
     * R6.4 across nodes: the callee's connection to n2 drops and nobody resumes; its grace timer (in Redis, polled by
     * every node) fires once and the caller on n1 gets peer_disconnected; one record, ended by the callee.
     */
    @Test
    void graceExpiresAcrossNodes() {
        stop();
        redis = RedisServerProcess.start();
        cluster = LocalCluster.builder()
                .redisUri(redis.uri())
                .nodes(3)
                .engine(nodeId -> dev.dialtone.server.SignalingEngine.builder()
                        .authenticator(ClusterSupport.authenticator())
                        .callPolicy(dev.dialtone.protocol.CallPolicy.defaults()
                                .withResumeGrace(Duration.ofMillis(800))))
                .start();
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, cluster.node(0).webSocketUri())) {
            TestClient b = connect(bob, cluster.node(1).webSocketUri());
            a.send("start_call", "callee_id", bob);
            String callId = a.expect("call_ringing").path("call_id").asText();
            b.expect("incoming_call");
            b.send("answer_call", "call_id", callId);
            a.expect("call_answered");
            b.close();
            a.expect("call_ended", "{\"call_id\":\"" + callId + "\",\"reason\":\"peer_disconnected\"}");
            CallRecord record = oneRecord(cluster, callId);
            assertEquals(Outcome.COMPLETED, record.outcome());
            assertEquals(UserId.of(bob), record.endedBy());
            a.sync();
        }
    }

    /** R6.6 for one node of a cluster: its shutdown ends its calls (server_shutdown), others' calls go on. */
    @Test
    void gracefulShutdownOfOneNode() {
        URI n1 = cluster.node(0).webSocketUri();
        URI n2 = cluster.node(1).webSocketUri();
        URI n3 = cluster.node(2).webSocketUri();
        long alice = freshUser();
        long bob = freshUser();
        long carol = freshUser();
        long dave = freshUser();
        try (TestClient a = connect(alice, n1); TestClient b = connect(bob, n2); TestClient c = connect(carol, n2);
                TestClient d = connect(dave, n3)) {
            a.send("start_call", "callee_id", bob);
            String shutCall = a.expect("call_ringing").path("call_id").asText();
            b.expect("incoming_call");
            b.send("answer_call", "call_id", shutCall);
            a.expect("call_answered");
            c.send("start_call", "callee_id", dave);
            String otherCall = c.expect("call_ringing").path("call_id").asText();
            d.expect("incoming_call");
            d.send("answer_call", "call_id", otherCall);
            c.expect("call_answered");

            cluster.node(0).shutdown();
            a.expect("call_ended", "{\"reason\":\"server_shutdown\"}");
            a.expectClose(1001);
            b.expect("call_ended", "{\"call_id\":\"" + shutCall + "\",\"reason\":\"server_shutdown\"}");
            assertEquals(Outcome.COMPLETED, oneRecord(cluster, shutCall).outcome());

            c.send("media_state", "audio", false);
            d.expect("peer_media_state");
            d.send("hang_up", "call_id", otherCall);
            c.expect("call_hanged_up");
            assertEquals(Outcome.COMPLETED, oneRecord(cluster, otherCall).outcome());
            b.sync();
        }
    }

    /**
     * Issue 8: Redis restarted (empty) mid-call: during the outage an action gets error internal (not silently
     * dropped); afterwards the nodes put their sessions and the call back, the call goes on, ends with one record, and
     * a new call works.
     */
    @Test
    void redisRestartedMidCall() {
        URI n1 = cluster.node(0).webSocketUri();
        URI n2 = cluster.node(1).webSocketUri();
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, n1); TestClient b = connect(bob, n2)) {
            a.send("start_call", "callee_id", bob);
            String callId = a.expect("call_ringing").path("call_id").asText();
            b.expect("incoming_call");
            b.send("answer_call", "call_id", callId);
            a.expect("call_answered");

            redis.stop();
            a.send("ice_candidate", "candidate", candidate(1));
            a.expect("error", "{\"code\":\"internal\",\"action\":\"ice_candidate\"}");
            a.sync(); // the connection stays usable
            redis.startAgain();

            // The nodes reconnect and put the call back; poll (bounded) until a relay goes through.
            ClusterSupport.awaitRelayed(a, b);

            b.send("offer", "offer", OFFER);
            a.expect("call_offer", "{\"call_id\":\"" + callId + "\"}");
            a.send("hang_up", "call_id", callId);
            b.expect("call_hanged_up", "{\"call_id\":\"" + callId + "\"}");
            assertEquals(Outcome.COMPLETED, oneRecord(cluster, callId).outcome());

            // Presence and claims are back: a new call between the same users works, across nodes.
            b.send("start_call", "callee_id", alice);
            String next = b.expect("call_ringing").path("call_id").asText();
            a.expect("incoming_call", "{\"call_id\":\"" + next + "\"}");
            a.send("answer_call", "call_id", next);
            b.expect("call_answered");
            a.send("hang_up", "call_id", next);
            b.expect("call_hanged_up");
            assertEquals(Outcome.COMPLETED, oneRecord(cluster, next).outcome());
            assertEquals(1, cluster.records().savesOf(callId).size());
        }
    }

    /** A resume on another node after Redis restarted: the session directory was put back. */
    @Test
    void resumeOnAnotherNodeAfterRedisRestart() {
        URI n1 = cluster.node(0).webSocketUri();
        URI n3 = cluster.node(2).webSocketUri();
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, n1)) {
            TestClient b = connect(bob, n1);
            a.send("start_call", "callee_id", bob);
            String callId = a.expect("call_ringing").path("call_id").asText();
            b.expect("incoming_call");
            b.send("answer_call", "call_id", callId);
            a.expect("call_answered");

            redis.restart();
            ClusterSupport.awaitRelayed(a, b);

            long seen = b.lastSeq();
            String resumeToken = b.resumeToken();
            b.close();
            try (TestClient resumed = TestClient.resume("bob@n3", n3, ClusterSupport.token(bob), resumeToken, seen)) {
                assertTrue(resumed.welcome().path("resumed").asBoolean(), () -> "" + resumed.welcome());
                a.send("media_state", "video", true);
                resumed.expect("peer_media_state");
                resumed.send("hang_up", "call_id", callId);
                a.expect("call_hanged_up");
                oneRecord(cluster, callId);
            }
        }
    }
}
