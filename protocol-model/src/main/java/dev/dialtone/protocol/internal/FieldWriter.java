package dev.dialtone.protocol.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.UserId;
import dev.dialtone.protocol.WireNamed;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes the members of one compact JSON object straight to a generator, in call order. A null value writes nothing:
 * absent optional members are left out, never sent as {@code null}.
 */
final class FieldWriter {

    /** UTC with exactly three fraction digits (R7.2); the root locale keeps the digits ASCII everywhere. */
    static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final JsonFactory FACTORY = JsonText.MAPPER.getFactory();

    /** Writes the body of one object. */
    interface Body {
        void write(FieldWriter out) throws IOException;
    }

    private final JsonGenerator gen;

    private FieldWriter(JsonGenerator gen) {
        this.gen = gen;
    }

    /**
     * One object whose first member is {@code kindMember: kind} ("action" or "type") and, when {@code seq} is
     * positive, whose last member is {@code seq}.
     */
    static String object(String kindMember, String kind, Body body, long seq) {
        StringWriter text = new StringWriter(128);
        try (JsonGenerator gen = FACTORY.createGenerator(text)) {
            gen.writeStartObject();
            gen.writeStringField(kindMember, kind);
            body.write(new FieldWriter(gen));
            if (seq > 0) {
                gen.writeNumberField("seq", seq);
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a string writer failed", e);
        }
        return text.toString();
    }

    FieldWriter user(String name, UserId id) throws IOException {
        if (id != null) {
            gen.writeFieldName(name);
            if (id.numeric()) {
                // The value is already canonical decimal text; writing it raw avoids a parse per message.
                gen.writeNumber(id.value());
            } else {
                gen.writeString(id.value());
            }
        }
        return this;
    }

    FieldWriter callId(String name, CallId id) throws IOException {
        return string(name, id == null ? null : id.value());
    }

    FieldWriter opaque(String name, OpaqueJson json) throws IOException {
        if (json != null) {
            gen.writeFieldName(name);
            // Already compact, checked JSON: copied as is so that every number keeps its text.
            gen.writeRawValue(json.json());
        }
        return this;
    }

    FieldWriter string(String name, String value) throws IOException {
        if (value != null) {
            gen.writeStringField(name, value);
        }
        return this;
    }

    FieldWriter named(String name, WireNamed value) throws IOException {
        return string(name, value == null ? null : value.wireName());
    }

    FieldWriter bool(String name, Boolean value) throws IOException {
        if (value != null) {
            gen.writeBooleanField(name, value);
        }
        return this;
    }

    /** An integer member; {@code value} is an Integer or a Long. */
    FieldWriter number(String name, Number value) throws IOException {
        if (value != null) {
            gen.writeNumberField(name, value.longValue());
        }
        return this;
    }

    FieldWriter instant(String name, Instant value) throws IOException {
        return string(name, value == null ? null : INSTANT.format(value));
    }

    /** Opens an array member whose elements are objects written with {@link #startElement()}. */
    FieldWriter startArray(String name) throws IOException {
        gen.writeArrayFieldStart(name);
        return this;
    }

    FieldWriter endArray() throws IOException {
        gen.writeEndArray();
        return this;
    }

    FieldWriter startElement() throws IOException {
        gen.writeStartObject();
        return this;
    }

    FieldWriter endElement() throws IOException {
        gen.writeEndObject();
        return this;
    }
}
