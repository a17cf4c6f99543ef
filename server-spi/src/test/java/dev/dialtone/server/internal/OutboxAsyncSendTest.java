package dev.dialtone.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.protocol.CloseCode;
import dev.dialtone.protocol.PingAnswered;
import dev.dialtone.protocol.WireCodec;
import dev.dialtone.server.Transport;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The outbox over an asynchronous transport: one frame in flight, in order, the next from the completion. */
class OutboxAsyncSendTest {

    /** Holds each send until the test completes it. */
    static final class HeldTransport implements Transport {
        final List<String> sent = new ArrayList<>();
        final ArrayDeque<Consumer<Throwable>> inFlight = new ArrayDeque<>();
        final List<CloseCode> closes = new ArrayList<>();
        boolean completeInline;

        @Override
        public void send(String frame) throws IOException {
            throw new AssertionError("the outbox sends asynchronously");
        }

        @Override
        public void sendAsync(String frame, Consumer<Throwable> done) {
            sent.add(frame);
            if (completeInline) {
                done.accept(null);
            } else {
                inFlight.add(done);
            }
        }

        @Override
        public void sendPing() {
        }

        @Override
        public void close(CloseCode code) {
            closes.add(code);
        }

        void completeNext(Throwable failure) {
            inFlight.poll().accept(failure);
        }
    }

    /** Closes handed off by the outbox, run by the test when it says so. */
    private final ArrayDeque<Runnable> handedOff = new ArrayDeque<>();
    private final Outbox outbox = new Outbox(WireCodec.standard(), 16, handedOff::add);
    private final HeldTransport transport = new HeldTransport();

    @Test
    void oneFrameIsInFlightAtATimeAndTheRestFollowInOrderFromTheCompletions() {
        outbox.attach(transport, "{\"type\":\"welcome\"}", 0);
        outbox.enqueue(new PingAnswered("1"));
        outbox.enqueue(new PingAnswered("2"));
        assertEquals(1, transport.sent.size(), "only the welcome is in flight");
        assertEquals(1, transport.inFlight.size());
        transport.completeNext(null);
        assertEquals(2, transport.sent.size());
        assertTrue(transport.sent.get(1).contains("\"nonce\":\"1\""));
        transport.completeNext(null);
        assertEquals(3, transport.sent.size());
        assertTrue(transport.sent.get(2).contains("\"nonce\":\"2\""));
        transport.completeNext(null);
        assertTrue(transport.inFlight.isEmpty());
        // a completion called twice acts once
        outbox.enqueue(new PingAnswered("3"));
        Consumer<Throwable> done = transport.inFlight.poll();
        done.accept(null);
        done.accept(null);
        assertEquals(4, transport.sent.size());
    }

    @Test
    void sendsThatCompleteAtOnceDrainTheQueueWithoutRecursion() {
        transport.completeInline = true;
        outbox.attach(transport, "{\"type\":\"welcome\"}", 0);
        for (int i = 0; i < 10_000; i++) {
            outbox.enqueue(new PingAnswered(Integer.toString(i)));
        }
        assertEquals(10_001, transport.sent.size());
        assertTrue(transport.sent.get(10_000).contains("\"nonce\":\"9999\""));
    }

    @Test
    void aFailedSendClosesTheTransportAndStopsSendingThroughIt() {
        outbox.attach(transport, "{\"type\":\"welcome\"}", 0);
        outbox.enqueue(new PingAnswered("1"));
        transport.completeNext(new IOException("broken pipe"));
        assertTrue(transport.closes.isEmpty(), "not closed on the completion's thread");
        assertEquals(1, handedOff.size());
        handedOff.poll().run();
        assertEquals(List.of(CloseCode.GOING_AWAY), transport.closes);
        outbox.enqueue(new PingAnswered("2"));
        assertEquals(1, transport.sent.size(), "nothing more through a broken transport");
    }

    @Test
    void closeAfterDrainWaitsForTheFrameInFlight() {
        outbox.attach(transport, "{\"type\":\"welcome\"}", 0);
        outbox.enqueue(new PingAnswered("1"));
        outbox.closeAfterDrain(CloseCode.TOKEN_EXPIRED);
        assertTrue(transport.closes.isEmpty());
        transport.completeNext(null);
        assertTrue(transport.closes.isEmpty(), "the queued event goes first");
        transport.completeNext(null);
        // Reached from a send's completion (a container's I/O thread, maybe): the close runs on another thread.
        assertTrue(transport.closes.isEmpty(), "not closed on the completion's thread");
        assertEquals(1, handedOff.size());
        handedOff.poll().run();
        assertEquals(List.of(CloseCode.TOKEN_EXPIRED), transport.closes);
    }

    @Test
    void closeWithNothingInFlightHappensOnTheCallersThread() {
        outbox.attach(transport, "{\"type\":\"welcome\"}", 0);
        transport.completeNext(null);
        outbox.closeAfterDrain(CloseCode.TOKEN_EXPIRED);
        assertEquals(List.of(CloseCode.TOKEN_EXPIRED), transport.closes);
        assertTrue(handedOff.isEmpty());
    }
}
