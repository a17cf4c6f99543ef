package dev.dialtone.server.spi;

import dev.dialtone.server.internal.SecureRandomIds;
import dev.dialtone.protocol.CallId;

/**
 * Chooses the ids the server hands out. Call ids and resume tokens must be unguessable: the default draws 128 random
 * bits from {@link java.security.SecureRandom}. Tests inject a predictable one.
 *
 * <p>Thread-safe.
 */
public interface IdGenerator {

    /** A new, unique call id (R1.5). */
    CallId newCallId();

    /** A new, unique session id. */
    String newSessionId();

    /** A new, unique, secret resume token (R6.3). */
    String newResumeToken();

    /** Ids of 128 bits from {@link java.security.SecureRandom}, URL-safe Base64 without padding. */
    static IdGenerator secureRandom() {
        return new SecureRandomIds();
    }
}
