package dev.dialtone.conformance.internal.run;

import dev.dialtone.conformance.ConformanceOptions;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The run the command line (or {@code Conformance.run}) launched: {@link LaunchedVerification}, which JUnit
 * instantiates, takes its environment and options from here. One launched run at a time per JVM.
 */
public final class RunContext {

    private static final ReentrantLock LAUNCHING = new ReentrantLock();
    private static volatile RunContext current;

    final RunEnvironment env;
    final ConformanceOptions options;

    RunContext(RunEnvironment env, ConformanceOptions options) {
        this.env = env;
        this.options = options;
    }

    static RunContext current() {
        RunContext context = current;
        if (context == null) {
            throw new IllegalStateException("LaunchedVerification runs only inside Conformance.run");
        }
        return context;
    }

    /** Runs {@code body} with this context current, alone in the JVM. */
    void runAlone(Runnable body) {
        LAUNCHING.lock();
        try {
            current = this;
            body.run();
        } finally {
            current = null;
            LAUNCHING.unlock();
        }
    }
}
