package dev.dialtone.reference;

import dev.dialtone.protocol.Protocol;
import dev.dialtone.reference.internal.GrizzlyWebServer;
import dev.dialtone.server.DialtoneEndpoint;
import dev.dialtone.server.SignalingEngine;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A runnable Dialtone server: a {@link SignalingEngine} behind its {@link DialtoneEndpoint} at {@value Protocol#PATH},
 * on an embedded Tyrus (Grizzly) container bound to one address, plus the files of the classpath folder {@code /web}
 * at {@code /}.
 *
 * <pre>{@code
 * try (DialtoneServer server = DialtoneServer.builder()
 *         .engine(SignalingEngine.builder().authenticator(JwtAuthenticator.builder()
 *                 .hmacSecret(secret, JwtAuthenticator.Algorithm.HS256).build()))
 *         .port(0)
 *         .build()
 *         .start()) {
 *     URI uri = server.webSocketUri(); // ws://127.0.0.1:<port>/ws/call/
 * }
 * }</pre>
 *
 * <p>{@link #close()} shuts the engine down first, so that every live call ends with {@code call_ended} reason
 * {@code server_shutdown} and every connection is closed with 1001 (R6.6, R8.14), and then stops the container. The
 * server owns its engine: closing the server shuts the engine down, also one passed in ready-made.
 *
 * <p>Thread-safe.
 */
public final class DialtoneServer implements AutoCloseable {

    /** The address bound unless another is given: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The port bound unless another is given. */
    public static final int DEFAULT_PORT = 8080;

    private static final System.Logger LOG = System.getLogger("dev.dialtone.reference");
    private static final long STOP_GRACE_MILLIS = 2000;

    private final SignalingEngine engine;
    private final String host;
    private final GrizzlyWebServer web;
    private final List<AutoCloseable> closing;
    private State state = State.NEW;

    private enum State { NEW, RUNNING, CLOSED }

    private DialtoneServer(SignalingEngine engine, String host, int port, List<AutoCloseable> closing) {
        this.engine = engine;
        this.host = host;
        this.closing = closing;
        this.web = new GrizzlyWebServer(host, port, DialtoneEndpoint.config(engine));
    }

    /** A builder; an engine (or an engine builder) is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the address and starts serving.
     *
     * @return this server
     * @throws IOException if the address cannot be bound (the port is in use, the host is not a local address, ...);
     *     the server is closed then
     * @throws IllegalStateException if the server was started or closed before
     */
    public synchronized DialtoneServer start() throws IOException {
        if (state != State.NEW) {
            throw new IllegalStateException("the server is " + state.name().toLowerCase(java.util.Locale.ROOT)
                    + "; a server starts once");
        }
        try {
            web.start();
        } catch (IOException | RuntimeException e) {
            state = State.CLOSED;
            engine.shutdown();
            closeTheRest();
            throw e;
        }
        state = State.RUNNING;
        LOG.log(Level.INFO, "Dialtone server listening on {0} (WebSocket {1})", httpUri(), webSocketUri());
        return this;
    }

    /** Whether the server has started and is not closed. */
    public synchronized boolean isRunning() {
        return state == State.RUNNING;
    }

    /**
     * The port the server listens on: the one the system chose when built with port 0.
     *
     * @throws IllegalStateException if the server is not running
     */
    public synchronized int port() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("the server is not running");
        }
        return web.port();
    }

    /** The address the server is bound to, as given to the builder. */
    public String host() {
        return host;
    }

    /**
     * Where clients connect: {@code ws://host:port/ws/call/}; add {@code ?token=<JWT>}. For a server bound to every
     * address ({@code 0.0.0.0} or {@code ::}) the host is {@code localhost}.
     *
     * @throws IllegalStateException if the server is not running
     */
    public URI webSocketUri() {
        return URI.create("ws://" + authority() + Protocol.PATH);
    }

    /**
     * The server's page: {@code http://host:port/}.
     *
     * @throws IllegalStateException if the server is not running
     */
    public URI httpUri() {
        return URI.create("http://" + authority() + "/");
    }

    /** The engine the server runs. */
    public SignalingEngine engine() {
        return engine;
    }

    private String authority() {
        String shown = host;
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            shown = "localhost";
        } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            shown = "[" + host + "]";
        }
        return shown + ":" + port();
    }

    /**
     * Shuts the engine down (live calls end with {@code server_shutdown}, connections close with 1001), then stops
     * listening. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasRunning = state == State.RUNNING;
        state = State.CLOSED;
        engine.shutdown();
        if (wasRunning) {
            awaitClientsGone();
            web.stop();
            LOG.log(Level.INFO, "Dialtone server on {0} stopped", host);
        }
        closeTheRest();
    }

    /** Closes what {@link Builder#closing} gave, in that order, after the engine; a failure is logged. */
    private void closeTheRest() {
        for (AutoCloseable resource : closing) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing " + resource + " failed", e);
            }
        }
    }

    /**
     * Gives clients a moment to answer the engine's close frames, so that they see {@code call_ended} and 1001 before
     * the container drops the sockets.
     */
    private void awaitClientsGone() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MILLIS);
        while (engine.openConnections() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /** Configures a {@link DialtoneServer}; {@link #build()} names whatever is missing. Not thread-safe. */
    public static final class Builder {
        private SignalingEngine engine;
        private SignalingEngine.Builder engineBuilder;
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private final List<AutoCloseable> closing = new ArrayList<>();
        private final List<ExtraFile> files = new ArrayList<>();

        private record ExtraFile(String path, String contentType, byte[] content) {
        }

        private Builder() {
        }

        /** The engine to run (replaces an engine builder given before). */
        public Builder engine(SignalingEngine engine) {
            this.engine = engine;
            this.engineBuilder = null;
            return this;
        }

        /** An engine builder, built by {@link #build()} (replaces an engine given before). */
        public Builder engine(SignalingEngine.Builder engineBuilder) {
            this.engineBuilder = engineBuilder;
            this.engine = null;
            return this;
        }

        /** The address to bind; default {@value DialtoneServer#DEFAULT_HOST}. {@code 0.0.0.0} binds every one. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port; default {@value DialtoneServer#DEFAULT_PORT}; 0 for any free port (see {@link #port()}). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Something the server closes after the engine has shut down (so after the records of live calls are saved),
         * such as the engine's record store; several are closed in the order given.
         */
        public Builder closing(AutoCloseable resource) {
            closing.add(java.util.Objects.requireNonNull(resource, "resource"));
            return this;
        }

        /**
         * Bytes the server serves at a path besides the page's files, never cached: {@code dialtone serve} publishes
         * its dev tokens at {@code /dev-tokens.json} this way when it made up its own secret.
         *
         * @param path the request path, starting with {@code /}
         * @param contentType the Content-Type, such as {@code application/json}
         * @param content the bytes (copied)
         */
        public Builder file(String path, String contentType, byte[] content) {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("a file's path starts with /: " + path);
            }
            files.add(new ExtraFile(path, java.util.Objects.requireNonNull(contentType, "contentType"),
                    java.util.Objects.requireNonNull(content, "content").clone()));
            return this;
        }

        /**
         * The server, not started yet.
         *
         * @throws IllegalStateException naming everything missing or out of range (and what the engine builder
         *     reports)
         */
        public DialtoneServer build() {
            List<String> problems = new ArrayList<>();
            if (engine == null && engineBuilder == null) {
                problems.add("engine is missing (engine(SignalingEngine) or engine(SignalingEngine.Builder))");
            }
            if (host == null || host.isBlank()) {
                problems.add("host is missing (for example 127.0.0.1)");
            }
            if (port < 0 || port > 65535) {
                problems.add("port is " + port + "; 0 to 65535 (0 for any free port)");
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("cannot build the server: " + String.join("; ", problems));
            }
            SignalingEngine built = engine != null ? engine : engineBuilder.build();
            DialtoneServer server = new DialtoneServer(built, host.trim(), port, List.copyOf(closing));
            for (ExtraFile file : files) {
                server.web.addFile(file.path(), file.contentType(), file.content());
            }
            return server;
        }
    }
}
