package dev.dialtone.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.tyrus.client.ClientManager;

/**
 * A real WebSocket client (Tyrus) for the cluster tests: every text frame it receives, parsed, in a queue; waits are
 * on that queue with a timeout, never sleeps. Keeps the session id, resume token and highest seq it saw, to resume.
 */
final class TestClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final ObjectMapper JSON = new ObjectMapper();

    private static final ClientManager CLIENTS = ClientManager.createClient();
    private static final AtomicLong NONCES = new AtomicLong();

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final String name;
    private Session session;
    private volatile long lastSeq;
    private JsonNode welcome;

    private TestClient(String name) {
        this.name = name;
    }

    /** Connects to {@code uri} with {@code token} and takes the {@code welcome}. */
    static TestClient connect(String name, URI uri, String token) {
        return open(name, URI.create(uri + "?token=" + token), 0);
    }

    /** Connects with a resume token and the highest seq seen, and takes the {@code welcome}. */
    static TestClient resume(String name, URI uri, String token, String resumeToken, long lastSeq) {
        return open(name, URI.create(uri + "?token=" + token + "&resume_token=" + resumeToken + "&last_seq="
                + lastSeq), lastSeq);
    }

    private static TestClient open(String name, URI uri, long lastSeq) {
        TestClient client = new TestClient(name);
        client.lastSeq = lastSeq;
        try {
            client.session = CLIENTS.connectToServer(client.new Listener(), ClientEndpointConfig.Builder.create()
                    .build(), uri);
        } catch (DeploymentException | IOException e) {
            throw new AssertionError(name + " cannot connect to " + uri + ": " + e, e);
        }
        client.welcome = client.expect("welcome");
        return client;
    }

    JsonNode welcome() {
        return welcome;
    }

    String sessionId() {
        return welcome.path("session_id").asText();
    }

    String resumeToken() {
        return welcome.path("resume_token").asText();
    }

    long lastSeq() {
        return lastSeq;
    }

    /** The next frame, which must be of {@code type}. */
    JsonNode expect(String type) {
        JsonNode frame = next(TIMEOUT);
        if (frame == null) {
            fail(name + ": no '" + type + "' within " + TIMEOUT + (closed.isDone() ? "; closed " + closeText()
                    : ""));
        }
        assertEquals(type, frame.path("type").asText(null), () -> name + " expected '" + type + "', got " + frame);
        return frame;
    }

    /** The next frame, of {@code type}, with these fields. */
    JsonNode expect(String type, String fieldsJson) {
        JsonNode frame = expect(type);
        JsonNode expected = parse(fieldsJson);
        expected.fields().forEachRemaining(field -> {
            JsonNode actual = frame.get(field.getKey());
            assertNotNull(actual, () -> name + ": '" + field.getKey() + "' missing in " + frame);
            assertEquals(field.getValue(), actual, () -> name + ": '" + field.getKey() + "' of " + frame);
        });
        return frame;
    }

    /** The next frame within {@code wait}, or null. */
    JsonNode next(Duration wait) {
        try {
            JsonNode frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (frame != null && frame.has("seq")) {
                long seq = frame.get("seq").asLong();
                assertEquals(lastSeq + 1, seq, () -> name + ": seq gap or repeat at " + frame);
                lastSeq = seq;
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Whether no frame is waiting (after a {@link #sync()}, nothing else was sent to this client). */
    List<JsonNode> pending() {
        return new ArrayList<>(frames);
    }

    /** Sends {@code ping} and expects its {@code pong} next: nothing else was sent before it. */
    void sync() {
        String nonce = "sync-" + NONCES.incrementAndGet();
        send("ping", "nonce", nonce);
        expect("pong", "{\"nonce\":\"" + nonce + "\"}");
    }

    /** Sends an action built from alternating names and values. */
    void send(String action, Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("action", action);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            map.put((String) namesAndValues[i], value instanceof String text && text.startsWith("{")
                    ? parse(text) : value);
        }
        try {
            session.getBasicRemote().sendText(JSON.writeValueAsString(map));
        } catch (IOException e) {
            throw new AssertionError(name + " cannot send: " + e, e);
        }
    }

    CloseReason expectClose(int code) {
        try {
            CloseReason reason = closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(code, reason.getCloseCode().getCode(), () -> name + " closed " + closeText());
            return reason;
        } catch (TimeoutException e) {
            throw new AssertionError(name + " was not closed within " + TIMEOUT);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until the connection is gone, whatever the code (a node that crashed drops it). */
    void awaitClosed() {
        try {
            closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(name + " was not closed within " + TIMEOUT);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String closeText() {
        CloseReason reason = closed.getNow(null);
        return reason == null ? "(open)" : reason.getCloseCode().getCode() + " " + reason.getReasonPhrase();
    }

    /** Closes the connection (the session is then detached on the server and may be resumed). */
    @Override
    public void close() {
        try {
            if (session != null && session.isOpen()) {
                session.close();
            }
        } catch (IOException | IllegalStateException e) {
            // gone already
        }
        try {
            closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // best effort
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private final class Listener extends Endpoint {
        @Override
        public void onOpen(Session opened, EndpointConfig config) {
            opened.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                JsonNode frame;
                try {
                    frame = JSON.readTree(text);
                } catch (JsonProcessingException e) {
                    frame = new TextNode(text);
                }
                frames.add(frame instanceof ObjectNode ? frame : JSON.createObjectNode().set("not_an_object", frame));
            });
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            closed.complete(reason);
        }

        @Override
        public void onError(Session session, Throwable failure) {
            // the close follows
        }
    }
}
