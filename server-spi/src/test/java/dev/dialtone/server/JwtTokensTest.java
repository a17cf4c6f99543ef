package dev.dialtone.server;

import static dev.dialtone.server.JwtFixtures.CLOCK;
import static dev.dialtone.server.JwtFixtures.EC;
import static dev.dialtone.server.JwtFixtures.NOW;
import static dev.dialtone.server.JwtFixtures.RSA;
import static dev.dialtone.server.JwtFixtures.SECRET_32;
import static dev.dialtone.server.JwtFixtures.SECRET_64;
import static dev.dialtone.server.JwtFixtures.accepted;
import static dev.dialtone.server.JwtFixtures.unb64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.protocol.UserId;
import dev.dialtone.server.JwtAuthenticator.Algorithm;
import dev.dialtone.server.spi.Principal;
import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JwtTokensTest {

    private static String header(String token) {
        return unb64(token.split("\\.")[0]);
    }

    private static String claims(String token) {
        return unb64(token.split("\\.")[1]);
    }

    @Test
    void alwaysSignsWithTheConfiguredAlgorithmNotOneGuessedFromTheKey() {
        // a 64-byte secret would make signWith(key) alone choose HS512
        String token = JwtTokens.builder().hmacSecret(SECRET_64, Algorithm.HS256).clock(CLOCK).build()
                .mint(UserId.of("alice"));

        assertTrue(header(token).contains("\"alg\":\"HS256\""), header(token));
        accepted(JwtAuthenticator.builder().hmacSecret(SECRET_64, Algorithm.HS256).clock(CLOCK).build()
                .authenticate(token));
    }

    @Test
    void R1_4_numericIdInUserIdClaimIsWrittenAsAJsonNumber() {
        String token = JwtTokens.builder().hmacSecret(SECRET_32, Algorithm.HS256).userIdClaim("user_id").clock(CLOCK)
                .build().mint(UserId.of(42), "Ann");

        assertTrue(claims(token).contains("\"user_id\":42"), claims(token));
        assertFalse(claims(token).contains("\"sub\""));
        Principal principal = accepted(JwtAuthenticator.builder().hmacSecret(SECRET_32, Algorithm.HS256).clock(CLOCK)
                .build().authenticate(token));
        assertTrue(principal.userId().numeric());
        assertEquals("Ann", principal.displayName());
    }

    @Test
    void R1_4_numericIdInSubIsWrittenAsAString() {
        String token = JwtTokens.builder().hmacSecret(SECRET_32, Algorithm.HS256).clock(CLOCK).build()
                .mint(UserId.of(42));

        assertTrue(claims(token).contains("\"sub\":\"42\""), claims(token));
        Principal principal = accepted(JwtAuthenticator.builder().hmacSecret(SECRET_32, Algorithm.HS256).clock(CLOCK)
                .build().authenticate(token));
        assertEquals(UserId.of(42), principal.userId());
        assertFalse(principal.userId().numeric());
    }

    @Test
    void R1_4_stringIdInUserIdClaimStaysAString() {
        String token = JwtTokens.builder().hmacSecret(SECRET_32, Algorithm.HS256).userIdClaim("user_id").clock(CLOCK)
                .build().mint(UserId.of("007"));

        assertTrue(claims(token).contains("\"user_id\":\"007\""), claims(token));
    }

    @Test
    void numericIdOutsideThe64BitRangeIsRefused() {
        JwtTokens tokens = JwtTokens.builder().hmacSecret(SECRET_32, Algorithm.HS256).userIdClaim("user_id").build();

        assertThrows(IllegalArgumentException.class,
                () -> tokens.mint(UserId.ofNumber(new BigInteger("9223372036854775808"))));
    }

    @Test
    void writesIatExpIssAudKidAndTheNameClaim() {
        String token = JwtTokens.builder().hmacSecret(SECRET_32, Algorithm.HS256).clock(CLOCK).keyId("k1")
                .issuer("https://auth.example").audience("dialtone").ttl(Duration.ofMinutes(15)).nameClaim("name")
                .build().mint(UserId.of("alice"), "Alice");

        String claims = claims(token);
        assertTrue(header(token).contains("\"kid\":\"k1\""), header(token));
        assertTrue(claims.contains("\"iat\":" + NOW.getEpochSecond()), claims);
        assertTrue(claims.contains("\"exp\":" + (NOW.getEpochSecond() + 900)), claims);
        assertTrue(claims.contains("\"iss\":\"https://auth.example\""), claims);
        assertTrue(claims.contains("\"aud\":[\"dialtone\"]"), claims);
        assertTrue(claims.contains("\"name\":\"Alice\""), claims);
        Principal principal = accepted(JwtAuthenticator.builder().hmacSecret("k1", SECRET_32, Algorithm.HS256)
                .requireIssuer("https://auth.example").requireAudience("dialtone").clock(CLOCK).build()
                .authenticate(token));
        assertEquals("Alice", principal.displayName());
        assertEquals(NOW.plusSeconds(900), principal.expiresAt());
    }

    @Test
    void noExpiryLeavesExpOut() {
        String token = JwtTokens.builder().hmacSecret(SECRET_32, Algorithm.HS256).noExpiry().clock(CLOCK).build()
                .mint(UserId.of("alice"));

        assertFalse(claims(token).contains("\"exp\""), claims(token));
    }

    @Test
    void signsRs256AndEs256WithPrivateKeys() {
        String rs = JwtTokens.builder().privateKey(RSA.getPrivate(), Algorithm.RS256).clock(CLOCK).build()
                .mint(UserId.of("alice"));
        String es = JwtTokens.builder().privateKey(EC.getPrivate(), Algorithm.ES256).clock(CLOCK).build()
                .mint(UserId.of("alice"));

        assertTrue(header(rs).contains("\"alg\":\"RS256\""));
        assertTrue(header(es).contains("\"alg\":\"ES256\""));
    }

    @Test
    void builderNamesWhatIsMissingOrWrong() {
        assertTrue(assertThrows(IllegalStateException.class, () -> JwtTokens.builder().build()).getMessage()
                .contains("needs a key"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JwtTokens.builder().hmacSecret(new byte[16], Algorithm.HS256).build()).getMessage()
                .contains("at least 32 bytes"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JwtTokens.builder().privateKey(EC.getPrivate(), Algorithm.RS256).build()).getMessage()
                .contains("RS256 needs an RSA key"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JwtTokens.builder().privateKey(RSA.getPrivate(), Algorithm.HS256).build()).getMessage()
                .contains("shared secret"));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> JwtTokens.builder().hmacSecret(SECRET_32, Algorithm.HS256).userIdClaim("username").build())
                .getMessage().contains("both"));
        assertThrows(IllegalArgumentException.class, () -> JwtTokens.builder().ttl(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> JwtTokens.builder().keyId(""));
    }

    @Test
    void toStringShowsNoKeyMaterial() {
        String secret = "a shared secret that is long enough for HS256";
        String text = JwtTokens.builder().hmacSecret(secret, Algorithm.HS256).build().toString();

        assertTrue(text.contains("HS256"));
        assertFalse(text.contains(secret));
    }
}
