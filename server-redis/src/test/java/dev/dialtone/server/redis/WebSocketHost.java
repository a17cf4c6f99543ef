package dev.dialtone.server.redis;

import dev.dialtone.protocol.Protocol;
import dev.dialtone.server.DialtoneEndpoint;
import dev.dialtone.server.SignalingEngine;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/** An engine's {@link DialtoneEndpoint} on a Grizzly listener at 127.0.0.1 and a free port: one node's front door. */
final class WebSocketHost {

    private final HttpServer http;
    private final NetworkListener listener;
    private final Container container;

    WebSocketHost(SignalingEngine engine) {
        container = new Container();
        try {
            container.addEndpoint(DialtoneEndpoint.config(engine));
        } catch (DeploymentException e) {
            throw new IllegalStateException(e);
        }
        http = new HttpServer();
        listener = new NetworkListener("dialtone", "127.0.0.1", 0);
        listener.getTransport().setIOStrategy(WorkerThreadIOStrategy.getInstance());
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.registerAddOn(new WebSocketAddOn(container, "/"));
        http.addListener(listener);
        try {
            container.start("/", 0);
            container.doneDeployment();
            http.start();
        } catch (IOException e) {
            container.stop();
            throw new UncheckedIOException(e);
        } catch (DeploymentException e) {
            throw new IllegalStateException(e);
        }
    }

    URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + listener.getPort() + Protocol.PATH);
    }

    /** Stops listening and drops every connection at once. */
    void stop() {
        try {
            http.shutdownNow();
        } finally {
            container.stop();
        }
    }

    /** A Tyrus server container without a network of its own: Grizzly's listener carries it. */
    private static final class Container extends TyrusServerContainer {
        private final WebSocketEngine engine;

        Container() {
            super((Set<Class<?>>) null);
            this.engine = TyrusWebSocketEngine.builder(this).build();
        }

        @Override
        public void register(Class<?> endpointClass) throws DeploymentException {
            engine.register(endpointClass, "/");
        }

        @Override
        public void register(ServerEndpointConfig serverEndpointConfig) throws DeploymentException {
            engine.register(serverEndpointConfig, "/");
        }

        @Override
        public Map<String, Object> getProperties() {
            return Map.of();
        }

        @Override
        public WebSocketEngine getWebSocketEngine() {
            return engine;
        }
    }
}
