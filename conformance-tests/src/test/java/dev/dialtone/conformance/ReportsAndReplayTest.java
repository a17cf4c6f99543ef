package dev.dialtone.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dialtone.conformance.teeth.BrokenServers;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's reports against a broken server (the reference engine that never sends call_missed): JUnit XML
 * valid for the Surefire schema, the JSON summary, the HTML page with a sequence diagram per failure, a replay file
 * that replays, and known-failing entries (a known failure passes the run; a stale entry fails it).
 */
class ReportsAndReplayTest {

    @TempDir
    Path dir;

    @Test
    void reportsOfAFailingRun() throws Exception {
        try (BrokenServers.Server server = BrokenServers.neverSendsCallMissed()) {
            Path reports = dir.resolve("reports");
            NotDialtoneTest.Run run = NotDialtoneTest.cli("--url", server.uri().toString(), "--jwt-secret",
                    BrokenServers.SECRET, "--cases", "required_R6_1_*,required_R1_1_*", "--timeout-ms", "1000",
                    "--report", reports.toString());
            assertEquals(1, run.status(), run.out());
            assertTrue(run.out().contains("R6.1    FAILED"), run.out());
            assertTrue(run.out().contains("R1.1    OK"), run.out());
            assertTrue(run.out().contains("replay: ./dialtone conformance --replay "), run.out());

            Path xml = reports.resolve(ConformanceReport.JUNIT_XML);
            Validator validator = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                    .newSchema(new StreamSource(resource("/xsd/surefire-test-report-3.0.xsd"))).newValidator();
            validator.validate(new StreamSource(xml.toFile()));
            String junit = Files.readString(xml);
            assertTrue(junit.contains("name=\"required_R6_1_unansweredCallIsMissed\""), junit);
            assertTrue(junit.contains("<failure"), junit);

            JsonNode json = new ObjectMapper().readTree(reports.resolve(ConformanceReport.JSON).toFile());
            assertFalse(json.get("passed").asBoolean());
            assertEquals("FAILED", json.at("/rules/R6.1/verdict").asText());
            assertEquals("OK", json.at("/rules/R1.1/verdict").asText());
            assertTrue(json.at("/rules/R6.1/duration_ms").isIntegralNumber());
            assertFalse(json.at("/rules/R6.1/message").asText().isEmpty());

            String html = Files.readString(reports.resolve(ConformanceReport.HTML));
            assertTrue(html.contains("<svg") && html.contains("call_ringing") && html.contains("Expected"), html);
            assertFalse(html.contains("<script") || html.contains("http://") && !html.contains("xmlns=\"http://www"
                    + ".w3.org/2000/svg\""), "self-contained");

            Matcher replay = Pattern.compile("--replay (\\S+) --url").matcher(run.out());
            assertTrue(replay.find(), run.out());
            NotDialtoneTest.Run replayed = NotDialtoneTest.cli("--replay", replay.group(1), "--url",
                    server.uri().toString(), "--jwt-secret", BrokenServers.SECRET, "--timeout-ms", "1000");
            assertEquals(0, replayed.status(), replayed.out());
            assertTrue(replayed.out().contains("Replaying required_R6_1_"), replayed.out());
            assertTrue(replayed.out().contains("\"action\":\"start_call\""), replayed.out());
            assertTrue(replayed.out().contains("call_ringing"), replayed.out());
        }
    }

    @Test
    void knownFailuresPassTheRunAndStaleEntriesFailIt() throws Exception {
        try (BrokenServers.Server server = BrokenServers.neverSendsCallMissed()) {
            Path known = dir.resolve("known-failing.txt");
            Files.writeString(known, "# the broken server never sends call_missed\nR6.1\n");
            NotDialtoneTest.Run run = NotDialtoneTest.cli("--url", server.uri().toString(), "--jwt-secret",
                    BrokenServers.SECRET, "--cases", "required_R6_1_unansweredCallIsMissed", "--timeout-ms", "1000",
                    "--known-failing", known.toString());
            assertEquals(0, run.status(), run.out());
            assertTrue(run.out().contains("known failing"), run.out());

            Files.writeString(known, "required_R1_1_tokenInQueryIsAccepted\n");
            NotDialtoneTest.Run stale = NotDialtoneTest.cli("--url", server.uri().toString(), "--jwt-secret",
                    BrokenServers.SECRET, "--cases", "required_R1_1_tokenInQueryIsAccepted", "--known-failing",
                    known.toString());
            assertEquals(1, stale.status(), stale.out());
            assertTrue(stale.out().contains("stale"), stale.out());

            Files.writeString(known, "required_R9_9_noSuchCase\n");
            NotDialtoneTest.Run unknown = NotDialtoneTest.cli("--url", server.uri().toString(), "--jwt-secret",
                    BrokenServers.SECRET, "--cases", "required_R1_1_tokenInQueryIsAccepted", "--known-failing",
                    known.toString());
            assertEquals(1, unknown.status(), unknown.out());
            assertTrue(unknown.out().contains("names no case"), unknown.out());
        }
    }

    @Test
    void withoutAKeyTheForgedTokenCasesAreUntested() throws Exception {
        try (BrokenServers.Server server = BrokenServers.reference()) {
            TokenSource minted = TokenSource.hmacSecret(BrokenServers.SECRET);
            TokenSource issued = TokenSource.of(user -> dev.dialtone.conformance.internal.KitUser.tokenFor(minted,
                    "user", user, true));
            ConformanceReport report = Conformance.run(ConformanceTarget.of(server.uri(), issued),
                    ConformanceOptions.defaults().withCases(List.of("required_R1_*")).withReplayDirectory(dir));
            assertTrue(report.passed(), () -> TeethTestSupport.console(report));
            assertEquals(Verdict.UNTESTED, report.caseResult("required_R1_2_expiredTokenIsRefused").verdict());
            assertEquals(Verdict.UNTESTED, report.caseResult("required_R1_2_keyConfusionIsRefused").verdict());
            assertEquals(Verdict.OK, report.caseResult("required_R1_2_unsignedAlgNoneTokenIsRefused").verdict());
            assertEquals(Verdict.OK, report.caseResult("required_R1_2_tamperedPayloadIsRefused").verdict());
            assertNotNull(report.caseResult("required_R1_1_tokenInQueryIsAccepted"));
        }
    }

    private static InputStream resource(String name) {
        InputStream in = ReportsAndReplayTest.class.getResourceAsStream(name);
        assertNotNull(in, name);
        return in;
    }

    /** Prints a report for a failure message. */
    static final class TeethTestSupport {
        static String console(ConformanceReport report) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            report.printConsole(new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8));
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
