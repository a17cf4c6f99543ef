package dev.dialtone.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dialtone.protocol.internal.JsonText;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Messages and frames shared by the codec tests: one sample of every message, and seed 003's frames. */
final class WireSamples {

    static final WireCodec CODEC = WireCodec.standard();

    static final UserId CALLER = UserId.of(1);
    static final UserId CALLEE = UserId.of(2);
    static final UserId NAMED = UserId.of("alice@example.org");
    static final CallId CALL = CallId.of("c-1");
    static final CallId OLDER = CallId.of("c-0");
    static final OpaqueJson OFFER = OpaqueJson.of("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n\"}");
    static final OpaqueJson ANSWER = OpaqueJson.of("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}");
    static final OpaqueJson CANDIDATE = OpaqueJson.of(
            "{\"candidate\":\"candidate:1 1 udp 2122260223 192.168.1.2 54400 typ host\",\"sdpMid\":\"0\","
                    + "\"sdpMLineIndex\":0,\"weight\":1.50}");
    static final Instant STARTED = Instant.parse("2026-11-20T10:15:00.125Z");
    static final Instant ANSWERED = Instant.parse("2026-11-20T10:15:05.000Z");
    static final Instant ENDED = Instant.parse("2026-11-20T10:15:30.250Z");

    /** Every action name of protocol v1, from the records' constants. */
    static final List<String> ACTION_NAMES = List.of(StartCall.ACTION, AnswerCall.ACTION, RejectCall.ACTION,
            CancelCall.ACTION, SendOffer.ACTION, SendAnswer.ACTION, SendIceCandidate.ACTION, HangUp.ACTION,
            SetMediaState.ACTION, Ping.ACTION, GetCallHistory.ACTION);

    /** Every event type of protocol v1, from the records' constants. */
    static final List<String> EVENT_TYPES = List.of(Welcome.TYPE, IncomingCall.TYPE, CallRinging.TYPE,
            CallAnswered.TYPE, OfferRelayed.TYPE, AnswerRelayed.TYPE, IceCandidateRelayed.TYPE, CallHungUp.TYPE,
            CallRejected.TYPE, CallCancelled.TYPE, CallUnavailable.TYPE, CallMissed.TYPE, CallEnded.TYPE,
            PeerMediaChanged.TYPE, PingAnswered.TYPE, CallHistoryListed.TYPE, ErrorReported.TYPE);

    /** One completed and one missed record. */
    static final CallRecord COMPLETED = new CallRecord(CALL, CALLER, CALLEE, CallType.VIDEO, Outcome.COMPLETED,
            STARTED, ANSWERED, ENDED, CALLEE);
    static final CallRecord MISSED = new CallRecord(OLDER, NAMED, CALLEE, CallType.AUDIO, Outcome.MISSED,
            STARTED, null, ENDED, null);

    /** Every action with every optional member present. */
    static List<ClientAction> fullActions() {
        return List.of(
                new StartCall(CALLEE, CallType.VIDEO, OFFER),
                new AnswerCall(CALL, CALLER, ANSWER),
                new RejectCall(CALL, CALLER),
                new CancelCall(CALL, CALLEE),
                new SendOffer(CALLEE, OFFER, CALL),
                new SendAnswer(CALLER, ANSWER, CALL),
                new SendIceCandidate(NAMED, CANDIDATE, CALL),
                new HangUp(CALLER, CALL),
                new SetMediaState(CALL, true, false),
                new Ping("n-1"),
                new GetCallHistory(20, OLDER));
    }

    /** Every action with every optional member absent. */
    static List<ClientAction> minimalActions() {
        return List.of(
                StartCall.to(CALLEE),
                new AnswerCall(CALL, null, null),
                new RejectCall(CALL, null),
                new CancelCall(CALL, null),
                new SendOffer(null, OFFER, null),
                new SendAnswer(null, ANSWER, null),
                new SendIceCandidate(null, CANDIDATE, null),
                new HangUp(null, CALL),
                new SetMediaState(null, null, true),
                new Ping(null),
                new GetCallHistory(null, null));
    }

    /** Every event with every optional member present. */
    static List<ServerEvent> fullEvents() {
        return List.of(
                new Welcome(NAMED, "s-1", 1, 30_000, "r-secret", 20_000, true),
                new IncomingCall(CALL, CALLER, "Alice", CallType.VIDEO, OFFER),
                new CallRinging(CALL, CALLEE, CallType.VIDEO),
                new CallAnswered(CALLEE, CALL, ANSWER),
                new OfferRelayed(OFFER, CALLER, CALL),
                new AnswerRelayed(ANSWER, CALLEE, CALL),
                new IceCandidateRelayed(CANDIDATE, CALLER, CALL),
                new CallHungUp(CALLER, CALL),
                new CallRejected(CALLEE, CALL),
                new CallCancelled(CALLER, CALL),
                new CallUnavailable(CALLEE, UnavailableReason.GLARE, CALL),
                new CallMissed(CALL, CALLER, CALLEE),
                new CallEnded(CALL, EndReason.ANSWERED_ELSEWHERE),
                new PeerMediaChanged(CALL, CALLER, false, true),
                new PingAnswered("n-1"),
                new CallHistoryListed(List.of(COMPLETED, MISSED), OLDER),
                new ErrorReported(ErrorCode.INVALID_MESSAGE, "callee_id is missing", StartCall.ACTION, "callee_id",
                        CALL));
    }

    /** Every event with every optional member absent (events without optional members as in {@link #fullEvents}). */
    static List<ServerEvent> minimalEvents() {
        return List.of(
                new Welcome(CALLER, "s-1", 1, 30_000, "r-secret", 0, false),
                new IncomingCall(CALL, CALLER, "Alice", null, null),
                new CallRinging(CALL, CALLEE, CallType.AUDIO),
                new CallAnswered(CALLEE, null, null),
                new OfferRelayed(OFFER, CALLER, null),
                new AnswerRelayed(ANSWER, CALLEE, null),
                new IceCandidateRelayed(CANDIDATE, CALLER, null),
                new CallHungUp(CALLER, null),
                new CallRejected(CALLEE, null),
                new CallCancelled(CALLER, null),
                new CallUnavailable(CALLER, UnavailableReason.SELF, null),
                new CallMissed(CALL, CALLER, CALLEE),
                new CallEnded(CALL, EndReason.SERVER_SHUTDOWN),
                new PeerMediaChanged(CALL, CALLER, null, false),
                new PingAnswered(null),
                new CallHistoryListed(List.of(), null),
                new ErrorReported(ErrorCode.BAD_JSON, "the frame is empty", null, null, null));
    }

    /**
     * Seed 003's messages in their exact seed shape with concrete values (caller 1, callee 2, call "c-1"), each with
     * the message it stands for.
     */
    static final Map<String, Object> SEED_003 = Map.ofEntries(
            Map.entry("{\"action\":\"start_call\",\"callee_id\":2}", StartCall.to(CALLEE)),
            Map.entry("{\"type\":\"incoming_call\",\"call_id\":\"c-1\",\"caller_id\":1,\"caller_username\":\"alice\"}",
                    new IncomingCall(CALL, CALLER, "alice", null, null)),
            Map.entry("{\"action\":\"answer_call\",\"call_id\":\"c-1\",\"caller_id\":1}",
                    new AnswerCall(CALL, CALLER, null)),
            Map.entry("{\"type\":\"call_answered\",\"callee_id\":2}", new CallAnswered(CALLEE, null, null)),
            Map.entry("{\"action\":\"offer\",\"callee_id\":2,\"offer\":" + OFFER.json() + "}",
                    new SendOffer(CALLEE, OFFER, null)),
            Map.entry("{\"type\":\"call_offer\",\"offer\":" + OFFER.json() + ",\"caller_id\":1}",
                    new OfferRelayed(OFFER, CALLER, null)),
            Map.entry("{\"action\":\"answer\",\"caller_id\":1,\"answer\":" + ANSWER.json() + "}",
                    new SendAnswer(CALLER, ANSWER, null)),
            Map.entry("{\"type\":\"call_answer\",\"answer\":" + ANSWER.json() + ",\"callee_id\":2}",
                    new AnswerRelayed(ANSWER, CALLEE, null)),
            Map.entry("{\"action\":\"ice_candidate\",\"peer_id\":2,\"candidate\":" + CANDIDATE.json() + "}",
                    new SendIceCandidate(CALLEE, CANDIDATE, null)),
            Map.entry("{\"type\":\"ice_candidate\",\"candidate\":" + CANDIDATE.json() + ",\"sender_id\":1}",
                    new IceCandidateRelayed(CANDIDATE, CALLER, null)),
            Map.entry("{\"action\":\"hang_up\",\"peer_id\":2,\"call_id\":\"c-1\"}", new HangUp(CALLEE, CALL)),
            Map.entry("{\"type\":\"call_hanged_up\",\"hanged_up_by\":1}", new CallHungUp(CALLER, null)),
            Map.entry("{\"action\":\"reject_call\",\"call_id\":\"c-1\",\"caller_id\":1}", new RejectCall(CALL, CALLER)),
            Map.entry("{\"type\":\"call_rejected\",\"callee_id\":2}", new CallRejected(CALLEE, null)),
            Map.entry("{\"action\":\"cancel_call\",\"call_id\":\"c-1\",\"callee_id\":2}", new CancelCall(CALL, CALLEE)),
            Map.entry("{\"type\":\"call_cancelled\",\"caller_id\":1}", new CallCancelled(CALLER, null)));

    private WireSamples() {
    }

    /** The JSON tree of {@code json}, with exact decimals. */
    static JsonNode tree(String json) {
        try {
            return JsonText.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    static void assertSameTree(String expected, String actual) {
        assertEquals(tree(expected), tree(actual), () -> "expected " + expected + "\n but was " + actual);
    }

    /** The message of a frame that must decode, with its seq. */
    static <T> DecodeResult.Decoded<T> decoded(DecodeResult<T> result) {
        if (result instanceof DecodeResult.Decoded<T> d) {
            return d;
        }
        throw new AssertionError("expected a decoded message but was " + result);
    }

    /** The refusal of a frame that must not decode. */
    static <T> DecodeResult.Undecodable<T> undecodable(DecodeResult<T> result) {
        if (result instanceof DecodeResult.Undecodable<T> u) {
            return u;
        }
        throw new AssertionError("expected a refusal but was " + result);
    }
}
