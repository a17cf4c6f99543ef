package dev.dialtone.client;

/**
 * Where a {@link DialtoneClient}'s connection stands, as reported to
 * {@link CallListener#onConnectionStateChanged(ConnectionState)}.
 *
 * <p>The states follow each other in this order: {@link #CONNECTING} once, then {@link #CONNECTED}, then any number of
 * {@link #RECONNECTING} / {@link #CONNECTED} rounds, and {@link #CLOSED} exactly once at the end. A client that could
 * not connect at all goes from {@link #CONNECTING} straight to {@link #CLOSED}; one closed before
 * {@link DialtoneClient#connect()} reports {@link #CLOSED} alone.
 */
public enum ConnectionState {
    /** {@link DialtoneClient#connect()} was called and the first {@code welcome} has not arrived yet. */
    CONNECTING,
    /** A connection is open and the server has sent its {@code welcome} (R1.6): actions are sent at once. */
    CONNECTED,
    /**
     * The connection dropped unexpectedly and the client is reconnecting with backoff to resume its session (R6.3,
     * R6.8). Live calls go on: actions taken now are checked as usual and sent once the session is resumed.
     */
    RECONNECTING,
    /** For good: closed by {@link DialtoneClient#close()}, by a final close code, or because reconnecting gave up. */
    CLOSED
}
