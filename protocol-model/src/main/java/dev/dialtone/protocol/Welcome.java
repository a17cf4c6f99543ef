package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code welcome}: the first event on every connection (R1.6): who the server took the client to be and the facts it
 * needs to resume.
 *
 * @param userId the authenticated user, in the JSON type the token carried it
 * @param sessionId this connection's session id; on a successful resume, the resumed session's id
 * @param protocolVersion the protocol version the server speaks, {@value Protocol#VERSION}
 * @param ringTimeoutMs how long a call rings before {@code call_missed}, in milliseconds
 * @param resumeToken the secret to present to resume this session after a dropped connection
 * @param resumeGraceMs how long after a drop the session can be resumed, in milliseconds
 * @param resumed whether this connection resumed an earlier session (then missed events follow)
 */
public record Welcome(
        UserId userId,
        String sessionId,
        int protocolVersion,
        long ringTimeoutMs,
        String resumeToken,
        long resumeGraceMs,
        boolean resumed) implements ServerEvent {

    /** The wire name. */
    public static final String TYPE = "welcome";

    /** Checks required parts. */
    public Welcome {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(resumeToken, "resumeToken");
        if (protocolVersion < 1 || ringTimeoutMs <= 0 || resumeGraceMs < 0) {
            throw new IllegalArgumentException("protocolVersion >= 1, ringTimeoutMs > 0, resumeGraceMs >= 0");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
