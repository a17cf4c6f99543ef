package dev.dialtone.protocol.internal;

import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.UserId;
import dev.dialtone.protocol.WireNamed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes the members of one compact JSON object straight to a string builder, in call order. A null value writes
 * nothing: absent optional members are left out, never sent as {@code null}.
 *
 * <p>The output is byte for byte what Jackson's generator writes with this module's settings (compact, strings escaped
 * as {@link #string} documents, opaque objects copied as they are), without a generator and a writer per message: the
 * relay path encodes one event per relayed message.
 */
final class FieldWriter {

    /** UTC with exactly three fraction digits (R7.2); the root locale keeps the digits ASCII everywhere. */
    static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Writes the body of one object. */
    interface Body {
        void write(FieldWriter out) throws IOException;
    }

    private final StringBuilder out;
    private boolean needComma;

    private FieldWriter(StringBuilder out) {
        this.out = out;
    }

    /**
     * One object whose first member is {@code kindMember: kind} ("action" or "type") and, when {@code seq} is
     * positive, whose last member is {@code seq}.
     */
    static String object(String kindMember, String kind, Body body, long seq) {
        FieldWriter w = new FieldWriter(new StringBuilder(400));
        w.out.append('{');
        w.string(kindMember, kind);
        try {
            body.write(w);
        } catch (IOException e) {
            throw new UncheckedIOException("a string builder failed", e);
        }
        if (seq > 0) {
            w.name("seq").out.append(seq);
        }
        return w.out.append('}').toString();
    }

    /**
     * A member name: one of the codec's own constants, plain ASCII that needs no escaping. Its value follows at once,
     * so whatever comes after the member needs a comma.
     */
    private FieldWriter name(String name) {
        if (needComma) {
            out.append(',');
        }
        out.append('"').append(name).append("\":");
        needComma = true;
        return this;
    }

    FieldWriter user(String name, UserId id) {
        if (id != null) {
            if (id.numeric()) {
                // The value is already canonical decimal text.
                name(name).out.append(id.value());
            } else {
                string(name, id.value());
            }
        }
        return this;
    }

    FieldWriter callId(String name, CallId id) {
        return string(name, id == null ? null : id.value());
    }

    FieldWriter opaque(String name, OpaqueJson json) {
        if (json != null) {
            // Already compact, checked JSON: copied as is so that every number keeps its text.
            name(name).out.append(json.json());
        }
        return this;
    }

    FieldWriter string(String name, String value) {
        if (value != null) {
            name(name).out.append('"');
            escape(value);
            out.append('"');
        }
        return this;
    }

    FieldWriter named(String name, WireNamed value) {
        return string(name, value == null ? null : value.wireName());
    }

    FieldWriter bool(String name, Boolean value) {
        if (value != null) {
            name(name).out.append(value.booleanValue());
        }
        return this;
    }

    /** An integer member; {@code value} is an Integer or a Long. */
    FieldWriter number(String name, Number value) {
        if (value != null) {
            name(name).out.append(value.longValue());
        }
        return this;
    }

    FieldWriter instant(String name, Instant value) {
        return string(name, value == null ? null : INSTANT.format(value));
    }

    /** Opens an array member whose elements are objects written with {@link #startElement()}. */
    FieldWriter startArray(String name) {
        name(name).out.append('[');
        needComma = false;
        return this;
    }

    FieldWriter endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    FieldWriter startElement() {
        if (needComma) {
            out.append(',');
        }
        out.append('{');
        needComma = false;
        return this;
    }

    FieldWriter endElement() {
        out.append('}');
        needComma = true;
        return this;
    }

    /**
     * Appends {@code text} escaped as Jackson's generator escapes it by default: {@code "} and {@code \} with a
     * backslash, the controls {@code \b \t \n \f \r} short, other characters below U+0020 as six-character {@code u00XX} escapes
     * (upper-case hex), everything else as it is.
     */
    private void escape(String text) {
        int length = text.length();
        int from = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(text, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(text, from, length);
    }
}
