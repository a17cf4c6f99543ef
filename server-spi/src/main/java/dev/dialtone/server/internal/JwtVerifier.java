package dev.dialtone.server.internal;

import dev.dialtone.server.JwtAuthenticator.Algorithm;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Clock;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.io.Deserializer;
import java.security.Key;
import java.util.Map;
import java.util.Objects;

/**
 * One configured verification key, pinned to one algorithm, with its own jjwt parser. The parser's key locator hands
 * jjwt the key only when jjwt's own reading of the header names exactly the pinned algorithm (and, when both name one,
 * the same key id); otherwise it refuses. This is what defeats key confusion (an HS256 token "signed" with an RSA
 * public key's bytes) and algorithm substitution, independently of the header pre-check in {@link JwtHeader}.
 *
 * <p>Immutable and thread-safe: jjwt parsers are.
 */
public final class JwtVerifier {

    private final String keyId;
    private final Algorithm algorithm;
    private final JwtParser parser;

    /**
     * A verifier for {@code key}, which has been checked against {@code algorithm}.
     *
     * @param keyId the key's id, or null for a key that any {@code kid} (or none) may select
     * @param algorithm the only algorithm accepted with this key
     * @param key the HMAC secret or public key
     * @param clock jjwt's view of the injected clock
     * @param clockSkewSeconds leeway for {@code exp} and {@code nbf}
     * @param json the JSON reader shared with {@link JwtHeader}
     */
    public JwtVerifier(String keyId, Algorithm algorithm, Key key, Clock clock, long clockSkewSeconds,
            Deserializer<Map<String, ?>> json) {
        this.keyId = keyId;
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.parser = Jwts.parser()
                .keyLocator(new PinnedKeyLocator(keyId, algorithm, Objects.requireNonNull(key, "key")))
                .clock(clock)
                .clockSkewSeconds(clockSkewSeconds)
                .json(json)
                .build();
    }

    /** The key's id, or null. */
    public String keyId() {
        return keyId;
    }

    /** The algorithm this key is pinned to. */
    public Algorithm algorithm() {
        return algorithm;
    }

    /**
     * Verifies {@code token}'s signature with this key and its {@code exp} and {@code nbf} against the clock.
     *
     * @return the verified token
     * @throws JwtRefusal if jjwt's header names another algorithm or key id
     * @throws io.jsonwebtoken.JwtException and {@link IllegalArgumentException} as jjwt's parser throws them
     */
    public Jws<Claims> verify(String token) {
        return parser.parseSignedClaims(token);
    }

    @Override
    public String toString() {
        return keyId == null ? algorithm.name() : algorithm + " (kid " + JwtText.quote(keyId) + ")";
    }

    private static final class PinnedKeyLocator extends LocatorAdapter<Key> {

        private final String keyId;
        private final Algorithm algorithm;
        private final Key key;

        PinnedKeyLocator(String keyId, Algorithm algorithm, Key key) {
            this.keyId = keyId;
            this.algorithm = algorithm;
            this.key = key;
        }

        @Override
        protected Key locate(JwsHeader header) {
            String alg = header.getAlgorithm();
            if (!algorithm.name().equals(alg)) {
                throw new JwtRefusal("token algorithm " + JwtText.name(alg) + " does not match the key's "
                        + algorithm);
            }
            String tokenKeyId = header.getKeyId();
            if (keyId != null && tokenKeyId != null && !keyId.equals(tokenKeyId)) {
                throw new JwtRefusal("token key id " + JwtText.quote(tokenKeyId) + " is not this key's");
            }
            return key;
        }
    }
}
