package dev.dialtone.client.internal;

import static dev.dialtone.client.internal.SdkHarness.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.client.Call;
import dev.dialtone.protocol.CallAnswered;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallRinging;
import dev.dialtone.protocol.CallType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Callbacks and future completions run on the callback executor, serialized, in order; never on the I/O thread. */
class SdkCallbackThreadingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void callbacksAndFutureStagesRunOnTheCallbackExecutorNotTheThreadThatDeliveredTheFrame() throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor(task -> new Thread(task, "sdk-callbacks"));
        try {
            SdkHarness h = new SdkHarness(new SdkHarness.Options(), callbacks);
            h.core.connect();
            h.openAndWelcome("s1", "r1", false);
            Call call = h.core.call(BOB, CallType.AUDIO, null);
            CompletableFuture<String> stageThread = call.answered().thenApply(a -> Thread.currentThread().getName());
            CountDownLatch blocked = new CountDownLatch(1);
            // A callback that blocks holds up later callbacks, never the frames: they keep being taken.
            callbacks.execute(() -> {
                try {
                    blocked.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            h.event(new CallRinging(CallId.of("c1"), BOB, CallType.AUDIO));
            h.event(new CallAnswered(BOB, CallId.of("c1"), null));
            assertEquals(Call.State.CONNECTED, call.state(), "the frames were processed while callbacks waited");
            blocked.countDown();
            assertEquals("sdk-callbacks", stageThread.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            h.core.ping();
            callbacks.submit(() -> { }).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(Set.of("sdk-callbacks"), Set.copyOf(h.listener.threads));
            assertEquals(List.of("state CONNECTING", "state CONNECTED", "ringing c1", "answered c1"),
                    h.listener.events);
        } finally {
            callbacks.shutdownNow();
        }
    }

    @Test
    void theQueueSerializesOnAMultiThreadedExecutorAndKeepsOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CallbackQueue queue = new CallbackQueue(pool);
            AtomicInteger inside = new AtomicInteger();
            List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
            List<Integer> overlaps = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(1);
            int tasks = 2000;
            for (int i = 0; i < tasks; i++) {
                int n = i;
                queue.post(() -> {
                    if (inside.incrementAndGet() != 1) {
                        overlaps.add(n);
                    }
                    seen.add(n);
                    inside.decrementAndGet();
                    if (n == tasks - 1) {
                        done.countDown();
                    }
                });
                if (i % 7 == 0) {
                    queue.flush();
                }
            }
            queue.flush();
            assertTrue(done.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            assertEquals(List.of(), overlaps);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                expected.add(i);
            }
            assertEquals(expected, seen);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aThrowingCallbackDoesNotStopTheOnesAfterIt() {
        CallbackQueue queue = new CallbackQueue(Runnable::run);
        List<String> seen = new ArrayList<>();
        queue.post(() -> {
            throw new IllegalStateException("the application's bug");
        });
        queue.post(() -> seen.add("after"));
        queue.flush();
        assertEquals(List.of("after"), seen);
    }
}
