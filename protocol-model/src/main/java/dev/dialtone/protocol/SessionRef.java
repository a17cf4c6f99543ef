package dev.dialtone.protocol;

import java.util.Objects;

/**
 * One connection of a user: a user may have several at once (phone and laptop), each with its own session id. The
 * session id is chosen by the server, announced in {@code welcome}, and kept across a resume.
 *
 * @param user the authenticated user; never null
 * @param sessionId the server-chosen session id; never null or empty
 */
public record SessionRef(UserId user, String sessionId) {

    /** Checks both parts. */
    public SessionRef {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(sessionId, "sessionId");
        if (sessionId.isEmpty()) {
            throw new IllegalArgumentException("a session id is not empty");
        }
    }

    @Override
    public String toString() {
        return user + "/" + sessionId;
    }
}
