package dev.dialtone.server;

import static dev.dialtone.server.JwtFixtures.CLOCK;
import static dev.dialtone.server.JwtFixtures.EC;
import static dev.dialtone.server.JwtFixtures.NOW;
import static dev.dialtone.server.JwtFixtures.OTHER_RSA;
import static dev.dialtone.server.JwtFixtures.OTHER_SECRET_32;
import static dev.dialtone.server.JwtFixtures.RSA;
import static dev.dialtone.server.JwtFixtures.SECRET_32;
import static dev.dialtone.server.JwtFixtures.SECRET_48;
import static dev.dialtone.server.JwtFixtures.SECRET_64;
import static dev.dialtone.server.JwtFixtures.accepted;
import static dev.dialtone.server.JwtFixtures.b64;
import static dev.dialtone.server.JwtFixtures.hmacToken;
import static dev.dialtone.server.JwtFixtures.hs256;
import static dev.dialtone.server.JwtFixtures.payload;
import static dev.dialtone.server.JwtFixtures.pem;
import static dev.dialtone.server.JwtFixtures.refused;
import static dev.dialtone.server.JwtFixtures.unb64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.protocol.UserId;
import dev.dialtone.server.JwtAuthenticator.Algorithm;
import dev.dialtone.server.spi.Authentication;
import dev.dialtone.server.spi.Principal;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JwtAuthenticatorTest {

    private static final JwtAuthenticator HS256_AUTH = hmac(SECRET_32, Algorithm.HS256).build();
    private static final JwtAuthenticator RS256_AUTH = JwtAuthenticator.builder()
            .publicKeyPem(pem(RSA.getPublic()), Algorithm.RS256).clock(CLOCK).build();

    private static JwtAuthenticator.Builder hmac(byte[] secret, Algorithm algorithm) {
        return JwtAuthenticator.builder().hmacSecret(secret, algorithm).clock(CLOCK);
    }

    private static JwtTokens.Builder minter() {
        return JwtTokens.builder().hmacSecret(SECRET_32, Algorithm.HS256).clock(CLOCK);
    }

    private static String token(UserId user) {
        return minter().build().mint(user);
    }

    // ---- valid tokens, every algorithm and key form ----

    static Stream<Arguments> hmacAlgorithms() {
        return Stream.of(Arguments.of(Algorithm.HS256, SECRET_32), Arguments.of(Algorithm.HS384, SECRET_48),
                Arguments.of(Algorithm.HS512, SECRET_64));
    }

    @ParameterizedTest
    @MethodSource("hmacAlgorithms")
    void R1_2_validHmacTokenIsAccepted(Algorithm algorithm, byte[] secret) {
        String token = JwtTokens.builder().hmacSecret(secret, algorithm).clock(CLOCK).build()
                .mint(UserId.of("alice"), "Alice");

        Principal principal = accepted(hmac(secret, algorithm).build().authenticate(token));

        assertEquals(UserId.of("alice"), principal.userId());
        assertEquals("Alice", principal.displayName());
        assertEquals(NOW.plus(Duration.ofHours(1)), principal.expiresAt());
    }

    @Test
    void R1_2_hmacSecretGivenAsUtf8TextIsAccepted() {
        String secret = "a Django SECRET_KEY that is long enough for HS256!";
        String token = JwtTokens.builder().hmacSecret(secret, Algorithm.HS256).clock(CLOCK).build()
                .mint(UserId.of("alice"));

        JwtAuthenticator auth = JwtAuthenticator.builder().hmacSecret(secret, Algorithm.HS256).clock(CLOCK).build();

        assertEquals(UserId.of("alice"), accepted(auth.authenticate(token)).userId());
    }

    @Test
    void R1_2_validRs256TokenIsAcceptedWithPemKey() {
        String token = JwtTokens.builder().privateKey(RSA.getPrivate(), Algorithm.RS256).clock(CLOCK).build()
                .mint(UserId.of("alice"));

        assertEquals(UserId.of("alice"), accepted(RS256_AUTH.authenticate(token)).userId());
    }

    @Test
    void R1_2_validEs256TokenIsAcceptedWithPemKey() {
        String token = JwtTokens.builder().privateKey(EC.getPrivate(), Algorithm.ES256).clock(CLOCK).build()
                .mint(UserId.of("alice"));
        JwtAuthenticator auth = JwtAuthenticator.builder().publicKeyPem(pem(EC.getPublic()), Algorithm.ES256)
                .clock(CLOCK).build();

        assertEquals(UserId.of("alice"), accepted(auth.authenticate(token)).userId());
    }

    @Test
    void R1_2_validRs256TokenIsAcceptedWithJwkKey() {
        String jwk = Jwks.json(Jwks.builder().key((RSAPublicKey) RSA.getPublic()).id("rsa-1").build());
        String token = JwtTokens.builder().privateKey(RSA.getPrivate(), Algorithm.RS256).keyId("rsa-1").clock(CLOCK)
                .build().mint(UserId.of("alice"));
        JwtAuthenticator auth = JwtAuthenticator.builder().publicKeyJwk(jwk, Algorithm.RS256).clock(CLOCK).build();

        assertEquals(UserId.of("alice"), accepted(auth.authenticate(token)).userId());
    }

    @Test
    void R1_2_validEs256TokenIsAcceptedWithJwkKey() {
        String jwk = Jwks.json(Jwks.builder().key((ECPublicKey) EC.getPublic()).build());
        String token = JwtTokens.builder().privateKey(EC.getPrivate(), Algorithm.ES256).clock(CLOCK).build()
                .mint(UserId.of("alice"));
        JwtAuthenticator auth = JwtAuthenticator.builder().publicKeyJwk(jwk, Algorithm.ES256).clock(CLOCK).build();

        assertEquals(UserId.of("alice"), accepted(auth.authenticate(token)).userId());
    }

    @Test
    void R1_2_validTokenIsAcceptedWithJavaPublicKey() {
        String token = JwtTokens.builder().privateKey(EC.getPrivate(), Algorithm.ES256).clock(CLOCK).build()
                .mint(UserId.of("alice"));
        JwtAuthenticator auth = JwtAuthenticator.builder().publicKey(EC.getPublic(), Algorithm.ES256).clock(CLOCK)
                .build();

        assertEquals(UserId.of("alice"), accepted(auth.authenticate(token)).userId());
    }

    // ---- R1.2: unsigned, wrong algorithm, key confusion, tampering ----

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void R1_2_algNoneIsRefused(String none) {
        String token = b64("{\"alg\":\"" + none + "\",\"typ\":\"JWT\"}") + "."
                + b64(payload("\"sub\":\"admin\"")) + ".";

        refused(HS256_AUTH.authenticate(token), token, "algorithm none is not accepted");
        refused(RS256_AUTH.authenticate(token), token, "algorithm none is not accepted");
    }

    @Test
    void R1_2_algNoneWithASignatureAttachedIsRefused() {
        String signed = hs256(payload("\"sub\":\"admin\""));
        String token = b64("{\"alg\":\"none\"}") + signed.substring(signed.indexOf('.'));

        refused(HS256_AUTH.authenticate(token), token, "algorithm none is not accepted");
    }

    @Test
    void R1_2_tokenWithEmptySignatureIsRefused() {
        String signed = hs256(payload("\"sub\":\"alice\""));
        String token = signed.substring(0, signed.lastIndexOf('.') + 1);

        refused(HS256_AUTH.authenticate(token), token, "no signature");
    }

    @Test
    void R1_2_hs256TokenSignedWithTheRsaPublicKeyBytesIsRefused() {
        // the classic key confusion: the attacker uses the server's public key as an HMAC secret
        for (byte[] secret : List.of(RSA.getPublic().getEncoded(),
                pem(RSA.getPublic()).getBytes(StandardCharsets.US_ASCII))) {
            String token = hmacToken("{\"alg\":\"HS256\"}", payload("\"sub\":\"admin\""), secret, "HmacSHA256");

            refused(RS256_AUTH.authenticate(token), token, "token algorithm HS256 does not match the key's RS256");
        }
    }

    @Test
    void R1_2_rs256TokenAgainstAnHmacKeyIsRefused() {
        String token = JwtTokens.builder().privateKey(RSA.getPrivate(), Algorithm.RS256).clock(CLOCK).build()
                .mint(UserId.of("alice"));

        refused(HS256_AUTH.authenticate(token), token, "does not match the key's HS256");
    }

    @Test
    void R1_2_es256TokenAgainstAnRsaKeyIsRefused() {
        String token = JwtTokens.builder().privateKey(EC.getPrivate(), Algorithm.ES256).clock(CLOCK).build()
                .mint(UserId.of("alice"));

        refused(RS256_AUTH.authenticate(token), token, "token algorithm ES256 does not match the key's RS256");
    }

    @Test
    void R1_2_hmacTokenOfAnotherStrengthIsRefused() {
        String token = JwtTokens.builder().hmacSecret(SECRET_64, Algorithm.HS512).clock(CLOCK).build()
                .mint(UserId.of("alice"));

        refused(hmac(SECRET_64, Algorithm.HS256).build().authenticate(token), token,
                "token algorithm HS512 does not match the key's HS256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS1", "PS256", "RS512", "EdDSA", "hs256"})
    void R1_2_unknownOrUnpinnedAlgorithmIsRefused(String alg) {
        String token = hmacToken("{\"alg\":\"" + alg + "\"}", payload("\"sub\":\"alice\""), SECRET_32,
                "HmacSHA256");

        refused(HS256_AUTH.authenticate(token), token, "does not match the key's HS256");
    }

    @Test
    void R1_2_tamperedPayloadIsRefused() {
        String token = minter().build().mint(UserId.of("alice"));
        String[] parts = token.split("\\.");
        String forged = unb64(parts[1]).replace("\"alice\"", "\"mallory\"");
        String tampered = parts[0] + "." + b64(forged) + "." + parts[2];

        refused(HS256_AUTH.authenticate(tampered), tampered, "signature does not verify");
    }

    @Test
    void R1_2_tamperedRs256PayloadIsRefused() {
        String token = JwtTokens.builder().privateKey(RSA.getPrivate(), Algorithm.RS256).clock(CLOCK).build()
                .mint(UserId.of("alice"));
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + b64(unb64(parts[1]).replace("\"alice\"", "\"admin\"")) + "." + parts[2];

        refused(RS256_AUTH.authenticate(tampered), tampered, "signature does not verify");
    }

    static Stream<Arguments> signers() {
        return Stream.of(
                Arguments.of(HS256_AUTH, minter().build()),
                Arguments.of(RS256_AUTH, JwtTokens.builder().privateKey(RSA.getPrivate(), Algorithm.RS256)
                        .clock(CLOCK).build()),
                Arguments.of(JwtAuthenticator.builder().publicKey(EC.getPublic(), Algorithm.ES256).clock(CLOCK)
                        .build(), JwtTokens.builder().privateKey(EC.getPrivate(), Algorithm.ES256).clock(CLOCK)
                        .build()));
    }

    @ParameterizedTest
    @MethodSource("signers")
    void R1_2_tamperedSignatureIsRefused(JwtAuthenticator auth, JwtTokens tokens) {
        String token = tokens.mint(UserId.of("alice"));
        int middle = token.lastIndexOf('.') + 10; // well inside the signature, where every bit counts
        char flipped = token.charAt(middle) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, middle) + flipped + token.substring(middle + 1);

        refused(auth.authenticate(tampered), tampered, "signature does not verify");
    }

    @ParameterizedTest
    @MethodSource("signers")
    void R1_2_truncatedOrOverlongSignatureIsRefused(JwtAuthenticator auth, JwtTokens tokens) {
        String token = tokens.mint(UserId.of("alice"));
        String truncated = token.substring(0, token.length() - 8);
        String overlong = token + "AAAAAAAA";

        refused(auth.authenticate(truncated), truncated, "signature does not verify");
        refused(auth.authenticate(overlong), overlong, "signature does not verify");
    }

    @Test
    void R1_2_keyEmbeddedInTheTokenHeaderIsNeverTrusted() throws Exception {
        // the attacker signs with their own key and ships its public half in the header (jwk)
        String attackerJwk = Jwks.json(Jwks.builder().key((RSAPublicKey) OTHER_RSA.getPublic()).build());
        String signingInput = b64("{\"alg\":\"RS256\",\"jwk\":" + attackerJwk + "}") + "."
                + b64(payload("\"sub\":\"admin\""));
        java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
        rsa.initSign(OTHER_RSA.getPrivate());
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        String token = signingInput + "." + b64(rsa.sign());

        refused(RS256_AUTH.authenticate(token), token, "signature does not verify");
    }

    @Test
    void R1_2_tokenSignedWithAnotherSecretIsRefused() {
        String token = JwtTokens.builder().hmacSecret(OTHER_SECRET_32, Algorithm.HS256).clock(CLOCK).build()
                .mint(UserId.of("alice"));

        refused(HS256_AUTH.authenticate(token), token, "signature does not verify");
    }

    @Test
    void R1_2_tokenSignedWithAnotherRsaKeyIsRefused() {
        String token = JwtTokens.builder().privateKey(OTHER_RSA.getPrivate(), Algorithm.RS256).clock(CLOCK).build()
                .mint(UserId.of("alice"));

        refused(RS256_AUTH.authenticate(token), token, "signature does not verify");
    }

    @Test
    void R1_2_criticalHeaderExtensionsAreRefused() {
        String token = hmacToken("{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", payload("\"sub\":\"alice\""), SECRET_32,
                "HmacSHA256");

        refused(HS256_AUTH.authenticate(token), token, "crit");
    }

    @Test
    void R1_2_headerWithoutAlgorithmIsRefused() {
        String token = hmacToken("{\"typ\":\"JWT\"}", payload("\"sub\":\"alice\""), SECRET_32, "HmacSHA256");

        refused(HS256_AUTH.authenticate(token), token, "no algorithm");
    }

    @Test
    void R1_2_payloadThatIsNotAClaimsObjectIsRefused() {
        String token = hmacToken("{\"alg\":\"HS256\"}", "[1,2,3]", SECRET_32, "HmacSHA256");

        refused(HS256_AUTH.authenticate(token), token, "not a JSON claims set");
    }

    @Test
    void R1_2_claimsWithWrongTypesAreRefused() {
        String token = hs256("{\"sub\":\"alice\",\"exp\":\"soon\"}");

        refused(HS256_AUTH.authenticate(token), token, "malformed");
    }

    // ---- R1.2: time ----

    @Test
    void R1_2_tokenExpiredBeyondTheClockSkewIsRefused() {
        String token = minter().ttl(Duration.ofMinutes(10))
                .clock(java.time.Clock.fixed(NOW.minusSeconds(600 + 42), CLOCK.getZone())).build()
                .mint(UserId.of("alice"));

        refused(HS256_AUTH.authenticate(token), token, "expired 42 s ago");
    }

    @Test
    void R1_2_tokenExpiredWithinTheClockSkewIsAccepted() {
        String token = minter().ttl(Duration.ofMinutes(10))
                .clock(java.time.Clock.fixed(NOW.minusSeconds(600 + 29), CLOCK.getZone())).build()
                .mint(UserId.of("alice"));

        assertEquals(UserId.of("alice"), accepted(HS256_AUTH.authenticate(token)).userId());
    }

    @Test
    void R1_2_clockSkewIsConfigurable() {
        String token = minter().ttl(Duration.ofMinutes(10))
                .clock(java.time.Clock.fixed(NOW.minusSeconds(600 + 5), CLOCK.getZone())).build()
                .mint(UserId.of("alice"));

        refused(hmac(SECRET_32, Algorithm.HS256).clockSkew(Duration.ZERO).build().authenticate(token), token,
                "expired 5 s ago");
        accepted(hmac(SECRET_32, Algorithm.HS256).clockSkew(Duration.ofSeconds(10)).build().authenticate(token));
    }

    @Test
    void R1_2_notBeforeInTheFutureIsRefused() {
        String token = Jwts.builder().subject("alice").notBefore(Date.from(NOW.plusSeconds(90)))
                .expiration(Date.from(NOW.plusSeconds(3600))).signWith(key(SECRET_32), Jwts.SIG.HS256).compact();

        refused(HS256_AUTH.authenticate(token), token, "not valid yet");
    }

    @Test
    void R1_2_notBeforeWithinTheClockSkewIsAccepted() {
        String token = Jwts.builder().subject("alice").notBefore(Date.from(NOW.plusSeconds(20)))
                .expiration(Date.from(NOW.plusSeconds(3600))).signWith(key(SECRET_32), Jwts.SIG.HS256).compact();

        accepted(HS256_AUTH.authenticate(token));
    }

    @Test
    void R1_2_tokenWithoutExpiryIsRefusedWhenExpiryIsRequired() {
        String token = minter().noExpiry().build().mint(UserId.of("alice"));

        refused(HS256_AUTH.authenticate(token), token, "no expiry (exp)");
    }

    @Test
    void R1_8_tokenWithoutExpiryIsAcceptedWhenAllowedAndNeverExpires() {
        String token = minter().noExpiry().build().mint(UserId.of("alice"));

        Principal principal = accepted(hmac(SECRET_32, Algorithm.HS256).requireExpiry(false).build()
                .authenticate(token));

        assertNull(principal.expiresAt());
    }

    @Test
    void R1_8_principalExpiresAtTheTokensExp() {
        String token = minter().ttl(Duration.ofMinutes(5)).build().mint(UserId.of("alice"));

        assertEquals(NOW.plusSeconds(300), accepted(HS256_AUTH.authenticate(token)).expiresAt());
    }

    // ---- R1.2: issuer and audience ----

    @Test
    void R1_2_requiredIssuerIsAccepted() {
        String token = minter().issuer("https://auth.example").build().mint(UserId.of("alice"));

        accepted(hmac(SECRET_32, Algorithm.HS256).requireIssuer("https://auth.example").build().authenticate(token));
    }

    @Test
    void R1_2_wrongIssuerIsRefused() {
        String token = minter().issuer("https://evil.example").build().mint(UserId.of("alice"));

        refused(hmac(SECRET_32, Algorithm.HS256).requireIssuer("https://auth.example").build().authenticate(token),
                token, "issuer \"https://evil.example\" is not the required \"https://auth.example\"");
    }

    @Test
    void R1_2_missingIssuerIsRefusedWhenRequired() {
        String token = minter().build().mint(UserId.of("alice"));

        refused(hmac(SECRET_32, Algorithm.HS256).requireIssuer("https://auth.example").build().authenticate(token),
                token, "no issuer (iss)");
    }

    @Test
    void R1_2_requiredAudienceIsAcceptedAsStringOrInArray() {
        JwtAuthenticator auth = hmac(SECRET_32, Algorithm.HS256).requireAudience("dialtone").build();
        String single = hs256(payload("\"sub\":\"alice\",\"aud\":\"dialtone\""));
        String array = hs256(payload("\"sub\":\"alice\",\"aud\":[\"billing\",\"dialtone\"]"));

        accepted(auth.authenticate(single));
        accepted(auth.authenticate(array));
    }

    @Test
    void R1_2_wrongAudienceIsRefused() {
        JwtAuthenticator auth = hmac(SECRET_32, Algorithm.HS256).requireAudience("dialtone").build();
        String single = minter().audience("billing").build().mint(UserId.of("alice"));
        String array = hs256(payload("\"sub\":\"alice\",\"aud\":[\"billing\",\"chat\"]"));
        String none = minter().build().mint(UserId.of("alice"));

        refused(auth.authenticate(single), single, "audience [\"billing\"] does not include the required \"dialtone\"");
        refused(auth.authenticate(array), array, "does not include the required \"dialtone\"");
        refused(auth.authenticate(none), none, "no audience (aud)");
    }

    @Test
    void R1_2_reasonsQuoteTokenValuesSafely() {
        String evil = "x\n2026-11-20 FAKE LOG LINE \u202e" + "y".repeat(200);
        String token = Jwts.builder().subject("alice").issuer(evil).expiration(Date.from(NOW.plusSeconds(60)))
                .signWith(key(SECRET_32), Jwts.SIG.HS256).compact();

        String reason = refused(hmac(SECRET_32, Algorithm.HS256).requireIssuer("me").build().authenticate(token),
                token, "is not the required \"me\"");

        assertFalse(reason.contains("\n"));
        assertFalse(reason.contains("\u202e"));
        assertFalse(reason.contains("y".repeat(100)));
    }

    // ---- R1.2: garbage ----

    static Stream<String> garbage() {
        String valid = hs256(payload("\"sub\":\"alice\""));
        return Stream.of("", " ", "a.b", "random text", "...", "..", "a.b.c", "a.b.c.d", "a.b.c.d.e",
                "!!!.@@@.###", "eyJhbGciOiJIUzI1NiJ9", valid + "\n", "Bearer " + valid, valid + "." + valid,
                b64("not json") + "." + b64("{}") + ".c2ln", b64("[1]") + "." + b64("{}") + ".c2ln",
                b64("{\"alg\":\"HS256\"}") + ".%%%." + "c2ln", "x".repeat(1_000_000),
                "a".repeat(JwtAuthenticator.MAX_TOKEN_LENGTH) + ".b.c", "\u0000.\u0000.\u0000",
                "é.é.é", valid.replace('.', ','));
    }

    @ParameterizedTest
    @MethodSource("garbage")
    void R1_2_garbageIsRefusedWithoutThrowing(String garbage) {
        Authentication result = HS256_AUTH.authenticate(garbage);

        refused(result, garbage, "");
        refused(RS256_AUTH.authenticate(garbage), garbage, "");
    }

    @Test
    void R1_2_nullTokenIsRefused() {
        assertInstanceOf(Authentication.Refused.class, HS256_AUTH.authenticate(null));
    }

    @Test
    void R1_2_hugeTokenIsRefusedAsTooLong() {
        String huge = "x".repeat(1_000_000);

        refused(HS256_AUTH.authenticate(huge), huge, "too long");
    }

    @Test
    void R1_2_encryptedTokenIsRefused() {
        String jwe = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..aXZpdml2aXZpdg.Y2lwaGVy.dGFndGFndGFn";

        refused(HS256_AUTH.authenticate(jwe), jwe, "encrypted tokens (JWE) are not accepted");
    }

    // ---- several keys ----

    @Test
    void R1_2_keyIsChosenByKeyId() {
        JwtAuthenticator auth = JwtAuthenticator.builder().clock(CLOCK)
                .hmacSecret("hmac-1", SECRET_32, Algorithm.HS256)
                .publicKey("rsa-1", RSA.getPublic(), Algorithm.RS256)
                .build();
        String rsaToken = JwtTokens.builder().privateKey(RSA.getPrivate(), Algorithm.RS256).keyId("rsa-1")
                .clock(CLOCK).build().mint(UserId.of("bob"));
        String hmacToken = minter().keyId("hmac-1").build().mint(UserId.of("carol"));
        String unknownKid = minter().keyId("hmac-2").build().mint(UserId.of("carol"));
        String wrongKid = JwtTokens.builder().hmacSecret(SECRET_32, Algorithm.HS256).keyId("rsa-1").clock(CLOCK)
                .build().mint(UserId.of("mallory"));

        assertEquals(UserId.of("bob"), accepted(auth.authenticate(rsaToken)).userId());
        assertEquals(UserId.of("carol"), accepted(auth.authenticate(hmacToken)).userId());
        refused(auth.authenticate(unknownKid), unknownKid, "no configured key has the token's key id \"hmac-2\"");
        refused(auth.authenticate(wrongKid), wrongKid, "token algorithm HS256 does not match the key's RS256");
    }

    @Test
    void R1_2_everyKeyPinnedToTheTokensAlgorithmIsTriedWhenThereIsNoKeyId() {
        // rotating a secret: old and new both valid for a while
        JwtAuthenticator auth = JwtAuthenticator.builder().clock(CLOCK)
                .hmacSecret(OTHER_SECRET_32, Algorithm.HS256)
                .publicKey(RSA.getPublic(), Algorithm.RS256)
                .hmacSecret(SECRET_32, Algorithm.HS256)
                .build();
        String token = minter().build().mint(UserId.of("alice"));
        String es256 = JwtTokens.builder().privateKey(EC.getPrivate(), Algorithm.ES256).clock(CLOCK).build()
                .mint(UserId.of("alice"));

        assertEquals(UserId.of("alice"), accepted(auth.authenticate(token)).userId());
        refused(auth.authenticate(es256), es256, "matches none of the keys' algorithms [HS256, RS256]");
    }

    // ---- R1.4: user id and display name ----

    @Test
    void R1_4_subIsAStringUserId() {
        Principal principal = accepted(HS256_AUTH.authenticate(hs256(payload("\"sub\":\"42\""))));

        assertEquals("42", principal.userId().value());
        assertFalse(principal.userId().numeric());
    }

    @Test
    void R1_4_numericUserIdClaimWithoutSubIsANumericUserId() {
        // what Django REST framework simplejwt issues
        String token = hs256("{\"token_type\":\"access\",\"exp\":" + (NOW.getEpochSecond() + 300) + ",\"iat\":"
                + NOW.getEpochSecond() + ",\"jti\":\"0f3d5b0c9a2e4f7e8d1c6b5a4f3e2d1c\",\"user_id\":42}");

        Principal principal = accepted(HS256_AUTH.authenticate(token));

        assertEquals(UserId.of(42), principal.userId());
        assertTrue(principal.userId().numeric(), "echoed as a JSON number");
        assertEquals("42", principal.displayName());
    }

    @Test
    void R1_4_stringUserIdClaimIsAStringUserId() {
        Principal principal = accepted(HS256_AUTH.authenticate(hs256(payload("\"user_id\":\"u-7\""))));

        assertEquals(new UserId("u-7", false), principal.userId());
        assertFalse(principal.userId().numeric());
    }

    @Test
    void R1_4_subWinsOverUserId() {
        Principal principal = accepted(HS256_AUTH.authenticate(hs256(payload("\"sub\":\"s\",\"user_id\":7"))));

        assertEquals(UserId.of("s"), principal.userId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "9223372036854775807", "-9223372036854775808", "12345678901"})
    void R1_4_wholeNumberUserIdsInThe64BitRangeAreNumeric(String number) {
        Principal principal = accepted(HS256_AUTH.authenticate(hs256(payload("\"user_id\":" + number))));

        assertEquals(number, principal.userId().value());
        assertTrue(principal.userId().numeric());
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.5", "4.0", "1e3", "9223372036854775808", "-9223372036854775809", "true", "[1]",
            "{\"id\":1}"})
    void R1_4_userIdThatIsNotAStringOrA64BitWholeNumberIsRefused(String value) {
        String token = hs256(payload("\"user_id\":" + value));

        refused(HS256_AUTH.authenticate(token), token, "user id claim user_id");
    }

    @Test
    void R1_4_emptyTooLongOrControlCharacterIdsAreRefused() {
        String emptySub = hs256(payload("\"sub\":\"\""));
        String emptyUserId = hs256(payload("\"user_id\":\"\""));
        String tooLong = hs256(payload("\"sub\":\"" + "x".repeat(256) + "\""));
        String control = hs256(payload("\"sub\":\"a\\u0007b\""));

        refused(HS256_AUTH.authenticate(emptySub), emptySub, "names no user");
        refused(HS256_AUTH.authenticate(emptyUserId), emptyUserId, "user id claim user_id is empty");
        refused(HS256_AUTH.authenticate(tooLong), tooLong, "longer than 255 characters");
        refused(HS256_AUTH.authenticate(control), control, "control characters");
        accepted(HS256_AUTH.authenticate(hs256(payload("\"sub\":\"" + "x".repeat(255) + "\""))));
    }

    @Test
    void R1_4_invalidSubIsRefusedRatherThanFallingBackToUserId() {
        String token = hs256(payload("\"sub\":\"a\\nb\",\"user_id\":7"));

        refused(HS256_AUTH.authenticate(token), token, "user id claim sub contains control characters");
    }

    @Test
    void R1_4_emptySubCountsAsAbsentSoUserIdIsUsed() {
        // jjwt reads an empty registered string claim as absent
        Principal principal = accepted(HS256_AUTH.authenticate(hs256(payload("\"sub\":\"\",\"user_id\":7"))));

        assertEquals(UserId.of(7), principal.userId());
    }

    @Test
    void R1_4_tokenWithoutUserIsRefused() {
        String token = hs256(payload("\"username\":\"alice\""));

        refused(HS256_AUTH.authenticate(token), token, "no sub or user_id claim");
    }

    @Test
    void R1_4_numericSubIsRefusedBecauseSubIsAlwaysAString() {
        String token = hs256(payload("\"sub\":42"));

        refused(HS256_AUTH.authenticate(token), token, "malformed");
    }

    @Test
    void R1_4_userIdClaimIsConfigurable() {
        JwtAuthenticator auth = hmac(SECRET_32, Algorithm.HS256).userIdClaims("uid").build();
        String token = hs256(payload("\"sub\":\"ignored\",\"uid\":1001"));
        String withoutUid = hs256(payload("\"sub\":\"alice\""));

        Principal principal = accepted(auth.authenticate(token));

        assertEquals(UserId.of(1001), principal.userId());
        assertTrue(principal.userId().numeric());
        refused(auth.authenticate(withoutUid), withoutUid, "no uid claim");
    }

    @Test
    void R1_4_displayNameIsUsernameElseNameElseTheIdText() {
        Principal both = accepted(HS256_AUTH.authenticate(
                hs256(payload("\"user_id\":7,\"username\":\"ann\",\"name\":\"Ann Smith\""))));
        Principal nameOnly = accepted(HS256_AUTH.authenticate(hs256(payload("\"user_id\":7,\"name\":\"Ann Smith\""))));
        Principal neither = accepted(HS256_AUTH.authenticate(hs256(payload("\"user_id\":7"))));
        Principal unusable = accepted(HS256_AUTH.authenticate(
                hs256(payload("\"user_id\":7,\"username\":12,\"name\":\"  \""))));

        assertEquals("ann", both.displayName());
        assertEquals("Ann Smith", nameOnly.displayName());
        assertEquals("7", neither.displayName());
        assertEquals("7", unusable.displayName());
    }

    // ---- threading ----

    @Test
    void oneAuthenticatorServesManyThreadsAtOnce() throws Exception {
        JwtTokens tokens = minter().userIdClaim("user_id").build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                long id = i;
                results.add(pool.submit(() -> {
                    String token = tokens.mint(UserId.of(id));
                    Authentication good = HS256_AUTH.authenticate(token);
                    Authentication bad = HS256_AUTH.authenticate(token.substring(0, token.length() - 12) + "AAAAAAAAAAAA");
                    return good instanceof Authentication.Authenticated authenticated
                            && authenticated.principal().userId().equals(UserId.of(id))
                            && bad instanceof Authentication.Refused;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static javax.crypto.SecretKey key(byte[] secret) {
        return new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256");
    }
}
