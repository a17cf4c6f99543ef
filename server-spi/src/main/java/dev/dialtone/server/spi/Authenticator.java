package dev.dialtone.server.spi;

/**
 * Turns the credential a client connected with (the {@code token} query parameter or the {@code Authorization: Bearer}
 * header, R1.1) into a {@link Principal}, or refuses it. {@code dev.dialtone.server.JwtAuthenticator} is the
 * JWT implementation.
 *
 * <p>Called once per connection attempt, from the container's threads, possibly concurrently: implementations are
 * thread-safe. They must not block for long; they never throw for a bad credential but return
 * {@link Authentication.Refused}.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * Checks a credential.
     *
     * @param token the credential as sent, never null (an absent one is refused before this is called)
     * @return the principal, or the refusal with its reason
     */
    Authentication authenticate(String token);
}
