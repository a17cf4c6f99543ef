package dev.dialtone.conformance.teeth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.conformance.CaseResult;
import dev.dialtone.conformance.Conformance;
import dev.dialtone.conformance.ConformanceOptions;
import dev.dialtone.conformance.ConformanceReport;
import dev.dialtone.conformance.ConformanceTarget;
import dev.dialtone.conformance.TokenSource;
import dev.dialtone.conformance.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kit's teeth: against servers that are the reference engine with exactly one fault each, the kit fails and
 * names the rule the fault breaks. Each fault is checked with the sections of the kit that concern it; a few also
 * with the model-based property alone, which knows nothing of the fault and finds it from its random chains.
 */
class TeethTest {

    static {
        // A failing model chain shrinks for a few seconds here; the property's own default is 20.
        System.setProperty("dialtone.kit.shrinkSeconds", "2");
    }

    @TempDir
    Path replays;

    static Stream<Faults.Fault> faults() {
        return Faults.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void theKitFailsAndNamesTheBrokenRule(Faults.Fault fault) throws Exception {
        try (Faults.Running server = fault.starter().start()) {
            ConformanceReport report = Conformance.run(target(server),
                    options().withCases(fault.cases()));
            String console = console(report);
            assertFalse(report.passed(), () -> fault.name() + ": the kit passed a broken server\n" + console);
            assertEquals(Verdict.FAILED, report.verdictOf(fault.brokenRule()),
                    () -> fault.name() + ": the kit did not name " + fault.brokenRule() + "\n" + console);
            CaseResult failed = report.casesByRule().get(fault.brokenRule()).stream()
                    .filter(result -> result.verdict() == Verdict.FAILED).findFirst().orElseThrow();
            assertFalse(failed.message().isBlank(), "a failure says what went wrong");
            assertTrue(failed.replay().isPresent(), "a failure writes a replay file");
            System.out.println("[teeth] " + fault.name() + " -> " + fault.brokenRule() + " FAILED: "
                    + failed.name() + ": " + failed.message().split("\n")[0]);
        }
    }

    /** The control: the kit's own endpoint adapter, with no fault, passes the sections the wrapper faults use. */
    @Test
    void theFaultFreeWrapperPasses() throws Exception {
        try (Faults.Running server = Faults.wrapped(Faults.engine(), () -> new FaultyServer.Wrapper() { })) {
            ConformanceReport report = Conformance.run(target(server),
                    options().withCases(List.of("required_R5_*", "required_R8_*")));
            assertTrue(report.passed(), () -> console(report));
        }
    }

    /** The model-based property alone finds faults it was not written for. */
    @ParameterizedTest(name = "model: {0}")
    @MethodSource("modelFaults")
    void theModelFindsTheFault(Faults.Fault fault) throws Exception {
        try (Faults.Running server = fault.starter().start()) {
            ConformanceReport report = Conformance.run(target(server),
                    options().withCases(List.of("required_model_*")).withTries(30));
            String console = console(report);
            assertEquals(Verdict.FAILED, report.verdictOf("model"), () -> fault.name() + "\n" + console);
            CaseResult failed = report.casesByRule().get("model").get(0);
            assertTrue(failed.message().contains("seed") && failed.message().contains("shrunk chain"),
                    () -> "the failure shows the seed and the shrunk chain: " + failed.message());
            System.out.println("[teeth] model vs " + fault.name() + ": " + failed.message().split("\n")[0]);
        }
    }

    static Stream<Faults.Fault> modelFaults() {
        return Faults.all().stream().filter(fault -> fault.name().startsWith("rings only one")
                || fault.name().startsWith("relays ICE"));
    }

    private ConformanceOptions options() {
        return ConformanceOptions.defaults().withTimeout(Duration.ofMillis(1000)).withReplayDirectory(replays)
                .withParallelism(4);
    }

    private static ConformanceTarget target(Faults.Running server) {
        return ConformanceTarget.of(server.uri(), TokenSource.hmacSecret(Faults.SECRET));
    }

    static String console(ConformanceReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.printConsole(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
