package dev.dialtone.server;

import dev.dialtone.protocol.CloseCode;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * One client connection as the engine sees it: what a container adapter (such as {@link DialtoneEndpoint}) implements
 * for the {@link SignalingEngine}. The engine never sends on one transport from two threads at once, and sends frames
 * in the order they must arrive.
 */
public interface Transport {

    /**
     * Sends one text frame.
     *
     * @throws IOException if the connection is broken; the engine then closes it
     */
    void send(String frame) throws IOException;

    /**
     * Sends one text frame without waiting for the network: {@code done} is called exactly once, with null when the
     * frame has been handed to the network, or with the failure; on any thread, possibly before this method returns.
     * The engine has at most one frame in flight per transport: it sends the next only after {@code done}. A broken
     * connection is reported through {@code done} (or by throwing), after which the engine closes it.
     *
     * <p>The default sends with {@link #send} on the calling thread; an adapter overrides it with its container's
     * asynchronous send, so that no engine thread waits for a slow client.
     */
    default void sendAsync(String frame, Consumer<Throwable> done) {
        try {
            send(frame);
        } catch (IOException | RuntimeException e) {
            done.accept(e);
            return;
        }
        done.accept(null);
    }

    /** Sends a WebSocket ping; the adapter reports the pong through {@link Connection#pongReceived()}. */
    void sendPing() throws IOException;

    /**
     * Closes the connection with a Dialtone close code. Must not throw; closing a closed transport does nothing. The
     * adapter still reports the close through {@link Connection#closed()}.
     */
    void close(CloseCode code);
}
