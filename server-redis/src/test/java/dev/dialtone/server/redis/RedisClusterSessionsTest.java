package dev.dialtone.server.redis;

import static dev.dialtone.server.redis.ClusterSupport.ANSWER;
import static dev.dialtone.server.redis.ClusterSupport.OFFER;
import static dev.dialtone.server.redis.ClusterSupport.candidate;
import static dev.dialtone.server.redis.ClusterSupport.connect;
import static dev.dialtone.server.redis.ClusterSupport.freshUser;
import static dev.dialtone.server.redis.ClusterSupport.oneRecord;
import static dev.dialtone.server.redis.ClusterSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dialtone.protocol.Outcome;
import dev.dialtone.protocol.UserId;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A user with sessions on several nodes (R5.1-R5.3: answered or rejected elsewhere, the first answer wins across
 * nodes) and resume on another node than the one the connection dropped from (R6.3, R6.10).
 */
class RedisClusterSessionsTest {

    private static RedisServerProcess redis;
    private static LocalCluster cluster;
    private static URI n1;
    private static URI n2;
    private static URI n3;

    @BeforeAll
    static void startCluster() {
        redis = RedisServerProcess.start();
        try {
            cluster = ClusterSupport.cluster(redis, 3, Duration.ofSeconds(30));
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

    /** R5.1, R5.2: the callee's sessions on n1 and n2 both ring; n2 answers; n1 gets answered_elsewhere. */
    @Test
    void answeredElsewhereAcrossNodes() {
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, n3); TestClient phone = connect(bob, n1);
                TestClient laptop = connect(bob, n2)) {
            a.send("start_call", "callee_id", bob);
            String callId = a.expect("call_ringing").path("call_id").asText();
            phone.expect("incoming_call", "{\"call_id\":\"" + callId + "\"}");
            laptop.expect("incoming_call", "{\"call_id\":\"" + callId + "\"}");
            laptop.send("answer_call", "call_id", callId, "answer", ANSWER);
            a.expect("call_answered", "{\"call_id\":\"" + callId + "\"}");
            phone.expect("call_ended", "{\"call_id\":\"" + callId + "\",\"reason\":\"answered_elsewhere\"}");
            // R5.6: only the bound sessions are parties now.
            phone.send("hang_up", "call_id", callId);
            phone.expect("error", "{\"code\":\"not_a_party\"}");
            phone.send("answer_call", "call_id", callId);
            phone.expect("error", "{\"code\":\"invalid_state\"}");
            a.send("offer", "offer", OFFER);
            laptop.expect("call_offer");
            laptop.send("hang_up", "call_id", callId);
            a.expect("call_hanged_up", "{\"hanged_up_by\":" + bob + "}");
            assertEquals(Outcome.COMPLETED, oneRecord(cluster, callId).outcome());
            phone.sync();
        }
    }

    /** R5.2: two sessions on two nodes answer at once: exactly one wins, atomically across nodes. */
    @Test
    void firstAnswerWinsAcrossNodes() {
        for (int round = 0; round < 5; round++) {
            long alice = freshUser();
            long bob = freshUser();
            try (TestClient a = connect(alice, n3); TestClient phone = connect(bob, n1);
                    TestClient laptop = connect(bob, n2)) {
                a.send("start_call", "callee_id", bob);
                String callId = a.expect("call_ringing").path("call_id").asText();
                phone.expect("incoming_call");
                laptop.expect("incoming_call");
                phone.send("answer_call", "call_id", callId);
                laptop.send("answer_call", "call_id", callId);
                a.expect("call_answered", "{\"call_id\":\"" + callId + "\"}");
                List<String> phoneSaw = typesUntilSync(phone);
                List<String> laptopSaw = typesUntilSync(laptop);
                boolean phoneLost = phoneSaw.contains("call_ended");
                boolean laptopLost = laptopSaw.contains("call_ended");
                assertTrue(phoneLost != laptopLost, () -> "exactly one session loses: phone " + phoneSaw + ", laptop "
                        + laptopSaw);
                List<String> loser = phoneLost ? phoneSaw : laptopSaw;
                assertEquals(List.of("call_ended", "error"), loser, "the loser is told, then its answer is refused");
                assertEquals(List.of(), phoneLost ? laptopSaw : phoneSaw, "the winner gets nothing more");
                a.sync();
                TestClient winner = phoneLost ? laptop : phone;
                winner.send("hang_up", "call_id", callId);
                a.expect("call_hanged_up");
                oneRecord(cluster, callId);
            }
        }
    }

    /** R5.3: a reject from the session on n2 rejects for all: n1's session gets rejected_elsewhere. */
    @Test
    void rejectedElsewhereAcrossNodes() {
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, n1); TestClient phone = connect(bob, n2);
                TestClient laptop = connect(bob, n3)) {
            a.send("start_call", "callee_id", bob);
            String callId = a.expect("call_ringing").path("call_id").asText();
            phone.expect("incoming_call");
            laptop.expect("incoming_call");
            phone.send("reject_call", "call_id", callId);
            a.expect("call_rejected");
            laptop.expect("call_ended", "{\"reason\":\"rejected_elsewhere\"}");
            assertEquals(Outcome.REJECTED, oneRecord(cluster, callId).outcome());
        }
    }

    /** R5.1: a session that connects on another node after the call was placed does not ring. */
    @Test
    void lateSessionDoesNotRing() {
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, n1); TestClient phone = connect(bob, n2)) {
            a.send("start_call", "callee_id", bob);
            String callId = a.expect("call_ringing").path("call_id").asText();
            phone.expect("incoming_call");
            try (TestClient late = connect(bob, n3)) {
                late.send("answer_call", "call_id", callId);
                late.expect("error", "{\"code\":\"not_a_party\"}");
            }
            a.send("cancel_call", "call_id", callId);
            phone.expect("call_cancelled");
        }
    }

    /**
     * R6.3, R6.10: the callee's connection to n2 drops mid-call; it resumes on n1 with its token and last seq; it gets
     * the same session, the events sent while it was away in order with unbroken seq, and the call goes on.
     */
    @Test
    void resumeOnAnotherNode() {
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, n1)) {
            TestClient b = connect(bob, n2);
            a.send("start_call", "callee_id", bob);
            String callId = a.expect("call_ringing").path("call_id").asText();
            b.expect("incoming_call");
            b.send("answer_call", "call_id", callId);
            a.expect("call_answered");
            a.send("ice_candidate", "candidate", candidate(1));
            b.expect("ice_candidate");
            long seenByB = b.lastSeq();
            String sessionId = b.sessionId();
            String resumeToken = b.resumeToken();
            b.close();

            // Sent while b is detached on n2: kept there for replay.
            for (int i = 2; i <= 4; i++) {
                a.send("ice_candidate", "candidate", candidate(i));
            }
            a.send("media_state", "video", false);
            a.sync();

            try (TestClient resumed = TestClient.resume("bob-resumed@n1", n1, token(bob), resumeToken, seenByB)) {
                JsonNode welcome = resumed.welcome();
                assertTrue(welcome.path("resumed").asBoolean(), () -> "resumed: " + welcome);
                assertEquals(sessionId, welcome.path("session_id").asText(), "the same session (R6.3)");
                for (int i = 2; i <= 4; i++) {
                    assertEquals(TestClient.parse(candidate(i)), resumed.expect("ice_candidate").get("candidate"));
                }
                resumed.expect("peer_media_state", "{\"video\":false}");
                // New events continue the sequence, on the new node.
                a.send("offer", "offer", OFFER);
                resumed.expect("call_offer");
                resumed.send("answer", "answer", ANSWER);
                a.expect("call_answer");
                resumed.send("hang_up", "call_id", callId);
                a.expect("call_hanged_up", "{\"hanged_up_by\":" + bob + "}");
                assertEquals(Outcome.COMPLETED, oneRecord(cluster, callId).outcome());
                resumed.sync();
            }
        }
    }

    /**
     * R6.3: a resume on n3 while the old connection on n1 is still open (half-open): the old one is closed with 4009
     * and the session is not detached; events go on to the new connection.
     */
    @Test
    void resumeOnAnotherNodeTakesOverAnOpenConnection() {
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, n2); TestClient old = connect(bob, n1)) {
            a.send("start_call", "callee_id", bob);
            String callId = a.expect("call_ringing").path("call_id").asText();
            old.expect("incoming_call");
            try (TestClient fresh = TestClient.resume("bob-new@n3", n3, token(bob), old.resumeToken(),
                    old.lastSeq())) {
                assertTrue(fresh.welcome().path("resumed").asBoolean());
                old.expectClose(4009);
                fresh.sync();
                fresh.send("answer_call", "call_id", callId);
                a.expect("call_answered");
                a.send("ice_candidate", "candidate", candidate(7));
                assertEquals(TestClient.parse(candidate(7)), fresh.expect("ice_candidate").get("candidate"));
                a.send("hang_up", "call_id", callId);
                fresh.expect("call_hanged_up");
            }
        }
    }

    /** R6.3: a resume token that no node holds, or one of another user, gives a new session. */
    @Test
    void unknownOrForeignResumeTokenGivesANewSession() {
        long bob = freshUser();
        long eve = freshUser();
        try (TestClient b = connect(bob, n1)) {
            try (TestClient stranger = TestClient.resume("eve@n2", n2, token(eve), b.resumeToken(), 0)) {
                assertFalse(stranger.welcome().path("resumed").asBoolean());
                assertNotEquals(b.sessionId(), stranger.sessionId());
            }
            try (TestClient unknown = TestClient.resume("bob@n3", n3, token(bob), "no-such-token", 0)) {
                assertFalse(unknown.welcome().path("resumed").asBoolean());
            }
            b.sync(); // b's session was not affected
        }
    }

    /** Resumes hop across all three nodes; seq never breaks. */
    @Test
    void resumeHopsAcrossNodes() {
        long alice = freshUser();
        long bob = freshUser();
        try (TestClient a = connect(alice, n1)) {
            TestClient b = connect(bob, n1);
            a.send("start_call", "callee_id", bob);
            String callId = a.expect("call_ringing").path("call_id").asText();
            b.expect("incoming_call");
            b.send("answer_call", "call_id", callId);
            a.expect("call_answered");
            List<URI> hops = List.of(n2, n3, n1, n2);
            for (int hop = 0; hop < hops.size(); hop++) {
                long seen = b.lastSeq();
                String resumeToken = b.resumeToken();
                b.close();
                a.send("media_state", "audio", hop % 2 == 0);
                a.sync();
                b = TestClient.resume("bob-hop" + hop, hops.get(hop), token(bob), resumeToken, seen);
                assertTrue(b.welcome().path("resumed").asBoolean(), "hop " + hop);
                b.expect("peer_media_state", "{\"audio\":" + (hop % 2 == 0) + "}");
            }
            b.send("hang_up", "call_id", callId);
            a.expect("call_hanged_up");
            b.close();
            assertEquals(UserId.of(bob), oneRecord(cluster, callId).endedBy());
        }
    }

    /** The frames a client gets until a ping's pong, by type. */
    private static List<String> typesUntilSync(TestClient client) {
        client.send("ping", "nonce", "until-sync");
        List<String> types = new ArrayList<>();
        while (true) {
            JsonNode frame = client.next(TestClient.TIMEOUT);
            if (frame == null) {
                throw new AssertionError(client + ": no pong");
            }
            String type = frame.path("type").asText();
            if (type.equals("pong") && "until-sync".equals(frame.path("nonce").asText())) {
                return types;
            }
            types.add(type);
        }
    }
}
