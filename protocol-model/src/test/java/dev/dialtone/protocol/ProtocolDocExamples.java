package dev.dialtone.protocol;

import static dev.dialtone.protocol.WireSamples.CODEC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dialtone.protocol.internal.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the JSON examples of a protocol document against the codec: every {@code ```json} block is one message that
 * decodes and re-encodes to the same tree, every action and event has an example, and seed 003's shapes are shown.
 */
final class ProtocolDocExamples {

    /** One fenced JSON block and the line its fence opens on (1-based). */
    record Example(int line, String json) {
    }

    private ProtocolDocExamples() {
    }

    static String read(Path document) {
        try {
            return Files.readString(document, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + document.toAbsolutePath().normalize()
                    + " (the protocol document is written alongside the codec; it must exist)", e);
        }
    }

    /** Every fenced block whose info string is {@code json}; fences may be indented (inside list items). */
    static List<Example> jsonBlocks(String markdown) {
        List<Example> blocks = new ArrayList<>();
        String[] lines = markdown.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String fence = lines[i].strip();
            if (!fence.startsWith("```")) {
                continue;
            }
            String info = fence.substring(3).strip();
            int end = i + 1;
            while (end < lines.length && !lines[end].strip().startsWith("```")) {
                end++;
            }
            if (info.equals("json") || info.startsWith("json ")) {
                StringBuilder body = new StringBuilder();
                for (int j = i + 1; j < end; j++) {
                    body.append(lines[j]).append('\n');
                }
                blocks.add(new Example(i + 1, body.toString()));
            }
            i = end;
        }
        return blocks;
    }

    /** What is wrong with each example; empty when every one is a message that re-encodes to itself. */
    static List<String> exampleProblems(List<Example> examples) {
        List<String> problems = new ArrayList<>();
        for (Example example : examples) {
            String problem = problem(example.json());
            if (problem != null) {
                problems.add("line " + example.line() + ": " + problem + "\n" + example.json());
            }
        }
        return problems;
    }

    /** The action and event names that have no example. */
    static Set<String> missingNames(List<Example> examples) {
        Set<String> missing = new LinkedHashSet<>();
        WireSamples.ACTION_NAMES.forEach(name -> missing.add("action " + name));
        WireSamples.EVENT_TYPES.forEach(name -> missing.add("type " + name));
        for (Example example : examples) {
            JsonNode tree = parse(example.json());
            if (tree != null && tree.isObject()) {
                if (tree.path("type").isTextual()) {
                    missing.remove("type " + tree.get("type").textValue());
                } else if (tree.path("action").isTextual()) {
                    missing.remove("action " + tree.get("action").textValue());
                }
            }
        }
        return missing;
    }

    /**
     * Seed 003's frames that no example shows in their exact shape: the same members, the same name, and each member
     * of the same JSON type (user ids as numbers). Values are free, so the document may pick its own ids.
     */
    static List<String> missingSeedShapes(List<Example> examples) {
        Set<Map<String, String>> shown = new LinkedHashSet<>();
        for (Example example : examples) {
            JsonNode tree = parse(example.json());
            if (tree != null && tree.isObject()) {
                shown.add(shape(tree));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String seedFrame : WireSamples.SEED_003.keySet()) {
            if (!shown.contains(shape(parse(seedFrame)))) {
                missing.add(seedFrame);
            }
        }
        return missing;
    }

    private static String problem(String json) {
        JsonNode tree = parse(json);
        if (tree == null) {
            return "not JSON";
        }
        if (!tree.isObject()) {
            return "not a JSON object";
        }
        String frame = JsonText.compact(tree);
        if (tree.has("type")) {
            DecodeResult<ServerEvent> result = CODEC.decodeEvent(frame);
            if (!(result instanceof DecodeResult.Decoded<ServerEvent> decoded)) {
                return "does not decode: " + result;
            }
            if (decoded.message() instanceof UnrecognizedEvent) {
                return "unknown event type " + decoded.message();
            }
            String written = decoded.seq() > 0 ? CODEC.encode(decoded.message(), decoded.seq())
                    : CODEC.encode(decoded.message());
            return tree.equals(parse(written)) ? null : "re-encodes differently: " + written;
        }
        if (tree.has("action")) {
            DecodeResult<ClientAction> result = CODEC.decodeAction(frame);
            if (!(result instanceof DecodeResult.Decoded<ClientAction> decoded)) {
                return "does not decode: " + result;
            }
            if (decoded.message() instanceof UnrecognizedAction) {
                return "unknown action " + decoded.message();
            }
            String written = CODEC.encode(decoded.message());
            return tree.equals(parse(written)) ? null : "re-encodes differently: " + written;
        }
        return "has neither \"type\" nor \"action\"";
    }

    private static Map<String, String> shape(JsonNode object) {
        Map<String, String> shape = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            boolean name = member.getKey().equals("type") || member.getKey().equals("action");
            shape.put(member.getKey(), name ? member.getValue().asText() : member.getValue().getNodeType().name());
        }
        return shape;
    }

    private static JsonNode parse(String json) {
        try {
            return JsonText.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
