package dev.dialtone.server;

import dev.dialtone.protocol.UserId;
import dev.dialtone.server.JwtAuthenticator.Algorithm;
import dev.dialtone.server.internal.JwtKeys;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * Mints signed tokens that a {@link JwtAuthenticator} with the matching key accepts: for tests, demos and the
 * launcher's {@code token} command. Production servers usually get their tokens from their own login system.
 *
 * <p>Every token carries {@code iat}, the user id claim, optionally a display name claim, {@code exp} (unless
 * {@linkplain Builder#noExpiry() turned off}), and {@code iss} and {@code aud} when configured. It is signed with the
 * configured algorithm named explicitly, never one guessed from the key.
 *
 * <p>Immutable and thread-safe.
 */
public final class JwtTokens {

    private final Algorithm algorithm;
    private final SecretKey secret;
    private final PrivateKey privateKey;
    private final String keyId;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;
    private final String userIdClaim;
    private final String nameClaim;

    private JwtTokens(Builder builder, SecretKey secret, PrivateKey privateKey) {
        this.algorithm = builder.algorithm;
        this.secret = secret;
        this.privateKey = privateKey;
        this.keyId = builder.keyId;
        this.issuer = builder.issuer;
        this.audience = builder.audience;
        this.ttl = builder.ttl;
        this.clock = builder.clock;
        this.userIdClaim = builder.userIdClaim;
        this.nameClaim = builder.nameClaim;
    }

    /** A new builder; a key must be given before {@link Builder#build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A token for {@code user} without a display name claim.
     *
     * @param user the user; a numeric id is written as a JSON number unless the user id claim is {@code sub}
     * @return the compact signed token
     * @throws IllegalArgumentException if {@code user} is numeric and outside the 64-bit range (R1.5)
     */
    public String mint(UserId user) {
        return mint(user, null);
    }

    /**
     * A token for {@code user}.
     *
     * @param user the user; a numeric id is written as a JSON number unless the user id claim is {@code sub}, which
     *     is always a string
     * @param displayName written to the name claim ({@code username} by default); null for none
     * @return the compact signed token
     * @throws IllegalArgumentException if {@code user} is numeric and outside the 64-bit range (R1.5)
     */
    public String mint(UserId user, String displayName) {
        Objects.requireNonNull(user, "user");
        Instant now = clock.instant();
        JwtBuilder token = Jwts.builder().claim(userIdClaim, userIdValue(user)).issuedAt(Date.from(now));
        if (keyId != null) {
            token.header().keyId(keyId);
        }
        if (displayName != null) {
            token.claim(nameClaim, displayName);
        }
        if (ttl != null) {
            token.expiration(Date.from(now.plus(ttl)));
        }
        if (issuer != null) {
            token.issuer(issuer);
        }
        if (audience != null) {
            token.audience().add(audience).and();
        }
        if (secret != null) {
            token.signWith(secret, JwtKeys.mac(algorithm));
        } else {
            token.signWith(privateKey, JwtKeys.signature(algorithm));
        }
        return token.compact();
    }

    private Object userIdValue(UserId user) {
        if (!user.numeric() || "sub".equals(userIdClaim)) {
            return user.value();
        }
        try {
            return Long.parseLong(user.value());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a numeric user id is a 64-bit integer (R1.5); this one is "
                    + user.value().length() + " digits long");
        }
    }

    /** Describes the configuration; never any key material. */
    @Override
    public String toString() {
        return "JwtTokens[" + algorithm + (keyId == null ? "" : ", kid=" + keyId) + ", userIdClaim=" + userIdClaim
                + ", nameClaim=" + nameClaim + ", ttl=" + (ttl == null ? "none" : ttl)
                + (issuer == null ? "" : ", issuer=" + issuer) + (audience == null ? "" : ", audience=" + audience)
                + "]";
    }

    /**
     * Configures a {@link JwtTokens}. Key material is checked by {@link #build()}; other arguments at once. Every
     * method returns this builder; arguments are never null unless stated otherwise.
     *
     * <p>Not thread-safe: configure it on one thread.
     */
    public static final class Builder {

        private Algorithm algorithm;
        private byte[] secretBytes;
        private PrivateKey privateKey;
        private String keyId;
        private String issuer;
        private String audience;
        private Duration ttl = Duration.ofHours(1);
        private Clock clock = Clock.systemUTC();
        private String userIdClaim = "sub";
        private String nameClaim = "username";

        private Builder() {
        }

        /**
         * Signs with an HMAC secret, replacing any key given before.
         *
         * @param secret the secret's bytes (copied); at least 32, 48 or 64 bytes for HS256, HS384, HS512
         * @param algorithm HS256, HS384 or HS512
         */
        public Builder hmacSecret(byte[] secret, Algorithm algorithm) {
            this.secretBytes = Objects.requireNonNull(secret, "secret").clone();
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
            this.privateKey = null;
            return this;
        }

        /**
         * Signs with an HMAC secret given as text (its UTF-8 bytes), replacing any key given before.
         *
         * @param secret the secret
         * @param algorithm HS256, HS384 or HS512
         */
        public Builder hmacSecret(String secret, Algorithm algorithm) {
            return hmacSecret(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8), algorithm);
        }

        /**
         * Signs with a private key, replacing any key given before.
         *
         * @param key an RSA key of at least 2048 bits for RS256, a P-256 EC key for ES256
         * @param algorithm RS256 or ES256
         */
        public Builder privateKey(PrivateKey key, Algorithm algorithm) {
            this.privateKey = Objects.requireNonNull(key, "key");
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
            this.secretBytes = null;
            return this;
        }

        /** Writes {@code kid} to every token's header; null (the default) for none. */
        public Builder keyId(String keyId) {
            if (keyId != null && keyId.isEmpty()) {
                throw new IllegalArgumentException("a key id is not empty (give null for none)");
            }
            this.keyId = keyId;
            return this;
        }

        /** Writes {@code iss}; null (the default) for none. */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Writes {@code aud} (as a one-element array); null (the default) for none. */
        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        /**
         * How long tokens are valid: {@code exp} is the clock's now plus {@code ttl}. Default one hour.
         *
         * @param ttl positive
         */
        public Builder ttl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("a token's time to live is positive: " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /**
         * Leaves {@code exp} out, so tokens never expire. Only an authenticator built with
         * {@code requireExpiry(false)} accepts them.
         */
        public Builder noExpiry() {
            this.ttl = null;
            return this;
        }

        /** The clock {@code iat} and {@code exp} are read from. Default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The claim the user id is written to. Default {@code sub}, always a JSON string; any other claim (such as
         * Django simplejwt's {@code user_id}) keeps a numeric id a JSON number.
         */
        public Builder userIdClaim(String claim) {
            this.userIdClaim = requireText(claim, "user id claim");
            return this;
        }

        /** The claim the display name is written to. Default {@code username}. */
        public Builder nameClaim(String claim) {
            this.nameClaim = requireText(claim, "name claim");
            return this;
        }

        /**
         * The minter.
         *
         * @throws IllegalStateException if no key was given, or the user id and name claims are the same
         * @throws IllegalArgumentException if the key does not suit the algorithm (a short HMAC secret, an EC key for
         *     RS256, ...)
         */
        public JwtTokens build() {
            if (algorithm == null) {
                throw new IllegalStateException("JwtTokens needs a key: call hmacSecret or privateKey");
            }
            if (userIdClaim.equals(nameClaim)) {
                throw new IllegalStateException("the user id claim and the name claim are both " + userIdClaim);
            }
            if (secretBytes != null) {
                return new JwtTokens(this, JwtKeys.hmacKey(secretBytes, algorithm), null);
            }
            JwtKeys.checkAsymmetric(privateKey, algorithm);
            return new JwtTokens(this, null, privateKey);
        }

        private static String requireText(String value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isEmpty()) {
                throw new IllegalArgumentException(what + " is empty");
            }
            return value;
        }
    }
}
