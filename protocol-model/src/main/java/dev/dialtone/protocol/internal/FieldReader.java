package dev.dialtone.protocol.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.UserId;
import dev.dialtone.protocol.WireNamed;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the typed members of one JSON object. Every refusal is an {@link InvalidField} that names the member and says
 * what was expected and what came, so the codec can answer {@code invalid_message} without guessing.
 *
 * <p>A member that is absent and a member that is JSON {@code null} are the same thing: absent.
 */
final class FieldReader {

    static final String USER_ID = "a user id: an integer or a non-empty string of at most " + UserId.MAX_LENGTH
            + " characters";
    static final String CALL_ID = "a call id: a string of 1 to 255 characters from [0-9A-Za-z._~-]";
    static final String OBJECT = "a JSON object";
    static final String STRING = "a string";
    static final String BOOLEAN = "true or false";
    static final String INSTANT = "an ISO-8601 time such as \"2026-11-20T10:15:30.250Z\"";

    private final ObjectNode node;
    private final String path;
    private final String frame;

    /** Reads the members of {@code node}; {@code path} prefixes the field names it reports, e.g. "records[2].". */
    FieldReader(ObjectNode node, String path) {
        this(node, path, null);
    }

    /** Reads the members of a whole frame's {@code node}, keeping {@code frame} to copy opaque objects exactly. */
    FieldReader(ObjectNode node, String path, String frame) {
        this.node = node;
        this.path = path;
        this.frame = frame;
    }

    UserId userId(String name) {
        return required(name, USER_ID, FieldReader::toUserId);
    }

    UserId optionalUserId(String name) {
        return optional(name, USER_ID, FieldReader::toUserId);
    }

    CallId callId(String name) {
        return required(name, CALL_ID, FieldReader::toCallId);
    }

    CallId optionalCallId(String name) {
        return optional(name, CALL_ID, FieldReader::toCallId);
    }

    OpaqueJson opaque(String name) {
        return required(name, OBJECT, v -> toOpaque(name, v));
    }

    OpaqueJson optionalOpaque(String name) {
        return optional(name, OBJECT, v -> toOpaque(name, v));
    }

    String string(String name) {
        return required(name, STRING, v -> v.isTextual() ? v.textValue() : null);
    }

    String optionalString(String name) {
        return optional(name, STRING, v -> v.isTextual() ? v.textValue() : null);
    }

    String optionalString(String name, int maxLength) {
        return optional(name, "a string of at most " + maxLength + " characters",
                v -> v.isTextual() && v.textValue().length() <= maxLength ? v.textValue() : null);
    }

    boolean bool(String name) {
        return required(name, BOOLEAN, FieldReader::toBoolean);
    }

    Boolean optionalBoolean(String name) {
        return optional(name, BOOLEAN, FieldReader::toBoolean);
    }

    long integer(String name, long min, long max) {
        return required(name, range(min, max), v -> toLong(v, min, max));
    }

    Long optionalInteger(String name, long min, long max) {
        return optional(name, range(min, max), v -> toLong(v, min, max));
    }

    <E extends Enum<E> & WireNamed> E named(String name, Names<E> names) {
        return required(name, names.expected, v -> v.isTextual() ? names.byWire.get(v.textValue()) : null);
    }

    <E extends Enum<E> & WireNamed> E optionalNamed(String name, Names<E> names) {
        return optional(name, names.expected, v -> v.isTextual() ? names.byWire.get(v.textValue()) : null);
    }

    Instant instant(String name) {
        return required(name, INSTANT, FieldReader::toInstant);
    }

    Instant optionalInstant(String name) {
        return optional(name, INSTANT, FieldReader::toInstant);
    }

    /** The members of an array of objects, each read with its index in the reported path. */
    <T> List<T> objects(String name, Function<FieldReader, T> element) {
        JsonNode array = required(name, "an array of JSON objects", v -> v.isArray() ? v : null);
        List<T> result = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            String itemPath = path + name + "[" + i + "]";
            if (!item.isObject()) {
                throw new InvalidField(itemPath, itemPath + " must be " + OBJECT + ", not " + describe(item));
            }
            result.add(element.apply(new FieldReader((ObjectNode) item, itemPath + ".")));
        }
        return result;
    }

    /**
     * A refusal of member {@code name} for a reason that spans several members; {@code message} starts with the member
     * name, and both get this reader's path.
     */
    InvalidField invalid(String name, String message) {
        return new InvalidField(path + name, path + message);
    }

    private <T> T required(String name, String expected, Function<JsonNode, T> convert) {
        T value = optional(name, expected, convert);
        if (value == null) {
            throw new InvalidField(path + name, path + name + " is missing; it must be " + expected);
        }
        return value;
    }

    private <T> T optional(String name, String expected, Function<JsonNode, T> convert) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        T converted = convert.apply(value);
        if (converted == null) {
            throw new InvalidField(path + name, path + name + " must be " + expected + ", not " + describe(value));
        }
        return converted;
    }

    private static UserId toUserId(JsonNode v) {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return UserId.of(v.longValue());
        }
        if (v.isTextual()) {
            String text = v.textValue();
            if (text.isEmpty() || text.length() > UserId.MAX_LENGTH || hasControl(text)) {
                return null;
            }
            return UserId.of(text);
        }
        return null;
    }

    private static CallId toCallId(JsonNode v) {
        return v.isTextual() && CallId.isValid(v.textValue()) ? CallId.of(v.textValue()) : null;
    }

    private OpaqueJson toOpaque(String name, JsonNode v) {
        if (!v.isObject()) {
            return null;
        }
        // The tree keeps a number's value, not its spelling (1e2 would come out as 1E+2, -0 as 0): R3.8 wants the
        // text, so a whole frame's objects are copied from the frame itself.
        if (frame != null) {
            // Copied by the same code as requireObject, from a frame already parsed with duplicate detection: no
            // second parse in the constructor.
            return JsonText.trustedOpaque(JsonText.exactMember(frame, name));
        }
        return OpaqueJson.of(JsonText.compact(v));
    }

    private static Boolean toBoolean(JsonNode v) {
        return v.isBoolean() ? v.booleanValue() : null;
    }

    private static Long toLong(JsonNode v, long min, long max) {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            return null;
        }
        long n = v.longValue();
        return n >= min && n <= max ? n : null;
    }

    private static Instant toInstant(JsonNode v) {
        if (!v.isTextual()) {
            return null;
        }
        try {
            return DateTimeFormatter.ISO_INSTANT.parse(v.textValue(), Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
            return "an integer of at least " + min;
        }
        return "an integer from " + min + " to " + max;
    }

    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** What came instead, in words; short, so that a huge value is not echoed back. */
    static String describe(JsonNode v) {
        switch (v.getNodeType()) {
            case NULL:
                return "null";
            case BOOLEAN:
                return "a boolean";
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            case NUMBER:
                if (!v.isIntegralNumber()) {
                    return "a number with a fraction or an exponent";
                }
                return v.canConvertToLong() ? "the integer " + v.longValue() : "an integer outside the 64-bit range";
            case STRING:
                String text = v.textValue();
                if (text.isEmpty()) {
                    return "an empty string";
                }
                if (hasControl(text)) {
                    return "a string with a control character";
                }
                return text.length() <= 40 ? "the string \"" + text + "\"" : "a string of " + text.length()
                        + " characters";
            default:
                return "a " + v.getNodeType().name().toLowerCase(Locale.ROOT);
        }
    }

    /** A refused member: its path and the human message. Carries no stack trace: it is an answer, not a bug. */
    static final class InvalidField extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String field;

        InvalidField(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    /**
     * The wire names of one enum, looked up without reflection per message.
     *
     * @param <E> the enum
     */
    static final class Names<E extends Enum<E> & WireNamed> {

        private final Map<String, E> byWire = new HashMap<>();
        private final String expected;

        private Names(Class<E> type) {
            List<String> quoted = new ArrayList<>();
            for (E value : type.getEnumConstants()) {
                byWire.put(value.wireName(), value);
                quoted.add("\"" + value.wireName() + "\"");
            }
            this.expected = quoted.size() == 2 ? quoted.get(0) + " or " + quoted.get(1)
                    : "one of " + String.join(", ", quoted);
        }

        static <E extends Enum<E> & WireNamed> Names<E> of(Class<E> type) {
            return new Names<>(type);
        }
    }
}
