package dev.dialtone.server;

import dev.dialtone.protocol.CloseCode;
import dev.dialtone.protocol.Protocol;
import dev.dialtone.server.internal.RefusedConnection;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The Jakarta WebSocket endpoint of a Dialtone server: deploy {@link #config(SignalingEngine)} in any Jakarta
 * WebSocket 2.x container (for example through {@code ServerContainer.addEndpoint}) and it serves {@code /ws/call/}.
 * It is a thin adapter: everything is decided by the {@link SignalingEngine}.
 *
 * <p>The credential is read from the {@code token} query parameter, else from an {@code Authorization: Bearer}
 * header (R1.1). Failures close the socket after the upgrade, with Dialtone's close codes (4001, 4003, 4006), so that
 * browsers, which cannot read the status of a failed upgrade, learn why.
 */
public final class DialtoneEndpoint extends Endpoint {

    private static final System.Logger LOG = System.getLogger("dev.dialtone.server");
    private static final String HEADERS = "dev.dialtone.handshake.headers";

    private final SignalingEngine engine;
    private volatile Connection connection;

    private DialtoneEndpoint(SignalingEngine engine) {
        this.engine = engine;
    }

    /** The endpoint configuration at {@value Protocol#PATH}. */
    public static ServerEndpointConfig config(SignalingEngine engine) {
        return config(engine, Protocol.PATH);
    }

    /** The endpoint configuration at another path, for servers that mount Dialtone elsewhere. */
    public static ServerEndpointConfig config(SignalingEngine engine, String path) {
        Objects.requireNonNull(engine, "engine");
        return ServerEndpointConfig.Builder.create(DialtoneEndpoint.class, path)
                .configurator(new HandshakeCapture(engine))
                .build();
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxTextMessageBufferSize(engine.maxFrameBytes());
        // No container idle timer: the engine pings and closes silent connections itself (R8.17), and a container's
        // timer is re-armed on every message (Tyrus schedules a task per frame).
        session.setMaxIdleTimeout(0);
        @SuppressWarnings("unchecked")
        Map<String, List<String>> headers = (Map<String, List<String>>) session.getUserProperties().get(HEADERS);
        if (headers == null) {
            headers = Map.of();
        }
        Map<String, List<String>> query = session.getRequestParameterMap();
        String token = first(query, "token");
        if (token == null) {
            token = bearer(first(headers, "authorization"));
        }
        ConnectRequest request = new ConnectRequest(token, first(headers, "origin"), first(headers, "host"),
                first(query, "resume_token"), first(query, "last_seq"), first(query, "v"));
        // Handlers first, then connect: a container may deliver frames as soon as handlers exist, and the engine
        // sends welcome from connect; frames that arrive in between wait for the connection on the holder.
        ConnectionHolder holder = new ConnectionHolder();
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> holder.get().receive(text));
        session.addMessageHandler(ByteBuffer.class,
                (MessageHandler.Whole<ByteBuffer>) bytes -> holder.get().receiveBinary());
        session.addMessageHandler(PongMessage.class,
                (MessageHandler.Whole<PongMessage>) pong -> holder.get().pongReceived());
        SessionTransport transport = new SessionTransport(session);
        Connection opened;
        try {
            opened = engine.connect(request, transport);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "websocket " + session.getId() + ": the engine failed to open the connection", e);
            opened = RefusedConnection.INSTANCE;
            transport.close(CloseCode.GOING_AWAY);
        }
        connection = opened;
        holder.set(opened);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        Connection opened = connection;
        if (opened != null) {
            opened.closed();
        }
    }

    @Override
    public void onError(Session session, Throwable failure) {
        // Mostly clients' doing (oversize frames, broken sockets): a line at debug level, no stack trace.
        LOG.log(Level.DEBUG, "websocket {0}: {1}", session.getId(), String.valueOf(failure));
    }

    private static String first(Map<String, List<String>> values, String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String trimmed = authorization.trim();
        return trimmed.regionMatches(true, 0, "Bearer ", 0, 7) ? trimmed.substring(7).trim() : null;
    }

    /** Keeps the handshake headers (lower-cased names) for {@link #onOpen} and makes one endpoint per socket. */
    private static final class HandshakeCapture extends ServerEndpointConfig.Configurator {
        private final SignalingEngine engine;

        HandshakeCapture(SignalingEngine engine) {
            this.engine = engine;
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request,
                HandshakeResponse response) {
            Map<String, List<String>> headers = new java.util.HashMap<>();
            request.getHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            config.getUserProperties().put(HEADERS, Map.copyOf(headers));
        }

        @Override
        public boolean checkOrigin(String originHeaderValue) {
            // The engine checks the Origin after the upgrade, so that the client gets close code 4003 (R1.3).
            return true;
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(new DialtoneEndpoint(engine));
        }
    }

    /** The connection once {@link SignalingEngine#connect} has returned it; readers wait until then. */
    private static final class ConnectionHolder {
        private Connection connection;

        synchronized void set(Connection opened) {
            connection = opened;
            notifyAll();
        }

        synchronized Connection get() {
            boolean interrupted = false;
            while (connection == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return connection;
        }
    }

    /** The engine's view of a Jakarta session. */
    private static final class SessionTransport implements Transport {
        private final Session session;

        SessionTransport(Session session) {
            this.session = session;
        }

        @Override
        public void send(String frame) throws IOException {
            session.getBasicRemote().sendText(frame);
        }

        /** The container's asynchronous send: no engine thread waits for a slow client. */
        @Override
        public void sendAsync(String frame, Consumer<Throwable> done) {
            session.getAsyncRemote().sendText(frame, result -> done.accept(result.isOK() ? null
                    : result.getException() != null ? result.getException() : new IOException("the send failed")));
        }

        @Override
        public void sendPing() throws IOException {
            session.getBasicRemote().sendPing(ByteBuffer.allocate(0));
        }

        @Override
        public void close(CloseCode code) {
            try {
                if (session.isOpen()) {
                    session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), code.reason()));
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "websocket {0}: close failed: {1}", session.getId(), String.valueOf(e));
            }
        }
    }
}
