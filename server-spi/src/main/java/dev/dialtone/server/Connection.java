package dev.dialtone.server;

/**
 * The engine's side of one connection, returned by {@link SignalingEngine#connect}: the container adapter reports
 * what happens on the socket here. Methods may be called from any thread; the adapter calls {@link #receive} for one
 * connection from one thread at a time, in the order the frames arrived (as Jakarta WebSocket containers do).
 */
public interface Connection {

    /** A text frame arrived. Never throws for bad input: the client gets an {@code error} event or a close code. */
    void receive(String frame);

    /** A binary frame arrived: not part of the protocol, so the client gets {@code bad_json} (R8.2). */
    void receiveBinary();

    /** A pong arrived (any kind of liveness proof counts). */
    void pongReceived();

    /** The connection is closed, by either side. The last call for this connection; later calls do nothing. */
    void closed();
}
