package dev.dialtone.server;

import static dev.dialtone.server.JwtFixtures.EC;
import static dev.dialtone.server.JwtFixtures.RSA;
import static dev.dialtone.server.JwtFixtures.SECRET_32;
import static dev.dialtone.server.JwtFixtures.SECRET_48;
import static dev.dialtone.server.JwtFixtures.SECRET_64;
import static dev.dialtone.server.JwtFixtures.bytes;
import static dev.dialtone.server.JwtFixtures.ecKeyPair;
import static dev.dialtone.server.JwtFixtures.keyPair;
import static dev.dialtone.server.JwtFixtures.pem;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.protocol.UserId;
import dev.dialtone.server.JwtAuthenticator.Algorithm;
import dev.dialtone.server.spi.Authentication;
import io.jsonwebtoken.security.Jwks;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JwtAuthenticatorBuilderTest {

    private static <T extends Throwable> String message(Class<T> type, Executable executable) {
        return assertThrows(type, executable).getMessage();
    }

    private static void assertMentions(String message, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "\"" + message + "\" does not mention \"" + fragment + "\"");
        }
    }

    @Test
    void buildWithoutAKeyNamesWhatIsMissing() {
        String message = message(IllegalStateException.class, () -> JwtAuthenticator.builder().build());

        assertMentions(message, "at least one key", "hmacSecret", "publicKeyPem", "publicKeyJwk", "publicKey");
    }

    static Stream<Arguments> shortSecrets() {
        return Stream.of(
                Arguments.of(Algorithm.HS256, 31, "32 bytes"),
                Arguments.of(Algorithm.HS384, 32, "48 bytes"),
                Arguments.of(Algorithm.HS512, 48, "64 bytes"),
                Arguments.of(Algorithm.HS256, 0, "32 bytes"));
    }

    @ParameterizedTest
    @MethodSource("shortSecrets")
    void hmacSecretShorterThanTheAlgorithmNeedsIsRefusedAtBuild(Algorithm algorithm, int length, String needed) {
        JwtAuthenticator.Builder builder = JwtAuthenticator.builder().hmacSecret(bytes(length, 5), algorithm);

        String message = message(IllegalArgumentException.class, builder::build);

        assertMentions(message, "key #1", algorithm.name(), "at least " + needed, "has " + length + " bytes");
    }

    @Test
    void shortTextSecretIsRefused() {
        String message = message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().hmacSecret("secret", Algorithm.HS256).build());

        assertMentions(message, "HS256", "at least 32 bytes");
        assertFalse(message.contains("secret\""), "the secret is not echoed");
    }

    @Test
    void secretsOfTheExactLengthAreAccepted() {
        assertDoesNotThrow(() -> JwtAuthenticator.builder().hmacSecret(SECRET_32, Algorithm.HS256)
                .hmacSecret(SECRET_48, Algorithm.HS384).hmacSecret(SECRET_64, Algorithm.HS512).build());
    }

    @Test
    void theSecretIsCopied() {
        byte[] secret = SECRET_32.clone();
        JwtAuthenticator.Builder builder = JwtAuthenticator.builder().hmacSecret(secret, Algorithm.HS256)
                .clock(JwtFixtures.CLOCK);
        java.util.Arrays.fill(secret, (byte) 0);
        JwtAuthenticator auth = builder.build();

        String token = JwtTokens.builder().hmacSecret(SECRET_32, Algorithm.HS256).clock(JwtFixtures.CLOCK).build()
                .mint(UserId.of("alice"));

        assertInstanceOf(Authentication.Authenticated.class, auth.authenticate(token));
    }

    @Test
    void hmacSecretWithAPublicKeyAlgorithmIsRefused() {
        String message = message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().hmacSecret(SECRET_64, Algorithm.RS256).build());

        assertMentions(message, "HS256, HS384 or HS512", "RS256");
    }

    @Test
    void publicKeyWithAnHmacAlgorithmIsRefused() {
        String message = message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().publicKey(RSA.getPublic(), Algorithm.HS256).build());

        assertMentions(message, "HS256", "shared secret");
        assertMentions(message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().publicKeyPem(pem(RSA.getPublic()), Algorithm.HS256).build()),
                "HS256");
    }

    @Test
    void keyOfTheWrongTypeForItsAlgorithmIsRefused() {
        assertMentions(message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().publicKey(RSA.getPublic(), Algorithm.ES256).build()),
                "ES256 needs an EC key", "RSA");
        assertMentions(message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().publicKeyPem(pem(EC.getPublic()), Algorithm.RS256).build()),
                "RS256 needs an RSA key", "EC");
    }

    @Test
    void shortRsaKeyIsRefused() {
        String message = message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().publicKey(keyPair("RSA", 1024).getPublic(), Algorithm.RS256).build());

        assertMentions(message, "2048 bits", "1024");
    }

    @Test
    void ecKeyOnAnotherCurveIsRefusedForEs256() {
        String message = message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().publicKey(ecKeyPair("secp384r1").getPublic(), Algorithm.ES256)
                        .build());

        assertMentions(message, "P-256");
    }

    @Test
    void pemWithoutLineBreaksOrWithSurroundingTextIsRead() {
        String oneLine = "-----BEGIN PUBLIC KEY-----" + Base64.getEncoder().encodeToString(RSA.getPublic().getEncoded())
                + "-----END PUBLIC KEY-----";
        String withText = "# issuer key\n" + pem(RSA.getPublic()) + "\n";

        assertDoesNotThrow(() -> JwtAuthenticator.builder().publicKeyPem(oneLine, Algorithm.RS256)
                .publicKeyPem("k2", withText, Algorithm.RS256).build());
    }

    @Test
    void unreadablePemIsRefusedWithoutEchoingIt() {
        String garbage = "-----BEGIN PUBLIC KEY-----\nnot*base64\n-----END PUBLIC KEY-----";
        String wrongDer = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(new byte[64])
                + "\n-----END PUBLIC KEY-----";

        assertMentions(message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().publicKeyPem(garbage, Algorithm.RS256).build()),
                "key #1", "not valid base64");
        assertMentions(message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().publicKeyPem(wrongDer, Algorithm.RS256).build()),
                "SubjectPublicKeyInfo");
        assertMentions(message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().publicKeyPem("hello", Algorithm.RS256).build()),
                "-----BEGIN PUBLIC KEY-----");
        assertMentions(message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().publicKeyPem(pem(RSA.getPublic()) + pem(RSA.getPublic()),
                        Algorithm.RS256).build()),
                "more than one");
    }

    @Test
    void privateKeyPemIsRefused() {
        String privatePem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(RSA.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----";

        String message = message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().publicKeyPem(privatePem, Algorithm.RS256).build());

        assertMentions(message, "private key");
        assertFalse(message.contains(privatePem.substring(40, 80)), "the key is not echoed");
    }

    @Test
    void pkcs1RsaPemIsRefusedWithAHowTo() {
        String pkcs1 = "-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEA\n-----END RSA PUBLIC KEY-----";

        assertMentions(message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().publicKeyPem(pkcs1, Algorithm.RS256).build()),
                "PKCS#1", "-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void jwkWithAnotherAlgorithmIsRefused() {
        String jwk = Jwks.json(Jwks.builder().key((RSAPublicKey) RSA.getPublic()).algorithm("RS512").build());

        assertMentions(message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().publicKeyJwk(jwk, Algorithm.RS256).build()),
                "alg RS512", "pinned to RS256");
    }

    @Test
    void jwkWithTheSameAlgorithmIsAccepted() {
        String jwk = Jwks.json(Jwks.builder().key((ECPublicKey) EC.getPublic()).algorithm("ES256").build());

        assertDoesNotThrow(() -> JwtAuthenticator.builder().publicKeyJwk(jwk, Algorithm.ES256).build());
    }

    @Test
    void privateOrUnreadableJwkIsRefused() {
        String privateJwk = Jwks.UNSAFE_JSON(Jwks.builder().key((RSAPrivateCrtKey) RSA.getPrivate())
                .publicKey((RSAPublicKey) RSA.getPublic()).build());
        String ecPrivateJwk = Jwks.UNSAFE_JSON(Jwks.builder().key((ECPrivateKey) EC.getPrivate())
                .publicKey((ECPublicKey) EC.getPublic()).build());

        assertMentions(message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().publicKeyJwk(privateJwk, Algorithm.RS256).build()),
                "not a public key");
        assertMentions(message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().publicKeyJwk(ecPrivateJwk, Algorithm.ES256).build()),
                "not a public key");
        assertMentions(message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().publicKeyJwk("{\"kty\":\"RSA\"}", Algorithm.RS256).build()),
                "JWK cannot be read");
        assertMentions(message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().publicKeyJwk("not json", Algorithm.RS256).build()),
                "JWK cannot be read");
    }

    @Test
    void jwkOfTheWrongKeyTypeIsRefused() {
        String jwk = Jwks.json(Jwks.builder().key((ECPublicKey) EC.getPublic()).build());

        assertMentions(message(IllegalArgumentException.class,
                () -> JwtAuthenticator.builder().publicKeyJwk(jwk, Algorithm.RS256).build()),
                "RS256 needs an RSA key");
    }

    @Test
    void duplicateKeyIdsAreInconsistent() {
        String jwk = Jwks.json(Jwks.builder().key((RSAPublicKey) RSA.getPublic()).id("k1").build());
        JwtAuthenticator.Builder builder = JwtAuthenticator.builder().hmacSecret("k1", SECRET_32, Algorithm.HS256)
                .publicKeyJwk(jwk, Algorithm.RS256);

        assertMentions(message(IllegalStateException.class, builder::build), "two keys", "\"k1\"");
    }

    @Test
    void errorsNameTheOffendingKey() {
        JwtAuthenticator.Builder builder = JwtAuthenticator.builder().hmacSecret(SECRET_32, Algorithm.HS256)
                .publicKey("signing-2", EC.getPublic(), Algorithm.RS256);

        assertMentions(message(IllegalArgumentException.class, builder::build), "key #2", "kid \"signing-2\"",
                "RS256");
    }

    @Test
    void otherArgumentsAreCheckedAtOnce() {
        JwtAuthenticator.Builder builder = JwtAuthenticator.builder();

        assertThrows(IllegalArgumentException.class, () -> builder.clockSkew(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> builder.clockSkew(Duration.ofMillis(1500)));
        assertThrows(IllegalArgumentException.class, () -> builder.userIdClaims());
        assertThrows(IllegalArgumentException.class, () -> builder.userIdClaims("sub", "sub"));
        assertThrows(IllegalArgumentException.class, () -> builder.userIdClaims(""));
        assertThrows(IllegalArgumentException.class, () -> builder.requireIssuer(""));
        assertThrows(IllegalArgumentException.class, () -> builder.requireAudience(""));
        assertThrows(IllegalArgumentException.class, () -> builder.hmacSecret("", SECRET_32, Algorithm.HS256));
        assertThrows(NullPointerException.class, () -> builder.hmacSecret((byte[]) null, Algorithm.HS256));
        assertThrows(NullPointerException.class, () -> builder.hmacSecret(SECRET_32, null));
        assertThrows(NullPointerException.class, () -> builder.clock(null));
    }

    @Test
    void toStringShowsTheConfigurationButNoKeyMaterial() {
        String secret = "a shared secret that is long enough for HS256";
        JwtAuthenticator auth = JwtAuthenticator.builder().hmacSecret(secret, Algorithm.HS256)
                .publicKey("rsa-1", RSA.getPublic(), Algorithm.RS256).requireIssuer("https://auth.example").build();

        String text = auth.toString();

        assertMentions(text, "HS256", "RS256", "rsa-1", "https://auth.example");
        assertFalse(text.contains(secret));
        assertFalse(text.contains(Base64.getEncoder().encodeToString(RSA.getPublic().getEncoded()).substring(0, 40)));
    }

    @Test
    void theBuilderCanBeReusedWithoutChangingBuiltAuthenticators() {
        JwtAuthenticator.Builder builder = JwtAuthenticator.builder().hmacSecret(SECRET_32, Algorithm.HS256)
                .clock(JwtFixtures.CLOCK);
        JwtAuthenticator first = builder.build();
        builder.requireIssuer("https://auth.example");
        String token = JwtTokens.builder().hmacSecret(SECRET_32, Algorithm.HS256).clock(JwtFixtures.CLOCK).build()
                .mint(UserId.of("alice"));

        assertInstanceOf(Authentication.Authenticated.class, first.authenticate(token));
        assertInstanceOf(Authentication.Refused.class, builder.build().authenticate(token));
        assertEquals(UserId.of("alice"),
                ((Authentication.Authenticated) first.authenticate(token)).principal().userId());
    }
}
