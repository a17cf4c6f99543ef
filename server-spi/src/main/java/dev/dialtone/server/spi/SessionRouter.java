package dev.dialtone.server.spi;

import dev.dialtone.protocol.DecodeResult;
import dev.dialtone.protocol.ServerEvent;
import dev.dialtone.protocol.WireCodec;
import dev.dialtone.server.internal.LocalRouter;
import dev.dialtone.protocol.SessionRef;

/**
 * Carries events to sessions wherever they are connected. On one node it hands every event to the engine's
 * {@link LocalDelivery}; a clustered implementation forwards events for sessions on other nodes to those nodes and
 * hands them to their engines, keeping the order in which {@link #deliver} was called for each target session
 * (R3.9).
 *
 * <p>Thread-safe. {@link #deliver} must not block on the network for long.
 */
public interface SessionRouter {

    /** Called once, before any {@link #deliver}, with the engine's way to reach its own sessions. */
    void start(LocalDelivery local);

    /** Delivers {@code event} to {@code to}; events for sessions that are gone are dropped. */
    void deliver(SessionRef to, ServerEvent event);

    /** Routing for a single node, where every session is local. */
    static SessionRouter local() {
        return new LocalRouter();
    }

    /** Stops routing; called once when the engine shuts down. */
    default void stop() {
    }

    /** The engine's entry point for events to sessions it holds. */
    @FunctionalInterface
    interface LocalDelivery {

        /**
         * Queues {@code event} for {@code to} if this engine holds that session (connected or waiting for its resume).
         *
         * @return whether this engine holds the session
         */
        boolean deliver(SessionRef to, ServerEvent event);

        /**
         * The same as {@link #deliver(SessionRef, ServerEvent)} for an event already written by the standard codec
         * without a sequence number ({@link dev.dialtone.protocol.WireCodec#encode(ServerEvent)}), as a clustered
         * router receives it from another node: the engine numbers the text without reading the event again.
         *
         * @return whether this engine holds the session
         * @throws IllegalArgumentException if {@code encodedEvent} is not such an event
         */
        default boolean deliverEncoded(SessionRef to, String encodedEvent) {
            DecodeResult<ServerEvent> read = WireCodec.standard().decodeEvent(encodedEvent);
            if (!(read instanceof DecodeResult.Decoded<ServerEvent> decoded) || decoded.seq() != 0) {
                throw new IllegalArgumentException("not an event written without a seq");
            }
            return deliver(to, decoded.message());
        }
    }
}
