package dev.dialtone.server;

import dev.dialtone.server.spi.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/** A clock and scheduler that move only when a test says so: no sleeps, no threads. */
final class ManualTime extends Clock implements Scheduler {

    private Instant now;
    private long sequence;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();

    ManualTime(Instant start) {
        this.now = start;
    }

    ManualTime() {
        this(Instant.parse("2026-11-20T10:00:00Z"));
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a manual clock has one zone");
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task scheduled = new Task(now.plus(delay), sequence++, task);
        tasks.add(scheduled);
        return () -> {
            synchronized (ManualTime.this) {
                tasks.remove(scheduled);
            }
        };
    }

    /** Moves time forward by {@code step}, running every task that falls due, in order, at its due time. */
    void advance(Duration step) {
        Instant target;
        synchronized (this) {
            target = now.plus(step);
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due.isAfter(target)) {
                    now = target;
                    return;
                }
                tasks.poll();
                now = next.due;
            }
            next.task.run();
        }
    }

    synchronized int pendingTasks() {
        return tasks.size();
    }

    private record Task(Instant due, long sequence, Runnable task) implements Comparable<Task> {
        @Override
        public int compareTo(Task other) {
            int byDue = due.compareTo(other.due);
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }
    }
}
