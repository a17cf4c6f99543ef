package dev.dialtone.server.internal;

import dev.dialtone.protocol.CloseCode;
import dev.dialtone.protocol.ServerEvent;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.WireCodec;
import dev.dialtone.server.Transport;
import dev.dialtone.server.spi.SessionHandoff;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * One session's outgoing events: numbers them ({@code seq}, R6.3), keeps the last {@code replayWindow} for a resume,
 * and sends them through the session's present transport, one frame at a time and in order, from whichever thread
 * queued one (R3.9). Network I/O happens outside the outbox's lock; with an asynchronous transport
 * ({@link Transport#sendAsync}) the next frame goes from the completion of the one before, so no thread waits for a
 * slow client.
 */
public final class Outbox {

    /** Runs closes that a send's completion reached (see {@link #drain(boolean)}); daemon threads, made on demand. */
    private static final Executor CLOSER = Executors.newCachedThreadPool(
            task -> {
                Thread thread = new Thread(task, "dialtone-outbox-close");
                thread.setDaemon(true);
                return thread;
            });

    private final WireCodec codec;
    private final int replayWindow;
    private final Executor closer;

    private final ArrayDeque<Frame> retained = new ArrayDeque<>();
    private final ArrayDeque<Frame> pending = new ArrayDeque<>();
    private long nextSeq = 1;
    private Transport transport;
    private String preamble;
    private CloseCode closeWhenDrained;
    private boolean draining;
    private boolean handedOver;

    public Outbox(WireCodec codec, int replayWindow) {
        this(codec, replayWindow, CLOSER);
    }

    /** As {@link #Outbox(WireCodec, int)}, with the executor that runs closes reached from a send's completion. */
    Outbox(WireCodec codec, int replayWindow, Executor closer) {
        this.codec = codec;
        this.replayWindow = replayWindow;
        this.closer = closer;
    }

    /**
     * Numbers, keeps and sends an event.
     *
     * @return false, and nothing is queued, if the session has been handed over to another node
     */
    public boolean enqueue(ServerEvent event) {
        return enqueue(seq -> codec.encode(event, seq));
    }

    /**
     * Numbers, keeps and sends an event already written without a seq ({@link WireCodec#encode(ServerEvent)}).
     *
     * @return false, and nothing is queued, if the session has been handed over to another node
     * @throws IllegalArgumentException if the text is not such an event
     */
    public boolean enqueueEncoded(String encodedEvent) {
        return enqueue(seq -> codec.encode(encodedEvent, seq));
    }

    private boolean enqueue(LongFunction<String> writer) {
        synchronized (this) {
            if (handedOver) {
                return false;
            }
            Frame frame = new Frame(nextSeq, writer.apply(nextSeq));
            nextSeq++;
            retained.addLast(frame);
            if (retained.size() > replayWindow) {
                retained.pollFirst();
            }
            pending.addLast(frame);
            if (pending.size() > replayWindow) {
                pending.pollFirst();
            }
        }
        drain();
        return true;
    }

    /**
     * Sends through {@code next} from now on: first {@code welcomeFrame}, then every kept event after {@code lastSeq},
     * then new ones.
     */
    public void attach(Transport next, String welcomeFrame, long lastSeq) {
        synchronized (this) {
            transport = next;
            preamble = welcomeFrame;
            closeWhenDrained = null;
            pending.clear();
            for (Frame frame : retained) {
                if (frame.seq > lastSeq) {
                    pending.addLast(frame);
                }
            }
        }
        drain();
    }

    /** Stops sending through {@code current} if it is still the transport; events keep being kept for a resume. */
    public synchronized void detach(Transport current) {
        if (transport == current) {
            transport = null;
            preamble = null;
            closeWhenDrained = null;
        }
    }

    /** Closes the transport with {@code code} once everything queued before has been sent. */
    public void closeAfterDrain(CloseCode code) {
        synchronized (this) {
            if (transport == null) {
                return;
            }
            closeWhenDrained = code;
        }
        drain();
    }

    /** The seq the next event gets. */
    public synchronized long nextSeq() {
        return nextSeq;
    }

    /**
     * An outbox that continues a session handed over from another node (R6.3): numbering goes on from {@code nextSeq},
     * and {@code retained} (oldest first) is kept for replay as if this outbox had sent it.
     */
    public static Outbox continuing(WireCodec codec, int replayWindow, long nextSeq,
            List<SessionHandoff.Retained> retained) {
        Outbox outbox = new Outbox(codec, replayWindow);
        synchronized (outbox) {
            outbox.nextSeq = nextSeq;
            for (SessionHandoff.Retained frame : retained) {
                if (frame.seq() < nextSeq) {
                    outbox.retained.addLast(new Frame(frame.seq(), frame.frame()));
                    if (outbox.retained.size() > replayWindow) {
                        outbox.retained.pollFirst();
                    }
                }
            }
        }
        return outbox;
    }

    /**
     * What another node needs to continue this session: the next seq and the kept events, oldest first. The outbox
     * takes no events after this.
     */
    public synchronized SessionHandoff.HandedOver handOver(SessionRef session) {
        handedOver = true;
        List<SessionHandoff.Retained> kept = new ArrayList<>(retained.size());
        for (Frame frame : retained) {
            kept.add(new SessionHandoff.Retained(frame.seq, frame.text));
        }
        return new SessionHandoff.HandedOver(session, nextSeq, kept);
    }

    private void drain() {
        drain(false);
    }

    /**
     * Sends what is queued, one frame at a time. {@code onCompletion}: called from a send's completion, which a
     * container may run on its I/O thread; a close is then handed to another thread, since a container's close can
     * wait for that very I/O thread to write the close frame.
     */
    private void drain(boolean onCompletion) {
        while (true) {
            Transport target;
            String text;
            CloseCode close = null;
            synchronized (this) {
                if (draining || transport == null) {
                    return;
                }
                target = transport;
                if (preamble != null) {
                    text = preamble;
                    preamble = null;
                } else if (!pending.isEmpty()) {
                    text = pending.pollFirst().text;
                } else if (closeWhenDrained != null) {
                    text = null;
                    close = closeWhenDrained;
                    closeWhenDrained = null;
                    transport = null;
                } else {
                    return;
                }
                draining = true;
            }
            if (close != null) {
                if (onCompletion) {
                    CloseCode code = close;
                    synchronized (this) {
                        draining = false;
                    }
                    closer.execute(() -> target.close(code));
                    continue; // a transport attached meanwhile (a resume) is drained by this loop
                }
                try {
                    target.close(close);
                } finally {
                    synchronized (this) {
                        draining = false;
                    }
                }
                continue;
            }
            // One frame in flight at a time: the next goes when this one is done. A send that completes before
            // sendAsync returns lets this loop go on; one still in flight then goes on draining from its callback.
            Sending sending = new Sending(target);
            try {
                target.sendAsync(text, sending);
            } catch (RuntimeException e) {
                sending.accept(e);
            }
            if (sending.leftToCallback()) {
                return;
            }
        }
    }

    /** A frame is done: the outbox may send the next; a broken socket is dropped (its closing is the caller's). */
    private void sent(Transport target, Throwable failure) {
        synchronized (this) {
            draining = false;
            if (failure != null && transport == target) {
                transport = null;
            }
        }
    }

    /** The completion of one {@link Transport#sendAsync}; acts on its first call only. */
    private final class Sending implements Consumer<Throwable> {
        private static final int IN_FLIGHT = 0;
        private static final int DONE = 1;
        private static final int LEFT_TO_CALLBACK = 2;

        private final Transport target;
        private final AtomicInteger state =
                new AtomicInteger(IN_FLIGHT);
        private final AtomicBoolean called =
                new AtomicBoolean();

        Sending(Transport target) {
            this.target = target;
        }

        @Override
        public void accept(Throwable failure) {
            if (!called.compareAndSet(false, true)) {
                return;
            }
            sent(target, failure);
            boolean onCompletion = state.getAndSet(DONE) == LEFT_TO_CALLBACK;
            if (failure != null) {
                // A broken socket: the container reports the close, and a resume replays what was lost. From a
                // completion the close goes to another thread, as in drain(true).
                if (onCompletion) {
                    closer.execute(() -> target.close(CloseCode.GOING_AWAY));
                } else {
                    target.close(CloseCode.GOING_AWAY);
                }
            }
            if (onCompletion) {
                drain(true);
            }
        }

        /** Whether the send is still in flight, so that its callback must go on draining. */
        boolean leftToCallback() {
            return state.compareAndSet(IN_FLIGHT, LEFT_TO_CALLBACK);
        }
    }

    private record Frame(long seq, String text) {
    }
}
