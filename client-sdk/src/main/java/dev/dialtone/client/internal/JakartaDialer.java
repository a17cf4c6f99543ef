package dev.dialtone.client.internal;

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
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections through a Jakarta WebSocket client container: the one given, or the one
 * {@link ContainerProvider#getWebSocketContainer()} finds (Tyrus on Grizzly, when it is on the class path).
 *
 * <p>One daemon thread per client does the blocking work, in order: connection attempts (token supplier, opening
 * handshake), every send through {@link Session#getBasicRemote()} (so that sends never overlap, as the Jakarta API
 * requires, and keep their order), closes, and the client's timers. Frames are received on the container's threads.
 * The token goes in an {@code Authorization: Bearer} header (R1.1), so that it never appears in a URL.
 */
public final class JakartaDialer implements Dialer, Timers {

    private static final System.Logger LOG = System.getLogger("dev.dialtone.client");
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final ScheduledThreadPoolExecutor io;
    private WebSocketContainer container;
    private volatile Thread ioThread;

    /**
     * A dialer.
     *
     * @param container the container to connect with; null for {@link ContainerProvider#getWebSocketContainer()},
     *     looked up at the first connection
     */
    public JakartaDialer(WebSocketContainer container) {
        this.container = container;
        int number = CLIENTS.incrementAndGet();
        this.io = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "dialtone-client-io-" + number);
            thread.setDaemon(true);
            ioThread = thread;
            return thread;
        });
        io.setRemoveOnCancelPolicy(true);
        io.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public void dial(URI uri, Callable<String> token, LinkListener listener) {
        try {
            io.execute(() -> connect(uri, token, listener));
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "not connecting: the client is closed");
        }
    }

    private void connect(URI uri, Callable<String> token, LinkListener listener) {
        String credential;
        try {
            credential = token.call();
        } catch (Exception e) {
            listener.failed(e);
            return;
        }
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        headers.put("Authorization", List.of("Bearer " + credential));
                    }
                })
                .build();
        try {
            container().connectToServer(new ClientEndpoint(listener), config, uri);
        } catch (DeploymentException | IOException | RuntimeException e) {
            listener.failed(e);
        }
    }

    private WebSocketContainer container() {
        if (container == null) {
            container = ContainerProvider.getWebSocketContainer();
        }
        return container;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        try {
            ScheduledFuture<?> future = io.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            return () -> { };
        }
    }

    @Override
    public void shutdown(Duration timeout) {
        io.shutdown();
        if (timeout.isZero() || Thread.currentThread() == ioThread) {
            return;
        }
        try {
            if (!io.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.log(Level.DEBUG, "the client's I/O thread did not finish within {0} ms", timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The Jakarta endpoint of one connection: hands everything to the listener. */
    private final class ClientEndpoint extends Endpoint {
        private final LinkListener listener;

        ClientEndpoint(LinkListener listener) {
            this.listener = listener;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            if (session.getMaxTextMessageBufferSize() < ClientCore.MIN_EVENT_BYTES) {
                session.setMaxTextMessageBufferSize(ClientCore.MIN_EVENT_BYTES);
            }
            JakartaLink link = new JakartaLink(session, listener);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) listener::received);
            listener.opened(link);
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            listener.closed(reason.getCloseCode().getCode(), reason.getReasonPhrase());
        }

        @Override
        public void onError(Session session, Throwable failure) {
            LOG.log(Level.DEBUG, "websocket error: {0}", String.valueOf(failure));
            if (!session.isOpen()) {
                listener.failed(failure);
            }
        }
    }

    /** Sends and closes on the I/O thread, one at a time, in order. */
    private final class JakartaLink implements Link {
        private final Session session;
        private final LinkListener listener;

        JakartaLink(Session session, LinkListener listener) {
            this.session = session;
            this.listener = listener;
        }

        @Override
        public void send(String frame) {
            try {
                io.execute(() -> {
                    try {
                        session.getBasicRemote().sendText(frame);
                    } catch (IOException | RuntimeException e) {
                        listener.failed(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.log(Level.DEBUG, "not sending: the client is closed");
            }
        }

        @Override
        public void close(int code, String reason) {
            try {
                io.execute(() -> closeNow(code, reason));
            } catch (RejectedExecutionException e) {
                closeNow(code, reason);
            }
        }

        private void closeNow(int code, String reason) {
            try {
                if (session.isOpen()) {
                    session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "closing the websocket failed: {0}", String.valueOf(e));
            }
        }
    }
}
