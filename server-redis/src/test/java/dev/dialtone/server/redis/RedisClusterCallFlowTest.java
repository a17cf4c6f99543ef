package dev.dialtone.server.redis;

import static dev.dialtone.server.redis.ClusterSupport.ANSWER;
import static dev.dialtone.server.redis.ClusterSupport.OFFER;
import static dev.dialtone.server.redis.ClusterSupport.candidate;
import static dev.dialtone.server.redis.ClusterSupport.connect;
import static dev.dialtone.server.redis.ClusterSupport.freshUser;
import static dev.dialtone.server.redis.ClusterSupport.oneRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.Outcome;
import dev.dialtone.protocol.UserId;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every call flow with the caller on one node and the callee on another (three nodes, one Redis): the seed-003 flow,
 * reject, cancel, missed (the ring timer fires once though three nodes poll it), busy, offline, glare, and the ordering
 * guarantees of Appendix G across nodes.
 */
class RedisClusterCallFlowTest {

    private static RedisServerProcess redis;
    private static LocalCluster cluster;
    private static URI n1;
    private static URI n2;
    private static URI n3;

    @BeforeAll
    static void startCluster() {
        redis = RedisServerProcess.start();
        try {
            cluster = ClusterSupport.cluster(redis, 3, Duration.ofMillis(1500));
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        n1 = cluster.node(0).webSocketUri();
        n2 = cluster.node(1).webSocketUri();
        n3 = cluster.node(2).webSocketUri();
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            redis.close();
        }
    }

    /** Seed 003's flow, caller on n1 and callee on n2, with renegotiation and media state: R2.3-R2.10, R3.1-R4.1. */
    @Test
    void seed003FlowAcrossNodes() {
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, n1); TestClient b = connect(bob, n2)) {
            a.send("start_call", "callee_id", bob, "offer", OFFER);
            String callId = a.expect("call_ringing", "{\"callee_id\":" + bob + ",\"call_type\":\"audio\"}")
                    .path("call_id").asText();
            JsonNode incoming = b.expect("incoming_call", "{\"call_id\":\"" + callId + "\",\"caller_id\":" + alice
                    + ",\"caller_username\":\"user" + alice + "\"}");
            assertEquals(TestClient.parse(OFFER), incoming.get("offer"), "R3.8: the offer arrives unchanged");

            b.send("answer_call", "call_id", callId, "caller_id", alice, "answer", ANSWER);
            JsonNode answered = a.expect("call_answered", "{\"callee_id\":" + bob + ",\"call_id\":\"" + callId + "\"}");
            assertEquals(TestClient.parse(ANSWER), answered.get("answer"));

            // R3.9: candidates of one sender arrive in the order sent, across nodes.
            for (int i = 1; i <= 20; i++) {
                a.send("ice_candidate", "peer_id", bob, "candidate", candidate(i));
            }
            for (int i = 1; i <= 20; i++) {
                JsonNode ice = b.expect("ice_candidate", "{\"sender_id\":" + alice + ",\"call_id\":\"" + callId + "\"}");
                assertEquals(TestClient.parse(candidate(i)), ice.get("candidate"));
            }
            b.send("ice_candidate", "candidate", candidate(99));
            a.expect("ice_candidate", "{\"sender_id\":" + bob + "}");

            // R3.4: renegotiation, from the callee.
            b.send("offer", "offer", OFFER, "callee_id", alice);
            a.expect("call_offer", "{\"caller_id\":" + bob + ",\"call_id\":\"" + callId + "\"}");
            a.send("answer", "answer", ANSWER);
            b.expect("call_answer", "{\"callee_id\":" + alice + "}");
            a.send("media_state", "audio", false);
            b.expect("peer_media_state", "{\"user_id\":" + alice + ",\"audio\":false}");

            a.send("hang_up", "call_id", callId, "peer_id", bob);
            b.expect("call_hanged_up", "{\"hanged_up_by\":" + alice + ",\"call_id\":\"" + callId + "\"}");
            a.sync();
            b.sync();

            CallRecord record = oneRecord(cluster, callId);
            assertEquals(Outcome.COMPLETED, record.outcome());
            assertEquals(UserId.of(alice), record.endedBy());
            assertTrue(record.answeredAt() != null);

            // R4.5: the call is over everywhere.
            b.send("hang_up", "call_id", callId);
            b.expect("error", "{\"code\":\"unknown_call\"}");
        }
    }

    /**
     * R3.9 and R4.5 across nodes with relays committed as relays: both parties relay at once and each side's
     * candidates arrive in the order sent, the call's version stays as it was (a relay leaves the call as it is, so
     * relays on both nodes never conflict), and after a hang-up on the other node a relay run on this node's cached
     * copy of the call is refused with unknown_call, not relayed.
     */
    @Test
    void relaysAcrossNodesKeepTheirOrderLeaveTheVersionAndStopAtTheEnd() {
        long alice = freshUser();
        long bob = freshUser();
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.uri().toString());
        try (TestClient a = connect(alice, n1); TestClient b = connect(bob, n2);
                var redisConnection = client.connect()) {
            a.send("start_call", "callee_id", bob);
            String callId = a.expect("call_ringing").path("call_id").asText();
            b.expect("incoming_call");
            b.send("answer_call", "call_id", callId);
            a.expect("call_answered");
            String key = cluster.keyPrefix() + ":call:" + callId;
            String version = redisConnection.sync().hget(key, "v");
            for (int i = 1; i <= 10; i++) {
                a.send("ice_candidate", "peer_id", bob, "candidate", candidate(i));
                b.send("ice_candidate", "peer_id", alice, "candidate", candidate(100 + i));
            }
            for (int i = 1; i <= 10; i++) {
                assertEquals(TestClient.parse(candidate(i)), b.expect("ice_candidate").get("candidate"));
                assertEquals(TestClient.parse(candidate(100 + i)), a.expect("ice_candidate").get("candidate"));
            }
            assertEquals(version, redisConnection.sync().hget(key, "v"), "relays left the version alone");
            b.send("hang_up", "call_id", callId);
            a.expect("call_hanged_up");
            a.send("ice_candidate", "peer_id", bob, "candidate", candidate(50));
            a.expect("error", "{\"code\":\"unknown_call\"}");
            b.sync(); // the pong comes next: nothing was relayed to bob after his hang-up
        } finally {
            client.shutdown();
        }
    }

    /** Appendix G.1: the answer to start_call (published through Redis) comes before the pong of the next ping. */
    @Test
    void answersComeInTheOrderOfTheActions() {
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, n1); TestClient b = connect(bob, n3)) {
            for (int round = 0; round < 5; round++) {
                a.send("start_call", "callee_id", bob);
                a.send("ping", "nonce", "after-start-" + round);
                String callId = a.expect("call_ringing").path("call_id").asText();
                a.expect("pong", "{\"nonce\":\"after-start-" + round + "\"}");
                b.expect("incoming_call");
                a.send("cancel_call", "call_id", callId);
                a.send("ping", "nonce", "after-cancel-" + round);
                a.expect("pong");
                b.expect("call_cancelled", "{\"call_id\":\"" + callId + "\"}");
                oneRecord(cluster, callId);
            }
        }
    }

    /** R4.2: a reject on n2 reaches the caller on n1; record rejected, by the callee. */
    @Test
    void rejectAcrossNodes() {
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, n1); TestClient b = connect(bob, n2)) {
            a.send("start_call", "callee_id", bob, "call_type", "video");
            String callId = a.expect("call_ringing", "{\"call_type\":\"video\"}").path("call_id").asText();
            b.expect("incoming_call", "{\"call_type\":\"video\"}");
            b.send("reject_call", "call_id", callId, "caller_id", alice);
            a.expect("call_rejected", "{\"callee_id\":" + bob + ",\"call_id\":\"" + callId + "\"}");
            CallRecord record = oneRecord(cluster, callId);
            assertEquals(Outcome.REJECTED, record.outcome());
            assertEquals(UserId.of(bob), record.endedBy());
            // Both are free again: a new call rings.
            b.send("start_call", "callee_id", alice);
            a.expect("incoming_call");
            String again = b.expect("call_ringing").path("call_id").asText();
            b.send("cancel_call", "call_id", again);
            a.expect("call_cancelled");
        }
    }

    /** R4.3: a cancel on n2 reaches the callee on n3; record cancelled, by the caller. */
    @Test
    void cancelAcrossNodes() {
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, n2); TestClient b = connect(bob, n3)) {
            a.send("start_call", "callee_id", bob);
            String callId = a.expect("call_ringing").path("call_id").asText();
            b.expect("incoming_call");
            a.send("cancel_call", "call_id", callId, "callee_id", bob);
            b.expect("call_cancelled", "{\"caller_id\":" + alice + ",\"call_id\":\"" + callId + "\"}");
            CallRecord record = oneRecord(cluster, callId);
            assertEquals(Outcome.CANCELLED, record.outcome());
            assertEquals(UserId.of(alice), record.endedBy());
            b.send("answer_call", "call_id", callId);
            b.expect("error", "{\"code\":\"unknown_call\"}");
        }
    }

    /** R6.1: the ring timer fires once for the cluster though three nodes poll it: one call_missed each, one record. */
    @Test
    void missedOnceAcrossNodes() {
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, n1); TestClient b1 = connect(bob, n2); TestClient b2 = connect(bob, n3)) {
            a.send("start_call", "callee_id", bob);
            String callId = a.expect("call_ringing").path("call_id").asText();
            b1.expect("incoming_call");
            b2.expect("incoming_call");
            String missed = "{\"call_id\":\"" + callId + "\",\"caller_id\":" + alice + ",\"callee_id\":" + bob + "}";
            a.expect("call_missed", missed);
            b1.expect("call_missed", missed);
            b2.expect("call_missed", missed);
            CallRecord record = oneRecord(cluster, callId);
            assertEquals(Outcome.MISSED, record.outcome());
            assertEquals(null, record.endedBy());
            a.sync();
            b1.sync();
            b2.sync();
            assertEquals(1, cluster.records().savesOf(callId).size());
        }
    }

    /** R2.6: a callee in a call on other nodes is busy; R2.8: a caller in a call gets invalid_state. */
    @Test
    void busyAcrossNodes() {
        long alice = freshUser();
        long bob = freshUser();
        long carol = freshUser();
        try (TestClient a = connect(alice, n1); TestClient b = connect(bob, n2); TestClient c = connect(carol, n3)) {
            b.send("start_call", "callee_id", carol);
            String busyCall = b.expect("call_ringing").path("call_id").asText();
            c.expect("incoming_call");

            a.send("start_call", "callee_id", bob);
            JsonNode unavailable = a.expect("call_unavailable", "{\"callee_id\":" + bob + ",\"reason\":\"busy\"}");
            String attempt = unavailable.path("call_id").asText();
            assertEquals(Outcome.BUSY, oneRecord(cluster, attempt).outcome());

            a.send("start_call", "callee_id", carol);
            a.expect("call_unavailable", "{\"reason\":\"busy\"}");

            b.send("start_call", "callee_id", alice);
            b.expect("error", "{\"code\":\"invalid_state\",\"action\":\"start_call\"}");
            b.send("cancel_call", "call_id", busyCall);
            c.expect("call_cancelled");
            a.sync();
        }
    }

    /** R2.5: a callee with no session on any node is offline; R2.7: calling oneself. */
    @Test
    void offlineAndSelf() {
        long alice = freshUser();
        long nobody = freshUser();
        try (TestClient a = connect(alice, n2)) {
            a.send("start_call", "callee_id", nobody);
            String attempt = a.expect("call_unavailable", "{\"callee_id\":" + nobody + ",\"reason\":\"offline\"}")
                    .path("call_id").asText();
            assertEquals(Outcome.OFFLINE, oneRecord(cluster, attempt).outcome());
            a.send("start_call", "callee_id", alice);
            JsonNode self = a.expect("call_unavailable", "{\"reason\":\"self\"}");
            assertFalse(self.has("call_id"));
        }
        // A user whose only session closed is offline for the other nodes at once.
        long bob = freshUser();
        TestClient gone = connect(bob, n3);
        gone.close();
        try (TestClient a = connect(alice, n1)) {
            a.send("start_call", "callee_id", bob);
            a.expect("call_unavailable", "{\"reason\":\"offline\"}");
        }
    }

    /** R5.4: glare across nodes: no second call, the pending call's id; answering it connects. */
    @Test
    void glareAcrossNodes() {
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, n1); TestClient b = connect(bob, n2)) {
            a.send("start_call", "callee_id", bob);
            String callId = a.expect("call_ringing").path("call_id").asText();
            b.expect("incoming_call");
            b.send("start_call", "callee_id", alice, "offer", OFFER);
            b.expect("call_unavailable", "{\"callee_id\":" + alice + ",\"reason\":\"glare\",\"call_id\":\"" + callId
                    + "\"}");
            a.sync();
            b.send("answer_call", "call_id", callId);
            a.expect("call_answered", "{\"call_id\":\"" + callId + "\"}");
            b.send("hang_up", "call_id", callId);
            a.expect("call_hanged_up");
            assertEquals(Outcome.COMPLETED, oneRecord(cluster, callId).outcome());
        }
    }

    /** R6.5: candidates the caller sent while ringing reach the callee on another node in order, after the answer. */
    @Test
    void bufferedCandidatesAcrossNodes() {
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, n3); TestClient b = connect(bob, n1)) {
            a.send("start_call", "callee_id", bob);
            String callId = a.expect("call_ringing").path("call_id").asText();
            b.expect("incoming_call");
            for (int i = 1; i <= 5; i++) {
                a.send("ice_candidate", "candidate", candidate(i));
            }
            a.sync();
            b.send("answer_call", "call_id", callId);
            a.expect("call_answered");
            for (int i = 1; i <= 5; i++) {
                assertEquals(TestClient.parse(candidate(i)), b.expect("ice_candidate").get("candidate"));
            }
            a.send("hang_up", "call_id", callId);
            b.expect("call_hanged_up");
        }
    }

    /** R8.8: the start_call rate is counted across the user's sessions on every node (10 per 60 s). */
    @Test
    void rateLimitCountsEveryNode() {
        long alice = freshUser();
        try (TestClient onN1 = connect(alice, n1); TestClient onN2 = connect(alice, n2)) {
            for (int i = 0; i < 10; i++) {
                TestClient from = i % 2 == 0 ? onN1 : onN2;
                from.send("start_call", "callee_id", freshUser());
                from.expect("call_unavailable", "{\"reason\":\"offline\"}");
            }
            onN2.send("start_call", "callee_id", freshUser());
            onN2.expect("error", "{\"code\":\"rate_limited\",\"action\":\"start_call\"}");
            onN1.send("start_call", "callee_id", freshUser());
            onN1.expect("error", "{\"code\":\"rate_limited\"}");
        }
    }

    /** R3.6, R8.12: a stranger on another node cannot touch the call. */
    @Test
    void strangersCannotTouchTheCall() {
        long alice = freshUser();
        long bob = freshUser();
        long mallory = freshUser();
        try (TestClient a = connect(alice, n1); TestClient b = connect(bob, n2); TestClient m = connect(mallory, n3)) {
            a.send("start_call", "callee_id", bob);
            String callId = a.expect("call_ringing").path("call_id").asText();
            b.expect("incoming_call");
            m.send("answer_call", "call_id", callId);
            m.expect("error", "{\"code\":\"not_a_party\",\"call_id\":\"" + callId + "\"}");
            m.send("cancel_call", "call_id", callId);
            m.expect("error", "{\"code\":\"not_a_party\"}");
            b.send("answer_call", "call_id", callId);
            a.expect("call_answered");
            m.send("hang_up", "call_id", callId);
            m.expect("error", "{\"code\":\"not_a_party\"}");
            a.send("hang_up", "call_id", callId);
            b.expect("call_hanged_up");
            a.sync();
            b.sync();
        }
    }
}
