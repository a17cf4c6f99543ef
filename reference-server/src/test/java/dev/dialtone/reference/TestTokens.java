package dev.dialtone.reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.JwtAuthenticator;
import dev.dialtone.server.JwtAuthenticator.Algorithm;
import dev.dialtone.server.JwtTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Tokens for the integration tests, minted with the server module's {@link JwtTokens}. */
final class TestTokens {

    /** The HS256 secret of the test servers (at least 32 bytes). */
    static final String SECRET = "dialtone-reference-server-tests-0123456789";

    private static final AtomicLong NEXT_USER = new AtomicLong(1000);

    /** Numeric ids in a {@code user_id} claim, as Django simplejwt writes them; names in {@code username}. */
    static final JwtTokens SIMPLEJWT = JwtTokens.builder()
            .hmacSecret(SECRET, Algorithm.HS256)
            .userIdClaim("user_id")
            .ttl(Duration.ofHours(1))
            .build();

    private TestTokens() {
    }

    /** An authenticator that accepts {@link #SIMPLEJWT}'s tokens. */
    static JwtAuthenticator authenticator() {
        return JwtAuthenticator.builder().hmacSecret(SECRET, Algorithm.HS256).build();
    }

    /** A user id no other test uses, so that tests sharing a server never ring each other's clients. */
    static long freshUser() {
        return NEXT_USER.incrementAndGet();
    }

    /** A token for a numeric user id in the {@code user_id} claim. */
    static String token(long user, String name) {
        return SIMPLEJWT.mint(UserId.of(user), name);
    }

    /** A claims map from JSON text, for tokens built with jjwt directly. */
    static Map<String, Object> claims(String json) {
        try {
            return TestClient.JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
