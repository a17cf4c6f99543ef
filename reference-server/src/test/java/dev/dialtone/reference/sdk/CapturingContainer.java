package dev.dialtone.reference.sdk;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The default container, keeping every session it opens, so that a test can force a client's socket closed under it
 * (the SDK is given this container through {@code DialtoneClient.Builder.container}), and every URI it connected to.
 */
final class CapturingContainer implements WebSocketContainer {

    private final WebSocketContainer delegate = ContainerProvider.getWebSocketContainer();
    final List<Session> sessions = new CopyOnWriteArrayList<>();
    final List<URI> uris = new CopyOnWriteArrayList<>();

    /** The session opened last. */
    Session last() {
        return sessions.get(sessions.size() - 1);
    }

    @Override
    public Session connectToServer(Endpoint endpoint, ClientEndpointConfig config, URI path)
            throws DeploymentException, IOException {
        uris.add(path);
        // Kept as the connection opens, before the SDK hears of it: connectToServer may return after the welcome.
        Endpoint capturing = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig endpointConfig) {
                sessions.add(session);
                endpoint.onOpen(session, endpointConfig);
            }

            @Override
            public void onClose(Session session, CloseReason closeReason) {
                endpoint.onClose(session, closeReason);
            }

            @Override
            public void onError(Session session, Throwable failure) {
                endpoint.onError(session, failure);
            }
        };
        return delegate.connectToServer(capturing, config, path);
    }

    @Override
    public Session connectToServer(Object annotatedEndpointInstance, URI path) throws DeploymentException,
            IOException {
        throw new UnsupportedOperationException("the SDK uses programmatic endpoints");
    }

    @Override
    public Session connectToServer(Class<?> annotatedEndpointClass, URI path) throws DeploymentException,
            IOException {
        throw new UnsupportedOperationException("the SDK uses programmatic endpoints");
    }

    @Override
    public Session connectToServer(Class<? extends Endpoint> endpointClass, ClientEndpointConfig config, URI path)
            throws DeploymentException, IOException {
        throw new UnsupportedOperationException("the SDK passes endpoint instances");
    }

    @Override
    public long getDefaultAsyncSendTimeout() {
        return delegate.getDefaultAsyncSendTimeout();
    }

    @Override
    public void setAsyncSendTimeout(long timeoutMillis) {
        delegate.setAsyncSendTimeout(timeoutMillis);
    }

    @Override
    public long getDefaultMaxSessionIdleTimeout() {
        return delegate.getDefaultMaxSessionIdleTimeout();
    }

    @Override
    public void setDefaultMaxSessionIdleTimeout(long timeout) {
        delegate.setDefaultMaxSessionIdleTimeout(timeout);
    }

    @Override
    public int getDefaultMaxBinaryMessageBufferSize() {
        return delegate.getDefaultMaxBinaryMessageBufferSize();
    }

    @Override
    public void setDefaultMaxBinaryMessageBufferSize(int max) {
        delegate.setDefaultMaxBinaryMessageBufferSize(max);
    }

    @Override
    public int getDefaultMaxTextMessageBufferSize() {
        return delegate.getDefaultMaxTextMessageBufferSize();
    }

    @Override
    public void setDefaultMaxTextMessageBufferSize(int max) {
        delegate.setDefaultMaxTextMessageBufferSize(max);
    }

    @Override
    public Set<Extension> getInstalledExtensions() {
        return delegate.getInstalledExtensions();
    }
}
