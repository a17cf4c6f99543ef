package dev.dialtone.reference.internal;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Set;

/**
 * A Jakarta WebSocket client container that shows a {@link Tap} every text frame its connections send and receive,
 * exactly as they go over the wire, in front of another container that does the work. Given to
 * {@code DialtoneClient.Builder.container}, it lets the demo print and check what the SDK really sends and gets.
 *
 * <p>What is tapped: whole text messages received through a handler added with
 * {@link Session#addMessageHandler(Class, MessageHandler.Whole)} for {@code String} (what the SDK uses), and whole text
 * messages sent with {@link RemoteEndpoint.Basic#sendText(String)} or {@link RemoteEndpoint.Async#sendText}. Everything
 * else passes through untouched.
 */
final class RecordingContainer implements WebSocketContainer {

    /** Hears the frames of every connection the container opens. */
    interface Tap {
        /** A frame is about to be sent. */
        void sent(String frame);

        /**
         * A frame arrived.
         *
         * @return the frame to hand to the endpoint (the same one, unless a test tampers with it)
         */
        String received(String frame);
    }

    private final WebSocketContainer delegate;
    private final Tap tap;

    RecordingContainer(WebSocketContainer delegate, Tap tap) {
        this.delegate = delegate;
        this.tap = tap;
    }

    @Override
    public Session connectToServer(Endpoint endpoint, ClientEndpointConfig config, URI path)
            throws DeploymentException, IOException {
        Endpoint tapped = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig endpointConfig) {
                endpoint.onOpen(tapped(session), endpointConfig);
            }

            @Override
            public void onClose(Session session, CloseReason closeReason) {
                endpoint.onClose(tapped(session), closeReason);
            }

            @Override
            public void onError(Session session, Throwable failure) {
                endpoint.onError(tapped(session), failure);
            }
        };
        return tapped(delegate.connectToServer(tapped, config, path));
    }

    private Session tapped(Session session) {
        return proxy(Session.class, session, (method, args) -> {
            if (method.getName().equals("addMessageHandler") && args.length == 2 && args[0] == String.class
                    && args[1] instanceof MessageHandler.Whole<?> handler) {
                @SuppressWarnings("unchecked")
                MessageHandler.Whole<String> text = (MessageHandler.Whole<String>) handler;
                session.addMessageHandler(String.class,
                        (MessageHandler.Whole<String>) frame -> text.onMessage(tap.received(frame)));
                return Handled.VOID;
            }
            if (method.getName().equals("getBasicRemote")) {
                return tapped(session.getBasicRemote());
            }
            if (method.getName().equals("getAsyncRemote")) {
                return tapped(session.getAsyncRemote());
            }
            return Handled.NOT;
        });
    }

    private RemoteEndpoint.Basic tapped(RemoteEndpoint.Basic remote) {
        return proxy(RemoteEndpoint.Basic.class, remote, (method, args) -> {
            if (method.getName().equals("sendText") && args.length == 1) {
                tap.sent((String) args[0]);
            }
            return Handled.NOT;
        });
    }

    private RemoteEndpoint.Async tapped(RemoteEndpoint.Async remote) {
        return proxy(RemoteEndpoint.Async.class, remote, (method, args) -> {
            if (method.getName().equals("sendText")) {
                tap.sent((String) args[0]);
            }
            return Handled.NOT;
        });
    }

    /** What an interceptor did with a call: {@link #NOT} lets it through to the real object. */
    private enum Handled { NOT, VOID }

    @FunctionalInterface
    private interface Interceptor {
        /** Returns the result, {@link Handled#VOID} for a void method handled here, or {@link Handled#NOT}. */
        Object intercept(Method method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T target, Interceptor interceptor) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object[] arguments = args == null ? new Object[0] : args;
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == arguments[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "tapped " + target;
                };
            }
            Object result = interceptor.intercept(method, arguments);
            if (result == Handled.VOID) {
                return null;
            }
            if (result != Handled.NOT) {
                return result;
            }
            try {
                return method.invoke(target, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(RecordingContainer.class.getClassLoader(), new Class<?>[] {type},
                handler));
    }

    @Override
    public Session connectToServer(Object annotatedEndpointInstance, URI path) throws DeploymentException {
        throw new DeploymentException("the demo's container takes programmatic endpoints only");
    }

    @Override
    public Session connectToServer(Class<?> annotatedEndpointClass, URI path) throws DeploymentException {
        throw new DeploymentException("the demo's container takes programmatic endpoints only");
    }

    @Override
    public Session connectToServer(Class<? extends Endpoint> endpointClass, ClientEndpointConfig config, URI path)
            throws DeploymentException {
        throw new DeploymentException("the demo's container takes endpoint instances only");
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
