package dev.dialtone.conformance.internal.model;

import dev.dialtone.conformance.internal.Kit;
import dev.dialtone.conformance.internal.run.RunEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import net.jqwik.api.lifecycle.PropertyExecutionResult;

/**
 * What the model-based property of one run needs, handed from the JUnit case that launches it to jqwik's property
 * class: the run's environment, the tries and seed, and, back, jqwik's result. One property runs at a time per JVM.
 */
public final class ModelContext {

    private static final ReentrantLock RUNNING = new ReentrantLock();
    private static volatile ModelContext current;

    final RunEnvironment env;
    final int tries;
    final String seed;
    final int maxActions;
    private final List<Kit> tryKits = new ArrayList<>();
    volatile PropertyExecutionResult result;
    private volatile boolean finished;

    /**
     * The worlds opened by the property running on this thread. jqwik's bounded shrinking may leave a shrinking thread
     * running after the property has returned; such a thread closes only its own worlds, and opens none once the run
     * it belongs to is over.
     */
    private static final ThreadLocal<List<ModelWorld>> OPENED = ThreadLocal.withInitial(ArrayList::new);

    ModelContext(RunEnvironment env, int tries, String seed, int maxActions) {
        this.env = env;
        this.tries = tries;
        this.seed = seed;
        this.maxActions = maxActions;
    }

    /** The context of the property now running. */
    static ModelContext current() {
        ModelContext context = current;
        if (context == null) {
            throw new IllegalStateException("the model property runs only from the kit's required_model case");
        }
        return context;
    }

    /** Runs {@code body} with this context as the current one, alone in the JVM. */
    void runAlone(Runnable body) {
        RUNNING.lock();
        try {
            current = this;
            body.run();
        } finally {
            finished = true;
            current = null;
            RUNNING.unlock();
        }
    }

    /** Whether the run this context belongs to is over (a late shrinking thread must not open connections). */
    boolean finished() {
        return finished;
    }

    synchronized Kit newTryKit() {
        Kit kit = new Kit(env, "model-try-" + (tryKits.size() + 1));
        tryKits.add(kit);
        return kit;
    }

    void opened(ModelWorld world) {
        OPENED.get().add(world);
    }

    /** Closes every world the property opened on this thread (the try that just ended). */
    static void closeWorldsOfThisThread() {
        List<ModelWorld> mine = OPENED.get();
        mine.forEach(ModelWorld::close);
        mine.clear();
    }

    synchronized int triesStarted() {
        return tryKits.size();
    }
}
