package dev.dialtone.server.spi;

import dev.dialtone.protocol.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * Who a connection belongs to, as the {@link Authenticator} established it.
 *
 * @param userId the user, in the JSON type the credential carried it (R1.4)
 * @param displayName the name shown to callees as {@code caller_username}; never null (the id's text when the
 *     credential names nobody)
 * @param expiresAt when the credential expires and the connection must be closed (R1.8); null if it never does
 */
public record Principal(UserId userId, String displayName, Instant expiresAt) {

    /** Checks required parts. */
    public Principal {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(displayName, "displayName");
    }

    /** A principal whose display name is its id and that never expires. */
    public static Principal of(UserId userId) {
        return new Principal(userId, userId.value(), null);
    }
}
