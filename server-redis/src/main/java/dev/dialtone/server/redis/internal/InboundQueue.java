package dev.dialtone.server.redis.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs a node's inbound work one piece at a time, in the order it was offered.
 *
 * <p>Light work (it never waits: events for this node's sessions, call snapshots) runs at once on the thread that
 * offers it when nothing is queued or running. For a relayed message that is Lettuce's subscription thread, and so
 * the message is written to its session without waking a second thread. All other work, and light work that arrives
 * while something else is queued or running, runs on the drain executor's thread, so that nothing overtakes anything
 * offered before it and no two pieces ever run at once.
 */
final class InboundQueue {

    private final Executor drainer;
    private final ArrayDeque<Runnable> queued = new ArrayDeque<>();
    /** Guarded by this: a piece is running, or the drainer has been asked to run the queue. */
    private boolean busy;
    /** The thread running a piece now, or null. */
    private volatile Thread runner;

    /** @param drainer runs queued work; one thread, so that the pieces it runs keep their order */
    InboundQueue(Executor drainer) {
        this.drainer = drainer;
    }

    /**
     * Offers work, from any thread; the pieces run in the order they were offered. Light work may run before this
     * returns, on the calling thread; anything else runs later on the drainer's thread.
     *
     * @throws RejectedExecutionException if the drainer is shut down and the work cannot run
     */
    void offer(Runnable work, boolean light) {
        synchronized (this) {
            if (busy || !light) {
                queued.add(work);
                if (!busy) {
                    busy = true;
                    scheduleDrain();
                }
                return;
            }
            busy = true;
        }
        try {
            run(work);
        } finally {
            handOn();
        }
    }

    /** After a piece ran on an offering thread: the queue goes to the drainer if anything came meanwhile. */
    private synchronized void handOn() {
        if (queued.isEmpty()) {
            busy = false;
        } else {
            scheduleDrain();
        }
    }

    /** Whether the calling thread is running a piece of this queue's work now. */
    boolean runsHere() {
        return runner == Thread.currentThread();
    }

    private void scheduleDrain() {
        try {
            drainer.execute(this::drain);
        } catch (RejectedExecutionException e) {
            queued.clear();
            busy = false;
            throw e;
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queued.poll();
                if (next == null) {
                    busy = false;
                    return;
                }
            }
            boolean ran = false;
            try {
                run(next);
                ran = true;
            } finally {
                if (!ran) {
                    // An Error escaped: this drain ends here, so another one takes what is left.
                    handOn();
                }
            }
        }
    }

    private void run(Runnable work) {
        runner = Thread.currentThread();
        try {
            work.run();
        } catch (RuntimeException e) {
            ClusterNode.LOG.log(System.Logger.Level.ERROR, "inbound work failed", e);
        } finally {
            runner = null;
        }
    }
}
