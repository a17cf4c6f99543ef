package dev.dialtone.server.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.protocol.CallAnswered;
import dev.dialtone.protocol.CallEnded;
import dev.dialtone.protocol.CallHistoryListed;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.CallTimer;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.CallUnavailable;
import dev.dialtone.protocol.DecodeResult;
import dev.dialtone.protocol.EndReason;
import dev.dialtone.protocol.ErrorCode;
import dev.dialtone.protocol.ErrorReported;
import dev.dialtone.protocol.IceCandidateRelayed;
import dev.dialtone.protocol.IncomingCall;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.Outcome;
import dev.dialtone.protocol.PeerMediaChanged;
import dev.dialtone.protocol.ServerEvent;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.UnavailableReason;
import dev.dialtone.protocol.UserId;
import dev.dialtone.protocol.WireCodec;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JSON forms the cluster keeps in Redis and sends between nodes: lossless for every state, timer and event. */
class RedisClusterStateJsonTest {

    private static final UserId ALICE = UserId.of(1);
    private static final UserId BOB = UserId.of("bob \"the\" builder");
    private static final SessionRef CALLER = new SessionRef(ALICE, "sA");
    private static final SessionRef PHONE = new SessionRef(BOB, "sB1");
    private static final SessionRef LAPTOP = new SessionRef(BOB, "sB2");
    private static final Instant STARTED = Instant.parse("2026-11-20T10:15:30.250Z");
    private static final CallInfo CALL = new CallInfo(CallId.of("c7Qm2Zx9"), ALICE, "alice", BOB, CallType.VIDEO,
            STARTED);
    // Numbers with their exact text (R3.8): 1.50 stays 1.50, 1e2 stays 1e2.
    private static final OpaqueJson CANDIDATE = OpaqueJson.of(
            "{\"candidate\":\"candidate:1 1 udp 2122260223 192.0.2.1 5000 typ host\",\"sdpMid\":\"0\","
                    + "\"sdpMLineIndex\":0,\"x\":1.50,\"y\":1e2}");

    @Test
    void everyStateRoundTrips() {
        List<CallState> states = List.of(
                CallState.Idle.INSTANCE,
                new CallState.Ringing(CALL, CALLER, List.of(PHONE, LAPTOP), List.of(CANDIDATE, CANDIDATE),
                        Set.of(CALLER)),
                new CallState.Ringing(CALL, CALLER, List.of(PHONE), List.of(), Set.of()),
                new CallState.Connected(CALL, CALLER, LAPTOP, STARTED.plusMillis(6_123), Set.of(CALLER, LAPTOP)),
                new CallState.Ended(new CallRecord(CALL.callId(), ALICE, BOB, CallType.VIDEO, Outcome.COMPLETED,
                        STARTED, STARTED.plusSeconds(6), STARTED.plusSeconds(60), BOB)),
                new CallState.Ended(new CallRecord(CALL.callId(), ALICE, BOB, CallType.AUDIO, Outcome.MISSED,
                        STARTED, null, STARTED.plusSeconds(30), null)));
        for (CallState state : states) {
            String json = CallStateJson.write(state);
            CallState back = CallStateJson.read(json);
            assertEquals(state, back, json);
            assertEquals(json, CallStateJson.write(back), "the same state is written alike");
        }
        CallState.Ringing ringing = (CallState.Ringing) CallStateJson.read(CallStateJson.write(states.get(1)));
        assertEquals(CANDIDATE.json(), ringing.bufferedCandidates().get(0).json());
        assertTrue(ringing.call().callerId().numeric(), "a numeric id stays numeric (R1.4)");
        assertEquals(false, ringing.calleeSessions().get(0).user().numeric());
    }

    @Test
    void badStatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CallStateJson.read("[]"));
        assertThrows(IllegalArgumentException.class, () -> CallStateJson.read("{\"state\":\"dancing\"}"));
        assertThrows(IllegalArgumentException.class, () -> CallStateJson.read("{\"state\":\"connected\"}"));
    }

    @Test
    void timersRoundTripAndAreStable() {
        List<CallTimer> timers = List.of(new CallTimer.RingTimeout(CALL.callId()),
                new CallTimer.ResumeGrace(CALL.callId(), CALLER), new CallTimer.ResumeGrace(CALL.callId(), PHONE));
        for (CallTimer timer : timers) {
            String member = TimerKeys.member(timer);
            assertEquals(timer, TimerKeys.timer(member));
            assertEquals(member, TimerKeys.member(TimerKeys.timer(member)));
        }
        CallTimer.ResumeGrace grace = (CallTimer.ResumeGrace) TimerKeys.timer(TimerKeys.member(timers.get(1)));
        assertTrue(grace.session().user().numeric(), "the session's user keeps its JSON type");
        assertThrows(IllegalArgumentException.class, () -> TimerKeys.timer("[\"X\",\"c1\"]"));
    }

    @Test
    void eventsCrossNodesUnchanged() {
        WireCodec codec = WireCodec.standard();
        CallRecord record = new CallRecord(CALL.callId(), ALICE, BOB, CallType.VIDEO, Outcome.REJECTED, STARTED, null,
                STARTED.plusSeconds(3), BOB);
        List<ServerEvent> events = List.of(
                new IncomingCall(CALL.callId(), ALICE, "alice", CallType.VIDEO, OpaqueJson.of("{\"type\":\"offer\","
                        + "\"sdp\":\"v=0\\r\\n\"}")),
                new CallAnswered(BOB, CALL.callId(), null),
                new IceCandidateRelayed(CANDIDATE, ALICE, CALL.callId()),
                new PeerMediaChanged(CALL.callId(), BOB, false, null),
                new CallEnded(CALL.callId(), EndReason.PEER_DISCONNECTED),
                new CallUnavailable(BOB, UnavailableReason.BUSY, CALL.callId()),
                new ErrorReported(ErrorCode.INTERNAL, "the server failed", "hang_up", null, CALL.callId()),
                new CallHistoryListed(List.of(record), CALL.callId()));
        for (ServerEvent event : events) {
            String frame = codec.encode(event);
            DecodeResult<ServerEvent> decoded = codec.decodeEvent(frame);
            assertTrue(decoded instanceof DecodeResult.Decoded<ServerEvent>, frame);
            ServerEvent back = ((DecodeResult.Decoded<ServerEvent>) decoded).message();
            assertEquals(frame, codec.encode(back), "the event a node receives is the one sent");
            assertEquals(codec.encode(event, 7), codec.encode(back, 7));
        }
    }

    @Test
    void userIdsKeepTheirJsonType() {
        for (UserId user : List.of(UserId.of(42), UserId.of("42"), UserId.of(Long.MIN_VALUE), BOB)) {
            UserId back = CallStateJson.readUser(CallStateJson.userJson(user));
            assertEquals(user, back);
            assertEquals(user.numeric(), back.numeric());
        }
    }
}
