package dev.dialtone.reference.internal;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import java.util.Set;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * A Tyrus server container with no network of its own: {@link GrizzlyWebServer} puts its WebSocket filter (Tyrus's
 * {@code WebSocketAddOn}) on a Grizzly listener bound where we choose. Tyrus's stock Grizzly container always binds
 * {@code 0.0.0.0}, whatever host it is given.
 */
final class EmbeddedServerContainer extends TyrusServerContainer {

    private final String contextPath;
    private final WebSocketEngine engine;

    EmbeddedServerContainer(String contextPath) {
        super((Set<Class<?>>) null);
        this.contextPath = contextPath;
        this.engine = TyrusWebSocketEngine.builder(this).build();
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig serverEndpointConfig) throws DeploymentException {
        engine.register(serverEndpointConfig, contextPath);
    }

    /** No Tyrus properties: defaults throughout (daemon threads, no virtual threads). */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of();
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }
}
