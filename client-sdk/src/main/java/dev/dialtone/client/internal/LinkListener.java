package dev.dialtone.client.internal;

/** What a {@link Dialer} reports about one connection attempt and the connection it opens. Thread-safe. */
public interface LinkListener {

    /** The WebSocket handshake succeeded; frames may follow. */
    void opened(Link link);

    /** A text frame arrived. */
    void received(String frame);

    /** The connection closed, with the close code and phrase (1006 and a description when there was no close frame). */
    void closed(int code, String reason);

    /** The attempt failed before the connection opened, or sending failed on it. */
    void failed(Throwable failure);
}
