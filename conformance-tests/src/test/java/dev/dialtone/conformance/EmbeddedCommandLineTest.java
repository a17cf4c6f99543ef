package dev.dialtone.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./dialtone conformance} with no URL: the zero-config path against the embedded reference server passes, prints
 * every rule it ran, and writes the reports. (Sections 1, 2 and R6.1 here; every case, the model included, runs
 * against the reference server in {@link ReferenceServerVerificationTest}.)
 */
class EmbeddedCommandLineTest {

    @TempDir
    Path dir;

    @Test
    void theEmbeddedReferenceServerPasses() throws Exception {
        Path known = dir.resolve("known-failing.txt");
        Files.writeString(known, String.join("\n", ReferenceServerVerificationTest.KNOWN_FAILING) + "\n");
        Path reports = dir.resolve("reports");
        NotDialtoneTest.Run run = NotDialtoneTest.cli("--profile", "core", "--cases",
                "required_R1_*,required_R2_*,required_R6_1_*,untested_*", "--parallel", "4", "--ring-timeout-ms", "1500",
                "--known-failing", known.toString(), "--report", reports.toString());
        assertEquals(0, run.status(), run.out());
        assertTrue(run.out().contains("embedded reference server"), run.out());
        assertTrue(run.out().contains("PASSED"), run.out());
        JsonNode json = new ObjectMapper().readTree(reports.resolve(ConformanceReport.JSON).toFile());
        assertTrue(json.get("passed").asBoolean());
        int rules = 0;
        for (Map.Entry<String, JsonNode> rule : json.get("rules").properties()) {
            rules++;
            String verdict = rule.getValue().get("verdict").asText();
            assertTrue(verdict.equals("OK") || verdict.equals("UNTESTED")
                    || rule.getValue().toString().contains("known_failing"), rule.toString());
            assertTrue(run.out().contains(String.format("  %-7s %-11s", rule.getKey(), verdict)) || verdict.equals(
                    "FAILED"), "the console prints a line per rule: " + rule.getKey());
        }
        assertTrue(rules > 35, "rules: " + rules);
        assertFalse(run.out().contains("Exception"), run.out());
        assertTrue(Files.size(reports.resolve(ConformanceReport.HTML)) > 1000);
        assertTrue(Files.readString(reports.resolve(ConformanceReport.JUNIT_XML)).contains("<testsuite"));
    }
}
