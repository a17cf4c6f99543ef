package dev.dialtone.server.internal;

import dev.dialtone.protocol.CallId;
import dev.dialtone.server.spi.IdGenerator;
import java.security.SecureRandom;
import java.util.Base64;

/** Ids of 128 random bits in URL-safe Base64: unguessable, and valid call ids (R1.5). */
public final class SecureRandomIds implements IdGenerator {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();

    @Override
    public CallId newCallId() {
        return CallId.of(next());
    }

    @Override
    public String newSessionId() {
        return next();
    }

    @Override
    public String newResumeToken() {
        return next();
    }

    private String next() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
