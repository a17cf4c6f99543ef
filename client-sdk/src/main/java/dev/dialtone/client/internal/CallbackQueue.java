package dev.dialtone.client.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs listener callbacks and future completions one at a time, in the order they were posted, on an executor of the
 * application's choosing, whatever its threads. {@link #post} only queues (it is called under the client's lock);
 * {@link #flush} hands the queue to the executor and must be called with no lock held, since an executor that runs
 * tasks in the calling thread runs the callbacks right there.
 */
public final class CallbackQueue {

    private static final System.Logger LOG = System.getLogger("dev.dialtone.client");

    private final Executor executor;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean scheduled;

    public CallbackQueue(Executor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Queues a task; it runs after every task posted before it. */
    public synchronized void post(Runnable task) {
        queue.addLast(task);
    }

    /** Makes sure the queued tasks will run. Call it with no lock held. */
    public void flush() {
        synchronized (this) {
            if (scheduled || queue.isEmpty()) {
                return;
            }
            scheduled = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                scheduled = false;
            }
            LOG.log(Level.WARNING, "the callback executor refused the client's callbacks: {0}", String.valueOf(e));
        }
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (this) {
                task = queue.pollFirst();
                if (task == null) {
                    scheduled = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // The application's bug: its stack trace helps it.
                LOG.log(Level.WARNING, "a Dialtone listener callback or future stage threw", e);
            }
        }
    }
}
