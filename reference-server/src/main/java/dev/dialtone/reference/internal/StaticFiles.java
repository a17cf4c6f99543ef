package dev.dialtone.reference.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Serves the files of a classpath folder. An HTTP request that asks to upgrade to anything but WebSocket (such as
 * {@code Upgrade: h2c}, which Java's {@code HttpClient} sends) gets a plain HTTP/1.1 answer, with its Content-Type:
 * Grizzly would otherwise leave the header out while the request is marked as an upgrade.
 */
final class StaticFiles extends CLStaticHttpHandler {

    /** A file made at run time (the dev tokens), served before the classpath folder's. */
    private record Generated(String contentType, byte[] body) {
    }

    private final Map<String, Generated> generated = new ConcurrentHashMap<>();

    StaticFiles(ClassLoader loader, String folder) {
        super(loader, folder);
    }

    /** Serves {@code body} at {@code path} (such as {@code /dev-tokens.json}), never cached. */
    void add(String path, String contentType, byte[] body) {
        generated.put(path, new Generated(contentType, body.clone()));
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        if (request.getRequest().isUpgrade()) {
            request.getRequest().setIgnoreContentModifiers(false);
        }
        Generated file = generated.get(request.getRequestURI());
        if (file != null && (request.getMethod() == Method.GET || request.getMethod() == Method.HEAD)) {
            response.setContentType(file.contentType());
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(file.body().length);
            if (request.getMethod() == Method.GET) {
                response.getOutputStream().write(file.body());
            }
            return;
        }
        super.service(request, response);
    }
}
