package dev.dialtone.client.internal;

/**
 * One open WebSocket connection, as the {@link ClientCore} sees it: the port the core sends through. Implementations
 * send frames one at a time, in the order {@link #send} was called, and never call back into the core from within
 * {@link #send} or {@link #close}.
 */
public interface Link {

    /**
     * Queues one text frame. A failure to send is reported to the connection's {@link LinkListener#failed}, later.
     *
     * @param frame the frame
     */
    void send(String frame);

    /**
     * Closes the connection after the frames queued before; the listener hears no more of this link once the core has
     * abandoned it.
     *
     * @param code the WebSocket close code
     * @param reason the close reason phrase
     */
    void close(int code, String reason);
}
