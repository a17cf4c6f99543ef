package dev.dialtone.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.CloseCode;
import dev.dialtone.protocol.Outcome;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.EngineHarness.Client;
import dev.dialtone.server.spi.RateLimitPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's rules, driven without sockets on manual time. Names carry the rule of docs/protocol.md they pin. */
class SignalingEngineTest {

    private EngineHarness harness = new EngineHarness();

    @AfterEach
    void shutDown() {
        harness.close();
    }

    private Client[] connectedCall() {
        Client alice = harness.join("n:1");
        Client bob = harness.join("n:2");
        alice.send("{\"action\":\"start_call\",\"callee_id\":2}");
        bob.take("incoming_call");
        alice.take("call_ringing");
        bob.send("{\"action\":\"answer_call\",\"call_id\":\"call-1\",\"caller_id\":1}");
        alice.take("call_answered");
        return new Client[] {alice, bob};
    }

    @Test
    void R1_6_welcomeIsTheFirstEventAndCarriesSessionFacts() {
        Client alice = harness.connect("n:1");
        JsonNode welcome = alice.take("welcome");
        assertEquals(1, welcome.get("user_id").asInt());
        assertTrue(welcome.get("user_id").isNumber(), "R1.4: a numeric id stays a number");
        assertEquals("s1", welcome.get("session_id").asText());
        assertEquals(1, welcome.get("protocol_version").asInt());
        assertEquals(30_000, welcome.get("ring_timeout_ms").asLong());
        assertEquals(20_000, welcome.get("resume_grace_ms").asLong());
        assertEquals("resume-1", welcome.get("resume_token").asText());
        assertFalse(welcome.get("resumed").asBoolean());
        assertFalse(welcome.has("seq"), "welcome carries no seq");
    }

    @Test
    void R1_4_stringUserIdsAreEchoedAsStrings() {
        JsonNode welcome = harness.connect("s:alice").take("welcome");
        assertTrue(welcome.get("user_id").isTextual());
    }

    @Test
    void R1_2_refusedOrMissingCredentialClosesWith4001BeforeAnyEvent() {
        for (String token : new String[] {"garbage", "", null}) {
            Client client = harness.connect(new ConnectRequest(token, null, null, null, null, null));
            assertEquals(CloseCode.AUTHENTICATION_FAILED, client.transport().closedWith());
            assertEquals(List.of(), client.transport().frames());
        }
    }

    @Test
    void R1_3_foreignOriginClosesWith4003AndOwnOrListedOriginsConnect() {
        Client foreign = harness.connect(ConnectRequest.withToken("n:1").fromOrigin("https://evil.example", "chat:8080"));
        assertEquals(CloseCode.FORBIDDEN_ORIGIN, foreign.transport().closedWith());
        Client own = harness.connect(ConnectRequest.withToken("n:1").fromOrigin("http://chat:8080", "chat:8080"));
        own.take("welcome");

        harness.close();
        harness = new EngineHarness(b -> b.origins(OriginPolicy.allowing("https://app.example")));
        harness.connect(ConnectRequest.withToken("n:1").fromOrigin("https://app.example", "api:443")).take("welcome");
    }

    @Test
    void R1_7_unsupportedVersionGetsAnErrorThenClose4006() {
        Client client = harness.connect(ConnectRequest.withToken("n:1").withVersion("2"));
        assertEquals("unsupported_version", client.take("error").get("code").asText());
        assertEquals(CloseCode.UNSUPPORTED_VERSION, client.transport().closedWith());
    }

    @Test
    void R1_8_connectionIsClosedWith4010WhenTheTokenExpires() {
        long expiry = harness.time.instant().plusSeconds(60).getEpochSecond();
        Client client = harness.join("n:1@" + expiry);
        harness.time.advance(Duration.ofSeconds(59));
        assertNull(client.transport().closedWith());
        harness.time.advance(Duration.ofSeconds(1));
        assertEquals(CloseCode.TOKEN_EXPIRED, client.transport().closedWith());
    }

    @Test
    void R1_9_senderIdentityComesFromTheSessionNotFromTheMessage() {
        Client alice = harness.join("n:1");
        Client bob = harness.join("n:2");
        harness.join("n:3");
        // A caller_id claim in start_call is not a field of start_call; the caller is the authenticated user 1.
        alice.send("{\"action\":\"start_call\",\"callee_id\":2,\"caller_id\":3}");
        JsonNode incoming = bob.take("incoming_call");
        assertEquals(1, incoming.get("caller_id").asInt());
        assertEquals("user1", incoming.get("caller_username").asText());
    }

    @Test
    void R2_3_R5_1_incomingCallRingsEverySessionOfTheCallee() {
        Client alice = harness.join("n:1");
        Client phone = harness.join("n:2");
        Client laptop = harness.join("n:2");
        alice.send("{\"action\":\"start_call\",\"callee_id\":2,\"call_type\":\"video\"}");
        for (Client session : List.of(phone, laptop)) {
            JsonNode incoming = session.take("incoming_call");
            assertEquals("call-1", incoming.get("call_id").asText());
            assertEquals("video", incoming.get("call_type").asText());
        }
        JsonNode ringing = alice.take("call_ringing");
        assertEquals("call-1", ringing.get("call_id").asText());
        assertEquals(2, ringing.get("callee_id").asInt());
    }

    @Test
    void R2_5_R7_1_offlineCalleeGetsUnavailableAndExactlyOneRecord() {
        Client alice = harness.join("n:1");
        alice.send("{\"action\":\"start_call\",\"callee_id\":9}");
        JsonNode unavailable = alice.take("call_unavailable");
        assertEquals("offline", unavailable.get("reason").asText());
        assertEquals("call-1", unavailable.get("call_id").asText());
        List<CallRecord> history = harness.records.history(UserId.of(1), 10, null);
        assertEquals(1, history.size());
        assertEquals(Outcome.OFFLINE, history.get(0).outcome());
        // The attempt left nobody busy: the next call rings.
        harness.join("n:9");
        alice.send("{\"action\":\"start_call\",\"callee_id\":9}");
        alice.take("call_ringing");
    }

    @Test
    void R2_6_busyCalleeGetsUnavailableAndABusyRecord() {
        Client[] call = connectedCall();
        Client carol = harness.join("n:3");
        carol.send("{\"action\":\"start_call\",\"callee_id\":2}");
        JsonNode unavailable = carol.take("call_unavailable");
        assertEquals("busy", unavailable.get("reason").asText());
        assertEquals(Outcome.BUSY, harness.records.history(UserId.of(3), 10, null).get(0).outcome());
        call[1].transport().assertNothingMore();
    }

    @Test
    void R2_7_callingYourselfIsUnavailableWithNoRecord() {
        Client alice = harness.join("n:1");
        alice.send("{\"action\":\"start_call\",\"callee_id\":\"1\"}");
        JsonNode unavailable = alice.take("call_unavailable");
        assertEquals("self", unavailable.get("reason").asText());
        assertFalse(unavailable.has("call_id"));
        assertEquals(List.of(), harness.records.history(UserId.of(1), 10, null));
    }

    @Test
    void R2_8_aCallerAlreadyInACallGetsInvalidState() {
        Client[] call = connectedCall();
        harness.join("n:3");
        call[0].send("{\"action\":\"start_call\",\"callee_id\":3}");
        assertEquals("invalid_state", call[0].take("error").get("code").asText());
    }

    @Test
    void R5_4_glareMakesNoSecondCallAndNamesThePendingOne() {
        Client alice = harness.join("n:1");
        Client bob = harness.join("n:2");
        alice.send("{\"action\":\"start_call\",\"callee_id\":2}");
        alice.take("call_ringing");
        bob.take("incoming_call");
        bob.send("{\"action\":\"start_call\",\"callee_id\":1}");
        JsonNode glare = bob.take("call_unavailable");
        assertEquals("glare", glare.get("reason").asText());
        assertEquals("call-1", glare.get("call_id").asText());
        alice.transport().assertNothingMore();
        bob.send("{\"action\":\"answer_call\",\"call_id\":\"call-1\"}");
        alice.take("call_answered");
    }

    @Test
    void R3_7_relayWithoutCallIdUsesTheSendersOneCall() {
        Client[] call = connectedCall();
        call[0].send("{\"action\":\"offer\",\"callee_id\":2,\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}");
        JsonNode offer = call[1].take("call_offer");
        assertEquals("{\"type\":\"offer\",\"sdp\":\"v=0\"}", offer.get("offer").toString());
        assertEquals(1, offer.get("caller_id").asInt());
        assertEquals("call-1", offer.get("call_id").asText());
        call[1].send("{\"action\":\"ice_candidate\",\"peer_id\":1,\"candidate\":{\"candidate\":\"c\",\"sdpMid\":\"0\"}}");
        assertEquals(2, call[0].take("ice_candidate").get("sender_id").asInt());
    }

    @Test
    void R3_7_relayWithNoCallAtAllIsUnknownCall() {
        Client alice = harness.join("n:1");
        alice.send("{\"action\":\"ice_candidate\",\"peer_id\":2,\"candidate\":{\"candidate\":\"c\"}}");
        JsonNode error = alice.take("error");
        assertEquals("unknown_call", error.get("code").asText());
        assertEquals("ice_candidate", error.get("action").asText());
    }

    @Test
    void R3_6_R8_12_anotherUsersMessagesForACallAreRefusedAndReachNobody() {
        Client[] call = connectedCall();
        Client mallory = harness.join("n:3");
        for (String attack : List.of(
                "{\"action\":\"hang_up\",\"peer_id\":2,\"call_id\":\"call-1\"}",
                "{\"action\":\"offer\",\"call_id\":\"call-1\",\"offer\":{\"type\":\"offer\",\"sdp\":\"x\"}}",
                "{\"action\":\"ice_candidate\",\"call_id\":\"call-1\",\"candidate\":{\"candidate\":\"x\"}}",
                "{\"action\":\"answer_call\",\"call_id\":\"call-1\"}")) {
            mallory.send(attack);
            assertEquals("not_a_party", mallory.take("error").get("code").asText(), attack);
        }
        call[0].transport().assertNothingMore();
        call[1].transport().assertNothingMore();
        call[0].send("{\"action\":\"hang_up\",\"peer_id\":2,\"call_id\":\"call-1\"}");
        assertEquals(1, call[1].take("call_hanged_up").get("hanged_up_by").asInt());
    }

    @Test
    void R4_5_messagesAfterHangUpGetUnknownCall() {
        Client[] call = connectedCall();
        call[0].send("{\"action\":\"hang_up\",\"peer_id\":2,\"call_id\":\"call-1\"}");
        call[1].take("call_hanged_up");
        call[1].send("{\"action\":\"hang_up\",\"peer_id\":1,\"call_id\":\"call-1\"}");
        assertEquals("unknown_call", call[1].take("error").get("code").asText());
        call[1].send("{\"action\":\"answer_call\",\"call_id\":\"guessed-id\"}");
        assertEquals("unknown_call", call[1].take("error").get("code").asText());
        assertEquals(Outcome.COMPLETED, harness.records.history(UserId.of(2), 10, null).get(0).outcome());
    }

    @Test
    void R6_1_ringTimeoutSendsCallMissedToBothSidesAndFreesThem() {
        Client alice = harness.join("n:1");
        Client bob = harness.join("n:2");
        alice.send("{\"action\":\"start_call\",\"callee_id\":2}");
        alice.take("call_ringing");
        bob.take("incoming_call");
        harness.time.advance(Duration.ofSeconds(30));
        alice.take("call_missed");
        bob.take("call_missed");
        assertEquals(Outcome.MISSED, harness.records.history(UserId.of(1), 10, null).get(0).outcome());
        alice.send("{\"action\":\"start_call\",\"callee_id\":2}");
        alice.take("call_ringing");
    }

    @Test
    void R6_3_resumeReplaysMissedEventsInOrderUnderTheSameSession() {
        Client[] call = connectedCall();
        Client bob = call[1];
        bob.transport().assertNothingMore();
        long lastSeq = bob.transport().lastSeqTaken();
        assertEquals(1, lastSeq, "bob has seen incoming_call");
        bob.drop();
        call[0].send("{\"action\":\"offer\",\"offer\":{\"type\":\"offer\",\"sdp\":\"a\"}}");
        call[0].send("{\"action\":\"ice_candidate\",\"candidate\":{\"candidate\":\"b\"}}");
        call[0].transport().assertNothingMore();

        Client back = harness.connect(ConnectRequest.withToken("n:2").resuming("resume-2", lastSeq));
        JsonNode welcome = back.take("welcome");
        assertTrue(welcome.get("resumed").asBoolean());
        assertEquals("s2", welcome.get("session_id").asText());
        JsonNode offer = back.take("call_offer");
        JsonNode candidate = back.take("ice_candidate");
        assertEquals(lastSeq + 1, offer.get("seq").asLong());
        assertEquals(lastSeq + 2, candidate.get("seq").asLong());
        back.send("{\"action\":\"hang_up\",\"call_id\":\"call-1\"}");
        call[0].take("call_hanged_up");
    }

    @Test
    void R6_3_aResumeOfALiveConnectionClosesTheOldOneWith4009() {
        Client alice = harness.join("n:1");
        Client again = harness.connect(ConnectRequest.withToken("n:1").resuming("resume-1", 0));
        assertTrue(again.take("welcome").get("resumed").asBoolean());
        assertEquals(CloseCode.SESSION_TAKEN_OVER, alice.transport().closedWith());
    }

    @Test
    void R6_3_anotherUsersResumeTokenGivesAFreshSession() {
        harness.join("n:1");
        JsonNode welcome = harness.connect(ConnectRequest.withToken("n:2").resuming("resume-1", 0)).take("welcome");
        assertFalse(welcome.get("resumed").asBoolean());
        assertEquals(2, welcome.get("user_id").asInt());
    }

    @Test
    void R6_4_peerThatDoesNotResumeEndsTheCallAsPeerDisconnected() {
        Client[] call = connectedCall();
        call[1].drop();
        harness.time.advance(Duration.ofSeconds(19));
        call[0].transport().assertNothingMore();
        harness.time.advance(Duration.ofSeconds(1));
        assertEquals("peer_disconnected", call[0].take("call_ended").get("reason").asText());
        CallRecord record = harness.records.history(UserId.of(1), 10, null).get(0);
        assertEquals(Outcome.COMPLETED, record.outcome());
        assertEquals(UserId.of(2), record.endedBy());
        // The session is gone for good: a late resume is a fresh session.
        JsonNode welcome = harness.connect(ConnectRequest.withToken("n:2").resuming("resume-2", 0)).take("welcome");
        assertFalse(welcome.get("resumed").asBoolean());
    }

    @Test
    void R6_5_candidatesSentWhileRingingReachTheAnsweringSessionInOrder() {
        Client alice = harness.join("n:1");
        Client bob = harness.join("n:2");
        alice.send("{\"action\":\"start_call\",\"callee_id\":2}");
        alice.take("call_ringing");
        bob.take("incoming_call");
        for (int i = 1; i <= 4; i++) {
            alice.send("{\"action\":\"ice_candidate\",\"candidate\":{\"candidate\":\"c" + i + "\"}}");
        }
        assertEquals("too_large", alice.take("error").get("code").asText(), "the harness buffers 3");
        bob.transport().assertNothingMore();
        bob.send("{\"action\":\"answer_call\",\"call_id\":\"call-1\"}");
        for (int i = 1; i <= 3; i++) {
            assertEquals("c" + i, bob.take("ice_candidate").get("candidate").get("candidate").asText());
        }
    }

    @Test
    void R6_6_shutdownEndsLiveCallsSavesRecordsAndClosesWith1001() {
        Client[] call = connectedCall();
        harness.engine.shutdown();
        for (Client client : call) {
            assertEquals("server_shutdown", client.take("call_ended").get("reason").asText());
            assertEquals(CloseCode.GOING_AWAY, client.transport().closedWith());
        }
        assertEquals(1, harness.records.history(UserId.of(1), 10, null).size());
        Client late = harness.connect("n:5");
        assertEquals(CloseCode.GOING_AWAY, late.transport().closedWith());
    }

    @Test
    void R7_3_historyListsOnlyTheRequestersOwnRecordsNewestFirst() {
        Client[] call = connectedCall();
        call[0].send("{\"action\":\"hang_up\",\"call_id\":\"call-1\"}");
        call[1].take("call_hanged_up");
        Client carol = harness.join("n:3");
        harness.time.advance(Duration.ofSeconds(1));
        carol.send("{\"action\":\"start_call\",\"callee_id\":9}");
        carol.take("call_unavailable");

        carol.send("{\"action\":\"get_call_history\"}");
        JsonNode carols = carol.take("call_history").get("records");
        assertEquals(1, carols.size());
        assertEquals(3, carols.get(0).get("caller_id").asInt());

        call[0].send("{\"action\":\"get_call_history\",\"limit\":5}");
        JsonNode alices = call[0].take("call_history");
        assertEquals(1, alices.get("records").size());
        assertEquals("completed", alices.get("records").get(0).get("outcome").asText());
        assertFalse(alices.has("next_before"));
    }

    @Test
    void R8_2_R8_3_R8_4_badFramesGetErrorsAndTheConnectionStaysUsable() {
        Client alice = harness.join("n:1");
        alice.send("{not json");
        assertEquals("bad_json", alice.take("error").get("code").asText());
        alice.send("{\"action\":\"dance\"}");
        JsonNode unknown = alice.take("error");
        assertEquals("unknown_action", unknown.get("code").asText());
        assertEquals("dance", unknown.get("action").asText());
        alice.send("{\"action\":\"start_call\",\"callee_id\":true}");
        JsonNode invalid = alice.take("error");
        assertEquals("invalid_message", invalid.get("code").asText());
        assertEquals("callee_id", invalid.get("field").asText());
        alice.send("{\"action\":\"ping\",\"nonce\":\"n1\"}");
        assertEquals("n1", alice.take("pong").get("nonce").asText());
        assertNull(alice.transport().closedWith());
    }

    @Test
    void R8_2_aBinaryFrameIsBadJson() {
        Client alice = harness.join("n:1");
        alice.connection().receiveBinary();
        assertEquals("bad_json", alice.take("error").get("code").asText());
        assertNull(alice.transport().closedWith());
    }

    @Test
    void R8_8_startCallOverTheRateLimitIsRefused() {
        harness.close();
        harness = new EngineHarness(b -> b.rateLimit(RateLimitPolicy.perUser(2, Duration.ofSeconds(60))));
        Client alice = harness.join("n:1");
        for (int i = 0; i < 2; i++) {
            alice.send("{\"action\":\"start_call\",\"callee_id\":9}");
            alice.take("call_unavailable");
        }
        alice.send("{\"action\":\"start_call\",\"callee_id\":9}");
        assertEquals("rate_limited", alice.take("error").get("code").asText());
        harness.time.advance(Duration.ofSeconds(61));
        alice.send("{\"action\":\"start_call\",\"callee_id\":9}");
        alice.take("call_unavailable");
    }

    @Test
    void R8_15_aFrameOverTheLimitClosesWith1009() {
        Client alice = harness.join("n:1");
        alice.send("{\"action\":\"ping\",\"nonce\":\"" + "x".repeat(70_000) + "\"}");
        assertEquals(CloseCode.FRAME_TOO_LARGE, alice.transport().closedWith());
    }

    @Test
    void R8_16_aFloodClosesWith4008() {
        Client alice = harness.join("n:1");
        for (int i = 0; i < 101; i++) {
            alice.send("{\"action\":\"ping\"}");
        }
        assertEquals(CloseCode.FLOOD, alice.transport().closedWith());
    }

    @Test
    void R8_17_silentConnectionsArePingedThenClosedWith4011() {
        Client alice = harness.join("n:1");
        harness.time.advance(Duration.ofSeconds(30));
        assertEquals(1, alice.transport().pings());
        alice.connection().pongReceived();
        harness.time.advance(Duration.ofSeconds(60));
        assertNull(alice.transport().closedWith(), "a pong 60 s ago keeps it alive");
        harness.time.advance(Duration.ofSeconds(60));
        assertEquals(CloseCode.IDLE_TIMEOUT, alice.transport().closedWith());
    }

    @Test
    void builderNamesWhatIsMissing() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> SignalingEngine.builder().maxFrameBytes(10).build());
        assertTrue(missing.getMessage().contains("authenticator is missing"), missing.getMessage());
        assertTrue(missing.getMessage().contains("maxFrameBytes"), missing.getMessage());
    }
}
