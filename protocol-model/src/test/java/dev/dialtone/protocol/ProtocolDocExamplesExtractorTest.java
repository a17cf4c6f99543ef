package dev.dialtone.protocol;

import static dev.dialtone.protocol.WireSamples.CODEC;
import static dev.dialtone.protocol.WireSamples.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dialtone.protocol.internal.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks of {@link ProtocolDocExamplesTest}, run on small documents whose verdict is known. */
class ProtocolDocExamplesExtractorTest {

    private static String pretty(String json) {
        try {
            return JsonText.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree(json));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static String block(String json) {
        return "```json\n" + pretty(json) + "\n```\n\n";
    }

    /** A document in the style of docs/protocol.md that shows every message, and code blocks that are not examples. */
    private static String completeDocument() {
        StringBuilder doc = new StringBuilder("# Dialtone protocol v1\n\n## Seed 003\n\n");
        for (String seedFrame : WireSamples.SEED_003.keySet()) {
            // The document may choose its own ids: only the shape must be the seed's.
            doc.append("**Client -> Server:**\n").append(block(seedFrame.replace(":2", ":42").replace(":1,", ":7,")
                    .replace(":1}", ":7}")));
        }
        doc.append("## Every message\n\n- a list item with an indented example:\n\n  ```json\n  {\"action\": \"ping\"}\n"
                + "  ```\n\n");
        for (ClientAction action : WireSamples.fullActions()) {
            doc.append(block(CODEC.encode(action)));
        }
        long seq = 1;
        for (ServerEvent event : WireSamples.fullEvents()) {
            doc.append(event instanceof Welcome ? block(CODEC.encode(event)) : block(CODEC.encode(event, seq++)));
        }
        doc.append("Not examples:\n\n```\n{ \"action\": \"start_call\", \"callee_id\": <id> }\n```\n\n"
                + "```js\nsocket.send(JSON.stringify({action: 'ping'}))\n```\n\n"
                + "```jsonc\n{\"action\": \"offer\" /* comment */}\n```\n");
        return doc.toString();
    }

    @Test
    void aCompleteDocumentReadFromAFilePassesEveryCheck(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("protocol.md");
        Files.writeString(file, completeDocument(), StandardCharsets.UTF_8);
        var examples = ProtocolDocExamples.jsonBlocks(ProtocolDocExamples.read(file));

        assertEquals(WireSamples.SEED_003.size() + 1 + WireSamples.fullActions().size()
                + WireSamples.fullEvents().size(), examples.size());
        assertEquals(List.of(), ProtocolDocExamples.exampleProblems(examples));
        assertEquals(Set.of(), ProtocolDocExamples.missingNames(examples));
        assertEquals(List.of(), ProtocolDocExamples.missingSeedShapes(examples));
    }

    @Test
    void onlyJsonFencesAreExtractedWithTheLineTheyOpenOn() {
        String doc = "intro\n```js\nnot json\n```\n```json\n{\"action\":\"ping\"}\n```\n"
                + "```\n{}\n```\n   ```json\n   {\"type\":\"pong\"}\n   ```\n```jsonc\n{}\n```\n";
        var examples = ProtocolDocExamples.jsonBlocks(doc);
        assertEquals(2, examples.size());
        assertEquals(5, examples.get(0).line());
        assertEquals("{\"action\":\"ping\"}\n", examples.get(0).json());
        assertEquals(11, examples.get(1).line());
        assertEquals(tree("{\"type\":\"pong\"}"), tree(examples.get(1).json()));
    }

    @Test
    void aReadableExampleIsNotReportedAndItsSeqIsKept() {
        var examples = ProtocolDocExamples.jsonBlocks(block("{\"type\":\"pong\",\"nonce\":\"n\",\"seq\":12}"));
        assertEquals(List.of(), ProtocolDocExamples.exampleProblems(examples));
    }

    @Test
    void everyKindOfBrokenExampleIsReportedWithItsLine() {
        List<String> broken = List.of(
                "{\"action\": \"start_call\", \"callee_id\": <user_id_of_callee>}",
                "{\"action\": \"offer\", \"offer\": { ... }} // SDP offer object",
                "[{\"action\": \"ping\"}]",
                "{\"callee_id\": 2}",
                "{\"action\": \"dance\"}",
                "{\"type\": \"party\", \"seq\": 1}",
                "{\"action\": \"start_call\"}",
                "{\"type\": \"call_ringing\", \"call_id\": \"c-1\", \"callee_id\": 2, \"call_type\": \"audio\", "
                        + "\"seq\": 0}",
                "{\"action\": \"start_call\", \"callee_id\": 2, \"call_type\": null}",
                "{\"action\": \"get_call_history\", \"limit\": 10, \"verbose\": true}",
                "{\"type\": \"call_history\", \"records\": [{\"call_id\": \"c-1\", \"caller_id\": 1, "
                        + "\"callee_id\": 2, \"call_type\": \"audio\", \"outcome\": \"completed\", "
                        + "\"started_at\": \"2026-11-20T10:15:00Z\", \"answered_at\": \"2026-11-20T10:15:05.000Z\", "
                        + "\"ended_at\": \"2026-11-20T10:15:30.250Z\", \"duration_ms\": 25250}]}",
                "{\"type\": \"call_history\", \"records\": [{\"call_id\": \"c-1\", \"caller_id\": 1, "
                        + "\"callee_id\": 2, \"call_type\": \"audio\", \"outcome\": \"completed\", "
                        + "\"started_at\": \"2026-11-20T10:15:00.000Z\", "
                        + "\"answered_at\": \"2026-11-20T10:15:05.000Z\", "
                        + "\"ended_at\": \"2026-11-20T10:15:30.250Z\", \"duration_ms\": 30000}]}");
        StringBuilder doc = new StringBuilder();
        List<Integer> lines = new ArrayList<>();
        int line = 1;
        for (String json : broken) {
            lines.add(line);
            doc.append("```json\n").append(json).append("\n```\n");
            line += 3;
        }
        List<String> problems = ProtocolDocExamples.exampleProblems(ProtocolDocExamples.jsonBlocks(doc.toString()));
        assertEquals(broken.size(), problems.size(), () -> String.join("\n", problems));
        for (int i = 0; i < broken.size(); i++) {
            assertTrue(problems.get(i).startsWith("line " + lines.get(i) + ": "), problems.get(i));
        }
    }

    @Test
    void missingMessagesAndSeedShapesAreListed() {
        var examples = ProtocolDocExamples.jsonBlocks(block("{\"action\":\"start_call\",\"callee_id\":5}")
                + block("{\"type\":\"error\",\"code\":\"bad_json\",\"message\":\"m\",\"action\":\"hang_up\"}"));
        Set<String> missing = ProtocolDocExamples.missingNames(examples);
        assertEquals(WireSamples.ACTION_NAMES.size() + WireSamples.EVENT_TYPES.size() - 2, missing.size());
        assertTrue(missing.contains("action hang_up"), "an error event's action member is not an action example");
        assertEquals(WireSamples.SEED_003.size() - 1, ProtocolDocExamples.missingSeedShapes(examples).size());
    }

    @Test
    void aSeedShapeNeedsTheSameMembersOfTheSameTypes() {
        Set<String> notSeedShaped = new HashSet<>(List.of(
                "{\"action\":\"start_call\",\"callee_id\":\"2\"}",
                "{\"action\":\"start_call\",\"callee_id\":2,\"call_type\":\"audio\"}"));
        for (String json : notSeedShaped) {
            var missing = ProtocolDocExamples.missingSeedShapes(ProtocolDocExamples.jsonBlocks(block(json)));
            assertTrue(missing.contains("{\"action\":\"start_call\",\"callee_id\":2}"), json);
        }
    }
}
