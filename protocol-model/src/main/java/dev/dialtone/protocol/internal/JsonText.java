package dev.dialtone.protocol.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.dialtone.protocol.OpaqueJson;
import java.io.IOException;
import java.io.StringWriter;

/** The one Jackson mapper of this module, and checks of raw JSON text. */
public final class JsonText {

    /**
     * Reads decimals as {@code BigDecimal} and keeps their scale, so that numbers inside opaque objects round-trip
     * exactly ({@code 1.50} stays {@code 1.50}).
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /**
     * The text the codec is turning into an {@link OpaqueJson} on this thread right now, already known to be one
     * compact JSON object: the constructor's check would parse it again for nothing.
     */
    private static final ThreadLocal<String[]> VOUCHED = ThreadLocal.withInitial(() -> new String[1]);

    private JsonText() {
    }

    /**
     * An {@link OpaqueJson} for text that is already known to be exactly one JSON object in the form
     * {@link #requireObject} gives (the codec wrote it, or read it and checked it as it read): skips the constructor's
     * parse. For the codec only.
     */
    public static OpaqueJson trustedOpaque(String compactObject) {
        String[] slot = VOUCHED.get();
        slot[0] = compactObject;
        try {
            return new OpaqueJson(compactObject);
        } finally {
            slot[0] = null;
        }
    }

    /** Whether {@code json}, this very instance, is being vouched for by {@link #trustedOpaque} on this thread. */
    public static boolean isVouchedFor(String json) {
        return VOUCHED.get()[0] == json;
    }

    /**
     * The compact text of {@code json}, which must be exactly one JSON object. Numbers keep their text ({@code 1e2}
     * stays {@code 1e2}, {@code -0.0} stays {@code -0.0}): R3.8 relays opaque objects with numbers unchanged.
     */
    public static String requireObject(String json) {
        try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            String compact = copyExactly(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("not one JSON object: text after its end");
            }
            return compact;
        } catch (IOException e) {
            throw new IllegalArgumentException("not one JSON object: " + originalMessage(e));
        }
    }

    /**
     * The compact text, numbers as written, of the object value of the top-level member {@code name} of the JSON
     * object {@code frame}; the frame has been parsed once already, so it is well formed.
     */
    public static String exactMember(String frame, String name) {
        try (JsonParser parser = MAPPER.getFactory().createParser(frame)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String member = parser.currentName();
                JsonToken value = parser.nextToken();
                if (member.equals(name) && value == JsonToken.START_OBJECT) {
                    return copyExactly(parser);
                }
                parser.skipChildren();
            }
            throw new IllegalArgumentException("no object member " + name);
        } catch (IOException e) {
            throw new IllegalArgumentException("not one JSON object: " + originalMessage(e));
        }
    }

    /** Copies the structure the parser stands at the start of, writing every number with its own text. */
    private static String copyExactly(JsonParser parser) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = MAPPER.getFactory().createGenerator(out)) {
            int depth = 0;
            do {
                JsonToken token = parser.currentToken();
                if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    generator.writeNumber(parser.getText());
                } else {
                    generator.copyCurrentEvent(parser);
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            } while (depth > 0 && parser.nextToken() != null);
        }
        return out.toString();
    }

    private static String originalMessage(IOException e) {
        return e instanceof JsonProcessingException processing ? processing.getOriginalMessage() : e.getMessage();
    }

    /** The compact text of a JSON object node. */
    public static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
