package dev.dialtone.server.internal;

import dev.dialtone.protocol.CallTimer;
import dev.dialtone.server.spi.CallTimers;
import dev.dialtone.server.spi.Scheduler;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/** The call timers of one node, on a {@link Scheduler}. */
public final class LocalCallTimers implements CallTimers {

    private final Scheduler scheduler;
    private final ConcurrentHashMap<CallTimer, RunningTimer> running = new ConcurrentHashMap<>();
    private volatile Listener listener;

    public LocalCallTimers(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void start(Listener target) {
        this.listener = target;
    }

    @Override
    public void schedule(CallTimer timer, Duration delay) {
        RunningTimer entry = new RunningTimer();
        // Registered before it is scheduled, so that even a timer due at once finds itself when it fires.
        RunningTimer previous = running.put(timer, entry);
        if (previous != null) {
            previous.cancel();
        }
        entry.started(scheduler.schedule(delay, () -> listener.fired(timer, () -> running.remove(timer, entry))));
    }

    @Override
    public void cancel(CallTimer timer) {
        RunningTimer entry = running.remove(timer);
        if (entry != null) {
            entry.cancel();
        }
    }

    @Override
    public void stop() {
        running.values().forEach(RunningTimer::cancel);
        running.clear();
    }

    /** A timer's scheduled task, which may be cancelled even before the scheduler has returned its handle. */
    private static final class RunningTimer {
        private Scheduler.Cancellable handle;
        private boolean cancelled;

        synchronized void started(Scheduler.Cancellable scheduled) {
            if (cancelled) {
                scheduled.cancel();
            } else {
                handle = scheduled;
            }
        }

        synchronized void cancel() {
            cancelled = true;
            if (handle != null) {
                handle.cancel();
            }
        }
    }
}
