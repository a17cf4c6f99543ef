package dev.dialtone.conformance.internal.report;

import dev.dialtone.conformance.CaseResult;
import dev.dialtone.conformance.ConformanceReport;
import dev.dialtone.conformance.Verdict;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The console report: one line per rule, the totals, then each failure with what differed and how to replay it. */
public final class ConsoleReport {

    private ConsoleReport() {
    }

    public static void print(ConformanceReport report, PrintStream out) {
        out.println("Dialtone conformance kit against " + report.target());
        out.println();
        Map<Verdict, Integer> ruleTotals = new EnumMap<>(Verdict.class);
        for (Map.Entry<String, List<CaseResult>> rule : report.casesByRule().entrySet()) {
            List<CaseResult> cases = rule.getValue();
            Verdict verdict = ConformanceReport.worst(cases);
            ruleTotals.merge(verdict, 1, Integer::sum);
            out.printf("  %-7s %-11s %s%n", rule.getKey(), verdict.label(), summary(verdict, cases));
        }
        out.println();
        out.printf("Rules: %d OK, %d FAILED, %d NON-STRICT, %d UNTESTED.  Cases: %d OK, %d FAILED, %d NON-STRICT, "
                + "%d UNTESTED.  %.1f s%n", ruleTotals.getOrDefault(Verdict.OK, 0),
                ruleTotals.getOrDefault(Verdict.FAILED, 0), ruleTotals.getOrDefault(Verdict.NON_STRICT, 0),
                ruleTotals.getOrDefault(Verdict.UNTESTED, 0), report.count(Verdict.OK), report.count(Verdict.FAILED),
                report.count(Verdict.NON_STRICT), report.count(Verdict.UNTESTED),
                report.duration().toMillis() / 1000.0);
        boolean header = false;
        for (CaseResult result : report.cases()) {
            if (result.verdict() != Verdict.FAILED && result.verdict() != Verdict.NON_STRICT && !result.stale()) {
                continue;
            }
            if (!header) {
                out.println();
                out.println("Details:");
                header = true;
            }
            String label = result.stale() ? "STALE" : result.knownFailing() ? "FAILED (known)"
                    : result.verdict().label();
            out.println("  " + label + "  " + result.name());
            for (String line : result.message().split("\n")) {
                out.println("      " + line);
            }
            if (!result.expected().isEmpty() || !result.received().isEmpty()) {
                out.println("      expected: " + oneLine(result.expected()));
                out.println("      received: " + oneLine(result.received()));
            }
        }
        for (String problem : report.problems()) {
            out.println();
            out.println("  PROBLEM  " + problem);
        }
        out.println();
        if (report.passed()) {
            out.println("PASSED: every required case passed.");
        } else {
            long failed = report.failures().size();
            out.println("FAILED: " + failed + " required case" + (failed == 1 ? "" : "s") + " failed"
                    + (report.problems().isEmpty() ? "" : ", " + report.problems().size() + " problem"
                    + (report.problems().size() == 1 ? "" : "s")) + ".");
        }
    }

    private static String summary(Verdict verdict, List<CaseResult> cases) {
        for (CaseResult result : cases) {
            if (result.stale()) {
                return "stale known-failing entry: " + result.name() + " passes now";
            }
        }
        if (verdict == Verdict.FAILED || verdict == Verdict.NON_STRICT) {
            for (CaseResult result : cases) {
                if (result.verdict() == verdict) {
                    return shortName(result.name()) + (result.knownFailing() ? " (known failing)" : "") + ": "
                            + firstLine(result.message());
                }
            }
        }
        if (verdict == Verdict.UNTESTED) {
            return firstLine(cases.get(0).message());
        }
        long untested = cases.stream().filter(result -> result.verdict() == Verdict.UNTESTED).count();
        return cases.size() + (cases.size() == 1 ? " case" : " cases")
                + (untested == 0 ? "" : " (" + untested + " untested: " + firstLine(cases.stream()
                        .filter(result -> result.verdict() == Verdict.UNTESTED).findFirst().orElseThrow()
                        .message()) + ")");
    }

    private static String shortName(String name) {
        String[] parts = name.split("_", 4);
        return parts.length == 4 ? parts[3] : name;
    }

    static String firstLine(String text) {
        String line = text.split("\n", 2)[0];
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    private static String oneLine(String text) {
        String line = text.replace("\r", "\\r").replace("\n", "\\n");
        return line.length() > 400 ? line.substring(0, 397) + "..." : line;
    }
}
