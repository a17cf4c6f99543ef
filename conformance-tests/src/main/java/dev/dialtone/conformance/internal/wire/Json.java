package dev.dialtone.conformance.internal.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** JSON for the kit: one strict mapper for what servers send, a lenient one for the kit's own templates. */
public final class Json {

    /** Reads what servers send: decimals keep their scale, trailing data is an error. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** Reads the kit's templates, which may use single quotes. */
    private static final ObjectMapper TEMPLATES = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** The object {@code text} holds, or null if it is not exactly one JSON object. */
    public static ObjectNode objectOrNull(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    /** Parses a kit template (single quotes allowed). */
    public static JsonNode template(String text) {
        try {
            return TEMPLATES.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the kit's own template is not JSON: " + text, e);
        }
    }

    /** Compact JSON text of a node. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new empty object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** An object from alternating names and values (String, Number, Boolean, JsonNode, null = left out). */
    public static String obj(Object... namesAndValues) {
        ObjectNode node = object();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = (String) namesAndValues[i];
            Object value = namesAndValues[i + 1];
            if (value != null) {
                node.set(name, MAPPER.valueToTree(value));
            }
        }
        return write(node);
    }

    /**
     * A canonical text of a JSON value: members sorted by name, no insignificant whitespace, and every number exactly
     * as written ({@code 1.50} stays {@code 1.50}, {@code 1e2} stays {@code 1e2}): equal canonical texts mean the same
     * members with the same values "and numbers with the same text" (R3.8).
     */
    public static String canonical(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            StringBuilder out = new StringBuilder();
            JsonToken token = parser.nextToken();
            if (token == null) {
                return "";
            }
            canonicalValue(parser, token, out);
            return out.toString();
        } catch (IOException e) {
            return "<not JSON: " + text + ">";
        }
    }

    /**
     * The canonical text of each top-level member of the object {@code text} holds, numbers as written (for comparing
     * opaque payloads exactly, R3.8); empty when it is not an object.
     */
    public static Map<String, String> canonicalMembers(String text) {
        Map<String, String> members = new LinkedHashMap<>();
        if (text == null) {
            return members;
        }
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return members;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                StringBuilder value = new StringBuilder();
                canonicalValue(parser, parser.nextToken(), value);
                members.put(name, value.toString());
            }
        } catch (IOException e) {
            members.clear();
        }
        return members;
    }

    /** The canonical text of a node (numbers as the node writes them). */
    public static String canonical(JsonNode node) {
        return canonical(write(node));
    }

    private static void canonicalValue(JsonParser parser, JsonToken token, StringBuilder out) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<String, String> members = new TreeMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    StringBuilder value = new StringBuilder();
                    canonicalValue(parser, parser.nextToken(), value);
                    members.put(name, value.toString());
                }
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, String> member : members.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    out.append(quote(member.getKey())).append(':').append(member.getValue());
                }
                out.append('}');
            }
            case START_ARRAY -> {
                out.append('[');
                boolean first = true;
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    canonicalValue(parser, next, out);
                }
                out.append(']');
            }
            case VALUE_STRING -> out.append(quote(parser.getText()));
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.append(parser.getText());
            case VALUE_TRUE -> out.append("true");
            case VALUE_FALSE -> out.append("false");
            case VALUE_NULL -> out.append("null");
            default -> throw new IOException("unexpected " + token);
        }
    }

    /** A JSON string literal. */
    public static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The member names of an object, in order. */
    public static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    /** The members of an object, in order. */
    public static Map<String, JsonNode> members(JsonNode object) {
        Map<String, JsonNode> members = new LinkedHashMap<>();
        object.properties().forEach(entry -> members.put(entry.getKey(), entry.getValue()));
        return members;
    }

    /** Shortens text for one-line messages. */
    public static String shorten(String text, int max) {
        if (text == null) {
            return "null";
        }
        String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 3) + "...";
    }
}
