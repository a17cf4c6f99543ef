package dev.dialtone.protocol;

import static dev.dialtone.protocol.WireSamples.CODEC;
import static dev.dialtone.protocol.WireSamples.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dialtone.protocol.internal.JsonText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;

/** The codec's laws over generated input: decoding is total, and encoding then decoding gives the message back. */
class WireCodecProperties {

    private static final Set<ErrorCode> DECODE_CODES =
            Set.of(ErrorCode.BAD_JSON, ErrorCode.UNKNOWN_ACTION, ErrorCode.INVALID_MESSAGE);

    // Totality (R8.12: nothing a client sends crashes the receiver)

    @Property
    void R8_12_decodingNeverThrowsForArbitraryStrings(@ForAll String frame) {
        assertWellFormedAction(CODEC.decodeAction(frame));
        assertWellFormedEvent(CODEC.decodeEvent(frame));
    }

    @Property
    void R8_12_decodingNeverThrowsForJsonLikeTokenSoup(@ForAll("tokenSoup") String frame) {
        assertWellFormedAction(CODEC.decodeAction(frame));
        assertWellFormedEvent(CODEC.decodeEvent(frame));
    }

    @Property
    void R8_12_decodingNeverThrowsForMutatedValidActionFrames(@ForAll("actions") ClientAction action,
            @ForAll("textMutations") TextMutation mutation) {
        String frame = mutation.apply(CODEC.encode(action));
        assertWellFormedAction(CODEC.decodeAction(frame));
        assertWellFormedEvent(CODEC.decodeEvent(frame));
    }

    @Property
    void R8_12_decodingNeverThrowsForMutatedValidEventFrames(@ForAll("events") ServerEvent event,
            @ForAll("textMutations") TextMutation mutation) {
        String frame = mutation.apply(CODEC.encode(event, 3));
        assertWellFormedEvent(CODEC.decodeEvent(frame));
        assertWellFormedAction(CODEC.decodeAction(frame));
    }

    @Property
    void R8_4_replacingAnActionMemberWithAnyValueDecodesOrNamesThatMember(@ForAll("actions") ClientAction action,
            @ForAll("jsonValues") String value, @ForAll int pick) {
        ObjectNode frame = (ObjectNode) tree(CODEC.encode(action));
        List<String> members = memberNames(frame);
        members.remove("action");
        if (members.isEmpty()) {
            assertEquals(action, WireSamples.decoded(CODEC.decodeAction(frame.toString())).message());
            return;
        }
        String member = members.get(Math.floorMod(pick, members.size()));
        frame.set(member, tree(value));
        var result = CODEC.decodeAction(JsonText.compact(frame));
        assertWellFormedAction(result);
        if (result instanceof DecodeResult.Undecodable<ClientAction> refusal) {
            assertEquals(ErrorCode.INVALID_MESSAGE, refusal.code(), refusal::toString);
            assertEquals(action.action(), refusal.action());
            // media_state names audio when neither audio nor video is left
            assertTrue(refusal.field().equals(member) || refusal.field().equals("audio") && member.equals("video"),
                    () -> "replaced " + member + " but got " + refusal);
        }
    }

    @Property
    void R8_4_replacingAnEventMemberWithAnyValueDecodesOrNamesThatMember(@ForAll("events") ServerEvent event,
            @ForAll("jsonValues") String value, @ForAll int pick) {
        ObjectNode frame = (ObjectNode) tree(CODEC.encode(event, 9));
        List<String> members = memberNames(frame);
        members.remove("type");
        String member = members.get(Math.floorMod(pick, members.size()));
        frame.set(member, tree(value));
        var result = CODEC.decodeEvent(JsonText.compact(frame));
        assertWellFormedEvent(result);
        if (result instanceof DecodeResult.Undecodable<ServerEvent> refusal) {
            assertEquals(ErrorCode.INVALID_MESSAGE, refusal.code(), refusal::toString);
            assertEquals(event.type(), refusal.action());
            assertTrue(refusal.field().equals(member) || refusal.field().startsWith(member + "[")
                    || refusal.field().equals("audio") && member.equals("video"),
                    () -> "replaced " + member + " but got " + refusal);
        }
    }

    // Round trips

    @Property
    void everyGeneratedActionRoundTrips(@ForAll("actions") ClientAction action) {
        String frame = CODEC.encode(action);
        var result = WireSamples.decoded(CODEC.decodeAction(frame));
        assertEquals(action, result.message());
        assertEquals(0, result.seq());
        assertEquals(frame, CODEC.encode(result.message()), "user ids keep their JSON type");
    }

    @Property
    void everyGeneratedEventRoundTripsWithItsSeq(@ForAll("events") ServerEvent event,
            @ForAll @LongRange(min = 1) long seq) {
        String frame = CODEC.encode(event, seq);
        var result = WireSamples.decoded(CODEC.decodeEvent(frame));
        assertEquals(event, result.message());
        assertEquals(seq, result.seq());
        assertEquals(frame, CODEC.encode(result.message(), seq));
    }

    @Property
    void numberingAWrittenEventWritesWhatEncodingWithTheSeqWrites(@ForAll("events") ServerEvent event,
            @ForAll @LongRange(min = 1) long seq) {
        String written = CODEC.encode(event);

        assertEquals(CODEC.encode(event, seq), CODEC.encode(written, seq));
        assertThrows(IllegalArgumentException.class, () -> CODEC.encode(CODEC.encode(event, seq), seq),
                "an event numbered already is refused");
        assertThrows(IllegalArgumentException.class, () -> CODEC.encode(written, 0));
        assertThrows(IllegalArgumentException.class, () -> CODEC.encode("{\"action\":\"ping\"}", seq),
                "an action is not an event");
    }

    @Property
    void R3_8_compactOpaqueObjectsAreRelayedByteForByte(@ForAll("opaqueText") String object) {
        String frame = "{\"action\":\"offer\",\"offer\":" + object + "}";
        var offer = (SendOffer) WireSamples.decoded(CODEC.decodeAction(frame)).message();
        assertEquals(object, offer.offer().json());
        String relayed = CODEC.encode(new OfferRelayed(offer.offer(), UserId.of(1), CallId.of("c")));
        assertEquals("{\"type\":\"call_offer\",\"offer\":" + object + ",\"caller_id\":1,\"call_id\":\"c\"}", relayed);
    }

    // Checks of any result

    private static void assertWellFormedAction(DecodeResult<ClientAction> result) {
        if (result instanceof DecodeResult.Decoded<ClientAction> decoded) {
            assertEquals(0, decoded.seq());
            return;
        }
        var refusal = (DecodeResult.Undecodable<ClientAction>) result;
        assertWellFormedRefusal(refusal);
        if (refusal.code() == ErrorCode.INVALID_MESSAGE) {
            assertNotNull(refusal.action(), refusal::toString);
        } else {
            assertNull(refusal.action(), refusal::toString);
        }
    }

    private static void assertWellFormedEvent(DecodeResult<ServerEvent> result) {
        if (result instanceof DecodeResult.Decoded<ServerEvent> decoded) {
            assertTrue(decoded.seq() >= 0);
            return;
        }
        var refusal = (DecodeResult.Undecodable<ServerEvent>) result;
        assertWellFormedRefusal(refusal);
        assertTrue(refusal.code() != ErrorCode.UNKNOWN_ACTION, refusal::toString);
    }

    private static void assertWellFormedRefusal(DecodeResult.Undecodable<?> refusal) {
        assertTrue(DECODE_CODES.contains(refusal.code()), refusal::toString);
        assertTrue(!refusal.message().isEmpty());
        if (refusal.code() == ErrorCode.INVALID_MESSAGE) {
            assertNotNull(refusal.field(), () -> "invalid_message always names the field: " + refusal);
        } else {
            assertNull(refusal.field(), refusal::toString);
        }
        if (refusal.code() == ErrorCode.BAD_JSON) {
            assertNull(refusal.action(), refusal::toString);
        }
    }

    private static List<String> memberNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    // Generators

    /** A change to a frame's text: cut it, or put a character or a token somewhere. */
    record TextMutation(int position, String insert, boolean cut) {
        String apply(String text) {
            int at = Math.floorMod(position, text.length() + 1);
            return cut ? text.substring(0, at) : text.substring(0, at) + insert + text.substring(at);
        }
    }

    @Provide
    Arbitrary<TextMutation> textMutations() {
        Arbitrary<String> inserts = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(3),
                Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\\", "null", "1e999", "-", ".", " ",
                        "\"action\":", "\"type\":", "\"seq\":0,", ",\"x\":1", "\u0000", "\uD800"));
        Arbitrary<Boolean> cuts = Arbitraries.frequency(Tuple.of(1, true), Tuple.of(4, false));
        return Combinators.combine(Arbitraries.integers(), inserts, cuts).as(TextMutation::new);
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of("{", "}", "[", "]", ":", ",", "\"action\"", "\"type\"", "\"seq\"", "\"start_call\"",
                "\"call_history\"", "\"records\"", "\"callee_id\"", "\"offer\"", "null", "true", "0", "-1", "1.50",
                "1e400", "99999999999999999999", "\"\"", "\"c-1\"", " ").list().ofMaxSize(40)
                .map(tokens -> String.join("", tokens));
    }

    @Provide
    Arbitrary<String> jsonValues() {
        return jsonValue(2, false);
    }

    @Provide
    Arbitrary<String> opaqueText() {
        return jsonObject(2, true);
    }

    /**
     * JSON text of any value up to {@code depth} levels deep; when {@code canonical}, only text that Jackson writes back
     * unchanged (no "-0", no exponents), so that byte-exact relaying can be checked.
     */
    private static Arbitrary<String> jsonValue(int depth, boolean canonical) {
        Arbitrary<String> odd = Arbitraries.of("-0", "1e3", "-1E-7", "1E+400", "\"\"", "\"c-1\"", "\"audio\"",
                "\"video\"", "\"2026-11-20T10:15:30.250Z\"", "2.0", "0.0", "[]", "{}");
        Arbitrary<String> leaf = Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(19), BigInteger.TEN.pow(25)).map(String::valueOf),
                plainDecimals(),
                Arbitraries.of("null", "true", "false", "0", "1.50", "-0.000100"),
                Arbitraries.strings().ofMaxLength(40).map(WireCodecProperties::jsonString),
                canonical ? plainDecimals() : odd);
        if (depth == 0) {
            return leaf;
        }
        return Arbitraries.oneOf(leaf, leaf, jsonObject(depth - 1, canonical),
                jsonValue(depth - 1, canonical).list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]"));
    }

    private static Arbitrary<String> jsonObject(int depth, boolean canonical) {
        Arbitrary<String> values = jsonValue(Math.max(0, depth - 1), canonical);
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(8), values).ofMaxSize(5)
                .map(members -> members.entrySet().stream()
                        .map(e -> jsonString(e.getKey()) + ":" + e.getValue())
                        .collect(Collectors.joining(",", "{", "}")));
    }

    /** Decimals whose text is already canonical (no exponent), so that they must come out unchanged. */
    private static Arbitrary<String> plainDecimals() {
        return Combinators.combine(Arbitraries.longs().between(-10_000_000, 10_000_000), Arbitraries.integers()
                .between(1, 4)).as((unscaled, scale) -> BigDecimal.valueOf(unscaled, scale).toString());
    }

    private static String jsonString(String text) {
        try {
            return JsonText.MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static Arbitrary<UserId> userIds() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(UserId::of),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(UserId.MAX_LENGTH)
                        .filter(s -> s.chars().noneMatch(Character::isISOControl)).map(UserId::of));
    }

    private static Arbitrary<CallId> callIds() {
        return Arbitraries.strings().numeric().alpha().withChars("._~-").ofMinLength(1).ofMaxLength(255)
                .map(CallId::of);
    }

    private static Arbitrary<OpaqueJson> opaques() {
        return jsonObject(2, false).map(OpaqueJson::of);
    }

    private static Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(0, 4_102_444_800_000L).map(Instant::ofEpochMilli);
    }

    private static Arbitrary<Boolean> maybeBooleans() {
        return Arbitraries.of(true, false).injectNull(0.3);
    }

    @Provide
    Arbitrary<ClientAction> actions() {
        Arbitrary<CallType> callTypes = Arbitraries.of(CallType.class).injectNull(0.3);
        return Arbitraries.oneOf(
                Combinators.combine(userIds(), callTypes, opaques().injectNull(0.5)).as(StartCall::new),
                Combinators.combine(callIds(), userIds().injectNull(0.5), opaques().injectNull(0.5))
                        .as(AnswerCall::new),
                Combinators.combine(callIds(), userIds().injectNull(0.5)).as(RejectCall::new),
                Combinators.combine(callIds(), userIds().injectNull(0.5)).as(CancelCall::new),
                Combinators.combine(userIds().injectNull(0.5), opaques(), callIds().injectNull(0.5))
                        .as(SendOffer::new),
                Combinators.combine(userIds().injectNull(0.5), opaques(), callIds().injectNull(0.5))
                        .as(SendAnswer::new),
                Combinators.combine(userIds().injectNull(0.5), opaques(), callIds().injectNull(0.5))
                        .as(SendIceCandidate::new),
                Combinators.combine(userIds().injectNull(0.5), callIds()).as(HangUp::new),
                Combinators.combine(callIds().injectNull(0.5), maybeBooleans(), maybeBooleans())
                        .filter((c, a, v) -> a != null || v != null).as(SetMediaState::new),
                Arbitraries.strings().ofMaxLength(Ping.MAX_NONCE_LENGTH).injectNull(0.3).map(Ping::new),
                Combinators.combine(Arbitraries.integers().between(1, GetCallHistory.MAX_LIMIT).injectNull(0.3),
                        callIds().injectNull(0.5)).as(GetCallHistory::new));
    }

    @Provide
    Arbitrary<ServerEvent> events() {
        Arbitrary<CallType> callTypes = Arbitraries.of(CallType.class);
        return Arbitraries.oneOf(
                Combinators.combine(userIds(), Arbitraries.strings().ofMaxLength(40),
                        Arbitraries.integers().between(1, Integer.MAX_VALUE), Arbitraries.longs().between(1,
                                Long.MAX_VALUE), Arbitraries.strings().ofMaxLength(64),
                        Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.of(true, false))
                        .as(Welcome::new),
                Combinators.combine(callIds(), userIds(), Arbitraries.strings().ofMaxLength(80),
                        callTypes.injectNull(0.3), opaques().injectNull(0.5)).as(IncomingCall::new),
                Combinators.combine(callIds(), userIds(), callTypes).as(CallRinging::new),
                Combinators.combine(userIds(), callIds().injectNull(0.3), opaques().injectNull(0.5))
                        .as(CallAnswered::new),
                Combinators.combine(opaques(), userIds(), callIds().injectNull(0.3)).as(OfferRelayed::new),
                Combinators.combine(opaques(), userIds(), callIds().injectNull(0.3)).as(AnswerRelayed::new),
                Combinators.combine(opaques(), userIds(), callIds().injectNull(0.3)).as(IceCandidateRelayed::new),
                Combinators.combine(userIds(), callIds().injectNull(0.3)).as(CallHungUp::new),
                Combinators.combine(userIds(), callIds().injectNull(0.3)).as(CallRejected::new),
                Combinators.combine(userIds(), callIds().injectNull(0.3)).as(CallCancelled::new),
                Combinators.combine(userIds(), Arbitraries.of(UnavailableReason.class), callIds().injectNull(0.3))
                        .as(CallUnavailable::new),
                Combinators.combine(callIds(), userIds(), userIds()).as(CallMissed::new),
                Combinators.combine(callIds(), Arbitraries.of(EndReason.class)).as(CallEnded::new),
                Combinators.combine(callIds(), userIds(), maybeBooleans(), maybeBooleans())
                        .filter((c, u, a, v) -> a != null || v != null).as(PeerMediaChanged::new),
                Arbitraries.strings().ofMaxLength(64).injectNull(0.3).map(PingAnswered::new),
                Combinators.combine(records().list().ofMaxSize(4), callIds().injectNull(0.5))
                        .as(CallHistoryListed::new),
                Combinators.combine(Arbitraries.of(ErrorCode.class), Arbitraries.strings().ofMaxLength(100),
                        Arbitraries.strings().ofMaxLength(30).injectNull(0.5),
                        Arbitraries.strings().ofMaxLength(30).injectNull(0.5), callIds().injectNull(0.5))
                        .as(ErrorReported::new));
    }

    private static Arbitrary<CallRecord> records() {
        return Combinators.combine(callIds(), userIds(), userIds(), Arbitraries.of(CallType.class),
                Arbitraries.of(Outcome.class), instants(),
                Arbitraries.longs().between(0, 10_000_000).list().ofSize(2), userIds().injectNull(0.4))
                .as((id, caller, callee, type, outcome, started, gaps, endedBy) -> {
                    // completed always has an answer time; interrupted (R7.5) may have one, half of the time here
                    boolean wasAnswered = outcome == Outcome.COMPLETED
                            || outcome == Outcome.INTERRUPTED && gaps.get(0) % 2 == 0;
                    Instant answered = wasAnswered ? started.plusMillis(gaps.get(0)) : null;
                    Instant ended = (answered == null ? started : answered).plusMillis(gaps.get(1));
                    return new CallRecord(id, caller, callee, type, outcome, started, answered, ended, endedBy);
                });
    }
}
