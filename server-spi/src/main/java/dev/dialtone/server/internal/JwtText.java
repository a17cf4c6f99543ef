package dev.dialtone.server.internal;

import java.util.Collection;
import java.util.Iterator;
import java.util.StringJoiner;

/**
 * Renders values that came from a token (claims, header parameters) into refusal reasons safely: quoted, cut short,
 * control and formatting characters replaced, so that a token cannot forge or flood log lines.
 */
public final class JwtText {

    /** The most characters of one token-supplied value shown in a reason. */
    static final int MAX_SHOWN = 64;

    private static final int MAX_SHOWN_ITEMS = 3;

    private JwtText() {
    }

    /** {@code value} in double quotes, at most {@value #MAX_SHOWN} characters, printable; {@code (none)} for null. */
    public static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_SHOWN) + 4).append('"');
        int shown = Math.min(value.length(), MAX_SHOWN);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (isUnsafe(c)) {
                out.append('?');
            } else {
                out.append(c);
            }
        }
        if (value.length() > MAX_SHOWN) {
            out.append("...");
        }
        return out.append('"').toString();
    }

    /**
     * An algorithm name or similar identifier as is when it is short and plain ({@code HS256}), else
     * {@linkplain #quote quoted}.
     */
    public static String name(String value) {
        return value != null && value.matches("[A-Za-z0-9_+-]{1,20}") ? value : quote(value);
    }

    /** The first few values, each {@linkplain #quote quoted}, as {@code ["a", "b", ...]}. */
    public static String quoteAll(Collection<String> values) {
        StringJoiner joined = new StringJoiner(", ", "[", "]");
        Iterator<String> it = values.iterator();
        for (int i = 0; i < MAX_SHOWN_ITEMS && it.hasNext(); i++) {
            joined.add(quote(it.next()));
        }
        if (values.size() > MAX_SHOWN_ITEMS) {
            joined.add("...");
        }
        return joined.toString();
    }

    private static boolean isUnsafe(char c) {
        if (Character.isISOControl(c) || Character.isSurrogate(c)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED;
    }
}
