package dev.dialtone.bench.load;

import dev.dialtone.server.DialtoneEndpoint;
import dev.dialtone.server.SignalingEngine;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The same {@link DialtoneEndpoint} and engine on Jetty 12 (Jakarta WebSocket, EE 11) instead of Tyrus on Grizzly:
 * the container comparison of issue 7. Jetty's jars come from {@code target/jetty-lib}, first on the class path.
 */
final class JettyContainer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    JettyContainer(SignalingEngine engine, String host, int port) throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        server.setHandler(context);
        JakartaWebSocketServletContainerInitializer.configure(context,
                (servletContext, container) -> container.addEndpoint(DialtoneEndpoint.config(engine)));
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
