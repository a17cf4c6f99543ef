package dev.dialtone.protocol;

import static dev.dialtone.protocol.WireSamples.CODEC;
import static dev.dialtone.protocol.WireSamples.decoded;
import static dev.dialtone.protocol.WireSamples.undecodable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Section 8: every bad frame gets the stable code, the field and a message that says why; decoding never throws. */
class WireCodecErrorsTest {

    private static DecodeResult.Undecodable<ClientAction> refusedAction(String frame) {
        return undecodable(CODEC.decodeAction(frame));
    }

    private static DecodeResult.Undecodable<ServerEvent> refusedEvent(String frame) {
        return undecodable(CODEC.decodeEvent(frame));
    }

    private static void assertInvalidAction(String frame, String action, String field) {
        var refusal = refusedAction(frame);
        assertEquals(ErrorCode.INVALID_MESSAGE, refusal.code(), refusal::toString);
        assertEquals(action, refusal.action(), refusal::toString);
        assertEquals(field, refusal.field(), refusal::toString);
        assertTrue(refusal.message().startsWith(field), refusal::toString);
    }

    private static void assertInvalidEvent(String frame, String type, String field) {
        var refusal = refusedEvent(frame);
        assertEquals(ErrorCode.INVALID_MESSAGE, refusal.code(), refusal::toString);
        assertEquals(type, refusal.action(), refusal::toString);
        assertEquals(field, refusal.field(), refusal::toString);
        assertTrue(refusal.message().startsWith(field), refusal::toString);
    }

    // R8.2 bad_json

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "   ", "\n", "[1]", "[]", "nul", "null", "{", "}", "{\"action\":",
            "{\"action\":\"ping\"} trailing", "{}{}", "{} {\"action\":\"ping\"}", "\"start_call\"", "42", "true",
            "{'action':'ping'}", "{action:\"ping\"}", "{\"action\":\"ping\",}", "{\"action\":\"ping\"}}",
            "\uFEFF{\"action\":\"ping\"}x", "{\"action\":\"ping\"} /* comment */"})
    void R8_2_aFrameThatIsNotExactlyOneJsonObjectIsBadJson(String frame) {
        var action = refusedAction(frame);
        assertEquals(ErrorCode.BAD_JSON, action.code(), action::toString);
        assertNull(action.action());
        assertNull(action.field());
        assertTrue(action.message().startsWith("the frame"), action::toString);
        assertEquals(ErrorCode.BAD_JSON, refusedEvent(frame).code());
    }

    @Test
    void R8_2_theBadJsonMessageSaysWhy() {
        assertEquals("the frame is empty; it must be one JSON object", refusedAction("").message());
        assertEquals("the frame must be one JSON object, not null", refusedAction("null").message());
        assertEquals("the frame must be one JSON object, not an array", refusedAction("[1]").message());
        assertTrue(refusedAction("nul").message().contains("'nul'"));
        assertTrue(refusedAction("{\"action\":\"ping\"} x").message().startsWith("the frame is not valid JSON"));
    }

    @Test
    void R8_2_duplicateMemberNamesAreBadJson() {
        var refusal = refusedAction("{\"action\":\"ping\",\"action\":\"hang_up\"}");
        assertEquals(ErrorCode.BAD_JSON, refusal.code());
        assertTrue(refusal.message().contains("action"), refusal::toString);
        assertEquals(ErrorCode.BAD_JSON,
                refusedAction("{\"action\":\"offer\",\"offer\":{\"sdp\":\"a\",\"sdp\":\"b\"}}").code());
    }

    @Test
    void R8_12_absurdlyDeepOrLongInputIsRefusedNotThrown() {
        assertEquals(ErrorCode.BAD_JSON, refusedAction("[".repeat(100_000)).code());
        assertEquals(ErrorCode.BAD_JSON, refusedAction("{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000)).code());
        assertEquals(ErrorCode.BAD_JSON, refusedEvent("{\"type\":[" + "[".repeat(5_000)).code());
        var huge = refusedAction("{\"action\":\"start_call\",\"callee_id\":" + "9".repeat(5_000) + "}");
        assertEquals(ErrorCode.BAD_JSON, huge.code(), "numbers longer than the parser allows are not JSON we read");
        assertEquals(ErrorCode.BAD_JSON,
                refusedAction("{\"action\":\"offer\",\"offer\":{\"x\":1e999999999999}}").code());
    }

    // R8.3 unknown_action

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{}", "{\"action\":null}", "{\"callee_id\":2}", "{\"type\":\"start_call\"}"})
    void R8_3_aFrameWithoutAnActionIsUnknownAction(String frame) {
        var refusal = refusedAction(frame);
        assertEquals(ErrorCode.UNKNOWN_ACTION, refusal.code());
        assertNull(refusal.action());
        assertNull(refusal.field());
        assertEquals("the frame has no \"action\" member", refusal.message());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"action\":5}|the integer 5",
        "{\"action\":true}|a boolean",
        "{\"action\":[\"start_call\"]}|an array",
        "{\"action\":{\"name\":\"start_call\"}}|an object"})
    void R8_3_aNonStringActionIsUnknownAction(String frame, String got) {
        var refusal = refusedAction(frame);
        assertEquals(ErrorCode.UNKNOWN_ACTION, refusal.code());
        assertNull(refusal.action());
        assertEquals("\"action\" must be a string, not " + got, refusal.message());
    }

    @Test
    void R8_3_anUnknownActionNameDecodesToAValueForTheEngineToAnswer() {
        assertEquals(new UnrecognizedAction("dance"),
                decoded(CODEC.decodeAction("{\"action\":\"dance\",\"callee_id\":true}")).message());
        assertEquals(new UnrecognizedAction("START_CALL"),
                decoded(CODEC.decodeAction("{\"action\":\"START_CALL\"}")).message());
        assertEquals(new UnrecognizedAction(""), decoded(CODEC.decodeAction("{\"action\":\"\"}")).message());
    }

    // R1.10 unknown members and types

    @Test
    void R1_10_unknownMembersAreIgnored() {
        assertEquals(StartCall.to(UserId.of(2)), decoded(CODEC.decodeAction(
                "{\"x\":[1,{\"y\":null}],\"action\":\"start_call\",\"callee_id\":2,\"z\":1.5e3}")).message());
        assertEquals(new CallRejected(UserId.of(2), null),
                decoded(CODEC.decodeEvent("{\"type\":\"call_rejected\",\"callee_id\":2,\"future\":true}")).message());
    }

    @Test
    void R1_10_unknownEventTypesDecodeToAValueWithTheirSeq() {
        var result = decoded(CODEC.decodeEvent("{\"type\":\"party\",\"seq\":4,\"music\":\"loud\"}"));
        assertEquals(new UnrecognizedEvent("party"), result.message());
        assertEquals(4, result.seq());
    }

    @Test
    void explicitNullForAnOptionalMemberMeansAbsent() {
        assertEquals(StartCall.to(UserId.of(2)), decoded(CODEC.decodeAction(
                "{\"action\":\"start_call\",\"callee_id\":2,\"call_type\":null,\"offer\":null}")).message());
        assertEquals(0, decoded(CODEC.decodeEvent("{\"type\":\"pong\",\"seq\":null}")).seq());
    }

    // R8.4 invalid_message, per action and member

    @Test
    void R8_4_missingCalleeIdIsInvalidMessageNamingTheField() {
        var refusal = refusedAction("{\"action\":\"start_call\"}");
        assertEquals(ErrorCode.INVALID_MESSAGE, refusal.code());
        assertEquals("start_call", refusal.action());
        assertEquals("callee_id", refusal.field());
        assertEquals("callee_id is missing; it must be a user id: an integer or a non-empty string of at most 255 "
                + "characters", refusal.message());
    }

    @Test
    void R8_4_nullForARequiredMemberIsInvalidMessage() {
        var refusal = refusedAction("{\"action\":\"start_call\",\"callee_id\":null}");
        assertEquals("callee_id", refusal.field());
        assertEquals(ErrorCode.INVALID_MESSAGE, refusal.code());
    }

    @ParameterizedTest(name = "callee_id {0}")
    @ValueSource(strings = {"true", "false", "{}", "{\"id\":2}", "[]", "[2]", "2.0", "2.5", "1e3", "-1E2", "0.0",
            "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "\"\"",
            "\"a\\u0000b\"", "\"line\\nbreak\"", "\"\\u007f\""})
    void R1_5_aUserIdIsAnIntegerOrANonEmptyStringWithoutControlCharacters(String value) {
        assertInvalidAction("{\"action\":\"start_call\",\"callee_id\":" + value + "}", "start_call", "callee_id");
    }

    @Test
    void R1_5_aUserIdStringLongerThan255CharactersIsInvalid() {
        assertInvalidAction("{\"action\":\"start_call\",\"callee_id\":\"" + "x".repeat(256) + "\"}", "start_call",
                "callee_id");
        var refusal = refusedAction("{\"action\":\"start_call\",\"callee_id\":\"" + "x".repeat(256) + "\"}");
        assertTrue(refusal.message().endsWith("not a string of 256 characters"), refusal::toString);
    }

    @Test
    void R8_4_theMessageSaysWhatCameInstead() {
        assertEquals("callee_id must be a user id: an integer or a non-empty string of at most 255 characters, "
                + "not a number with a fraction or an exponent",
                refusedAction("{\"action\":\"start_call\",\"callee_id\":2.5}").message());
        assertEquals("call_type must be \"audio\" or \"video\", not the string \"screen\"",
                refusedAction("{\"action\":\"start_call\",\"callee_id\":2,\"call_type\":\"screen\"}").message());
        assertEquals("limit must be an integer from 1 to 200, not the integer 201",
                refusedAction("{\"action\":\"get_call_history\",\"limit\":201}").message());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // start_call (R2.1, R2.2)
        "start_call|{}|callee_id",
        "start_call|{\"callee_id\":2,\"call_type\":\"screen\"}|call_type",
        "start_call|{\"callee_id\":2,\"call_type\":\"AUDIO\"}|call_type",
        "start_call|{\"callee_id\":2,\"call_type\":1}|call_type",
        "start_call|{\"callee_id\":2,\"offer\":\"v=0\"}|offer",
        "start_call|{\"callee_id\":2,\"offer\":[]}|offer",
        // answer_call (R2.9)
        "answer_call|{}|call_id",
        "answer_call|{\"call_id\":7}|call_id",
        "answer_call|{\"call_id\":\"has space\"}|call_id",
        "answer_call|{\"call_id\":\"\"}|call_id",
        "answer_call|{\"call_id\":\"c-1\",\"caller_id\":false}|caller_id",
        "answer_call|{\"call_id\":\"c-1\",\"answer\":true}|answer",
        // reject_call, cancel_call (R4.2, R4.3)
        "reject_call|{\"caller_id\":1}|call_id",
        "reject_call|{\"call_id\":\"c-1\",\"caller_id\":[1]}|caller_id",
        "cancel_call|{\"callee_id\":2}|call_id",
        "cancel_call|{\"call_id\":\"c/1\"}|call_id",
        "cancel_call|{\"call_id\":\"c-1\",\"callee_id\":1.5}|callee_id",
        // offer, answer, ice_candidate (R3.1 to R3.3)
        "offer|{\"callee_id\":2}|offer",
        "offer|{\"offer\":\"v=0\"}|offer",
        "offer|{\"offer\":{},\"callee_id\":{}}|callee_id",
        "offer|{\"offer\":{},\"call_id\":5}|call_id",
        "answer|{\"caller_id\":1}|answer",
        "answer|{\"answer\":null}|answer",
        "answer|{\"answer\":{},\"caller_id\":\"\"}|caller_id",
        "answer|{\"answer\":{},\"call_id\":\"\u00e9\"}|call_id",
        "ice_candidate|{\"peer_id\":2}|candidate",
        "ice_candidate|{\"candidate\":\"candidate:1\"}|candidate",
        "ice_candidate|{\"candidate\":{},\"peer_id\":true}|peer_id",
        "ice_candidate|{\"candidate\":{},\"call_id\":[]}|call_id",
        // hang_up (R4.1)
        "hang_up|{\"peer_id\":2}|call_id",
        "hang_up|{\"call_id\":\"c-1\",\"peer_id\":2.5}|peer_id",
        // media_state (R3.5)
        "media_state|{}|audio",
        "media_state|{\"audio\":null,\"video\":null}|audio",
        "media_state|{\"audio\":\"on\"}|audio",
        "media_state|{\"audio\":1}|audio",
        "media_state|{\"video\":0}|video",
        "media_state|{\"audio\":true,\"call_id\":\"?\"}|call_id",
        // ping (R8.17)
        "ping|{\"nonce\":5}|nonce",
        "ping|{\"nonce\":\"12345678901234567890123456789012345678901234567890123456789012345\"}|nonce",
        // get_call_history (R7.3)
        "get_call_history|{\"limit\":0}|limit",
        "get_call_history|{\"limit\":-1}|limit",
        "get_call_history|{\"limit\":201}|limit",
        "get_call_history|{\"limit\":10.0}|limit",
        "get_call_history|{\"limit\":\"10\"}|limit",
        "get_call_history|{\"limit\":99999999999999999999}|limit",
        "get_call_history|{\"before\":\"not a call id\"}|before",
        "get_call_history|{\"before\":1}|before"})
    void R8_4_aMissingOrMistypedOrOutOfRangeMemberIsInvalidMessageNamingIt(String action, String members,
            String field) {
        String frame = "{\"action\":\"" + action + "\"" + (members.equals("{}") ? "}" : "," + members.substring(1));
        assertInvalidAction(frame, action, field);
    }

    @Test
    void R8_4_valuesAtTheEdgesOfTheirRangesAreAccepted() {
        assertEquals(new GetCallHistory(1, null),
                decoded(CODEC.decodeAction("{\"action\":\"get_call_history\",\"limit\":1}")).message());
        assertEquals(new GetCallHistory(200, CallId.of("~.-_Zz09")),
                decoded(CODEC.decodeAction("{\"action\":\"get_call_history\",\"limit\":200,\"before\":\"~.-_Zz09\"}"))
                        .message());
        assertEquals(new Ping("n".repeat(64)),
                decoded(CODEC.decodeAction("{\"action\":\"ping\",\"nonce\":\"" + "n".repeat(64) + "\"}")).message());
        assertEquals(new Ping(""), decoded(CODEC.decodeAction("{\"action\":\"ping\",\"nonce\":\"\"}")).message());
        assertEquals(new SetMediaState(null, false, null),
                decoded(CODEC.decodeAction("{\"action\":\"media_state\",\"audio\":false}")).message());
        assertEquals(StartCall.to(UserId.of(0)),
                decoded(CODEC.decodeAction("{\"action\":\"start_call\",\"callee_id\":-0}")).message());
        assertEquals(new HangUp(null, CallId.of("x".repeat(255))), decoded(CODEC.decodeAction(
                "{\"action\":\"hang_up\",\"call_id\":\"" + "x".repeat(255) + "\"}")).message());
        assertInvalidAction("{\"action\":\"hang_up\",\"call_id\":\"" + "x".repeat(256) + "\"}", "hang_up", "call_id");
    }

    @Test
    void R8_4_theFirstBadMemberInComponentOrderIsNamed() {
        assertInvalidAction("{\"action\":\"start_call\",\"offer\":1,\"call_type\":2,\"callee_id\":true}", "start_call",
                "callee_id");
        assertInvalidAction("{\"action\":\"start_call\",\"offer\":1,\"call_type\":2,\"callee_id\":3}", "start_call",
                "call_type");
    }

    // Events: the same strictness

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{}", "{\"type\":null}", "{\"type\":1}", "{\"type\":[\"pong\"]}", "{\"action\":\"pong\"}"})
    void anEventWithoutAStringTypeIsInvalidMessageNamingType(String frame) {
        var refusal = refusedEvent(frame);
        assertEquals(ErrorCode.INVALID_MESSAGE, refusal.code());
        assertEquals("type", refusal.field());
        assertNull(refusal.action());
    }

    @ParameterizedTest(name = "seq {0}")
    @ValueSource(strings = {"0", "-1", "1.5", "1e2", "\"3\"", "true", "9223372036854775808"})
    void R6_3_seqIsAPositiveInteger(String seq) {
        assertInvalidEvent("{\"type\":\"pong\",\"seq\":" + seq + "}", "pong", "seq");
        assertInvalidEvent("{\"type\":\"party\",\"seq\":" + seq + "}", "party", "seq");
    }

    @Test
    void R6_3_seqIsReadUpToTheLargestLong() {
        assertEquals(Long.MAX_VALUE,
                decoded(CODEC.decodeEvent("{\"type\":\"pong\",\"seq\":9223372036854775807}")).seq());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "welcome|{\"session_id\":\"s\",\"protocol_version\":1,\"ring_timeout_ms\":1,\"resume_token\":\"r\","
                + "\"resume_grace_ms\":0,\"resumed\":false}|user_id",
        "welcome|{\"user_id\":1,\"session_id\":\"s\",\"protocol_version\":0,\"ring_timeout_ms\":1,"
                + "\"resume_token\":\"r\",\"resume_grace_ms\":0,\"resumed\":false}|protocol_version",
        "welcome|{\"user_id\":1,\"session_id\":\"s\",\"protocol_version\":1,\"ring_timeout_ms\":0,"
                + "\"resume_token\":\"r\",\"resume_grace_ms\":0,\"resumed\":false}|ring_timeout_ms",
        "welcome|{\"user_id\":1,\"session_id\":\"s\",\"protocol_version\":1,\"ring_timeout_ms\":1,"
                + "\"resume_token\":\"r\",\"resume_grace_ms\":-1,\"resumed\":false}|resume_grace_ms",
        "welcome|{\"user_id\":1,\"session_id\":\"s\",\"protocol_version\":1,\"ring_timeout_ms\":1,"
                + "\"resume_token\":\"r\",\"resume_grace_ms\":0}|resumed",
        "welcome|{\"user_id\":1,\"session_id\":\"s\",\"protocol_version\":1,\"ring_timeout_ms\":1,"
                + "\"resume_token\":7,\"resume_grace_ms\":0,\"resumed\":false}|resume_token",
        "incoming_call|{\"call_id\":\"c\",\"caller_id\":1}|caller_username",
        "incoming_call|{\"call_id\":\"c\",\"caller_id\":1,\"caller_username\":\"a\",\"call_type\":\"x\"}|call_type",
        "call_ringing|{\"call_id\":\"c\",\"callee_id\":2}|call_type",
        "call_answered|{\"call_id\":\"c\"}|callee_id",
        "call_offer|{\"caller_id\":1}|offer",
        "call_answer|{\"answer\":{}}|callee_id",
        "ice_candidate|{\"candidate\":{}}|sender_id",
        "call_hanged_up|{\"hanged_up_by\":1,\"call_id\":\" \"}|call_id",
        "call_rejected|{}|callee_id",
        "call_cancelled|{}|caller_id",
        "call_unavailable|{\"callee_id\":2,\"reason\":\"away\"}|reason",
        "call_missed|{\"call_id\":\"c\",\"caller_id\":1}|callee_id",
        "call_ended|{\"call_id\":\"c\",\"reason\":\"bored\"}|reason",
        "peer_media_state|{\"call_id\":\"c\",\"user_id\":1}|audio",
        "peer_media_state|{\"call_id\":\"c\",\"user_id\":1,\"video\":\"on\"}|video",
        "pong|{\"nonce\":1}|nonce",
        "call_history|{}|records",
        "call_history|{\"records\":{}}|records",
        "call_history|{\"records\":[1]}|records[0]",
        "call_history|{\"records\":[],\"next_before\":\"\"}|next_before",
        "error|{\"code\":\"oops\",\"message\":\"m\"}|code",
        "error|{\"code\":\"internal\"}|message",
        "error|{\"code\":\"internal\",\"message\":\"m\",\"field\":1}|field"})
    void aMissingOrMistypedEventMemberIsInvalidMessageNamingIt(String type, String members, String field) {
        String frame = "{\"type\":\"" + type + "\"" + (members.equals("{}") ? "}" : "," + members.substring(1));
        assertInvalidEvent(frame, type, field);
    }

    private static final String RECORD = "{\"call_id\":\"c-1\",\"caller_id\":1,\"callee_id\":2,\"call_type\":\"audio\","
            + "\"outcome\":\"completed\",\"started_at\":\"2026-11-20T10:15:00.000Z\","
            + "\"answered_at\":\"2026-11-20T10:15:05.000Z\",\"ended_at\":\"2026-11-20T10:15:30.250Z\","
            + "\"ended_by\":1,\"duration_ms\":25250}";

    private static String history(String record) {
        return "{\"type\":\"call_history\",\"records\":[" + RECORD + "," + record + "]}";
    }

    @Test
    void R7_2_aBadCallRecordIsInvalidMessageNamingItsIndexAndMember() {
        assertEquals(2, ((CallHistoryListed) decoded(CODEC.decodeEvent(history(RECORD))).message()).records().size());
        assertInvalidEvent(history(RECORD.replace("\"outcome\":\"completed\"", "\"outcome\":\"great\"")),
                "call_history", "records[1].outcome");
        assertInvalidEvent(history(RECORD.replace("2026-11-20T10:15:00.000Z", "yesterday")), "call_history",
                "records[1].started_at");
        assertInvalidEvent(history(RECORD.replace("\"2026-11-20T10:15:00.000Z\"", "1700000000000")), "call_history",
                "records[1].started_at");
        assertInvalidEvent(history(RECORD.replace("10:15:30.250Z", "10:14:00.000Z")), "call_history",
                "records[1].ended_at");
        assertInvalidEvent(history(RECORD.replace("\"answered_at\":\"2026-11-20T10:15:05.000Z\",", "")),
                "call_history", "records[1].answered_at");
        assertInvalidEvent(history(RECORD.replace("\"outcome\":\"completed\"", "\"outcome\":\"missed\"")),
                "call_history", "records[1].answered_at");
        assertInvalidEvent(history(RECORD.replace("10:15:05.000Z", "10:16:05.000Z")), "call_history",
                "records[1].answered_at");
        assertInvalidEvent(history(RECORD.replace("\"ended_by\":1", "\"ended_by\":true")), "call_history",
                "records[1].ended_by");
        assertInvalidEvent(history(RECORD.replace("\"call_id\":\"c-1\",", "")), "call_history",
                "records[1].call_id");
    }

    @Test
    void R7_5_anInterruptedRecordIsReadWithOrWithoutAnAnswerTime() {
        String interrupted = RECORD.replace("\"outcome\":\"completed\"", "\"outcome\":\"interrupted\"");
        CallRecord answered = ((CallHistoryListed) decoded(CODEC.decodeEvent(history(interrupted))).message())
                .records().get(1);
        assertEquals(Outcome.INTERRUPTED, answered.outcome());
        assertEquals(java.time.Instant.parse("2026-11-20T10:15:05Z"), answered.answeredAt());
        CallRecord unanswered = ((CallHistoryListed) decoded(CODEC.decodeEvent(history(
                interrupted.replace("\"answered_at\":\"2026-11-20T10:15:05.000Z\",", "")))).message())
                .records().get(1);
        assertNull(unanswered.answeredAt());
    }

    @Test
    void R7_2_recordTimesAreReadAsAnyIsoInstant() {
        var listed = (CallHistoryListed) decoded(CODEC.decodeEvent(
                history(RECORD.replace("10:15:00.000Z", "10:15:00Z")))).message();
        assertEquals(java.time.Instant.parse("2026-11-20T10:15:00Z"), listed.records().get(1).startedAt());
    }

    @Test
    void aRefusalBecomesTheErrorEventThatAnswersIt() {
        var refusal = refusedAction("{\"action\":\"hang_up\"}");
        assertEquals(new ErrorReported(ErrorCode.INVALID_MESSAGE, refusal.message(), "hang_up", "call_id", null),
                refusal.toError());
    }

    @Test
    void decodingAllFramesOfAListNeverThrows() {
        for (String frame : List.of("\u0000", "\uD800", "{\"action\":\"\uD800\"}", "{\"\":\"\"}",
                "{\"action\":\"offer\",\"offer\":{\"\\uD800\":\"\\uDC00\"}}")) {
            CODEC.decodeAction(frame);
            CODEC.decodeEvent(frame);
        }
    }
}
