package dev.dialtone.reference.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What one frame (or one object inside it, such as a call record) must hold, as docs/protocol.md says: its
 * {@code type}, and for each member named here its value, or its absence. Members not named are not checked (R1.10).
 */
final class Expected {

    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

    /**
     * One member's rule.
     *
     * @param member the member's name
     * @param expected what it must be, for people
     * @param test whether a value (null when absent) is right
     * @param explain for payloads: where a wrong value differs; null to show the value
     */
    private record Check(String member, String expected, Predicate<JsonNode> test, Function<JsonNode, String> explain) {
    }

    private final String type;
    private final String label;
    private final List<Check> checks = new ArrayList<>();

    private Expected(String type, String label) {
        this.type = type;
        this.label = label;
    }

    /** An event of this {@code type}. */
    static Expected event(String type) {
        return new Expected(type, type);
    }

    /** An object inside a frame, named {@code label} in messages; it has no {@code type} of its own. */
    static Expected object(String label) {
        return new Expected(null, label);
    }

    /** The event's type; null for an object inside a frame. */
    String type() {
        return type;
    }

    /** A user id member naming {@code id}, compared by text (0.4: {@code 2} and {@code "2"} are the same user). */
    Expected id(String member, UserId id) {
        return check(member, id.value(), node -> node != null && (node.isTextual() || node.isIntegralNumber())
                && node.asText().equals(id.value()));
    }

    /** A string member with this value. */
    Expected text(String member, String value) {
        return check(member, value, node -> node != null && node.isTextual() && node.asText().equals(value));
    }

    /** An integer member with this value. */
    Expected number(String member, long value) {
        return check(member, Long.toString(value), node -> node != null && node.isIntegralNumber()
                && node.canConvertToLong() && node.asLong() == value);
    }

    /** A boolean member with this value. */
    Expected bool(String member, boolean value) {
        return check(member, Boolean.toString(value), node -> node != null && node.isBoolean()
                && node.asBoolean() == value);
    }

    /** An object member equal to {@code value}: the same members with the same values, in any order (R3.8). */
    Expected json(String member, OpaqueJson value) {
        JsonNode wanted = FrameText.parse(value.json());
        checks.add(new Check(member, FrameText.value(member, wanted), node -> wanted.equals(node),
                node -> difference(wanted.toString(), node == null ? "nothing" : node.toString())));
        return this;
    }

    /** The two texts around their first difference. */
    private static String difference(String expected, String received) {
        int at = 0;
        while (at < expected.length() && at < received.length() && expected.charAt(at) == received.charAt(at)) {
            at++;
        }
        return "they differ at character " + at + " of the JSON text:\n  expected " + window(expected, at)
                + "\n  received " + window(received, at);
    }

    private static String window(String text, int at) {
        int from = Math.max(0, at - 30);
        int to = Math.min(text.length(), at + 40);
        return (from > 0 ? "..." : "") + text.substring(from, to) + (to < text.length() ? "..." : "");
    }

    /** A time member: ISO-8601 UTC with three fraction digits (0.7). */
    Expected time(String member) {
        return check(member, "a time like 2026-11-20T10:15:30.250Z", node -> node != null && node.isTextual()
                && TIME.matcher(node.asText()).matches());
    }

    /** An integer member that is zero or more. */
    Expected notNegative(String member) {
        return check(member, "an integer >= 0", node -> node != null && node.isIntegralNumber()
                && node.asLong() >= 0);
    }

    /** A member that must not be there (optional members are omitted when absent, 0.3). */
    Expected absent(String member) {
        return check(member, "no " + member, node -> node == null || node.isNull());
    }

    private Expected check(String member, String expected, Predicate<JsonNode> test) {
        checks.add(new Check(member, expected, test, null));
        return this;
    }

    /** What is expected, for people: {@code call_answered {callee_id: 2, call_id: Xq3v0Lk2.., no answer}}. */
    String describe() {
        StringBuilder text = new StringBuilder(label);
        for (Check check : checks) {
            text.append(text.length() == label.length() ? " {" : ", ");
            text.append(check.expected().startsWith("no ") ? check.expected() : check.member() + ": "
                    + FrameText.fit(check.expected(), 40));
        }
        return checks.isEmpty() ? text.toString() : text.append('}').toString();
    }

    /**
     * The first way {@code node} differs from what is expected, for people; empty when it does not.
     *
     * @param node the frame or object; never null
     */
    Optional<String> mismatch(JsonNode node) {
        if (type != null && !type.equals(node.path("type").asText(null))) {
            return Optional.of("expected " + describe() + "; received " + FrameText.of(node));
        }
        for (Check check : checks) {
            JsonNode value = node.get(check.member());
            if (!check.test().test(value)) {
                String what = label + "." + check.member() + ": ";
                if (check.explain() != null) {
                    return Optional.of(what + check.explain().apply(value));
                }
                return Optional.of(what + "expected " + check.expected() + "; received "
                        + FrameText.value(check.member(), value == null || value.isNull() ? null : value));
            }
        }
        return Optional.empty();
    }
}
