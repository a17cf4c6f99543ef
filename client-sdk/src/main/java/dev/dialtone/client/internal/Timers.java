package dev.dialtone.client.internal;

import java.time.Duration;

/** Runs the {@link ClientCore}'s timers: reconnect backoff and keepalive. */
public interface Timers {

    /**
     * Runs {@code task} once after {@code delay}, on a thread that is not the caller's.
     *
     * @return a handle to cancel it
     */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task. */
    interface Cancellable {
        /** Cancels the task if it has not run yet. */
        void cancel();
    }
}
