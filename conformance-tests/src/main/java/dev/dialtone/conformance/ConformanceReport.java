package dev.dialtone.conformance;

import dev.dialtone.conformance.internal.report.ConsoleReport;
import dev.dialtone.conformance.internal.report.HtmlReport;
import dev.dialtone.conformance.internal.report.JsonReport;
import dev.dialtone.conformance.internal.report.JunitXmlReport;
import dev.dialtone.conformance.internal.run.RuleOrder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one run of the kit found: every case's verdict, and from them every rule's. {@link #passed()} is what the
 * command line's exit status says: every required case passed (or is known to fail), and no known-failing entry is
 * stale.
 */
public final class ConformanceReport {

    /** The report files {@link #writeTo} writes. */
    public static final String JUNIT_XML = "TEST-dialtone-conformance.xml";
    /** The JSON summary. */
    public static final String JSON = "dialtone-conformance.json";
    /** The HTML page. */
    public static final String HTML = "dialtone-conformance.html";

    private final String target;
    private final Instant started;
    private final Duration duration;
    private final List<CaseResult> cases;
    private final List<String> problems;

    /**
     * A report.
     *
     * @param target what was tested (URL and token source)
     * @param started when the run started
     * @param duration how long it took
     * @param cases every case's result
     * @param problems problems of the run itself (a failed preflight, a known-failing entry naming no case)
     */
    public ConformanceReport(String target, Instant started, Duration duration, List<CaseResult> cases,
            List<String> problems) {
        this.target = target;
        this.started = started;
        this.duration = duration;
        this.cases = List.copyOf(cases);
        this.problems = List.copyOf(problems);
    }

    public String target() {
        return target;
    }

    public Instant started() {
        return started;
    }

    public Duration duration() {
        return duration;
    }

    /** Every case's result, in the order of the rules. */
    public List<CaseResult> cases() {
        return cases;
    }

    /** Problems of the run itself; each fails it. */
    public List<String> problems() {
        return problems;
    }

    /** Whether the server passed: every required case OK (or known to fail) and nothing stale or wrong with the run. */
    public boolean passed() {
        return problems.isEmpty() && cases.stream().noneMatch(CaseResult::failsTheRun);
    }

    /** The cases that fail the run. */
    public List<CaseResult> failures() {
        List<CaseResult> failing = new ArrayList<>();
        for (CaseResult result : cases) {
            if (result.failsTheRun()) {
                failing.add(result);
            }
        }
        return failing;
    }

    /** The result of one case, or null if it did not run. */
    public CaseResult caseResult(String name) {
        for (CaseResult result : cases) {
            if (result.name().equals(name)) {
                return result;
            }
        }
        return null;
    }

    /** Every rule's cases, in the document's order. */
    public Map<String, List<CaseResult>> casesByRule() {
        Map<String, List<CaseResult>> sorted = new TreeMap<>((a, b) -> RuleOrder.key(a).compareTo(RuleOrder.key(b)));
        for (CaseResult result : cases) {
            sorted.computeIfAbsent(result.rule(), rule -> new ArrayList<>()).add(result);
        }
        return new LinkedHashMap<>(sorted);
    }

    /**
     * A rule's verdict, the worst of its cases': FAILED if a required case failed, else NON-STRICT if an optional one
     * did, else UNTESTED if none of its cases could be checked, else OK. Null if no case of the rule ran.
     */
    public Verdict verdictOf(String rule) {
        List<CaseResult> ofRule = casesByRule().get(rule);
        if (ofRule == null) {
            return null;
        }
        return worst(ofRule);
    }

    /** The worst verdict of some cases (see {@link #verdictOf}). */
    public static Verdict worst(List<CaseResult> results) {
        if (results.stream().anyMatch(result -> result.verdict() == Verdict.FAILED)) {
            return Verdict.FAILED;
        }
        if (results.stream().anyMatch(result -> result.verdict() == Verdict.NON_STRICT)) {
            return Verdict.NON_STRICT;
        }
        if (results.stream().allMatch(result -> result.verdict() == Verdict.UNTESTED)) {
            return Verdict.UNTESTED;
        }
        return Verdict.OK;
    }

    /** Every rule's verdict, in the document's order. */
    public Map<String, Verdict> rules() {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        casesByRule().forEach((rule, results) -> verdicts.put(rule, worst(results)));
        return verdicts;
    }

    /** How many cases have a verdict. */
    public long count(Verdict verdict) {
        return cases.stream().filter(result -> result.verdict() == verdict).count();
    }

    /** Prints one line per rule, then the totals, then every failure with its replay command. */
    public void printConsole(PrintStream out) {
        ConsoleReport.print(this, out);
    }

    /**
     * Writes the JUnit XML ({@value #JUNIT_XML}), the JSON summary ({@value #JSON}) and the HTML page ({@value #HTML})
     * into {@code directory}, creating it.
     *
     * @return the files written
     */
    public List<Path> writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path xml = directory.resolve(JUNIT_XML);
        Path json = directory.resolve(JSON);
        Path html = directory.resolve(HTML);
        JunitXmlReport.write(this, xml);
        JsonReport.write(this, json);
        HtmlReport.write(this, html);
        return List.of(xml, json, html);
    }
}
