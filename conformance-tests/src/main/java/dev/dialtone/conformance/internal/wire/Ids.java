package dev.dialtone.conformance.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;

/** The formats of 0.4 (R1.5): what a user id and a call id look like on the wire. */
public final class Ids {

    /** Members that hold a user id. */
    public static final Set<String> USER_ID_MEMBERS = Set.of("user_id", "caller_id", "callee_id", "sender_id",
            "hanged_up_by", "ended_by", "peer_id");

    /** Members that hold a call id. */
    public static final Set<String> CALL_ID_MEMBERS = Set.of("call_id", "next_before", "before");

    private static final Pattern CALL_ID = Pattern.compile("[0-9A-Za-z._~-]{1,255}");
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private Ids() {
    }

    /** Whether the node is a well-formed user id: an integer in the 64-bit range, or a string of 1..255 chars. */
    public static boolean isUserId(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (node.isIntegralNumber()) {
            BigInteger value = node.bigIntegerValue();
            return value.compareTo(MIN) >= 0 && value.compareTo(MAX) <= 0;
        }
        if (node.isTextual()) {
            String text = node.asText();
            if (text.isEmpty() || text.length() > 255) {
                return false;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Whether the text is a well-formed call id. */
    public static boolean isCallId(String text) {
        return text != null && CALL_ID.matcher(text).matches();
    }

    /** The text a user id is compared by (0.4): {@code 42} and {@code "42"} are the same user. */
    public static String userText(JsonNode node) {
        return node == null ? null : node.isTextual() ? node.asText() : node.asText();
    }
}
