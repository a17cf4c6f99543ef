package dev.dialtone.server.spi;

import dev.dialtone.protocol.CallTimer;
import dev.dialtone.server.internal.LocalCallTimers;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Runs the call machine's timers (ring timeout, resume grace: {@code StartTimer} and {@code CancelTimer} effects).
 * Each timer fires at most once per start, and a cancelled or restarted timer does not fire. On one node the default
 * runs them on the {@link Scheduler}; a clustered implementation fires each timer on exactly one node.
 *
 * <p>Thread-safe. {@link #schedule} and {@link #cancel} are called inside a call's exclusive section, so they must not
 * block for long.
 */
public interface CallTimers {

    /** Called once, before any {@link #schedule}, with where to report timers that fall due. */
    void start(Listener listener);

    /** Starts {@code timer} to fire after {@code delay}; a timer of the same identity that runs already is replaced. */
    void schedule(CallTimer timer, Duration delay);

    /** Cancels {@code timer}; does nothing if it is not running. */
    void cancel(CallTimer timer);

    /** Stops every timer; called once when the engine shuts down. */
    default void stop() {
    }

    /** Timers of a single node, run on {@code scheduler}. */
    static CallTimers local(Scheduler scheduler) {
        return new LocalCallTimers(scheduler);
    }

    /** The engine's side: what to do when a timer falls due. */
    @FunctionalInterface
    interface Listener {

        /**
         * A timer fell due.
         *
         * @param timer which one
         * @param claim to be called by the engine inside the call's exclusive section: true if this firing still
         *     stands, false if the timer was cancelled or restarted since it fell due (then nothing happens)
         */
        void fired(CallTimer timer, BooleanSupplier claim);
    }
}
