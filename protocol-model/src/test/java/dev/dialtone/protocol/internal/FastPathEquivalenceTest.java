package dev.dialtone.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dialtone.protocol.ClientAction;
import dev.dialtone.protocol.DecodeResult;
import dev.dialtone.protocol.ErrorReported;
import dev.dialtone.protocol.ErrorCode;
import dev.dialtone.protocol.OpaqueJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The codec's fast paths give exactly what the full paths give: {@link FastActions} decodes a frame to the same action
 * as the Jackson tree reader, or declines; {@link FieldWriter} escapes strings as Jackson's generator does.
 */
class FastPathEquivalenceTest {

    private static final JacksonWireCodec CODEC = JacksonWireCodec.INSTANCE;
    private static final String CANDIDATE = "{\"candidate\":\"candidate:1 1 udp 2122260223 10.0.0.1 51000 typ host\","
            + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"action\":\"ice_candidate\",\"peer_id\":2,\"candidate\":" + CANDIDATE + ",\"call_id\":\"c-1\"}",
        "{\"action\":\"ice_candidate\",\"candidate\":" + CANDIDATE + "}",
        "{\"candidate\":" + CANDIDATE + ",\"action\":\"ice_candidate\",\"peer_id\":\"bob\"}",
        "{\"action\":\"ice_candidate\",\"peer_id\":-7,\"candidate\":{},\"call_id\":\"A.b_c~d-9\"}",
        "{\"action\":\"offer\",\"callee_id\":2,\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 1.2.3.4\\r\\n\"},"
                + "\"call_id\":\"x\"}",
        "{\"action\":\"answer\",\"caller_id\":1,\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\",\"n\":[1,2.5,-3,0.125,"
                + "true,false,null,{\"a\":{\"b\":[]}}]}}",
        "{\"action\":\"start_call\",\"callee_id\":2}",
        "{\"action\":\"start_call\",\"callee_id\":\"2\",\"call_type\":\"video\",\"offer\":{\"type\":\"offer\"}}",
        "{\"action\":\"answer_call\",\"call_id\":\"abc\",\"caller_id\":1,\"answer\":{\"x\":\"\\u001F\\\"\\\\\"}}",
        "{\"action\":\"hang_up\",\"peer_id\":2,\"call_id\":\"abc\"}",
        "{\"action\":\"ice_candidate\",\"candidate\":{\"s\":\"héllo ✓ \\t\\b\\f\"}}",
        "{\"action\":\"ice_candidate\",\"candidate\":{\"d\":0.000001,\"e\":123.4500,\"f\":0.0}}",
    })
    void plainFramesAreReadByTheFastPathAsTheFullReaderReadsThem(String frame) {
        ClientAction fast = FastActions.tryRead(frame);
        assertNotNull(fast, "the fast path should take " + frame);
        assertEquals(CODEC.decodeActionFully(frame), new DecodeResult.Decoded<>(fast, 0));
        for (OpaqueJson opaque : opaques(fast)) {
            assertEquals(JsonText.requireObject(opaque.json()), opaque.json(), "opaque text must be compact");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // whitespace, escapes in plain strings, unknown or duplicate members, wrong types, odd numbers
        "{ \"action\":\"ice_candidate\",\"candidate\":{}}",
        "{\"action\":\"ice_candidate\",\"candidate\":{ }}",
        "{\"action\":\"ice_\\u0063andidate\",\"candidate\":{}}",
        "{\"action\":\"ice_candidate\",\"candidate\":{},\"extra\":1}",
        "{\"action\":\"ice_candidate\",\"candidate\":{},\"candidate\":{}}",
        "{\"action\":\"ice_candidate\",\"candidate\":{\"a\":1,\"a\":2}}",
        "{\"action\":\"ice_candidate\",\"candidate\":{\"a\":{\"b\":1,\"b\":1}}}",
        "{\"action\":\"ice_candidate\",\"candidate\":\"text\"}",
        "{\"action\":\"ice_candidate\",\"candidate\":{},\"call_id\":5}",
        "{\"action\":\"ice_candidate\",\"candidate\":{},\"call_id\":\"bad id\"}",
        "{\"action\":\"ice_candidate\",\"candidate\":{},\"peer_id\":null}",
        "{\"action\":\"ice_candidate\",\"candidate\":{},\"peer_id\":\"\"}",
        "{\"action\":\"ice_candidate\",\"candidate\":{},\"peer_id\":12345678901234567890}",
        "{\"action\":\"ice_candidate\",\"candidate\":{},\"peer_id\":1.5}",
        "{\"action\":\"ice_candidate\",\"candidate\":{},\"peer_id\":-0}",
        "{\"action\":\"ice_candidate\",\"candidate\":{\"n\":1e5}}",
        "{\"action\":\"ice_candidate\",\"candidate\":{\"n\":0.0000001}}",
        "{\"action\":\"ice_candidate\",\"candidate\":{\"n\":0.0000000}}",
        "{\"action\":\"ice_candidate\",\"candidate\":{\"n\":-0}}",
        "{\"action\":\"ice_candidate\",\"candidate\":{\"n\":-0.0}}",
        "{\"action\":\"ice_candidate\",\"candidate\":{\"s\":\"\\/\"}}",
        "{\"action\":\"ice_candidate\",\"candidate\":{\"s\":\"\\u0041\"}}",
        "{\"action\":\"ice_candidate\",\"candidate\":{\"s\":\"\\u000a\"}}",
        "{\"action\":\"ice_candidate\",\"candidate\":{\"s\":\"\\u001f\"}}",
        "{\"action\":\"ice_candidate\",\"candidate\":{}} ",
        "{\"action\":\"ice_candidate\",\"candidate\":{}}{}",
        "{\"action\":\"ice_candidate\",\"candidate\":{}",
        "{\"action\":\"ping\"}",
        "{\"action\":\"start_call\",\"callee_id\":2,\"call_type\":\"fax\"}",
        "{\"action\":\"hang_up\",\"peer_id\":2}",
        "{}",
        "[]",
    })
    void otherFramesAreLeftToTheFullReader(String frame) {
        assertNull(FastActions.tryRead(frame), frame);
    }

    @Test
    void randomFramesAgreeWithTheFullReader() {
        Random random = new Random(7);
        int taken = 0;
        for (int i = 0; i < 20_000; i++) {
            String frame = randomFrame(random);
            ClientAction fast;
            try {
                fast = FastActions.tryRead(frame);
            } catch (RuntimeException e) {
                throw new AssertionError("the fast path threw for " + frame, e);
            }
            DecodeResult<ClientAction> full = CODEC.decodeActionFully(frame);
            if (fast != null) {
                taken++;
                assertEquals(full, new DecodeResult.Decoded<>(fast, 0), frame);
            }
            assertEquals(full, CODEC.decodeAction(frame), frame);
        }
        // enough of the generated frames are plain for the comparison to mean something
        org.junit.jupiter.api.Assertions.assertTrue(taken > 300, "fast path taken " + taken + " times");
    }

    @Test
    void stringsAreEscapedAsJacksonEscapesThem() throws JsonProcessingException {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x2100; c++) {
            all.append(c);
        }
        all.append("\uD83D\uDE00 \uFFFF");
        String text = all.toString();
        String ours = CODEC.encode(new ErrorReported(ErrorCode.INTERNAL, text, text, null, null));
        String jackson = "{\"type\":\"error\",\"code\":\"internal\",\"message\":"
                + JsonText.MAPPER.writeValueAsString(text) + ",\"action\":" + JsonText.MAPPER.writeValueAsString(text)
                + "}";
        assertEquals(jackson, ours);
    }

    private static List<OpaqueJson> opaques(ClientAction action) {
        List<OpaqueJson> found = new ArrayList<>();
        for (var component : action.getClass().getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(action);
                if (value instanceof OpaqueJson opaque) {
                    found.add(opaque);
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return found;
    }

    private static final String[] ACTIONS = {"ice_candidate", "offer", "answer", "start_call", "answer_call", "hang_up",
        "ping", "x"};
    private static final String[] MEMBERS = {"peer_id", "callee_id", "caller_id", "call_id", "candidate", "offer",
        "answer", "call_type", "other"};

    private static String randomFrame(Random r) {
        StringBuilder out = new StringBuilder("{");
        List<String> parts = new ArrayList<>();
        parts.add("\"action\":\"" + ACTIONS[r.nextInt(ACTIONS.length)] + "\"");
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            String member = MEMBERS[r.nextInt(MEMBERS.length)];
            parts.add("\"" + member + "\":" + randomMember(r, member));
        }
        if (r.nextInt(10) > 0) {
            parts.add(r.nextInt(parts.size() + 1), "\"candidate\":" + randomValue(r, 0, true));
        }
        java.util.Collections.shuffle(parts, r);
        out.append(String.join(r.nextInt(20) == 0 ? ", " : ",", parts)).append('}');
        return out.toString();
    }

    private static String randomMember(Random r, String member) {
        switch (r.nextInt(6)) {
            case 0:
                return randomValue(r, 0, true);
            case 1:
                return Long.toString(r.nextInt(2000) - 1000);
            case 2:
                return "\"" + (r.nextBoolean() ? "c" + r.nextInt(100) : "bad id") + "\"";
            case 3:
                return member.equals("call_type") ? (r.nextBoolean() ? "\"audio\"" : "\"video\"") : "\"u1\"";
            case 4:
                return "null";
            default:
                return randomValue(r, 0, false);
        }
    }

    private static String randomValue(Random r, int depth, boolean object) {
        int kind = object ? 0 : r.nextInt(depth > 3 ? 6 : 8);
        switch (kind) {
            case 0: {
                int n = r.nextInt(4);
                List<String> members = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String key = r.nextInt(8) == 0 ? "k" : "k" + r.nextInt(5);
                    members.add("\"" + key + "\":" + randomValue(r, depth + 1, false));
                }
                return "{" + String.join(r.nextInt(30) == 0 ? " ," : ",", members) + "}";
            }
            case 1:
                return randomString(r);
            case 2:
                return randomNumber(r);
            case 3:
                return r.nextBoolean() ? "true" : "false";
            case 4:
                return "null";
            case 5:
                return randomNumber(r);
            default: {
                int n = r.nextInt(3);
                List<String> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(randomValue(r, depth + 1, false));
                }
                return "[" + String.join(",", items) + "]";
            }
        }
    }

    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "10", "123456789012345678901234", "0.5", "-0.5",
        "1.50", "0.000001", "0.0000001", "0.000000", "0.0000000", "-0.0", "1e3", "1E-3", "2.5e+2", "100.000", "007",
        "1.", ".5", "-", "12345678901234567.89"};
    private static final String[] STRINGS = {"", "a", "sdp", "v=0\\r\\n", "\\\"q\\\"", "\\\\", "\\/", "\\u0041",
        "\\u001F", "\\u001f", "\\u000A", "\\u0000", "\\t\\b\\f", "é✓", "\\ud83d\\ude00", "\\x", "tab\there"};

    private static String randomNumber(Random r) {
        return NUMBERS[r.nextInt(NUMBERS.length)];
    }

    private static String randomString(Random r) {
        return "\"" + STRINGS[r.nextInt(STRINGS.length)] + "\"";
    }
}
