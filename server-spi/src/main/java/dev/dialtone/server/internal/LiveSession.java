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

    /** Expires the session now, whatever its state (shutdown). */
    synchronized void expireNow() {
        expired = true;
    }

    synchronized LiveConnection connection() {
        return connection;
    }
}
