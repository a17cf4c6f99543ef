package dev.dialtone.client.internal;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The client's tokens: a fixed one, or a supplier asked again for every connection attempt. Remembers the last token
 * given out, so that after a 4010 (token expired) the next attempt can insist on a different one.
 */
public final class TokenSource {

    private final Supplier<String> supplier;
    private final boolean refreshable;
    private String last;
    private String expired;

    private TokenSource(Supplier<String> supplier, boolean refreshable) {
        this.supplier = supplier;
        this.refreshable = refreshable;
    }

    /** Always the same token: a 4010 is final. */
    public static TokenSource fixed(String token) {
        Objects.requireNonNull(token, "token");
        return new TokenSource(() -> token, false);
    }

    /** A supplier asked for every attempt. */
    public static TokenSource supplier(Supplier<String> supplier) {
        return new TokenSource(Objects.requireNonNull(supplier, "supplier"), true);
    }

    /** Whether a new token may come after the last one expired. */
    public boolean refreshable() {
        return refreshable;
    }

    /** Marks the last token given out as expired: the next one must differ from it. */
    public synchronized void lastExpired() {
        expired = last;
    }

    /**
     * The token for the next attempt.
     *
     * @throws TokenUnavailableException final when the supplier has no token (null, empty) or only the expired one;
     *     not final when it threw
     */
    public String next() throws TokenUnavailableException {
        String token;
        try {
            token = supplier.get();
        } catch (RuntimeException e) {
            throw new TokenUnavailableException("the token supplier failed: " + e, e, false);
        }
        synchronized (this) {
            if (token == null || token.isBlank()) {
                throw new TokenUnavailableException("the token supplier gave no token", null, true);
            }
            if (token.equals(expired)) {
                throw new TokenUnavailableException("the token expired and the token supplier gave no new one", null,
                        true);
            }
            expired = null;
            last = token;
            return token;
        }
    }

    /** No token for a connection attempt. */
    public static final class TokenUnavailableException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean isFinal;

        TokenUnavailableException(String message, Throwable cause, boolean isFinal) {
            super(message, cause);
            this.isFinal = isFinal;
        }

        /** Whether trying again cannot help. */
        public boolean isFinal() {
            return isFinal;
        }
    }
}
