package dev.dialtone.protocol;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A call's id: 1 to 255 characters from {@code [0-9A-Za-z._~-]} (protocol rule R1.5). The server chooses it; clients
 * learn it from {@code call_ringing} or {@code incoming_call} and echo it.
 *
 * @param value the id's text
 */
public record CallId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[0-9A-Za-z._~-]{1,255}");

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
        return text != null && FORMAT.matcher(text).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
