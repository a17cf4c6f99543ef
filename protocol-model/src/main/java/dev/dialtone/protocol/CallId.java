package dev.dialtone.protocol;

import java.util.Objects;

/**
 * A call's id: 1 to 255 characters from {@code [0-9A-Za-z._~-]} (protocol rule R1.5). The server chooses it; clients
 * learn it from {@code call_ringing} or {@code incoming_call} and echo it.
 *
 * @param value the id's text
 */
public record CallId(String value) {

    private static final int MAX_LENGTH = 255;

    /** Checks the format. */
    public CallId {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("a call id has 1 to 255 characters from [0-9A-Za-z._~-]: " + value);
        }
    }

    /** The call id with this text. */
    public static CallId of(String value) {
        return new CallId(value);
    }

    /** Whether {@code text} is a well-formed call id. */
    public static boolean isValid(String text) {
        // [0-9A-Za-z._~-]{1,255}, checked by hand: a regular expression's matcher per relayed message costs more than
        // the rest of the check.
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.'
                    || c == '_' || c == '~' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
