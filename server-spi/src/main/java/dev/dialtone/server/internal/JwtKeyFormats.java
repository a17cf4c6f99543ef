package dev.dialtone.server.internal;

import dev.dialtone.server.JwtAuthenticator.Algorithm;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads public keys from the text forms servers are given them in: PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509
 * SubjectPublicKeyInfo, decoded by the JDK's {@link KeyFactory}) and JWK JSON (read by jjwt's {@link Jwks} parser).
 * Errors say what is wrong with the text and never echo it.
 */
public final class JwtKeyFormats {

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private JwtKeyFormats() {
    }

    /**
     * A public key for {@code algorithm} from one PEM block.
     *
     * @throws IllegalArgumentException if the text is not one {@code PUBLIC KEY} PEM block holding a key that suits
     *     {@code algorithm}
     */
    public static PublicKey fromPem(String pem, Algorithm algorithm) {
        if (algorithm.isHmac()) {
            throw new IllegalArgumentException(algorithm + " uses a shared secret, not a public key; give it an HMAC"
                    + " secret instead");
        }
        if (pem.contains("PRIVATE KEY-----")) {
            throw new IllegalArgumentException("this PEM holds a private key; give the public key"
                    + " (" + BEGIN + ") and keep the private key away from the server");
        }
        if (pem.contains("-----BEGIN RSA PUBLIC KEY-----")) {
            throw new IllegalArgumentException("PKCS#1 PEM (-----BEGIN RSA PUBLIC KEY-----) is not supported; convert"
                    + " it to X.509 SubjectPublicKeyInfo (" + BEGIN + "), e.g. with"
                    + " 'openssl rsa -RSAPublicKey_in -in key.pem -pubout'");
        }
        int begin = pem.indexOf(BEGIN);
        int end = begin < 0 ? -1 : pem.indexOf(END, begin);
        if (begin < 0 || end < 0) {
            throw new IllegalArgumentException("not a PEM public key: expected " + BEGIN + " ... " + END);
        }
        if (pem.indexOf(BEGIN, end) >= 0) {
            throw new IllegalArgumentException("the PEM text holds more than one public key; give one per key");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(pem.substring(begin + BEGIN.length(), end).replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM public key's body is not valid base64");
        }
        PublicKey key = decode(der, JwtKeys.keyType(algorithm));
        if (key == null) {
            String other = algorithm == Algorithm.RS256 ? "EC" : "RSA";
            if (decode(der, other) != null) {
                throw new IllegalArgumentException(algorithm + " needs an " + JwtKeys.keyType(algorithm)
                        + " key; the PEM holds an " + other + " key");
            }
            throw new IllegalArgumentException("the PEM does not hold an X.509 SubjectPublicKeyInfo public key the"
                    + " JDK can read");
        }
        JwtKeys.checkAsymmetric(key, algorithm);
        return key;
    }

    /**
     * A public key for {@code algorithm} from a JWK's JSON, with the JWK's key id.
     *
     * @throws IllegalArgumentException if the JSON is not a public JWK for a signature key that suits
     *     {@code algorithm}, or the JWK names another algorithm
     */
    public static KeyWithId fromJwk(String json, Algorithm algorithm) {
        if (algorithm.isHmac()) {
            throw new IllegalArgumentException(algorithm + " uses a shared secret, not a public JWK; give it an HMAC"
                    + " secret instead");
        }
        Jwk<?> jwk;
        try {
            jwk = Jwks.parser().json(JwtJson.deserializer()).build().parse(json);
        } catch (JwtException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the JWK cannot be read: " + e.getMessage(), e);
        }
        if (!(jwk instanceof PublicJwk)) {
            throw new IllegalArgumentException("the JWK is not a public key (kty " + jwk.getType() + ", with private"
                    + " or secret parts); give the public JWK only");
        }
        PublicJwk<?> publicJwk = (PublicJwk<?>) jwk;
        if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().equals(algorithm.name())) {
            throw new IllegalArgumentException("the JWK says alg " + jwk.getAlgorithm() + " but it is pinned to "
                    + algorithm);
        }
        if (publicJwk.getPublicKeyUse() != null && !"sig".equals(publicJwk.getPublicKeyUse())) {
            throw new IllegalArgumentException("the JWK's use is " + publicJwk.getPublicKeyUse()
                    + ", not sig: it is not a signature key");
        }
        PublicKey key = publicJwk.toKey();
        JwtKeys.checkAsymmetric(key, algorithm);
        return new KeyWithId(key, jwk.getId());
    }

    private static PublicKey decode(byte[] der, String keyType) {
        try {
            return KeyFactory.getInstance(keyType).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A key with its id.
     *
     * @param key the key
     * @param keyId its id ({@code kid}), or null
     */
    public record KeyWithId(Key key, String keyId) {
    }
}
