package dev.dialtone.client;

import dev.dialtone.protocol.UserId;
import java.time.Duration;
import java.util.Objects;

/**
 * The facts of the server's {@code welcome} (R1.6): who the server took this client to be, and its timers.
 *
 * @param userId this client's user, as the token named it; never null
 * @param sessionId the server's id of this client's session; stays the same across a successful resume; never null
 * @param ringTimeout how long a call rings before it is missed (R6.1); never null
 * @param resumeGrace how long after a drop the session can still be resumed (R6.2); zero when the server does not
 *     keep sessions; never null
 * @param resumed whether this {@code welcome} resumed the previous session (R6.3): false for the first connection and
 *     for a reconnection that got a new session
 */
public record SessionInfo(UserId userId, String sessionId, Duration ringTimeout, Duration resumeGrace,
        boolean resumed) {

    /** Checks required parts. */
    public SessionInfo {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(ringTimeout, "ringTimeout");
        Objects.requireNonNull(resumeGrace, "resumeGrace");
    }
}
