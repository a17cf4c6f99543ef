package dev.dialtone.server.internal;

/**
 * Carries the reason a token is refused out of the JWT helpers (and out of jjwt's key locator) to
 * {@link dev.dialtone.server.JwtAuthenticator}, which turns it into an {@code Authentication.Refused}. It never leaves
 * the authenticator.
 *
 * <p>The reason is a short human explanation for the server log; it never contains the token. No stack trace is
 * recorded: this is an expected outcome, not a failure.
 */
public final class JwtRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A refusal for {@code reason}, which must not contain the token. */
    public JwtRefusal(String reason) {
        super(reason, null, false, false);
    }

    /** Why the token is refused. */
    public String reason() {
        return getMessage();
    }
}
