package dev.dialtone.server.internal;

import dev.dialtone.server.JwtAuthenticator.Algorithm;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.MacAlgorithm;
import io.jsonwebtoken.security.SignatureAlgorithm;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * What each {@link Algorithm} needs of its key, and the jjwt algorithm object it maps to. Every check throws an
 * {@link IllegalArgumentException} that says what is wrong with the key, never what the key is.
 */
public final class JwtKeys {

    /** The shortest RSA modulus accepted (RFC 7518 section 3.3). */
    public static final int MIN_RSA_BITS = 2048;

    private static final ECParameterSpec P256 = p256();

    private JwtKeys() {
    }

    /** jjwt's MAC algorithm for an HMAC {@code algorithm}. */
    public static MacAlgorithm mac(Algorithm algorithm) {
        switch (algorithm) {
            case HS256:
                return Jwts.SIG.HS256;
            case HS384:
                return Jwts.SIG.HS384;
            case HS512:
                return Jwts.SIG.HS512;
            default:
                throw new IllegalArgumentException(algorithm + " is not an HMAC algorithm");
        }
    }

    /** jjwt's signature algorithm for a public-key {@code algorithm}. */
    public static SignatureAlgorithm signature(Algorithm algorithm) {
        switch (algorithm) {
            case RS256:
                return Jwts.SIG.RS256;
            case ES256:
                return Jwts.SIG.ES256;
            default:
                throw new IllegalArgumentException(algorithm + " is not a public-key algorithm");
        }
    }

    /** The JCA key algorithm name of a public-key {@code algorithm}'s keys: {@code RSA} or {@code EC}. */
    public static String keyType(Algorithm algorithm) {
        switch (algorithm) {
            case RS256:
                return "RSA";
            case ES256:
                return "EC";
            default:
                return "HMAC secret";
        }
    }

    /** The fewest secret bytes an HMAC {@code algorithm} accepts (RFC 7518 section 3.2: the hash's size). */
    public static int minSecretBytes(Algorithm algorithm) {
        return mac(algorithm).getKeyBitLength() / Byte.SIZE;
    }

    /**
     * An HMAC key for {@code algorithm} from a copy of {@code secret}.
     *
     * @throws IllegalArgumentException if {@code algorithm} is not HMAC or the secret is too short for it
     */
    public static SecretKey hmacKey(byte[] secret, Algorithm algorithm) {
        if (!algorithm.isHmac()) {
            throw new IllegalArgumentException("an HMAC secret is used with HS256, HS384 or HS512, not " + algorithm
                    + "; give " + algorithm + " a public key instead");
        }
        int min = minSecretBytes(algorithm);
        if (secret.length < min) {
            throw new IllegalArgumentException(algorithm + " needs a secret of at least " + min + " bytes ("
                    + (min * Byte.SIZE) + " bits); this one has " + secret.length + " bytes");
        }
        return new SecretKeySpec(secret, "HmacSHA" + algorithm.name().substring(2));
    }

    /**
     * Checks that {@code key} (a public key to verify with, or a private key to sign with) suits public-key
     * {@code algorithm}: an RSA key of at least {@value #MIN_RSA_BITS} bits for RS256, a P-256 key for ES256.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void checkAsymmetric(Key key, Algorithm algorithm) {
        if (algorithm.isHmac()) {
            throw new IllegalArgumentException(algorithm + " uses a shared secret, not a key pair ("
                    + key.getAlgorithm() + "); give it an HMAC secret instead");
        }
        String wanted = keyType(algorithm);
        if (!wanted.equals(key.getAlgorithm())) {
            throw new IllegalArgumentException(algorithm + " needs an " + wanted + " key; this key is "
                    + key.getAlgorithm());
        }
        if (algorithm == Algorithm.RS256) {
            int bits = key instanceof RSAKey ? ((RSAKey) key).getModulus().bitLength() : 0;
            if (bits < MIN_RSA_BITS) {
                throw new IllegalArgumentException("RS256 needs an RSA key of at least " + MIN_RSA_BITS
                        + " bits; this one has " + bits);
            }
        } else if (!(key instanceof ECKey) || !isP256(((ECKey) key).getParams())) {
            throw new IllegalArgumentException("ES256 needs an EC key on the P-256 curve (secp256r1)");
        }
    }

    private static boolean isP256(ECParameterSpec params) {
        return params != null
                && params.getCurve().equals(P256.getCurve())
                && params.getGenerator().equals(P256.getGenerator())
                && params.getOrder().equals(P256.getOrder())
                && params.getCofactor() == P256.getCofactor();
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no P-256 (secp256r1) curve", e);
        }
    }
}
