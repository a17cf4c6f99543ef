package dev.dialtone.conformance.internal.run;

import dev.dialtone.conformance.CaseResult;
import dev.dialtone.conformance.ConformanceFailure;
import dev.dialtone.conformance.ConformanceOptions;
import dev.dialtone.conformance.DialtoneServerVerification;
import dev.dialtone.conformance.Profile;
import dev.dialtone.conformance.Requirement;
import dev.dialtone.conformance.Verdict;
import dev.dialtone.conformance.WireRecord;
import dev.dialtone.conformance.internal.Untested;
import dev.dialtone.conformance.internal.wire.RawConnection;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs the kit's cases through the JUnit Platform (so that the command line and JUnit runs are one and the same). */
public final class Launching {

    private Launching() {
    }

    /** Every case name the kit has, in the order the verification class declares them. */
    public static List<String> allCaseNames() {
        List<String> names = new ArrayList<>();
        for (Method method : DialtoneServerVerification.class.getDeclaredMethods()) {
            String name = method.getName();
            if (method.isAnnotationPresent(org.junit.jupiter.api.Test.class) && (name.startsWith("required_")
                    || name.startsWith("optional_") || name.startsWith("untested_"))) {
                names.add(name);
            }
        }
        return names;
    }

    /** Runs the selected cases and returns their results, in the order of the rules. */
    public static List<CaseResult> run(RunEnvironment env, ConformanceOptions options) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(LaunchedVerification.class))
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .filters((PostDiscoveryFilter) descriptor -> select(descriptor, options))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism",
                        Integer.toString(options.parallelism()))
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.max-pool-size",
                        Integer.toString(options.parallelism()))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false");
        if (options.profile() == Profile.CORE) {
            request.filters(TagFilter.excludeTags("slow"));
        }
        LauncherDiscoveryRequest built = request.build();
        Collector collector = new Collector();
        new RunContext(env, options).runAlone(() -> LauncherFactory.create().execute(built, collector));
        List<CaseResult> results = new ArrayList<>(collector.results.values());
        List<String> order = allCaseNames();
        results.sort(Comparator.comparing((CaseResult result) -> RuleOrder.key(result.rule()))
                .thenComparing(result -> order.indexOf(result.name())));
        return results;
    }

    private static FilterResult select(TestDescriptor descriptor, ConformanceOptions options) {
        if (descriptor.getSource().orElse(null) instanceof MethodSource method) {
            return FilterResult.includedIf(options.selects(method.getMethodName()), () -> "selected",
                    () -> "not selected by --cases/--exclude");
        }
        return FilterResult.included("container");
    }

    /** Turns JUnit's outcome of each case into a verdict. */
    private static final class Collector implements TestExecutionListener {
        private final Map<String, Long> started = new ConcurrentHashMap<>();
        private final Map<String, CaseResult> results = new ConcurrentHashMap<>();

        @Override
        public void executionStarted(TestIdentifier identifier) {
            started.put(identifier.getUniqueId(), System.nanoTime());
        }

        @Override
        public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
            Optional<String> method = identifier.getSource().filter(MethodSource.class::isInstance)
                    .map(source -> ((MethodSource) source).getMethodName());
            if (!identifier.isTest() || method.isEmpty()) {
                return;
            }
            String name = method.get();
            long start = started.getOrDefault(identifier.getUniqueId(), System.nanoTime());
            Duration duration = Duration.ofNanos(System.nanoTime() - start);
            Requirement requirement = Requirement.ofCaseName(name);
            String rule = CaseResult.ruleOf(name);
            Throwable failure = result.getThrowable().orElse(null);
            CaseResult outcome;
            switch (result.getStatus()) {
                case SUCCESSFUL -> outcome = new CaseResult(name, rule, requirement, Verdict.OK, duration, "", "", "",
                        List.of(), null, false, false);
                case ABORTED -> {
                    if (failure instanceof Untested untested) {
                        outcome = new CaseResult(name, rule, requirement, Verdict.UNTESTED, duration,
                                untested.reason(), "", "", List.of(), null, false, false);
                    } else if (failure instanceof Outcomes.NonStrict nonStrict) {
                        outcome = fromEvidence(name, rule, requirement, Verdict.NON_STRICT, duration,
                                nonStrict.evidence(), false);
                    } else if (failure instanceof Outcomes.KnownFailure known) {
                        outcome = fromEvidence(name, rule, requirement, Verdict.FAILED, duration, known.evidence(),
                                true);
                    } else {
                        return;
                    }
                }
                default -> {
                    if (failure instanceof Outcomes.StaleKnownFailing stale) {
                        outcome = new CaseResult(name, rule, requirement, Verdict.OK, duration, stale.getMessage(),
                                "", "", List.of(), null, true, true);
                    } else if (failure instanceof ConformanceFailure conformance) {
                        outcome = new CaseResult(name, rule, requirement, Verdict.FAILED, duration,
                                conformance.getMessage(), conformance.expectedText().orElse(""),
                                conformance.receivedText().orElse(""), conformance.wireLog(),
                                conformance.replayFile().orElse(null), false, false);
                    } else {
                        outcome = new CaseResult(name, rule, requirement, Verdict.FAILED, duration,
                                failure == null ? "failed" : RawConnection.describeFailure(failure), "", "",
                                List.<WireRecord>of(), null, false, false);
                    }
                }
            }
            results.put(name, outcome);
        }

        private static CaseResult fromEvidence(String name, String rule, Requirement requirement, Verdict verdict,
                Duration duration, Evidence evidence, boolean known) {
            return new CaseResult(name, rule, requirement, verdict, duration, evidence.message(),
                    evidence.expected(), evidence.received(), evidence.wireLog(), evidence.replayFile(), known, false);
        }
    }
}
