package dev.dialtone.conformance.internal.model;

import dev.dialtone.conformance.ConformanceOptions;
import dev.dialtone.conformance.Profile;
import dev.dialtone.conformance.internal.CaseFailure;
import dev.dialtone.conformance.internal.Kit;
import dev.dialtone.conformance.internal.Untested;
import dev.dialtone.conformance.internal.wire.RawConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.lifecycle.FalsifiedSample;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.state.ActionChain;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the model-based property ({@link ModelProperty}) with jqwik from within the kit's JUnit case, and turns a
 * falsified property into a failure that shows the seed, the shrunk chain and the first difference of its run.
 */
public final class ModelRun {

    private ModelRun() {
    }

    /** Runs the property against the case's server; throws a failure naming the seed and the shrunk chain. */
    public static void run(Kit kit, ConformanceOptions options) {
        if (kit.facts().ringTimeout().toSeconds() > 60 || kit.facts().resumeGrace().toSeconds() > 60) {
            throw new Untested("the model waits for the server's timers: its ring timeout and resume grace must be "
                    + "at most 60 s (they are " + kit.facts().ringTimeout().toMillis() + " and "
                    + kit.facts().resumeGrace().toMillis() + " ms)");
        }
        int maxActions = options.profile() == Profile.CORE ? 12 : 25;
        ModelContext context = new ModelContext(kit.env(), options.tries(), options.seed().orElse(null), maxActions);
        Path database;
        try {
            database = Files.createTempDirectory("dialtone-kit-jqwik").resolve("jqwik-database");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary file for jqwik", e);
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(ModelProperty.class))
                .filters(EngineFilter.includeEngines("jqwik"))
                .configurationParameter("jqwik.database", database.toString())
                .configurationParameter("jqwik.failures.runfirst", "false")
                .configurationParameter("jqwik.reporting.onlyfailures", "true")
                .configurationParameter("jqwik.reporting.usejunitplatform", "true")
                .configurationParameter("jqwik.shrinking.bounded.seconds",
                        System.getProperty("dialtone.kit.shrinkSeconds", "20"))
                .build();
        Launcher launcher = LauncherFactory.create();
        List<Throwable> engineFailures = new ArrayList<>();
        context.runAlone(() -> launcher.execute(request, new org.junit.platform.launcher.TestExecutionListener() {
            @Override
            public void executionFinished(org.junit.platform.launcher.TestIdentifier identifier,
                    org.junit.platform.engine.TestExecutionResult result) {
                result.getThrowable().ifPresent(failure -> {
                    if (!identifier.isTest()) {
                        engineFailures.add(failure);
                    }
                });
            }
        }));
        try {
            Files.deleteIfExists(database);
            Files.deleteIfExists(database.getParent());
        } catch (IOException e) {
            // a temporary file
        }
        PropertyExecutionResult result = context.result;
        if (result == null) {
            throw new CaseFailure("the model property did not run" + (engineFailures.isEmpty() ? ""
                    : ": " + RawConnection.describeFailure(engineFailures.get(0))));
        }
        kit.log().note("model: " + result.countTries() + " tries, " + result.countChecks() + " checks, seed "
                + result.seed().orElse("?"));
        if (result.status() == PropertyExecutionResult.Status.SUCCESSFUL) {
            return;
        }
        throw failure(kit, result);
    }

    private static AssertionError failure(Kit kit, PropertyExecutionResult result) {
        String seed = result.seed().orElse("?");
        Optional<? extends FalsifiedSample> shrunk = result.shrunkSample();
        FalsifiedSample sample = shrunk.isPresent() ? shrunk.get() : result.originalSample().orElse(null);
        Throwable cause = sample != null && sample.falsifyingError().isPresent() ? sample.falsifyingError().get()
                : result.throwable().orElse(null);
        StringBuilder message = new StringBuilder();
        String rule = "?";
        ModelWorld.ModelFailure modelFailure = null;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ModelWorld.ModelFailure found) {
                modelFailure = found;
                break;
            }
        }
        if (modelFailure != null) {
            rule = modelFailure.rule();
            kit.adopt(modelFailure.tryKit());
            cause = modelFailure;
        } else if (cause != null) {
            Throwable root = cause;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            cause = root;
        }
        message.append("the model found a difference (likely ").append(rule).append(") after ")
                .append(result.countTries()).append(" tries; seed ").append(seed)
                .append(" (rerun with --seed ").append(seed).append(")");
        if (sample != null && !sample.parameters().isEmpty() && sample.parameters().get(0) instanceof ActionChain<?>
                chain) {
            message.append("\n  shrunk chain (").append(chain.transformations().size()).append(" actions):");
            int n = 1;
            for (String transformation : chain.transformations()) {
                message.append("\n    ").append(n++).append(". ").append(transformation);
            }
        }
        message.append("\n  first difference: ").append(cause == null ? "(none reported)"
                : cause instanceof AssertionError ? String.valueOf(cause.getMessage())
                : RawConnection.describeFailure(cause));
        return new CaseFailure(message.toString());
    }
}
