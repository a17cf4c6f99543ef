package dev.dialtone.client.internal;

import dev.dialtone.client.CallListener;
import dev.dialtone.client.ReconnectPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What a client was built with.
 *
 * @param uri the server's WebSocket URI, for example {@code ws://host:8080/ws/call/}
 * @param tokens the tokens to present
 * @param listener the application's listener
 * @param answerGlare whether to answer the pending incoming call on glare (R5.4)
 * @param reconnect when to reconnect after a drop
 * @param keepalive how often to send {@code ping} while connected; zero for never
 */
public record ClientSettings(URI uri, TokenSource tokens, CallListener listener, boolean answerGlare,
        ReconnectPolicy reconnect, Duration keepalive) {

    /** Checks required parts. */
    public ClientSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(reconnect, "reconnect");
        Objects.requireNonNull(keepalive, "keepalive");
    }
}
