package dev.dialtone.conformance.internal.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One raw WebSocket connection to the server under test: sends text exactly as given, and records every frame it
 * receives (parsed when it is a JSON object) in arrival order, with the close that ends it. Waiting is always on an
 * event with a deadline ({@link #next}, {@link #awaitClose}); nothing here sleeps to synchronize.
 *
 * <p>Sends are paced to at most {@link #PACE_PER_SECOND} per second (the protocol's flood limit is 100, R8.16) unless
 * a case sends {@linkplain #sendUnpaced unpaced} on purpose.
 */
public final class RawConnection implements AutoCloseable {

    /** The most frames the kit sends per second on one connection in normal operation: half the default flood limit. */
    public static final int PACE_PER_SECOND = 50;

    /** A client must accept event messages of at least 1 MiB (R8.15); the kit accepts 8 MiB. */
    private static final int MAX_MESSAGE = 8 * 1024 * 1024;

    private static final WebSocketContainer CONTAINER = container();
    private static final AtomicInteger CONNECT_THREADS = new AtomicInteger();
    private static final ExecutorService CONNECTS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "dialtone-kit-connect-" + CONNECT_THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /**
     * A frame the server sent, or the close that ended the connection.
     *
     * @param atMillis when it arrived, on the wire log's clock
     * @param text the text frame; null for a close or a binary frame
     * @param json the frame as a JSON object; null when it is not one
     * @param close the close, for the end marker; else null
     * @param binaryBytes the size of a binary frame; else -1
     */
    public record Frame(double atMillis, String text, ObjectNode json, CloseReason close, int binaryBytes) {
        /** Whether this is the close marker. */
        public boolean isClose() {
            return close != null;
        }

        /** The frame's type, or null. */
        public String type() {
            return json == null || !json.path("type").isTextual() ? null : json.get("type").asText();
        }

        /** A short description for messages. */
        public String describe() {
            if (close != null) {
                return "the connection closed with " + close.getCloseCode().getCode()
                        + (close.getReasonPhrase() == null || close.getReasonPhrase().isEmpty() ? ""
                                : " \"" + close.getReasonPhrase() + "\"");
            }
            if (binaryBytes >= 0) {
                return "a binary frame of " + binaryBytes + " bytes";
            }
            return Json.shorten(text, 400);
        }
    }

    private final String label;
    private final WireLog log;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final ArrayDeque<Long> sendTimes = new ArrayDeque<>();
    private final List<Frame> received = new ArrayList<>();
    private volatile Session session;
    /** The handshake attempt whose session this is; a late session of an abandoned attempt is ignored. */
    private volatile int attempts;

    private RawConnection(String label, WireLog log) {
        this.label = label;
        this.log = log;
    }

    /**
     * Opens a connection and waits for the handshake.
     *
     * @param label the session label for the wire log
     * @param spec where and how
     * @param log the wire log to write to
     * @param timeout how long the handshake may take; a first attempt is given half of it, and when it does not
     *     complete, a second attempt the whole of it
     * @throws ConnectFailed if the handshake fails or takes too long
     */
    public static RawConnection open(String label, ConnectSpec spec, WireLog log, Duration timeout)
            throws ConnectFailed {
        RawConnection connection = new RawConnection(label, log);
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> request) {
                        spec.headers().forEach((name, value) -> {
                            request.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
                            if (value != null) {
                                request.put(name, List.of(value));
                            }
                        });
                    }
                })
                .build();
        log.add(label, WireLog.Kind.CONNECT, spec.describe());
        // Tyrus's client now and then waits for a handshake answer that the server did send (a raw socket opened at
        // that moment is answered at once): a first attempt that stalls for half the time is given up and made again,
        // on a new connection. A server that does not answer fails both.
        long half = Math.max(1, timeout.toMillis() / 2);
        Session opened = attempt(connection, spec, config, half);
        if (opened == null) {
            log.add(label, WireLog.Kind.NOTE, "no handshake answer within " + half + " ms; the kit connects again");
            opened = attempt(connection, spec, config, timeout.toMillis());
        }
        if (opened == null) {
            String why = "no WebSocket handshake within " + timeout.toMillis() + " ms";
            log.add(label, WireLog.Kind.CONNECT_FAILED, why);
            throw new ConnectFailed(why);
        }
        connection.session = opened;
        log.add(label, WireLog.Kind.OPEN, "handshake complete");
        return connection;
    }

    /** One handshake; null when it did not complete within {@code millis} (a late session is closed). */
    private static Session attempt(RawConnection connection, ConnectSpec spec, ClientEndpointConfig config,
            long millis) throws ConnectFailed {
        Listener listener = connection.new Listener(++connection.attempts);
        CompletableFuture<Session> handshake = CompletableFuture.supplyAsync(() -> {
            try {
                return CONTAINER.connectToServer(listener, config, spec.uri());
            } catch (DeploymentException | IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, CONNECTS);
        try {
            return handshake.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            handshake.whenComplete((late, failure) -> {
                if (late != null) {
                    closeQuietly(late);
                }
            });
            return null;
        } catch (ExecutionException e) {
            String why = describeFailure(e.getCause());
            connection.log.add(connection.label, WireLog.Kind.CONNECT_FAILED, why);
            throw new ConnectFailed(why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectFailed("interrupted while connecting");
        }
    }

    /** The session label. */
    public String label() {
        return label;
    }

    /** Sends one text frame, paced (see the class comment). */
    public void send(String text) {
        pace(PACE_PER_SECOND);
        sendUnpaced(text);
    }

    /** Sends one text frame, paced to at most {@code perSecond} frames in any second on this connection. */
    public void send(String text, int perSecond) {
        pace(perSecond);
        sendUnpaced(text);
    }

    /** Sends one text frame at once. Failures to send (the server closed) are logged, not thrown. */
    public void sendUnpaced(String text) {
        synchronized (sendTimes) {
            sendTimes.addLast(System.nanoTime());
        }
        log.add(label, WireLog.Kind.SENT, text);
        Session current = session;
        try {
            current.getBasicRemote().sendText(text);
        } catch (IOException | RuntimeException e) {
            log.add(label, WireLog.Kind.NOTE, "sending failed: " + describeFailure(e));
        }
    }

    /** Sends one binary frame. */
    public void sendBinary(byte[] bytes) {
        pace(PACE_PER_SECOND);
        log.add(label, WireLog.Kind.SENT_BINARY, bytes.length + " bytes");
        try {
            session.getBasicRemote().sendBinary(ByteBuffer.wrap(bytes));
        } catch (IOException | RuntimeException e) {
            log.add(label, WireLog.Kind.NOTE, "sending failed: " + describeFailure(e));
        }
    }

    /** Waits, if needed, so that this connection sends at most {@code perSecond} frames in any second. */
    private void pace(int perSecond) {
        while (true) {
            long waitNanos;
            synchronized (sendTimes) {
                long now = System.nanoTime();
                while (!sendTimes.isEmpty() && now - sendTimes.peekFirst() >= 1_000_000_000L) {
                    sendTimes.pollFirst();
                }
                if (sendTimes.size() < perSecond) {
                    return;
                }
                waitNanos = 1_000_000_000L - (now - sendTimes.toArray(new Long[0])[sendTimes.size() - perSecond]);
            }
            // Pacing, not synchronization: stay under the server's documented flood limit (R8.16).
            LockSupport.parkNanos(waitNanos);
        }
    }

    /**
     * The next frame, or null if none arrived within {@code timeout}. After the close, returns the close marker
     * (once; then null at once).
     */
    public Frame next(Duration timeout) {
        try {
            Frame frame = frames.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            if (frame != null && frame.isClose()) {
                return frame;
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The frames received and not yet taken, without waiting. */
    public List<Frame> pending() {
        return new ArrayList<>(frames);
    }

    /** Every frame received so far (taken or not), in order. */
    public List<Frame> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits for the close; null if the connection is still open after {@code timeout}. */
    public CloseReason awaitClose(Duration timeout) {
        try {
            return closed.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The close, if the connection has closed. */
    public CloseReason closeReason() {
        return closed.getNow(null);
    }

    /** Whether the connection is closed. */
    public boolean isClosed() {
        return closed.isDone();
    }

    /** Closes the connection from the client side (a normal close, 1000); does nothing if closed already. */
    @Override
    public void close() {
        Session current = session;
        if (current != null && current.isOpen() && !closed.isDone()) {
            log.add(label, WireLog.Kind.CLIENT_CLOSE, "1000");
            closeQuietly(current);
        }
    }

    private static void closeQuietly(Session session) {
        try {
            session.close();
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }

    private void arrived(Frame frame) {
        synchronized (received) {
            received.add(frame);
        }
        frames.add(frame);
    }

    /** A readable one-line description of a connect or send failure, without a stack trace. */
    public static String describeFailure(Throwable failure) {
        StringBuilder text = new StringBuilder();
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                continue;
            }
            String message = cause.getMessage();
            String part = cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
            if (message != null && seen.stream().anyMatch(known -> known.contains(message))) {
                continue;
            }
            seen.add(part);
        }
        text.append(String.join(" <- ", seen));
        return text.toString();
    }

    private static WebSocketContainer container() {
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(MAX_MESSAGE);
        container.setDefaultMaxBinaryMessageBufferSize(MAX_MESSAGE);
        // Tyrus, the default container: one shared transport for every connection instead of threads per
        // connection, and a bounded handshake. Set reflectively: the kit compiles against the standard API only.
        try {
            Object properties = container.getClass().getMethod("getProperties").invoke(container);
            if (properties instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> writable = (Map<String, Object>) map;
                writable.put("org.glassfish.tyrus.client.sharedContainer", Boolean.TRUE);
                writable.put("org.glassfish.tyrus.client.sharedContainerIdleTimeout", 5);
                writable.put("org.glassfish.tyrus.client.ClientManager.ContainerTimeout", 15_000);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another container: its defaults apply
        }
        return container;
    }

    /** The handshake failed or timed out. */
    public static final class ConnectFailed extends Exception {
        /** With a readable reason. */
        public ConnectFailed(String message) {
            super(message);
        }
    }

    private final class Listener extends Endpoint {
        private final int attempt;

        Listener(int attempt) {
            this.attempt = attempt;
        }

        /** Whether this listener's attempt is the connection's (not one given up). */
        private boolean current() {
            return attempt == attempts;
        }

        @Override
        public void onOpen(Session opened, EndpointConfig config) {
            opened.setMaxTextMessageBufferSize(MAX_MESSAGE);
            opened.setMaxBinaryMessageBufferSize(MAX_MESSAGE);
            opened.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                if (!current()) {
                    return;
                }
                log.add(label, WireLog.Kind.RECEIVED, text);
                arrived(new Frame(log.nowMillis(), text, Json.objectOrNull(text), null, -1));
            });
            opened.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) bytes -> {
                if (!current()) {
                    return;
                }
                int size = bytes.remaining();
                log.add(label, WireLog.Kind.RECEIVED_BINARY, size + " bytes");
                arrived(new Frame(log.nowMillis(), null, null, null, size));
            });
        }

        @Override
        public void onClose(Session closedSession, CloseReason reason) {
            if (!current()) {
                return;
            }
            log.add(label, WireLog.Kind.CLOSED, reason.getCloseCode().getCode() + (reason.getReasonPhrase() == null
                    || reason.getReasonPhrase().isEmpty() ? "" : " " + reason.getReasonPhrase()),
                    reason.getCloseCode().getCode());
            if (closed.complete(reason)) {
                arrived(new Frame(log.nowMillis(), null, null, reason, -1));
            }
        }

        @Override
        public void onError(Session errored, Throwable failure) {
            if (!current()) {
                return;
            }
            log.add(label, WireLog.Kind.NOTE, "websocket error: " + describeFailure(failure));
        }
    }
}
