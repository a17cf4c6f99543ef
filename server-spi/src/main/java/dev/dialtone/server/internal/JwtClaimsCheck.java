package dev.dialtone.server.internal;

import dev.dialtone.protocol.UserId;
import dev.dialtone.server.spi.Principal;
import io.jsonwebtoken.Claims;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The checks on a verified token's claims beyond jjwt's ({@code exp}/{@code nbf} timing and the signature): expiry
 * presence, issuer, audience, and the user id and display name (R1.4) that make the {@link Principal}.
 *
 * <p>Immutable and thread-safe.
 */
public final class JwtClaimsCheck {

    /** The claims a display name is read from, in order. */
    static final List<String> NAME_CLAIMS = List.of("username", "name");

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final boolean requireExpiry;
    private final String issuer;
    private final String audience;
    private final List<String> userIdClaims;

    /**
     * The checks.
     *
     * @param requireExpiry whether a token without {@code exp} is refused
     * @param issuer the required {@code iss}, or null
     * @param audience the value {@code aud} must be or contain, or null
     * @param userIdClaims the claims the user id is read from: the first one present is used
     */
    public JwtClaimsCheck(boolean requireExpiry, String issuer, String audience, List<String> userIdClaims) {
        this.requireExpiry = requireExpiry;
        this.issuer = issuer;
        this.audience = audience;
        this.userIdClaims = List.copyOf(userIdClaims);
    }

    /**
     * The principal the verified {@code claims} name.
     *
     * @throws JwtRefusal if a check fails
     */
    public Principal principalOf(Claims claims) {
        Date expiry = claims.getExpiration();
        if (expiry == null && requireExpiry) {
            throw new JwtRefusal("token has no expiry (exp) and this server requires one");
        }
        checkIssuer(claims.getIssuer());
        checkAudience(claims.getAudience());
        UserId user = userId(claims);
        return new Principal(user, displayName(claims, user), expiry == null ? null : expiry.toInstant());
    }

    private void checkIssuer(String actual) {
        if (issuer == null) {
            return;
        }
        if (actual == null) {
            throw new JwtRefusal("token has no issuer (iss); " + JwtText.quote(issuer) + " is required");
        }
        if (!issuer.equals(actual)) {
            throw new JwtRefusal("issuer " + JwtText.quote(actual) + " is not the required " + JwtText.quote(issuer));
        }
    }

    private void checkAudience(Set<String> actual) {
        if (audience == null) {
            return;
        }
        if (actual == null || actual.isEmpty()) {
            throw new JwtRefusal("token has no audience (aud); " + JwtText.quote(audience) + " is required");
        }
        if (!actual.contains(audience)) {
            throw new JwtRefusal("audience " + JwtText.quoteAll(actual) + " does not include the required "
                    + JwtText.quote(audience));
        }
    }

    private UserId userId(Claims claims) {
        for (String claim : userIdClaims) {
            Object value = claims.get(claim);
            if (value != null) {
                return userId(claim, value);
            }
        }
        throw new JwtRefusal("token names no user: it has no " + String.join(" or ", userIdClaims) + " claim with a value");
    }

    private static UserId userId(String claim, Object value) {
        if (value instanceof String) {
            String text = (String) value;
            if (text.isEmpty()) {
                throw new JwtRefusal("user id claim " + claim + " is empty");
            }
            if (text.length() > UserId.MAX_LENGTH) {
                throw new JwtRefusal("user id claim " + claim + " is longer than " + UserId.MAX_LENGTH
                        + " characters");
            }
            if (text.chars().anyMatch(Character::isISOControl)) {
                throw new JwtRefusal("user id claim " + claim + " contains control characters");
            }
            return UserId.of(text);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return UserId.of(((Number) value).longValue());
        }
        if (value instanceof BigInteger) {
            BigInteger number = (BigInteger) value;
            if (number.compareTo(LONG_MIN) < 0 || number.compareTo(LONG_MAX) > 0) {
                throw new JwtRefusal("user id claim " + claim + " is a number outside the 64-bit range");
            }
            return UserId.of(number.longValue());
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            throw new JwtRefusal("user id claim " + claim + " is not a whole number");
        }
        throw new JwtRefusal("user id claim " + claim + " is neither a string nor a whole number");
    }

    private static String displayName(Claims claims, UserId user) {
        for (String claim : NAME_CLAIMS) {
            Object value = claims.get(claim);
            if (value instanceof String && isUsableName((String) value)) {
                return (String) value;
            }
        }
        return user.value();
    }

    private static boolean isUsableName(String name) {
        return !name.isBlank() && name.length() <= UserId.MAX_LENGTH
                && name.chars().noneMatch(Character::isISOControl);
    }

    @Override
    public String toString() {
        return "requireExpiry=" + requireExpiry + ", issuer=" + Objects.toString(issuer, "any")
                + ", audience=" + Objects.toString(audience, "any") + ", userIdClaims=" + userIdClaims;
    }
}
