package dev.dialtone.reference.sdk;

import static org.junit.jupiter.api.Assertions.fail;

import dev.dialtone.client.Call;
import dev.dialtone.client.CallEnd;
import dev.dialtone.client.CallListener;
import dev.dialtone.client.CloseInfo;
import dev.dialtone.client.ConnectionState;
import dev.dialtone.client.MediaState;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.SignalingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Records every callback of one client, in order, with the thread it ran on; {@link #next(String)} waits (with a
 * timeout, never sleeping) for the next callback of a kind.
 */
class SdkEvents implements CallListener {

    /**
     * One callback.
     *
     * @param kind its name: state, incoming, ringing, answered, offer, answer, candidate, media, ended, failed, error,
     *     closed
     * @param call the call, when it is about one
     * @param value the other argument
     * @param thread the thread it ran on
     */
    record Event(String kind, Call call, Object value, String thread) {
    }

    private final List<Event> events = new ArrayList<>();
    private final Map<String, Integer> cursors = new HashMap<>();

    private synchronized void add(String kind, Call call, Object value) {
        events.add(new Event(kind, call, value, Thread.currentThread().getName()));
        notifyAll();
    }

    /** The next callback of {@code kind} after the one this method returned last for it. */
    synchronized Event next(String kind) {
        long deadline = System.nanoTime() + SdkServer.TIMEOUT.toNanos();
        int from = cursors.getOrDefault(kind, 0);
        while (true) {
            for (int i = from; i < events.size(); i++) {
                if (events.get(i).kind().equals(kind)) {
                    cursors.put(kind, i + 1);
                    return events.get(i);
                }
            }
            from = events.size();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("no '" + kind + "' callback within " + SdkServer.TIMEOUT + "; callbacks: " + kinds());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Waits until a callback of {@code kind} with {@code value} has come, whatever came before it. */
    synchronized Event awaitValue(String kind, Object value) {
        long deadline = System.nanoTime() + SdkServer.TIMEOUT.toNanos();
        while (true) {
            for (Event event : events) {
                if (event.kind().equals(kind) && value.equals(event.value())) {
                    return event;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("no '" + kind + "' callback with " + value + " within " + SdkServer.TIMEOUT + "; callbacks: "
                        + kinds());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** The next incoming call. */
    Call incoming() {
        return next("incoming").call();
    }

    /** The end of the next call to end. */
    CallEnd ended() {
        return (CallEnd) next("ended").value();
    }

    /** Every callback of {@code kind} so far. */
    synchronized List<Event> all(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).toList();
    }

    /** The kinds of every callback so far, in order. */
    synchronized List<String> kinds() {
        return events.stream().map(e -> e.kind() + (e.value() instanceof ConnectionState s ? " " + s
                : e.value() instanceof CallEnd end ? " " + end.reason() : "")).toList();
    }

    /** The threads callbacks ran on. */
    synchronized List<String> threads() {
        return events.stream().map(Event::thread).distinct().toList();
    }

    /** Waits for a future of the SDK with the test timeout. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(SdkServer.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("not complete within " + SdkServer.TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits for a future that must fail, and returns its cause. */
    static Throwable awaitFailure(CompletableFuture<?> future) {
        try {
            Object value = future.get(SdkServer.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("completed with " + value + " instead of failing");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("not complete within " + SdkServer.TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void onConnectionStateChanged(ConnectionState state) {
        add("state", null, state);
    }

    @Override
    public void onIncomingCall(Call call) {
        add("incoming", call, null);
    }

    @Override
    public void onCallRinging(Call call) {
        add("ringing", call, null);
    }

    @Override
    public void onCallAnswered(Call call) {
        add("answered", call, null);
    }

    @Override
    public void onOffer(Call call, OpaqueJson offer) {
        add("offer", call, offer);
    }

    @Override
    public void onAnswer(Call call, OpaqueJson answer) {
        add("answer", call, answer);
    }

    @Override
    public void onIceCandidate(Call call, OpaqueJson candidate) {
        add("candidate", call, candidate);
    }

    @Override
    public void onPeerMediaState(Call call, MediaState state) {
        add("media", call, state);
    }

    @Override
    public void onCallEnded(Call call, CallEnd end) {
        add("ended", call, end);
    }

    @Override
    public void onCallFailed(Call call, SignalingException error) {
        add("failed", call, error);
    }

    @Override
    public void onError(SignalingException error) {
        add("error", null, error);
    }

    @Override
    public void onClosed(CloseInfo info) {
        add("closed", null, info);
    }
}
