package dev.dialtone.server.spi;

import dev.dialtone.protocol.SessionRef;
import dev.dialtone.server.internal.NoSessionHandoff;
import dev.dialtone.protocol.UserId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Moves sessions between the nodes of a cluster, so that a client can resume (R6.3) on another node than the one
 * its connection dropped from, and tells a node when sessions held by another node are gone for good because that
 * node died. A session (its {@code seq} counter and the events kept for replay, R6.10) lives in the engine of the
 * node that holds it; {@link #takeOver} asks the holder to hand it over.
 *
 * <p>On a single node there is nothing to move: {@link #none()} takes nothing over, and the engine behaves as if this
 * interface did not exist.
 *
 * <p>Thread-safe. {@link #takeOver} may block for a bounded time (a round trip to the holding node); the engine calls
 * it while a connection opens, never inside a call's exclusive section.
 */
public interface SessionHandoff {

    /** Called once, before anything else, with the engine's side. */
    void start(Holder holder);

    /**
     * This engine now holds {@code session}, a new one or one it took over; a clustered implementation records
     * where it lives, so that events and resumes find it.
     */
    void held(SessionRef session, String resumeToken);

    /** This engine no longer holds {@code session}: it expired or the engine shut down. Not called after a hand-over. */
    void released(SessionRef session, String resumeToken);

    /**
     * Takes over the session of {@code resumeToken} from the node that holds it: that node closes the session's
     * connection if one is open (4009), forgets the session and hands over its {@code seq} counter and kept events.
     *
     * @param user the authenticated user of the resuming connection: the session must be one of this user's
     * @param resumeToken the token the client presented, which this engine does not hold
     * @return the session, now this engine's to hold; empty when no node holds a session of this user with this
     *     token (unknown, expired, another user's, or its node is gone)
     */
    Optional<HandedOver> takeOver(UserId user, String resumeToken);

    /** Stops; called once when the engine shuts down. */
    default void stop() {
    }

    /** Sessions stay where they were opened: a single node. */
    static SessionHandoff none() {
        return NoSessionHandoff.INSTANCE;
    }

    /** The engine's side. */
    interface Holder {

        /**
         * Hands over a session this engine holds to another node, which has checked the client's resume token:
         * closes the session's connection, if open, with 4009 without detaching it, forgets the session, and returns
         * what the new holder needs to continue it.
         *
         * @return empty when this engine holds no such live session (it expired meanwhile)
         */
        Optional<HandedOver> handOver(SessionRef session);

        /**
         * {@code session} was held by a node that died: it can never resume, so its call (if it is one of its
         * parties) goes on as if the session had dropped and its resume grace had run out now (R6.4). Does nothing
         * for a session this engine holds itself.
         */
        void lost(SessionRef session);
    }

    /**
     * A session on its way from one node to another.
     *
     * @param session the session, with its id unchanged (R6.3)
     * @param nextSeq the {@code seq} its next event gets
     * @param retained the events kept for replay, oldest first, each as the frame sent (with its {@code seq})
     */
    record HandedOver(SessionRef session, long nextSeq, List<Retained> retained) {
        /** Checks required parts and copies the list. */
        public HandedOver {
            Objects.requireNonNull(session, "session");
            retained = List.copyOf(retained);
            if (nextSeq < 1) {
                throw new IllegalArgumentException("nextSeq is positive");
            }
        }
    }

    /**
     * One event kept for replay.
     *
     * @param seq its sequence number
     * @param frame the frame as sent, {@code seq} included
     */
    record Retained(long seq, String frame) {
        /** Checks required parts. */
        public Retained {
            Objects.requireNonNull(frame, "frame");
        }
    }
}
