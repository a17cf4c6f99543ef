package dev.dialtone.conformance.internal.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dialtone.conformance.CaseResult;
import dev.dialtone.conformance.ConformanceReport;
import dev.dialtone.conformance.Verdict;
import dev.dialtone.conformance.internal.wire.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The JSON summary: every rule with its verdict, duration and message, and its cases. */
public final class JsonReport {

    private JsonReport() {
    }

    public static void write(ConformanceReport report, Path file) throws IOException {
        ObjectNode root = Json.object();
        root.put("target", report.target());
        root.put("started", report.started().toString());
        root.put("duration_ms", report.duration().toMillis());
        root.put("passed", report.passed());
        ObjectNode totals = root.putObject("totals");
        for (Verdict verdict : Verdict.values()) {
            totals.put(verdict.label(), report.count(verdict));
        }
        ObjectNode rules = root.putObject("rules");
        for (Map.Entry<String, List<CaseResult>> rule : report.casesByRule().entrySet()) {
            List<CaseResult> cases = rule.getValue();
            Verdict verdict = ConformanceReport.worst(cases);
            ObjectNode node = rules.putObject(rule.getKey());
            node.put("verdict", verdict.label());
            node.put("duration_ms", cases.stream().mapToLong(result -> result.duration().toMillis()).sum());
            node.put("message", messageOf(verdict, cases));
            ArrayNode list = node.putArray("cases");
            for (CaseResult result : cases) {
                ObjectNode entry = list.addObject();
                entry.put("name", result.name());
                entry.put("requirement", result.requirement().name().toLowerCase(java.util.Locale.ROOT));
                entry.put("verdict", result.verdict().label());
                entry.put("duration_ms", result.duration().toMillis());
                entry.put("message", result.message());
                if (!result.expected().isEmpty()) {
                    entry.put("expected", result.expected());
                }
                if (!result.received().isEmpty()) {
                    entry.put("received", result.received());
                }
                if (result.knownFailing()) {
                    entry.put("known_failing", true);
                }
                if (result.stale()) {
                    entry.put("stale", true);
                }
                result.replay().ifPresent(path -> entry.put("replay", path.toString()));
            }
        }
        ArrayNode problems = root.putArray("problems");
        report.problems().forEach(problems::add);
        Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root),
                StandardCharsets.UTF_8);
    }

    private static String messageOf(Verdict verdict, List<CaseResult> cases) {
        for (CaseResult result : cases) {
            if (result.verdict() == verdict && !result.message().isEmpty()) {
                return result.message();
            }
        }
        return "";
    }
}
