package dev.dialtone.server;

import dev.dialtone.protocol.CloseCode;
import java.io.IOException;

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

    /** Sends a WebSocket ping; the adapter reports the pong through {@link Connection#pongReceived()}. */
    void sendPing() throws IOException;

    /**
     * Closes the connection with a Dialtone close code. Must not throw; closing a closed transport does nothing. The
     * adapter still reports the close through {@link Connection#closed()}.
     */
    void close(CloseCode code);
}
