package dev.dialtone.server.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** The node's inbound queue: one piece at a time, in offer order; light work runs at once only when nothing waits. */
class InboundQueueTest {

    /** An executor the test runs by hand: the "inbound thread" is whatever calls {@link #runAll()}. */
    private static final class ManualExecutor implements Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        boolean shutDown;

        @Override
        public void execute(Runnable task) {
            if (shutDown) {
                throw new RejectedExecutionException("shut down");
            }
            tasks.add(task);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    private final ManualExecutor drainer = new ManualExecutor();
    private final InboundQueue queue = new InboundQueue(drainer);
    private final List<String> ran = new ArrayList<>();

    @Test
    void lightWorkOnAnIdleQueueRunsAtOnceOnTheOfferingThread() {
        boolean[] ranHere = new boolean[1];
        queue.offer(() -> {
            ran.add("event");
            ranHere[0] = queue.runsHere();
        }, true);

        assertEquals(List.of("event"), ran);
        assertTrue(ranHere[0]);
        assertTrue(drainer.tasks.isEmpty(), "nothing was handed to the inbound thread");
        assertFalse(queue.runsHere(), "outside a piece of work, no thread runs the queue");
    }

    @Test
    void otherWorkWaitsForTheInboundThread() {
        queue.offer(() -> ran.add("take"), false);

        assertEquals(List.of(), ran);
        drainer.runAll();
        assertEquals(List.of("take"), ran);
    }

    @Test
    void lightWorkOfferedBehindQueuedWorkDoesNotOvertakeIt() {
        queue.offer(() -> ran.add("take"), false);
        queue.offer(() -> ran.add("event 1"), true);
        queue.offer(() -> ran.add("event 2"), true);

        assertEquals(List.of(), ran, "the events wait behind the hand-over request");
        drainer.runAll();
        assertEquals(List.of("take", "event 1", "event 2"), ran);

        queue.offer(() -> ran.add("event 3"), true);
        assertEquals(List.of("take", "event 1", "event 2", "event 3"), ran, "once drained, light work runs at once");
    }

    @Test
    void workOfferedWhileLightWorkRunsInlineRunsAfterItInOrder() {
        queue.offer(() -> {
            ran.add("event 1");
            // offered from inside: a hand-over step and another event arrive while this one runs
            queue.offer(() -> ran.add("given"), false);
            queue.offer(() -> ran.add("event 2"), true);
            ran.add("event 1 done");
        }, true);

        assertEquals(List.of("event 1", "event 1 done"), ran, "nothing ran inside the running piece");
        drainer.runAll();
        assertEquals(List.of("event 1", "event 1 done", "given", "event 2"), ran);
    }

    @Test
    void aFailingPieceDoesNotStopTheQueue() {
        queue.offer(() -> {
            throw new IllegalStateException("broken message");
        }, false);
        queue.offer(() -> ran.add("next"), true);
        drainer.runAll();

        assertEquals(List.of("next"), ran);
        queue.offer(() -> ran.add("after"), true);
        assertEquals(List.of("next", "after"), ran);
    }

    @Test
    void anErrorThatEscapesAPieceDoesNotWedgeTheQueue() {
        assertThrows(StackOverflowError.class, () -> queue.offer(() -> {
            throw new StackOverflowError("inline");
        }, true));
        queue.offer(() -> ran.add("inline after"), true);
        assertEquals(List.of("inline after"), ran, "the queue is free again");

        queue.offer(() -> {
            throw new StackOverflowError("drained");
        }, false);
        queue.offer(() -> ran.add("queued after"), true);
        assertThrows(StackOverflowError.class, drainer::runAll);
        drainer.runAll();
        assertEquals(List.of("inline after", "queued after"), ran, "another drain took what was left");
    }

    @Test
    void aShutDownInboundThreadRefusesWorkThatWouldWaitForIt() {
        drainer.shutDown = true;

        assertThrows(RejectedExecutionException.class, () -> queue.offer(() -> ran.add("take"), false));
        queue.offer(() -> ran.add("event"), true);
        assertEquals(List.of("event"), ran, "light work on an idle queue still runs");
    }
}
