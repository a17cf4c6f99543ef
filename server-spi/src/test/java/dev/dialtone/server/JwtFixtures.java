package dev.dialtone.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.server.spi.Authentication;
import dev.dialtone.server.spi.Principal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Keys, clocks and hand-made tokens shared by the JWT tests. */
final class JwtFixtures {

    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static final byte[] SECRET_32 = bytes(32, 1);
    static final byte[] SECRET_48 = bytes(48, 2);
    static final byte[] SECRET_64 = bytes(64, 3);
    static final byte[] OTHER_SECRET_32 = bytes(32, 9);

    static final KeyPair RSA = keyPair("RSA", 2048);
    static final KeyPair OTHER_RSA = keyPair("RSA", 2048);
    static final KeyPair EC = ecKeyPair("secp256r1");

    private JwtFixtures() {
    }

    static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 31 + i * 7);
        }
        return bytes;
    }

    static KeyPair keyPair(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static KeyPair ecKeyPair(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** The key as PEM text, the way {@code openssl pkey -pubout} writes it (CRLF lines from the MIME encoder). */
    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String unb64(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    /** A token signed by hand with HMAC, so that the header and payload JSON are exactly as written. */
    static String hmacToken(String headerJson, String payloadJson, byte[] secret, String jcaName) {
        String signingInput = b64(headerJson) + "." + b64(payloadJson);
        try {
            Mac mac = Mac.getInstance(jcaName);
            mac.init(new SecretKeySpec(secret, jcaName));
            return signingInput + "." + b64(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** An HS256 token with the given payload JSON, signed with {@link #SECRET_32}. */
    static String hs256(String payloadJson) {
        return hmacToken("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payloadJson, SECRET_32, "HmacSHA256");
    }

    /** A payload with {@code exp} one hour after {@link #NOW} and the given further members (JSON text). */
    static String payload(String members) {
        long exp = NOW.getEpochSecond() + 3600;
        return "{" + members + (members.isEmpty() ? "" : ",") + "\"exp\":" + exp + "}";
    }

    static Principal accepted(Authentication result) {
        return assertInstanceOf(Authentication.Authenticated.class, result, () -> "refused: " + result)
                .principal();
    }

    /**
     * Asserts that {@code result} refuses {@code token} with a reason containing {@code expected} (case-insensitive)
     * and not containing the token or any long part of it.
     */
    static String refused(Authentication result, String token, String expected) {
        Authentication.Refused refused = assertInstanceOf(Authentication.Refused.class, result,
                () -> "accepted: " + result);
        String reason = refused.reason();
        assertTrue(reason.toLowerCase(Locale.ROOT).contains(expected.toLowerCase(Locale.ROOT)),
                () -> "reason \"" + reason + "\" does not mention \"" + expected + "\"");
        assertFalse(reason.isBlank());
        assertTrue(reason.length() < 300, () -> "reason too long: " + reason.length());
        if (token != null && token.length() >= 8) {
            assertFalse(reason.contains(token), "the reason contains the token");
            for (String part : token.split("\\.")) {
                if (part.length() >= 12) {
                    assertFalse(reason.contains(part), "the reason contains a part of the token");
                }
            }
        }
        return reason;
    }
}
