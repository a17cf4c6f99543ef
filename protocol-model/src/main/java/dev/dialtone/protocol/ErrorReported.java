package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code error}: the server refused a message (R8.1). The connection stays open and usable.
 *
 * @param code the stable code
 * @param message a human explanation; not for parsing
 * @param action the refused message's {@code action}; null when the frame had none that could be read
 * @param field the offending field, for {@code invalid_message}; null otherwise
 * @param callId the call the refused message named; null when none
 */
public record ErrorReported(ErrorCode code, String message, String action, String field, CallId callId)
        implements ServerEvent {

    /** The wire name. */
    public static final String TYPE = "error";

    /** Checks required parts. */
    public ErrorReported {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
