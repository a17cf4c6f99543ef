package dev.dialtone.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
 * A real WebSocket client (Tyrus on Grizzly) for the integration tests: collects every text frame it receives, parsed
 * as JSON, into a queue; {@link #expect} takes the next one with a timeout, {@link #expectClose} waits for the close.
 * Never sleeps: every wait is on an event, bounded by {@link #TIMEOUT}.
 */
final class TestClient implements AutoCloseable {

    /** How long any expected event may take. Generous: the waits end as soon as the event arrives. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    static final ObjectMapper JSON = new ObjectMapper();

    private static final ClientManager CLIENTS = ClientManager.createClient();
    private static final AtomicLong NONCES = new AtomicLong();

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Session session;

    private TestClient() {
    }

    /** Connects to {@code uri} as Tyrus does by default (with an {@code Origin} of the server itself). */
    static TestClient connect(URI uri) {
        return connect(uri, Map.of());
    }

    /**
     * Connects with extra handshake headers; a header mapped to the empty string is removed instead (for example
     * {@code Origin}, which the Tyrus client sends by default).
     */
    static TestClient connect(URI uri, Map<String, String> headers) {
        TestClient client = new TestClient();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> request) {
                        headers.forEach((name, value) -> {
                            request.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
                            if (!value.isEmpty()) {
                                request.put(name, List.of(value));
                            }
                        });
                    }
                })
                .build();
        try {
            client.session = CLIENTS.connectToServer(client.new Listener(), config, uri);
        } catch (DeploymentException | IOException e) {
            throw new AssertionError("cannot connect to " + uri + ": " + e, e);
        }
        return client;
    }

    /** Connects with a token in the query and expects {@code welcome} first (R1.6); returns the client. */
    static TestClient welcomed(URI webSocketUri, String token) {
        TestClient client = connect(URI.create(webSocketUri + "?token=" + token));
        client.expect("welcome");
        return client;
    }

    /**
     * Takes the next frame and checks its {@code type}.
     *
     * @return the frame
     */
    JsonNode expect(String type) {
        JsonNode frame = next();
        assertEquals(type, frame.path("type").asText(null), () -> "expected a '" + type + "' event, got " + frame);
        return frame;
    }

    /** Takes the next frame, checks its type and that it has every field of {@code expectedJson} with equal value. */
    JsonNode expect(String type, String expectedJson) {
        JsonNode frame = expect(type);
        assertHasFields(frame, expectedJson);
        return frame;
    }

    /** The next frame, waiting up to {@link #TIMEOUT}. */
    JsonNode next() {
        try {
            JsonNode frame = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                fail("no frame within " + TIMEOUT + (closed.isDone() ? "; the connection closed: " + closeText()
                        : ""));
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Waits for the server to close the connection and checks the close code.
     *
     * @return the close reason
     */
    CloseReason expectClose(int code) {
        CloseReason reason = awaitClose();
        assertEquals(code, reason.getCloseCode().getCode(), () -> "close " + closeText());
        return reason;
    }

    /** Waits for the close and checks that no frame at all arrived before it (R1.2: closed before any event). */
    void expectClosedBeforeAnyEvent(int code) {
        expectClose(code);
        assertTrue(frames.isEmpty(), () -> "frames arrived before the close: " + frames);
    }

    private CloseReason awaitClose() {
        try {
            return closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the connection was not closed within " + TIMEOUT + "; frames: " + frames);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private String closeText() {
        CloseReason reason = closed.getNow(null);
        return reason == null ? "(open)" : reason.getCloseCode().getCode() + " " + reason.getReasonPhrase();
    }

    /** Whether the connection has closed. */
    boolean isClosed() {
        return closed.isDone();
    }

    /** Sends one text frame. */
    void send(String text) {
        try {
            session.getBasicRemote().sendText(text);
        } catch (IOException e) {
            throw new AssertionError("cannot send: " + e, e);
        }
    }

    /** Sends one text frame; false if the connection is already gone. */
    boolean trySend(String text) {
        if (!session.isOpen() || closed.isDone()) {
            return false;
        }
        try {
            session.getBasicRemote().sendText(text);
            return true;
        } catch (IOException | RuntimeException e) {
            // closed meanwhile: Tyrus reports that in several ways
            return false;
        }
    }

    /**
     * Sends {@code count} pings as fast as the socket takes them, then waits for the last one's pong.
     *
     * @return false if the connection closed instead; frames stay queued either way
     */
    boolean pingBurst(int count) {
        String last = null;
        for (int i = 0; i < count; i++) {
            last = "burst-" + NONCES.incrementAndGet();
            if (!trySend("{\"action\":\"ping\",\"nonce\":\"" + last + "\"}")) {
                return false;
            }
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<JsonNode> seen = new ArrayList<>();
        try {
            while (System.nanoTime() < deadline) {
                if (closed.isDone()) {
                    return false;
                }
                JsonNode frame = frames.poll(10, TimeUnit.MILLISECONDS);
                if (frame != null && "pong".equals(frame.path("type").asText())
                        && last.equals(frame.path("nonce").asText())) {
                    return true;
                }
                if (frame != null && !"pong".equals(frame.path("type").asText())) {
                    seen.add(frame);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no pong for " + last + " within " + TIMEOUT + "; other frames: " + seen);
    }

    /**
     * A barrier: sends {@code ping} and expects its {@code pong} as the very next frame, so that nothing else was
     * sent to this client before it.
     */
    void sync() {
        String nonce = "sync-" + NONCES.incrementAndGet();
        send("{\"action\":\"ping\",\"nonce\":\"" + nonce + "\"}");
        expect("pong", "{\"nonce\":\"" + nonce + "\"}");
    }

    /** Frames received and not yet taken. */
    List<JsonNode> pending() {
        return new ArrayList<>(frames);
    }

    @Override
    public void close() {
        try {
            if (session != null && session.isOpen()) {
                session.close();
            }
        } catch (IOException | IllegalStateException e) {
            // already gone
        }
    }

    /** Checks that {@code actual} has every field of {@code expectedJson}, with equal values; extra fields allowed. */
    static void assertHasFields(JsonNode actual, String expectedJson) {
        JsonNode expected = parse(expectedJson);
        for (Map.Entry<String, JsonNode> field : expected.properties()) {
            JsonNode value = actual.get(field.getKey());
            assertNotNull(value, () -> "field '" + field.getKey() + "' is missing in " + actual);
            assertEquals(field.getValue(), value, () -> "field '" + field.getKey() + "' of " + actual);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** A JSON object from alternating names and values, for building frames. */
    static String object(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
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
                if (frame == null) {
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
            errors.add(failure);
        }
    }
}
