package dev.dialtone.conformance.internal.run;

import dev.dialtone.conformance.TokenSource;
import dev.dialtone.protocol.CallPolicy;
import dev.dialtone.reference.DialtoneServer;
import dev.dialtone.server.JwtAuthenticator;
import dev.dialtone.server.SignalingEngine;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * The zero-config target: the reference server, embedded on an ephemeral loopback port with a made-up HS256 secret
 * and short timers, so that the kit's timer cases are quick. Needs the optional dependency on the reference server.
 */
public final class EmbeddedReference implements AutoCloseable {

    /** The ring timeout of the embedded server unless another is asked for. */
    public static final Duration DEFAULT_RING_TIMEOUT = Duration.ofMillis(1000);

    private final DialtoneServer server;
    private final String secret;

    private EmbeddedReference(DialtoneServer server, String secret) {
        this.server = server;
        this.secret = secret;
    }

    /**
     * Starts the server.
     *
     * @param ringTimeout its ring timeout; its resume grace is set shorter (five eighths of it, 200 ms to 5 s), so
     *     that the kit can watch a ringing call fail when its caller does not come back (R6.4)
     * @param secret the HS256 secret; null to make one up
     */
    public static EmbeddedReference start(Duration ringTimeout, String secret) throws IOException {
        String key = secret != null ? secret : randomSecret();
        long graceMs = Math.max(200, Math.min(5000, ringTimeout.toMillis() * 5 / 8));
        CallPolicy policy = CallPolicy.defaults().withRingTimeout(ringTimeout)
                .withResumeGrace(Duration.ofMillis(graceMs));
        DialtoneServer server = DialtoneServer.builder()
                .engine(SignalingEngine.builder()
                        .authenticator(JwtAuthenticator.builder()
                                .hmacSecret(key, JwtAuthenticator.Algorithm.HS256)
                                .build())
                        .callPolicy(policy))
                .host("127.0.0.1")
                .port(0)
                .build()
                .start();
        return new EmbeddedReference(server, key);
    }

    /** The server's WebSocket URL. */
    public URI uri() {
        return server.webSocketUri();
    }

    /** Tokens the server accepts. */
    public TokenSource tokens() {
        return TokenSource.hmacSecret(secret);
    }

    @Override
    public void close() {
        server.close();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
