package dev.dialtone.server.spi;

import java.time.Duration;

/**
 * Runs tasks later: ring timeouts, resume grace, keepalive, token expiry. Injected so that tests advance time by hand
 * instead of sleeping.
 *
 * <p>Thread-safe. Tasks run on another thread, never inside {@link #schedule} itself (the engine schedules while it
 * holds a call exclusively); a task that throws does not stop later ones.
 */
public interface Scheduler {

    /** Runs {@code task} once, after {@code delay}. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can still be called off. */
    @FunctionalInterface
    interface Cancellable {

        /** Calls the task off if it has not started; does nothing otherwise. */
        void cancel();
    }
}
