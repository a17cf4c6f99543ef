package dev.dialtone.reference.internal;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Objects;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;

/**
 * A Grizzly HTTP server on one listener bound to a chosen address, with Tyrus's WebSocket filter in front of the HTTP
 * handlers and the files of the classpath folder {@value #STATIC_ROOT} served at {@code /}.
 *
 * <p>Not thread-safe: {@code DialtoneServer} starts and stops it under its own lock.
 */
public final class GrizzlyWebServer {

    /** The classpath folder served at {@code /}. */
    public static final String STATIC_ROOT = "/web/";

    private static final String LISTENER = "dialtone";
    private static final String CONTEXT_PATH = "/";

    private final HttpServer http;
    private final NetworkListener listener;
    private final EmbeddedServerContainer container;
    private final StaticFiles files;
    private boolean started;

    /**
     * Prepares a server; nothing is bound until {@link #start}.
     *
     * @param host the address to bind, such as {@code 127.0.0.1}
     * @param port the port; 0 for any free one
     * @param endpoint the WebSocket endpoint to deploy
     */
    public GrizzlyWebServer(String host, int port, ServerEndpointConfig endpoint) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(endpoint, "endpoint");
        container = new EmbeddedServerContainer(CONTEXT_PATH);
        try {
            container.addEndpoint(endpoint);
        } catch (DeploymentException e) {
            throw new IllegalArgumentException("the endpoint cannot be deployed: " + e.getMessage(), e);
        }
        http = new HttpServer();
        listener = new NetworkListener(LISTENER, host, port);
        // WebSocket frames are handled on worker threads, as Tyrus's own Grizzly container does, so that a slow
        // endpoint never holds a selector thread.
        listener.getTransport().setIOStrategy(WorkerThreadIOStrategy.getInstance());
        // HTTP keep-alive idle timeout off: upgraded connections live as long as the engine keeps them (R8.17).
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.registerAddOn(new WebSocketAddOn(container, CONTEXT_PATH));
        http.addListener(listener);
        http.getServerConfiguration().setName("dialtone");
        http.getServerConfiguration().setHttpServerName("dialtone");
        files = new StaticFiles(GrizzlyWebServer.class.getClassLoader(), STATIC_ROOT);
        http.getServerConfiguration().addHttpHandler(files, "/");
    }

    /**
     * Serves bytes made at run time at a path, before the files of {@value #STATIC_ROOT}; never cached.
     *
     * @param path the request path, such as {@code /dev-tokens.json}
     * @param contentType the Content-Type, such as {@code application/json}
     * @param body the content (copied)
     */
    public void addFile(String path, String contentType, byte[] body) {
        files.add(Objects.requireNonNull(path, "path"), Objects.requireNonNull(contentType, "contentType"),
                Objects.requireNonNull(body, "body"));
    }

    /**
     * Deploys the endpoint and binds the listener.
     *
     * @throws IOException if the address cannot be bound (in use, not local, ...)
     */
    public void start() throws IOException {
        try {
            container.start(CONTEXT_PATH, listener.getPort());
        } catch (DeploymentException e) {
            throw new IllegalStateException("the endpoint cannot be deployed: " + e.getMessage(), e);
        }
        container.doneDeployment();
        try {
            http.start();
        } catch (IOException | RuntimeException e) {
            container.stop();
            throw e;
        }
        started = true;
    }

    /** The port the listener is bound to (the chosen one when started with port 0). */
    public int port() {
        return listener.getPort();
    }

    /** Stops listening and drops every connection still open. */
    public void stop() {
        if (!started) {
            return;
        }
        started = false;
        try {
            http.shutdownNow();
        } finally {
            container.stop();
        }
    }
}
