package dev.dialtone.protocol;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A user's id, as the authenticator and the clients name it.
 *
 * <p>Ids are compared by their text alone: the number {@code 42} and the string {@code "42"} name the same user, so a
 * token whose {@code sub} is {@code "42"} and a message with {@code "callee_id": 42} agree. The {@link #numeric()} flag
 * only remembers which JSON type the id arrived in, so that it is echoed in that type (protocol rule R1.4).
 *
 * @param value the id's text: for a numeric id its canonical decimal form; never null or empty
 * @param numeric whether the id is rendered as a JSON number (then {@code value} is a signed 64-bit integer)
 */
public record UserId(String value, boolean numeric) {

    /** The longest id text accepted. */
    public static final int MAX_LENGTH = 255;

    /** Checks the id: non-empty text of at most {@value #MAX_LENGTH} characters, canonical digits when numeric. */
    public UserId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a user id has 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("a user id has no control characters");
            }
        }
        if (numeric && !isCanonicalInteger(value)) {
            throw new IllegalArgumentException("a numeric user id is a whole number in canonical form: " + value);
        }
    }

    /** A numeric id, rendered as a JSON number. */
    public static UserId of(long id) {
        return new UserId(Long.toString(id), true);
    }

    /** A string id, rendered as a JSON string. */
    public static UserId of(String id) {
        return new UserId(id, false);
    }

    /** A numeric id given as a whole number in the signed 64-bit range. */
    public static UserId ofNumber(BigInteger id) {
        return new UserId(id.toString(), true);
    }

    /** Equal when the texts are equal, whatever JSON type each arrived in. */
    @Override
    public boolean equals(Object other) {
        return other instanceof UserId that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** The id's text. */
    @Override
    public String toString() {
        return value;
    }

    private static boolean isCanonicalInteger(String text) {
        // Fast path: up to 18 digits, optional minus, no leading zero, not "-0": canonical and within 64 bits.
        int length = text.length();
        int start = length > 0 && text.charAt(0) == '-' ? 1 : 0;
        if (length - start >= 1 && length - start <= 18) {
            boolean digits = true;
            for (int i = start; i < length && digits; i++) {
                char c = text.charAt(i);
                digits = c >= '0' && c <= '9';
            }
            if (digits) {
                char first = text.charAt(start);
                return first != '0' || length - start == 1 && start == 0;
            }
        }
        try {
            BigInteger number = new BigInteger(text);
            // R1.5: numeric ids are signed 64-bit integers, so every client language can hold them.
            return number.bitLength() < 64 && number.toString().equals(text);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
