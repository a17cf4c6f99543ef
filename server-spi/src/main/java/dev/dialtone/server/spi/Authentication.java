package dev.dialtone.server.spi;

import java.util.Objects;

/** An {@link Authenticator}'s verdict on a credential. */
public sealed interface Authentication {

    /**
     * The credential is good.
     *
     * @param principal who it names
     */
    record Authenticated(Principal principal) implements Authentication {
        /** Checks required parts. */
        public Authenticated {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /**
     * The credential is refused; the connection is closed with 4001 (R1.2).
     *
     * @param reason why, for the server's log: never sent to the client, never containing the credential itself
     */
    record Refused(String reason) implements Authentication {
        /** Checks required parts. */
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
