package dev.dialtone.reference.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dialtone.client.Call;
import dev.dialtone.client.CallListener;
import dev.dialtone.client.CloseInfo;
import dev.dialtone.client.DialtoneClient;
import dev.dialtone.client.ReconnectPolicy;
import dev.dialtone.protocol.UserId;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * One side of the demo: a user's session with the server, either through an SDK {@link DialtoneClient} or as a raw
 * WebSocket connection. Every frame it sends and receives goes to the {@link Timeline}; the frames it receives also
 * wait in an inbox, where {@link #expect} takes them one at a time, in order, and checks them. Taking them strictly in
 * order also checks that nothing else arrived in between (no {@code error}, no stray event), and that {@code seq}
 * rises by exactly 1 (0.5).
 */
final class DemoParty implements AutoCloseable {

    private final String name;
    private final UserId user;
    private final String token;
    private final Timeline timeline;
    private final UnaryOperator<String> tamper;
    private final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    private final BlockingQueue<Call> incomingCalls = new LinkedBlockingQueue<>();
    private long lastSeq;
    private DialtoneClient client;
    private Session raw;

    /**
     * A party, not connected yet.
     *
     * @param name how the timeline names it
     * @param user the user its token names
     * @param token its token
     * @param timeline where its frames are printed
     * @param tamper what becomes of each frame it receives before anyone sees it: identity, except in tests
     */
    DemoParty(String name, UserId user, String token, Timeline timeline, UnaryOperator<String> tamper) {
        this.name = name;
        this.user = user;
        this.token = token;
        this.timeline = timeline;
        this.tamper = tamper;
    }

    String name() {
        return name;
    }

    UserId user() {
        return user;
    }

    /** The SDK client; only after {@link #connectClient}. */
    DialtoneClient client() {
        return client;
    }

    private RecordingContainer container() {
        return new RecordingContainer(ContainerProvider.getWebSocketContainer(), new RecordingContainer.Tap() {
            @Override
            public void sent(String frame) {
                timeline.sent(name, frame);
            }

            @Override
            public String received(String frame) {
                String delivered = tamper.apply(frame);
                timeline.received(name, delivered);
                inbox.add(delivered);
                return delivered;
            }
        });
    }

    /** Connects an SDK client and waits for {@link DialtoneClient#connect()} (it completes on the welcome). */
    void connectClient(URI uri, Duration timeout) {
        client = DialtoneClient.builder()
                .uri(uri)
                .token(token)
                .container(container())
                .listener(new CallListener() {
                    @Override
                    public void onIncomingCall(Call call) {
                        incomingCalls.add(call);
                    }

                    @Override
                    public void onClosed(CloseInfo info) {
                        if (!info.byClient()) {
                            inbox.add(closed(info.code()));
                        }
                    }
                })
                .keepalive(Duration.ZERO) // no keepalive pings in the timeline
                .reconnect(ReconnectPolicy.none()) // a drop is a failure here, not something to hide
                .build();
        await(client.connect(), "connect() (the SDK's view of the welcome)", timeout);
    }

    /** Opens a raw WebSocket connection, with the token in an {@code Authorization: Bearer} header (R1.1). */
    void connectRaw(URI uri) {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        headers.put("Authorization", List.of("Bearer " + token));
                    }
                })
                .build();
        Endpoint endpoint = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig endpointConfig) {
                // The container's tap puts every frame in the inbox; nothing more to do with it here.
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) frame -> { });
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                inbox.add(closed(reason.getCloseCode().getCode()));
            }
        };
        try {
            raw = container().connectToServer(endpoint, config, uri);
        } catch (DeploymentException | IOException e) {
            throw new DemoFailure(name + ": cannot connect to " + uri + ": " + e.getMessage());
        }
    }

    /** What the inbox holds when the connection closes under the demo: a pseudo-event that no expectation matches. */
    private static String closed(int code) {
        return "{\"type\":\"(the connection closed with " + code + ")\"}";
    }

    /** Sends a frame on the raw connection. */
    void send(String frame) {
        try {
            raw.getBasicRemote().sendText(frame);
        } catch (IOException e) {
            throw new DemoFailure(name + ": cannot send " + FrameText.of(frame) + ": " + e.getMessage());
        }
    }

    /**
     * Takes the next frame this party received, waiting at most {@code timeout}, and checks it.
     *
     * @return the frame
     * @throws DemoFailure when nothing arrives in time, or the frame is not what is expected
     */
    JsonNode expect(Expected expected, Duration timeout) {
        String frame;
        try {
            frame = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure(name + ": interrupted while waiting for " + expected.describe());
        }
        if (frame == null) {
            throw new DemoFailure(name + ": expected " + expected.describe() + " within " + timeout.toMillis()
                    + " ms; received nothing");
        }
        JsonNode node = FrameText.parse(frame);
        if (node == null) {
            throw new DemoFailure(name + ": expected " + expected.describe() + "; received a frame that is not "
                    + "one JSON object (0.3): " + FrameText.fit(frame, 80));
        }
        Optional<String> mismatch = expected.mismatch(node);
        if (mismatch.isPresent()) {
            throw new DemoFailure(name + ": " + mismatch.get());
        }
        checkSeq(node);
        return node;
    }

    /** 0.5: no {@code seq} in {@code welcome}; from 1, rising by exactly 1, in every other event. */
    private void checkSeq(JsonNode event) {
        String type = event.path("type").asText();
        JsonNode seq = event.get("seq");
        if (type.equals("welcome")) {
            if (seq != null) {
                throw new DemoFailure(name + ": welcome carries seq " + seq + "; it has none (R1.6)");
            }
            lastSeq = 0;
            return;
        }
        if (seq == null || !seq.isIntegralNumber() || seq.asLong() != lastSeq + 1) {
            throw new DemoFailure(name + ": " + type + " has seq " + (seq == null ? "(none)" : seq) + "; expected "
                    + (lastSeq + 1) + " (0.5: seq rises by exactly 1 per event)");
        }
        lastSeq = seq.asLong();
    }

    /** The next call the SDK reported with {@code onIncomingCall}. */
    Call incomingCall(Duration timeout) {
        try {
            Call call = incomingCalls.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (call == null) {
                throw new DemoFailure(name + ": the SDK reported no incoming call (onIncomingCall) within "
                        + timeout.toMillis() + " ms");
            }
            return call;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure(name + ": interrupted while waiting for an incoming call");
        }
    }

    /**
     * Waits for a future of this party's SDK.
     *
     * @param what the future, for messages
     * @throws DemoFailure when it fails or does not complete in time
     */
    <T> T await(CompletableFuture<T> future, String what, Duration timeout) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new DemoFailure(name + ": " + what + " failed: " + e.getCause());
        } catch (TimeoutException e) {
            throw new DemoFailure(name + ": " + what + " did not complete within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure(name + ": interrupted while waiting for " + what);
        }
    }

    /** Closes the client or the raw connection; quietly. */
    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (raw != null && raw.isOpen()) {
            try {
                raw.close();
            } catch (IOException e) {
                // closing at the end of the demo: nothing to do about it
            }
        }
    }
}
