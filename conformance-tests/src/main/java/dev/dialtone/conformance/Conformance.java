package dev.dialtone.conformance;

import dev.dialtone.conformance.internal.run.EmbeddedReference;
import dev.dialtone.conformance.internal.run.Launching;
import dev.dialtone.conformance.internal.run.Probe;
import dev.dialtone.conformance.internal.run.RunEnvironment;
import dev.dialtone.conformance.internal.run.ServerFacts;
import dev.dialtone.conformance.internal.wire.RawConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs the kit from code, as the command line does: every selected case against a target, then one report.
 *
 * <pre>{@code
 * ConformanceReport report = Conformance.run(
 *         ConformanceTarget.of("ws://127.0.0.1:8080/ws/call/", TokenSource.hmacSecret(secret)),
 *         ConformanceOptions.defaults().withReportDirectory(Path.of("conformance-report")));
 * report.printConsole(System.out);
 * }</pre>
 *
 * <p>Runs are serialized within one JVM (the cases of one run execute concurrently).
 */
public final class Conformance {

    private Conformance() {
    }

    /** Every case of the kit, by name, in the order of the verification class. */
    public static List<String> caseNames() {
        return Launching.allCaseNames();
    }

    /**
     * Runs the kit against {@code target}. First a preflight connects one user: if the server does not answer like a
     * Dialtone server, no case runs and the report says why. Reports are written when the options name a folder.
     */
    public static ConformanceReport run(ConformanceTarget target, ConformanceOptions options) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(options, "options");
        Instant started = Instant.now();
        long start = System.nanoTime();
        RunEnvironment[] holder = new RunEnvironment[1];
        holder[0] = new RunEnvironment(target.urls(), target.tokens(), options.timeout(),
                target.ringTimeout().orElse(null), options.replayDirectory(), () -> Probe.learn(holder[0]));
        RunEnvironment env = holder[0];
        List<String> problems = new ArrayList<>();
        List<String> names = caseNames();
        for (String entry : options.knownFailing()) {
            if (names.stream().noneMatch(name -> ConformanceOptions.coversCase(entry, name))) {
                problems.add("the known-failing entry '" + entry + "' names no case of the kit");
            }
        }
        List<CaseResult> results;
        try {
            ServerFacts facts = Probe.learn(env);
            env.learned(facts);
            results = Launching.run(env, options);
        } catch (AssertionError | RuntimeException e) {
            String why = e instanceof AssertionError ? String.valueOf(e.getMessage())
                    : RawConnection.describeFailure(e);
            problems.add("preflight: the server at " + target.urls() + " did not answer like a Dialtone server, so no "
                    + "case ran: " + why);
            results = notRun(options, why);
        }
        results = staleByEntry(options, results, problems);
        ConformanceReport report = new ConformanceReport(target.toString(), started,
                Duration.ofNanos(System.nanoTime() - start), results, problems);
        if (options.reportDirectory().isPresent()) {
            try {
                report.writeTo(options.reportDirectory().get());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the reports to " + options.reportDirectory().get(), e);
            }
        }
        return report;
    }

    /**
     * Runs the kit against the reference server, started for the run on a free loopback port with a made-up secret
     * and a short ring timeout. Needs {@code dev.dialtone:dialtone-reference-server} on the class path (an optional
     * dependency of the kit).
     *
     * @param ringTimeout the embedded server's ring timeout; null for the default (1000 ms)
     * @throws IllegalStateException if the reference server is not on the class path
     * @throws UncheckedIOException if it cannot start
     */
    public static ConformanceReport runAgainstEmbeddedReferenceServer(ConformanceOptions options,
            Duration ringTimeout) {
        EmbeddedReference server;
        try {
            server = EmbeddedReference.start(ringTimeout == null ? EmbeddedReference.DEFAULT_RING_TIMEOUT
                    : ringTimeout, null);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("the embedded reference server is not on the class path (add "
                    + "dev.dialtone:dialtone-reference-server, or give a server URL)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded reference server", e);
        }
        try (server) {
            return run(ConformanceTarget.of(server.uri(), server.tokens()), options);
        }
    }

    /**
     * Known-failing entries are stale as a whole: an entry (a rule, a glob) is stale when every case it covers passed;
     * a passing case is not stale while another case of each of its entries still fails.
     */
    private static List<CaseResult> staleByEntry(ConformanceOptions options, List<CaseResult> results,
            List<String> problems) {
        java.util.Set<String> staleEntries = new java.util.LinkedHashSet<>();
        for (String entry : options.knownFailing()) {
            List<CaseResult> covered = results.stream()
                    .filter(result -> ConformanceOptions.coversCase(entry, result.name())).toList();
            if (!covered.isEmpty() && covered.stream().noneMatch(result -> result.verdict() == Verdict.FAILED)) {
                staleEntries.add(entry);
                problems.add("the known-failing entry '" + entry + "' is stale: its cases pass now; remove it");
            }
        }
        List<CaseResult> adjusted = new ArrayList<>();
        for (CaseResult result : results) {
            boolean stale = result.stale() && options.knownFailing().stream()
                    .filter(entry -> ConformanceOptions.coversCase(entry, result.name()))
                    .anyMatch(staleEntries::contains);
            adjusted.add(stale == result.stale() ? result : new CaseResult(result.name(), result.rule(),
                    result.requirement(), result.verdict(), result.duration(), "", result.expected(),
                    result.received(), result.wireLog(), result.replayFile(), true, false));
        }
        return adjusted;
    }

    private static List<CaseResult> notRun(ConformanceOptions options, String why) {
        List<CaseResult> results = new ArrayList<>();
        for (String name : caseNames()) {
            if (!options.selects(name)) {
                continue;
            }
            Requirement requirement = Requirement.ofCaseName(name);
            Verdict verdict = requirement == Requirement.UNTESTED ? Verdict.UNTESTED
                    : requirement == Requirement.OPTIONAL ? Verdict.NON_STRICT : Verdict.FAILED;
            String message = requirement == Requirement.UNTESTED ? "not checkable from outside"
                    : "not run: the preflight failed: " + why;
            results.add(new CaseResult(name, CaseResult.ruleOf(name), requirement, verdict, Duration.ZERO, message,
                    "", "", List.of(), null, false, false));
        }
        return results;
    }
}
