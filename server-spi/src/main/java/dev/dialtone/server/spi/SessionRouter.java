package dev.dialtone.server.spi;

import dev.dialtone.protocol.ServerEvent;
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
    }
}
