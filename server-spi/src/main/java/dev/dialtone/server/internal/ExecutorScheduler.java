package dev.dialtone.server.internal;

import dev.dialtone.server.spi.Scheduler;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A scheduler on one daemon thread, for servers that bring none of their own. */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.dialtone.server");

    private final ScheduledThreadPoolExecutor executor;

    public ExecutorScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "dialtone-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        // Cancelled ring and grace timers are the common case; do not keep them queued until they would have fired.
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "a scheduled task failed", e);
            }
        }, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
