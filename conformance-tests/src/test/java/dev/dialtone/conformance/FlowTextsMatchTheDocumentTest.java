package dev.dialtone.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flow cases' JSON is docs/protocol.md's, verbatim: a change to the document shows up here. */
class FlowTextsMatchTheDocumentTest {

    @Test
    void everyFlowTextAppearsInTheDocument() throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("dialtone.protocol.md", "../docs/protocol.md")),
                StandardCharsets.UTF_8);
        Class<?> flows = Class.forName("dev.dialtone.conformance.internal.cases.DocFlows");
        int checked = 0;
        for (Field field : flows.getDeclaredFields()) {
            if (field.getType() != List.class) {
                continue;
            }
            field.setAccessible(true);
            for (Object text : (List<?>) field.get(null)) {
                assertTrue(doc.contains("```json\n" + text + "\n```"), field.getName() + ": " + text);
                checked++;
            }
        }
        assertTrue(checked > 80, "flow texts checked: " + checked);
    }
}
