package dev.dialtone.server;

import dev.dialtone.server.internal.JwtClaimsCheck;
import dev.dialtone.server.internal.JwtHeader;
import dev.dialtone.server.internal.JwtJson;
import dev.dialtone.server.internal.JwtKeyFormats;
import dev.dialtone.server.internal.JwtKeyFormats.KeyWithId;
import dev.dialtone.server.internal.JwtKeys;
import dev.dialtone.server.internal.JwtRefusal;
import dev.dialtone.server.internal.JwtText;
import dev.dialtone.server.internal.JwtVerifier;
import dev.dialtone.server.spi.Authentication;
import dev.dialtone.server.spi.Authenticator;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.io.Deserializer;
import io.jsonwebtoken.security.SignatureException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * An {@link Authenticator} for signed JSON Web Tokens (JWS, compact form), the credential of protocol rules R1.1,
 * R1.2 and R1.4.
 *
 * <p>Each key is <em>pinned</em> to one {@link Algorithm}: a token is only ever checked with a key whose algorithm is
 * exactly the token's {@code alg}. Unsigned tokens ({@code alg} {@code none}), encrypted tokens, tokens whose
 * algorithm is not a configured key's (such as an HS256 token "signed" with an RSA public key's bytes, the classic
 * key-confusion attack), and tokens whose signature does not verify are refused. So are tokens past {@code exp} or
 * before {@code nbf} (both with a {@linkplain Builder#clockSkew clock skew}), tokens without {@code exp} unless the
 * builder {@linkplain Builder#requireExpiry allows them}, and tokens whose {@code iss} or {@code aud} is not the
 * required one when one is required.
 *
 * <p>The user id is the first present of the {@linkplain Builder#userIdClaims user id claims} (by default {@code sub},
 * then {@code user_id} as Django's simplejwt writes it) and keeps the claim's JSON type: a JSON integer becomes a
 * numeric {@link dev.dialtone.protocol.UserId} (64-bit; fractions are refused), a string a string one ({@code sub} is
 * always a string). The display name is {@code username}, else {@code name}, else the id's text; the principal
 * expires at {@code exp}.
 *
 * <p>{@link #authenticate} never throws for a bad token: it returns {@link Authentication.Refused} with a short
 * reason for the server log ({@code "token expired 42 s ago"}, {@code "signature does not verify"}, ...). The reason
 * never contains the token; values taken from the token (issuer, audience, algorithm, key id) are quoted, shortened
 * and stripped of control characters.
 *
 * <p>Instances are immutable and thread-safe; build them once with {@link #builder()} and share them.
 */
public final class JwtAuthenticator implements Authenticator {

    /** The longest token accepted, in characters; longer ones are refused without being parsed. */
    public static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final List<JwtVerifier> verifiers;
    private final JwtClaimsCheck claimsCheck;
    private final Deserializer<Map<String, ?>> json;
    private final Clock clock;
    private final Duration clockSkew;

    private JwtAuthenticator(List<JwtVerifier> verifiers, JwtClaimsCheck claimsCheck,
            Deserializer<Map<String, ?>> json, Clock clock, Duration clockSkew) {
        this.verifiers = List.copyOf(verifiers);
        this.claimsCheck = claimsCheck;
        this.json = json;
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    /** A new builder; at least one key must be given before {@link Builder#build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Verifies {@code token} and returns the principal it names, or the reason it is refused. Never throws for a bad
     * token.
     *
     * @param token the compact JWS as the client sent it (without any {@code Bearer } prefix); null is refused
     * @return {@link Authentication.Authenticated} or {@link Authentication.Refused}, never null
     */
    @Override
    public Authentication authenticate(String token) {
        try {
            return new Authentication.Authenticated(claimsCheck.principalOf(verifiedClaims(token)));
        } catch (JwtRefusal refusal) {
            return new Authentication.Refused(refusal.reason());
        }
    }

    private Claims verifiedClaims(String token) {
        checkShape(token);
        JwtHeader header = JwtHeader.of(token, json);
        if ("none".equalsIgnoreCase(header.algorithm())) {
            throw new JwtRefusal("algorithm none is not accepted: the token is unsigned");
        }
        if (token.endsWith(".")) {
            throw new JwtRefusal("token has no signature");
        }
        boolean signatureFailed = false;
        for (JwtVerifier verifier : candidates(header)) {
            try {
                return verifier.verify(token).getPayload();
            } catch (SignatureException e) {
                signatureFailed = true; // another key with the same algorithm may still verify it
            } catch (ExpiredJwtException e) {
                throw new JwtRefusal("token expired " + secondsBetween(e.getClaims().getExpiration(), now())
                        + " s ago (allowed clock skew " + clockSkew.getSeconds() + " s)");
            } catch (PrematureJwtException e) {
                throw new JwtRefusal("token is not valid yet: nbf is "
                        + secondsBetween(now(), e.getClaims().getNotBefore()) + " s from now (allowed clock skew "
                        + clockSkew.getSeconds() + " s)");
            } catch (MalformedJwtException e) {
                throw new JwtRefusal("token is malformed (its payload or claims cannot be read)");
            } catch (UnsupportedJwtException e) {
                throw new JwtRefusal("token payload is not a JSON claims set");
            } catch (io.jsonwebtoken.security.SecurityException e) {
                throw new JwtRefusal("the key cannot verify this token");
            } catch (JwtException | IllegalArgumentException e) {
                throw new JwtRefusal("token refused by the JWT parser (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (signatureFailed) {
            throw new JwtRefusal("signature does not verify");
        }
        throw new AssertionError("candidates() refuses when no key fits");
    }

    private static void checkShape(String token) {
        if (token == null || token.isEmpty()) {
            throw new JwtRefusal("token is empty");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new JwtRefusal("token is too long (" + token.length() + " characters; at most " + MAX_TOKEN_LENGTH
                    + ")");
        }
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!isBase64Url(c)) {
                throw new JwtRefusal("not a JWT: it has characters outside base64url");
            }
        }
        if (dots == 4) {
            throw new JwtRefusal("encrypted tokens (JWE) are not accepted");
        }
        if (dots != 2) {
            throw new JwtRefusal("not a JWT: a signed JWT has 3 dot-separated parts, this has " + (dots + 1));
        }
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** The keys to try for {@code header}, best first, all pinned to its algorithm; refuses if there are none. */
    private List<JwtVerifier> candidates(JwtHeader header) {
        List<JwtVerifier> byId = new ArrayList<>();
        if (header.keyId() != null) {
            for (JwtVerifier verifier : verifiers) {
                if (header.keyId().equals(verifier.keyId())) {
                    byId.add(verifier);
                }
            }
        }
        for (JwtVerifier verifier : verifiers) {
            if (header.keyId() == null || verifier.keyId() == null) {
                byId.add(verifier);
            }
        }
        if (byId.isEmpty()) {
            throw new JwtRefusal("no configured key has the token's key id " + JwtText.quote(header.keyId()));
        }
        List<JwtVerifier> byAlgorithm = byId.stream()
                .filter(verifier -> verifier.algorithm().name().equals(header.algorithm()))
                .collect(Collectors.toList());
        if (byAlgorithm.isEmpty()) {
            Set<Algorithm> pinned = byId.stream().map(JwtVerifier::algorithm)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            throw new JwtRefusal("token algorithm " + JwtText.name(header.algorithm())
                    + (pinned.size() == 1 ? " does not match the key's " + pinned.iterator().next()
                            : " matches none of the keys' algorithms " + pinned));
        }
        return byAlgorithm;
    }

    private Instant now() {
        return clock.instant();
    }

    private static long secondsBetween(Date from, Instant to) {
        return Duration.between(from.toInstant(), to).getSeconds();
    }

    private static long secondsBetween(Instant from, Date to) {
        return Duration.between(from, to.toInstant()).getSeconds();
    }

    /** Describes the configuration (algorithms, key ids, required claims); never any key material. */
    @Override
    public String toString() {
        return "JwtAuthenticator[keys=" + verifiers + ", " + claimsCheck + ", clockSkew=" + clockSkew + "]";
    }

    /**
     * The signature algorithms a key may be pinned to. Each key accepts tokens of exactly one of them.
     */
    public enum Algorithm {

        /** HMAC with SHA-256; a shared secret of at least 32 bytes. */
        HS256,

        /** HMAC with SHA-384; a shared secret of at least 48 bytes. */
        HS384,

        /** HMAC with SHA-512; a shared secret of at least 64 bytes. */
        HS512,

        /** RSASSA-PKCS1-v1_5 with SHA-256; an RSA key of at least 2048 bits. */
        RS256,

        /** ECDSA on the P-256 curve with SHA-256. */
        ES256;

        /** Whether this algorithm uses a shared secret (HMAC) rather than a key pair. */
        public boolean isHmac() {
            return this == HS256 || this == HS384 || this == HS512;
        }
    }

    /**
     * Configures a {@link JwtAuthenticator}. Key material is checked by {@link #build()}, which names what is wrong
     * or missing; other arguments are checked at once. Every method returns this builder; arguments are never null
     * unless stated otherwise.
     *
     * <p>Not thread-safe: configure it on one thread. The authenticators it builds do not change when it is used
     * again.
     */
    public static final class Builder {

        private final List<KeySource> keys = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private Duration clockSkew = Duration.ofSeconds(30);
        private boolean requireExpiry = true;
        private String issuer;
        private String audience;
        private List<String> userIdClaims = List.of("sub", "user_id");

        private Builder() {
        }

        /**
         * Adds an HMAC secret.
         *
         * @param secret the secret's bytes (copied); at least 32, 48 or 64 bytes for HS256, HS384, HS512
         * @param algorithm HS256, HS384 or HS512: the only algorithm accepted with this secret
         */
        public Builder hmacSecret(byte[] secret, Algorithm algorithm) {
            return hmacSecret(null, secret, algorithm);
        }

        /**
         * Adds an HMAC secret given as text; its UTF-8 bytes are the secret.
         *
         * @param secret the secret (as in a Django {@code SIGNING_KEY} setting)
         * @param algorithm HS256, HS384 or HS512: the only algorithm accepted with this secret
         */
        public Builder hmacSecret(String secret, Algorithm algorithm) {
            return hmacSecret(null, Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8),
                    algorithm);
        }

        /**
         * Adds an HMAC secret with a key id.
         *
         * @param keyId the {@code kid} tokens name this key by; null for a key any token may be checked with
         * @param secret the secret's bytes (copied)
         * @param algorithm HS256, HS384 or HS512: the only algorithm accepted with this secret
         */
        public Builder hmacSecret(String keyId, byte[] secret, Algorithm algorithm) {
            byte[] copy = Objects.requireNonNull(secret, "secret").clone();
            Objects.requireNonNull(algorithm, "algorithm");
            checkKeyId(keyId);
            keys.add(new KeySource(keyId, algorithm, "HMAC secret",
                    () -> new KeyWithId(JwtKeys.hmacKey(copy, algorithm), keyId)));
            return this;
        }

        /**
         * Adds a public key given as PEM text ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo).
         *
         * @param pem the PEM text, one key
         * @param algorithm RS256 (an RSA key) or ES256 (a P-256 key): the only algorithm accepted with this key
         */
        public Builder publicKeyPem(String pem, Algorithm algorithm) {
            return publicKeyPem(null, pem, algorithm);
        }

        /**
         * Adds a public key given as PEM text, with a key id.
         *
         * @param keyId the {@code kid} tokens name this key by; null for a key any token may be checked with
         * @param pem the PEM text, one key
         * @param algorithm RS256 or ES256: the only algorithm accepted with this key
         */
        public Builder publicKeyPem(String keyId, String pem, Algorithm algorithm) {
            Objects.requireNonNull(pem, "pem");
            Objects.requireNonNull(algorithm, "algorithm");
            checkKeyId(keyId);
            keys.add(new KeySource(keyId, algorithm, "PEM public key",
                    () -> new KeyWithId(JwtKeyFormats.fromPem(pem, algorithm), keyId)));
            return this;
        }

        /**
         * Adds a public key given as a JWK (JSON Web Key) JSON object; its {@code kid}, if any, is the key id. A JWK
         * whose {@code alg} is another algorithm, whose {@code use} is not {@code sig}, or that holds private or
         * secret parts is refused.
         *
         * @param jwkJson the JWK's JSON text, one key (not a key set)
         * @param algorithm RS256 or ES256: the only algorithm accepted with this key
         */
        public Builder publicKeyJwk(String jwkJson, Algorithm algorithm) {
            Objects.requireNonNull(jwkJson, "jwkJson");
            Objects.requireNonNull(algorithm, "algorithm");
            keys.add(new KeySource(null, algorithm, "JWK", () -> JwtKeyFormats.fromJwk(jwkJson, algorithm)));
            return this;
        }

        /**
         * Adds a public key.
         *
         * @param key an RSA key for RS256 or a P-256 EC key for ES256
         * @param algorithm the only algorithm accepted with this key
         */
        public Builder publicKey(PublicKey key, Algorithm algorithm) {
            return publicKey(null, key, algorithm);
        }

        /**
         * Adds a public key with a key id.
         *
         * @param keyId the {@code kid} tokens name this key by; null for a key any token may be checked with
         * @param key an RSA key for RS256 or a P-256 EC key for ES256
         * @param algorithm the only algorithm accepted with this key
         */
        public Builder publicKey(String keyId, PublicKey key, Algorithm algorithm) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(algorithm, "algorithm");
            checkKeyId(keyId);
            keys.add(new KeySource(keyId, algorithm, "public key", () -> {
                JwtKeys.checkAsymmetric(key, algorithm);
                return new KeyWithId(key, keyId);
            }));
            return this;
        }

        /** Requires {@code iss} to be exactly {@code issuer}. By default any issuer, or none, is accepted. */
        public Builder requireIssuer(String issuer) {
            this.issuer = requireText(issuer, "issuer");
            return this;
        }

        /**
         * Requires {@code aud} (a string or an array of strings) to be or contain {@code audience}. By default any
         * audience, or none, is accepted.
         */
        public Builder requireAudience(String audience) {
            this.audience = requireText(audience, "audience");
            return this;
        }

        /**
         * Whether tokens without {@code exp} are refused. Default true: such a token would hold a connection forever
         * (R1.8). A principal from a token without {@code exp} has a null {@code expiresAt}.
         */
        public Builder requireExpiry(boolean requireExpiry) {
            this.requireExpiry = requireExpiry;
            return this;
        }

        /**
         * How far {@code exp} and {@code nbf} may be off the clock. Default 30 seconds.
         *
         * @param clockSkew zero or more whole seconds
         */
        public Builder clockSkew(Duration clockSkew) {
            Objects.requireNonNull(clockSkew, "clockSkew");
            if (clockSkew.isNegative() || clockSkew.getNano() != 0 || clockSkew.getSeconds() > Long.MAX_VALUE / 1000) {
                throw new IllegalArgumentException("clock skew is zero or more whole seconds: " + clockSkew);
            }
            this.clockSkew = clockSkew;
            return this;
        }

        /** The clock {@code exp} and {@code nbf} are checked against. Default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The claims the user id is read from, in order: the first one present in a token is used (an invalid value
         * there refuses the token; a later claim is not tried). Default {@code sub}, then {@code user_id}.
         *
         * @param claims one or more distinct claim names
         */
        public Builder userIdClaims(String... claims) {
            Objects.requireNonNull(claims, "claims");
            if (claims.length == 0) {
                throw new IllegalArgumentException("give at least one user id claim");
            }
            List<String> names = new ArrayList<>();
            for (String claim : claims) {
                names.add(requireText(claim, "user id claim"));
            }
            if (new HashSet<>(names).size() != names.size()) {
                throw new IllegalArgumentException("user id claims repeat a name: " + Arrays.toString(claims));
            }
            this.userIdClaims = List.copyOf(names);
            return this;
        }

        /**
         * The authenticator.
         *
         * @throws IllegalStateException if no key was given, or two keys share a key id
         * @throws IllegalArgumentException if a key does not suit its algorithm (an HMAC secret shorter than the
         *     algorithm needs, an RSA key for ES256, unreadable PEM or JWK, ...); the message names the key
         */
        public JwtAuthenticator build() {
            if (keys.isEmpty()) {
                throw new IllegalStateException("JwtAuthenticator needs at least one key: call hmacSecret, "
                        + "publicKeyPem, publicKeyJwk or publicKey");
            }
            Deserializer<Map<String, ?>> json = JwtJson.deserializer();
            io.jsonwebtoken.Clock jwtClock = new JjwtClock(clock);
            List<JwtVerifier> verifiers = new ArrayList<>();
            Set<String> keyIds = new HashSet<>();
            for (int i = 0; i < keys.size(); i++) {
                KeySource source = keys.get(i);
                KeyWithId made;
                try {
                    made = source.maker.get();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(describe(i, source) + ": " + e.getMessage(), e);
                }
                if (made.keyId() != null && !keyIds.add(made.keyId())) {
                    throw new IllegalStateException("two keys have the key id " + JwtText.quote(made.keyId())
                            + "; key ids must be unique");
                }
                verifiers.add(new JwtVerifier(made.keyId(), source.algorithm, made.key(), jwtClock,
                        clockSkew.getSeconds(), json));
            }
            return new JwtAuthenticator(verifiers, new JwtClaimsCheck(requireExpiry, issuer, audience, userIdClaims),
                    json, clock, clockSkew);
        }

        private static String describe(int index, KeySource source) {
            return "key #" + (index + 1) + " (" + source.kind + " for " + source.algorithm
                    + (source.keyId == null ? "" : ", kid " + JwtText.quote(source.keyId)) + ")";
        }

        private static void checkKeyId(String keyId) {
            if (keyId != null && keyId.isEmpty()) {
                throw new IllegalArgumentException("a key id is not empty (give null for a key without id)");
            }
        }

        private static String requireText(String value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isEmpty()) {
                throw new IllegalArgumentException(what + " is empty");
            }
            return value;
        }
    }

    /** A key as given to the builder; {@link Builder#build()} reads and checks its material with {@code maker}. */
    private static final class KeySource {

        final String keyId;
        final Algorithm algorithm;
        final String kind;
        final Supplier<KeyWithId> maker;

        KeySource(String keyId, Algorithm algorithm, String kind, Supplier<KeyWithId> maker) {
            this.keyId = keyId;
            this.algorithm = algorithm;
            this.kind = kind;
            this.maker = maker;
        }
    }

    /** jjwt's clock, read from the injected {@link Clock}. */
    private static final class JjwtClock implements io.jsonwebtoken.Clock {

        private final Clock clock;

        JjwtClock(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Date now() {
            return Date.from(clock.instant());
        }
    }
}
