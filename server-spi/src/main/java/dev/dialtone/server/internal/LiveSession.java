package dev.dialtone.server.internal;

import dev.dialtone.protocol.SessionRef;

/**
 * A session: outlives its connections while it may be resumed (R6.2). Each drop starts a new "detachment"; a grace
 * timer expires the session only if it fires for the latest detachment and no connection came back since.
 */
final class LiveSession {

    final SessionRef ref;
    final String resumeToken;
    final Outbox outbox;
    private LiveConnection connection;
    private long detachments;
    private boolean expired;

    LiveSession(SessionRef ref, String resumeToken, Outbox outbox) {
        this.ref = ref;
        this.resumeToken = resumeToken;
        this.outbox = outbox;
    }

    /**
     * Binds a new connection.
     *
     * @return the connection it replaces (null if none); {@code next} itself if the session has expired
     */
    synchronized LiveConnection bind(LiveConnection next) {
        if (expired) {
            return next;
        }
        LiveConnection previous = connection;
        connection = next;
        return previous;
    }

    /**
     * Unbinds {@code current} if it is still bound.
     *
     * @return the detachment number for the grace timer, or -1 if {@code current} was not bound
     */
    synchronized long unbind(LiveConnection current) {
        if (connection != current) {
            return -1;
        }
        connection = null;
        return ++detachments;
    }

    /** Expires the session if {@code detachment} is still the latest and nothing rebound it. */
    synchronized boolean expire(long detachment) {
        if (connection != null || expired || detachment != detachments) {
            return false;
        }
        expired = true;
        return true;
    }

    /**
     * Ends the session here because another node takes it over (R6.3): it expires, and its connection, if any, is
     * unbound, so that closing that connection does not detach the session.
     *
     * @return the session's last connection (its {@code bound} is null if none was bound); null if the session had
     *     expired already
     */
    synchronized HandedOver handOver() {
        if (expired) {
            return null;
        }
        expired = true;
        LiveConnection bound = connection;
        connection = null;
        return new HandedOver(bound);
    }

    /** The connection a handed-over session had, if any. */
    record HandedOver(LiveConnection bound) {
    }

    /** Expires the session now, whatever its state (shutdown). */
    synchronized void expireNow() {
        expired = true;
    }

    synchronized LiveConnection connection() {
        return connection;
    }
}
