package dev.dialtone.conformance.teeth;

import dev.dialtone.protocol.CloseCode;
import dev.dialtone.protocol.Protocol;
import dev.dialtone.server.ConnectRequest;
import dev.dialtone.server.Connection;
import dev.dialtone.server.SignalingEngine;
import dev.dialtone.server.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.glassfish.tyrus.server.Server;

/**
 * The reference engine behind a Jakarta endpoint of the kit's own (the same adapter as {@code DialtoneEndpoint}),
 * on a Tyrus server at a free loopback port: the place to inject a fault into the transport, between the socket and
 * the engine, through the engine's public {@link SignalingEngine#connect}, {@link Connection} and {@link Transport}.
 */
final class FaultyServer implements AutoCloseable {

    /** The fault, per connection: what the engine sends through, and what the socket reports to. */
    interface Wrapper {
        /** The transport the engine is given for a socket. */
        default Transport outgoing(Transport socket) {
            return socket;
        }

        /** What the socket reports its frames to, given the engine's connection. */
        default Connection incoming(Connection engine, Transport socket) {
            return engine;
        }
    }

    private static final Object DEPLOYING = new Object();
    private static ServerEndpointConfig deploying;

    private final Server server;
    private final SignalingEngine engine;
    private final int port;

    private FaultyServer(Server server, SignalingEngine engine, int port) {
        this.server = server;
        this.engine = engine;
        this.port = port;
    }

    static FaultyServer start(SignalingEngine engine, java.util.function.Supplier<Wrapper> wrapper) throws Exception {
        synchronized (DEPLOYING) {
            deploying = ServerEndpointConfig.Builder.create(WrappingEndpoint.class, Protocol.PATH)
                    .configurator(new Capture(engine, wrapper)).build();
            int port;
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Server server = new Server("127.0.0.1", port, "/", Map.of(), Application.class);
            server.start();
            deploying = null;
            return new FaultyServer(server, engine, port);
        }
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + port + Protocol.PATH);
    }

    @Override
    public void close() {
        engine.shutdown();
        server.stop();
    }

    /** Deploys the one endpoint being built. */
    public static final class Application implements ServerApplicationConfig {
        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> endpoints) {
            return Set.of(deploying);
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            return Set.of();
        }
    }

    private static final class Capture extends ServerEndpointConfig.Configurator {
        private final SignalingEngine engine;
        private final java.util.function.Supplier<Wrapper> wrapper;

        Capture(SignalingEngine engine, java.util.function.Supplier<Wrapper> wrapper) {
            this.engine = engine;
            this.wrapper = wrapper;
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request,
                HandshakeResponse response) {
            Map<String, List<String>> headers = new HashMap<>();
            request.getHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            config.getUserProperties().put("headers", headers);
        }

        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return true;
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(new WrappingEndpoint(engine, wrapper.get()));
        }
    }

    /** The same adapter as DialtoneEndpoint, with the wrapper between the socket and the engine. */
    public static final class WrappingEndpoint extends Endpoint {
        private final SignalingEngine engine;
        private final Wrapper wrapper;
        private volatile Connection connection;

        public WrappingEndpoint(SignalingEngine engine, Wrapper wrapper) {
            this.engine = engine;
            this.wrapper = wrapper;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void onOpen(Session session, EndpointConfig config) {
            session.setMaxTextMessageBufferSize(engine.maxFrameBytes());
            Map<String, List<String>> headers = (Map<String, List<String>>) config.getUserProperties()
                    .getOrDefault("headers", Map.of());
            Map<String, List<String>> query = session.getRequestParameterMap();
            String token = first(query, "token");
            String authorization = first(headers, "authorization");
            if (token == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = authorization.substring(7).trim();
            }
            Transport transport = new SessionTransport(session);
            Connection opened = engine.connect(new ConnectRequest(token, first(headers, "origin"),
                    first(headers, "host"), first(query, "resume_token"), first(query, "last_seq"),
                    first(query, "v")), wrapper.outgoing(transport));
            Connection wrapped = wrapper.incoming(opened, transport);
            connection = wrapped;
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) wrapped::receive);
            session.addMessageHandler(ByteBuffer.class,
                    (MessageHandler.Whole<ByteBuffer>) bytes -> wrapped.receiveBinary());
            session.addMessageHandler(PongMessage.class,
                    (MessageHandler.Whole<PongMessage>) pong -> wrapped.pongReceived());
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            Connection opened = connection;
            if (opened != null) {
                opened.closed();
            }
        }

        private static String first(Map<String, List<String>> values, String name) {
            List<String> list = values.get(name);
            return list == null || list.isEmpty() ? null : list.get(0);
        }
    }

    /** The engine's view of the socket. */
    static final class SessionTransport implements Transport {
        private final Session session;

        SessionTransport(Session session) {
            this.session = session;
        }

        @Override
        public void send(String frame) throws IOException {
            session.getBasicRemote().sendText(frame);
        }

        @Override
        public void sendPing() throws IOException {
            session.getBasicRemote().sendPing(ByteBuffer.allocate(0));
        }

        @Override
        public void close(CloseCode code) {
            closeWith(code.code(), code.reason());
        }

        void closeWith(int code, String reason) {
            try {
                if (session.isOpen()) {
                    session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
                }
            } catch (IOException | RuntimeException e) {
                // gone already
            }
        }
    }
}
