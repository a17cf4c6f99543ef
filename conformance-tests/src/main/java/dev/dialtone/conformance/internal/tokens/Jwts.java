package dev.dialtone.conformance.internal.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dialtone.conformance.internal.wire.Json;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints the kit's tokens: valid ones with jjwt, and the hostile ones of R1.2 by hand (an unsigned token, a tampered
 * payload, an HS256 token keyed with the server's public key, ...), since a careful JWT library refuses to make them.
 */
public final class Jwts {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Jwts() {
    }

    /** The JWS algorithm the kit signs with for this key: HS256, RS256 or ES256. */
    public static String algorithmOf(Key key) {
        if (key instanceof SecretKey) {
            return "HS256";
        }
        if (key instanceof RSAPrivateKey) {
            return "RS256";
        }
        if (key instanceof ECPrivateKey) {
            return "ES256";
        }
        throw new IllegalArgumentException("cannot sign with a " + key.getAlgorithm() + " key");
    }

    /** A token with these claims, signed with {@code key} (its algorithm from {@link #algorithmOf}). */
    public static String sign(Key key, Map<String, Object> claims) {
        JwtBuilder builder = io.jsonwebtoken.Jwts.builder().header().add("typ", "JWT").and();
        claims.forEach((name, value) -> {
            if (value instanceof Instant instant) {
                builder.claim(name, instant.getEpochSecond());
            } else {
                builder.claim(name, value);
            }
        });
        return builder.signWith(key, digest(key)).compact();
    }

    @SuppressWarnings("unchecked")
    private static SecureDigestAlgorithm<Key, ?> digest(Key key) {
        Object algorithm = switch (algorithmOf(key)) {
            case "HS256" -> io.jsonwebtoken.Jwts.SIG.HS256;
            case "RS256" -> io.jsonwebtoken.Jwts.SIG.RS256;
            default -> io.jsonwebtoken.Jwts.SIG.ES256;
        };
        return (SecureDigestAlgorithm<Key, ?>) algorithm;
    }

    /** {@code alg: none}: the claims with an empty signature. */
    public static String unsigned(Map<String, Object> claims) {
        return encode(Map.of("alg", "none", "typ", "JWT")) + "." + encode(claims) + ".";
    }

    /** An HS256 token keyed with arbitrary bytes (for example the server's public key text). */
    public static String hs256(byte[] secret, Map<String, Object> claims) {
        String signingInput = encode(orderedHeader("HS256")) + "." + encode(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RS256 token signed with a key of the kit's own that the server has never seen. */
    public static String signedWithStrangeRsaKey(Map<String, Object> claims) {
        return sign(strangeRsaKey(), claims);
    }

    /** A token signed like {@code key} would sign it, but with another key of the same kind. */
    public static String signedWithAnotherKey(Key key, Map<String, Object> claims) {
        String algorithm = algorithmOf(key);
        if (algorithm.equals("HS256")) {
            byte[] other = new byte[32];
            RANDOM.nextBytes(other);
            return sign(new SecretKeySpec(other, "HmacSHA256"), claims);
        }
        return sign(algorithm.equals("RS256") ? StrangeKeys.RSA : StrangeKeys.EC, claims);
    }

    /** One RSA key of the kit's own per JVM: generating 2048-bit keys is slow. */
    private static PrivateKey strangeRsaKey() {
        return StrangeKeys.RSA;
    }

    private static final class StrangeKeys {
        static final PrivateKey RSA = generate("RSA");
        static final PrivateKey EC = generate("EC");

        private static PrivateKey generate(String type) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
                if (type.equals("RSA")) {
                    generator.initialize(2048);
                } else {
                    generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
                }
                KeyPair pair = generator.generateKeyPair();
                return pair.getPrivate();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The same header and signature, with the payload replaced: the signature no longer fits. */
    public static String withPayload(String token, Map<String, Object> claims) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS");
        }
        return parts[0] + "." + encode(claims) + "." + parts[2];
    }

    /** The claims of a compact JWS, unverified; empty if they cannot be read. */
    public static Map<String, Object> claimsOf(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length < 2) {
            return Map.of();
        }
        try {
            JsonNode payload = Json.MAPPER.readTree(B64D.decode(parts[1]));
            if (!(payload instanceof ObjectNode object)) {
                return Map.of();
            }
            Map<String, Object> claims = new LinkedHashMap<>();
            object.properties().forEach(member -> claims.put(member.getKey(), member.getValue()));
            return claims;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Map.of();
        }
    }

    private static Map<String, Object> orderedHeader(String algorithm) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", algorithm);
        header.put("typ", "JWT");
        return header;
    }

    private static String encode(Map<String, Object> json) {
        ObjectNode node = Json.object();
        json.forEach((name, value) -> {
            if (value instanceof Instant instant) {
                node.put(name, instant.getEpochSecond());
            } else {
                node.set(name, Json.MAPPER.valueToTree(value));
            }
        });
        return B64.encodeToString(Json.write(node).getBytes(StandardCharsets.UTF_8));
    }
}
