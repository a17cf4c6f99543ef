package dev.dialtone.conformance.internal.run;

import dev.dialtone.conformance.ConformanceOptions;
import dev.dialtone.conformance.ConformanceTarget;
import dev.dialtone.conformance.DialtoneServerVerification;
import dev.dialtone.conformance.TokenSource;

/** The kit's own verification class, launched by {@code Conformance.run} with the run's environment and options. */
public class LaunchedVerification extends DialtoneServerVerification implements EnvironmentProvider {

    private final RunContext context = RunContext.current();

    /** For JUnit. */
    public LaunchedVerification() {
    }

    @Override
    protected ConformanceTarget target() {
        return ConformanceTarget.of(context.env.endpoints(), context.env.tokens());
    }

    @Override
    protected ConformanceOptions options() {
        return context.options;
    }

    @Override
    public RunEnvironment environment() {
        return context.env;
    }

    /** Keeps the token source reachable for the report header. */
    TokenSource tokens() {
        return context.env.tokens();
    }
}
