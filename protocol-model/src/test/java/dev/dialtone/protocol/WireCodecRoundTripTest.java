package dev.dialtone.protocol;

import static dev.dialtone.protocol.WireSamples.CALL;
import static dev.dialtone.protocol.WireSamples.CALLEE;
import static dev.dialtone.protocol.WireSamples.CALLER;
import static dev.dialtone.protocol.WireSamples.CODEC;
import static dev.dialtone.protocol.WireSamples.COMPLETED;
import static dev.dialtone.protocol.WireSamples.decoded;
import static dev.dialtone.protocol.WireSamples.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message survives encode then decode, and is written in the documented shape. */
class WireCodecRoundTripTest {

    static Stream<ClientAction> actions() {
        return Stream.concat(WireSamples.fullActions().stream(), WireSamples.minimalActions().stream());
    }

    static Stream<ServerEvent> events() {
        return Stream.concat(WireSamples.fullEvents().stream(), WireSamples.minimalEvents().stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void everyActionRoundTripsWithOptionalMembersPresentAndAbsent(ClientAction action) {
        String frame = CODEC.encode(action);
        var result = decoded(CODEC.decodeAction(frame));
        assertEquals(action, result.message());
        assertEquals(0, result.seq());
        assertEquals(frame, CODEC.encode(result.message()), "the JSON type of every user id survives");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void everyEventRoundTripsWithAndWithoutSeq(ServerEvent event) {
        String frame = CODEC.encode(event);
        var plain = decoded(CODEC.decodeEvent(frame));
        assertEquals(event, plain.message());
        assertEquals(0, plain.seq());
        assertEquals(frame, CODEC.encode(plain.message()));

        var sequenced = decoded(CODEC.decodeEvent(CODEC.encode(event, 41)));
        assertEquals(event, sequenced.message());
        assertEquals(41, sequenced.seq());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void actionMembersAreTheSnakeCaseRecordComponentsInOrderAfterAction(ClientAction action) {
        List<String> expected = new ArrayList<>(List.of("action"));
        expected.addAll(presentComponents(action));
        assertEquals(expected, memberNames(tree(CODEC.encode(action))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void eventMembersAreTheSnakeCaseRecordComponentsInOrderAfterTypeWithSeqLast(ServerEvent event) {
        List<String> expected = new ArrayList<>(List.of("type"));
        expected.addAll(presentComponents(event));
        assertEquals(expected, memberNames(tree(CODEC.encode(event))));
        expected.add("seq");
        assertEquals(expected, memberNames(tree(CODEC.encode(event, 1))));
    }

    @Test
    void samplesCoverEveryActionAndEventName() {
        assertEquals(Set.copyOf(WireSamples.ACTION_NAMES),
                WireSamples.fullActions().stream().map(ClientAction::action).collect(Collectors.toSet()));
        assertEquals(Set.copyOf(WireSamples.ACTION_NAMES),
                WireSamples.minimalActions().stream().map(ClientAction::action).collect(Collectors.toSet()));
        assertEquals(Set.copyOf(WireSamples.EVENT_TYPES),
                WireSamples.fullEvents().stream().map(ServerEvent::type).collect(Collectors.toSet()));
        assertEquals(Set.copyOf(WireSamples.EVENT_TYPES),
                WireSamples.minimalEvents().stream().map(ServerEvent::type).collect(Collectors.toSet()));
    }

    @Test
    void absentOptionalMembersAreLeftOutNeverNull() {
        assertEquals("{\"type\":\"incoming_call\",\"call_id\":\"c-1\",\"caller_id\":1,\"caller_username\":\"Alice\"}",
                CODEC.encode(new IncomingCall(CALL, CALLER, "Alice", null, null)));
        assertEquals("{\"action\":\"get_call_history\"}", CODEC.encode(new GetCallHistory(null, null)));
        assertEquals("{\"type\":\"pong\"}", CODEC.encode(new PingAnswered(null)));
    }

    @Test
    void R6_3_seqIsTheLastMember() {
        assertEquals("{\"type\":\"call_hanged_up\",\"hanged_up_by\":1,\"call_id\":\"c-1\",\"seq\":7}",
                CODEC.encode(new CallHungUp(CALLER, CALL), 7));
    }

    @Test
    void R6_3_seqBelowOneIsRefusedOnEncode() {
        assertThrows(IllegalArgumentException.class, () -> CODEC.encode(new PingAnswered(null), 0));
        assertThrows(IllegalArgumentException.class, () -> CODEC.encode(new PingAnswered(null), -3));
    }

    @Test
    void unrecognizedMessagesHaveNoWireForm() {
        assertThrows(IllegalArgumentException.class, () -> CODEC.encode(new UnrecognizedAction("dance")));
        assertThrows(IllegalArgumentException.class, () -> CODEC.encode(new UnrecognizedEvent("party")));
        assertThrows(IllegalArgumentException.class, () -> CODEC.encode(new UnrecognizedEvent("party"), 3));
    }

    @Test
    void actionsOfUnknownClassesHaveNoWireForm() {
        ClientAction custom = () -> "custom";
        ServerEvent customEvent = () -> "custom";
        assertThrows(IllegalArgumentException.class, () -> CODEC.encode(custom));
        assertThrows(IllegalArgumentException.class, () -> CODEC.encode(customEvent));
    }

    @Test
    void R3_8_opaquePayloadsKeepEveryMemberAndNumberText() {
        String frame = "{\"action\":\"ice_candidate\",\"candidate\":{\"candidate\":\"candidate:1 1 udp 1 1.2.3.4 9 typ "
                + "host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"price\":1.50,\"big\":12345678901234567890123,"
                + "\"nested\":{\"list\":[1,2.0,\"x\",null,true,{\"deep\":-0.000100}]}}}";
        var decodedAction = (SendIceCandidate) decoded(CODEC.decodeAction(frame)).message();
        String written = CODEC.encode(decodedAction);
        assertEquals(frame, written);
        assertTrue(written.contains("1.50"));
        var relayed = new IceCandidateRelayed(decodedAction.candidate(), CALLER, CALL);
        assertEquals(decodedAction.candidate(),
                ((IceCandidateRelayed) decoded(CODEC.decodeEvent(CODEC.encode(relayed))).message()).candidate());
    }

    @Test
    void R7_2_timesAreUtcWithExactlyMillisecondsAndDurationIsDerived() {
        JsonNode record = tree(CODEC.encode(new CallHistoryListed(List.of(COMPLETED), null))).get("records").get(0);
        assertEquals("2026-11-20T10:15:00.125Z", record.get("started_at").textValue());
        assertEquals("2026-11-20T10:15:05.000Z", record.get("answered_at").textValue());
        assertEquals("2026-11-20T10:15:30.250Z", record.get("ended_at").textValue());
        assertEquals(25_250, record.get("duration_ms").longValue());
        assertEquals(2, record.get("ended_by").intValue());
    }

    @Test
    void R7_2_subMillisecondTimesAreTruncatedAndDurationMatchesTheWrittenTimes() {
        Instant started = Instant.parse("2026-11-20T10:15:00.000900Z");
        Instant answered = Instant.parse("2026-11-20T10:15:00.000900Z");
        Instant ended = Instant.parse("2026-11-20T10:15:01.000100Z");
        var record = new CallRecord(CALL, CALLER, CALLEE, CallType.AUDIO, Outcome.COMPLETED, started, answered,
                ended, CALLER);
        JsonNode written = tree(CODEC.encode(new CallHistoryListed(List.of(record), null))).get("records").get(0);
        assertEquals("2026-11-20T10:15:00.000Z", written.get("answered_at").textValue());
        assertEquals("2026-11-20T10:15:01.000Z", written.get("ended_at").textValue());
        assertEquals(1000, written.get("duration_ms").longValue());
    }

    @Test
    void R7_2_neverAnsweredRecordsHaveZeroDurationAndNoAnsweredAt() {
        JsonNode record = tree(CODEC.encode(new CallHistoryListed(List.of(WireSamples.MISSED), null)))
                .get("records").get(0);
        assertFalse(record.has("answered_at"));
        assertFalse(record.has("ended_by"));
        assertEquals(0, record.get("duration_ms").longValue());
    }

    @Test
    void R7_2_timesDoNotDependOnTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("th-TH-u-nu-thai-ca-buddhist"));
            String frame = CODEC.encode(new CallHistoryListed(List.of(COMPLETED), null));
            assertTrue(frame.contains("\"ended_at\":\"2026-11-20T10:15:30.250Z\""), frame);
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void R7_3_durationMsIsIgnoredOnDecode() {
        String frame = CODEC.encode(new CallHistoryListed(List.of(COMPLETED), null))
                .replace("\"duration_ms\":25250", "\"duration_ms\":\"whatever\"");
        var listed = (CallHistoryListed) decoded(CODEC.decodeEvent(frame)).message();
        assertEquals(List.of(COMPLETED), listed.records());
    }

    @Test
    void R1_5_userIdsAtTheEdgesOfTheSignedSixtyFourBitRangeRoundTrip() {
        for (long id : new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}) {
            String frame = CODEC.encode(StartCall.to(UserId.of(id)));
            assertEquals("{\"action\":\"start_call\",\"callee_id\":" + id + "}", frame);
            assertEquals(StartCall.to(UserId.of(id)), decoded(CODEC.decodeAction(frame)).message());
        }
    }

    @Test
    void R1_5_stringUserIdsOfTwoHundredFiftyFiveCharactersRoundTrip() {
        UserId longest = UserId.of("ü".repeat(255));
        assertEquals(new CallRejected(longest, null),
                decoded(CODEC.decodeEvent(CODEC.encode(new CallRejected(longest, null)))).message());
    }

    @Test
    void stringsAreEscapedAsJsonRequires() {
        var error = new ErrorReported(ErrorCode.INTERNAL, "quote \" backslash \\ newline \n tab \t nul \u0000", null,
                null, null);
        assertEquals(error, decoded(CODEC.decodeEvent(CODEC.encode(error))).message());
    }

    /** The wire names of the record's non-null components, in component order. */
    private static List<String> presentComponents(Object message) {
        List<String> names = new ArrayList<>();
        for (RecordComponent component : message.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(message);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            if (value != null) {
                names.add(snakeCase(component.getName()));
            }
        }
        return names;
    }

    private static String snakeCase(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    private static List<String> memberNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void R7_2_recordMembersAreTheSnakeCaseComponentsInOrderThenDurationMs() {
        JsonNode record = tree(CODEC.encode(new CallHistoryListed(List.of(COMPLETED), null))).get("records").get(0);
        List<String> expected = new ArrayList<>(presentComponents(COMPLETED));
        expected.add("duration_ms");
        assertEquals(expected, memberNames(record));
    }
}
