package dev.dialtone.protocol;

import java.util.Objects;

/** A protocol-level failure with its stable {@link ErrorCode}: a refused action, locally or by the server. */
public class SignalingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /** A failure with this code and human message. */
    public SignalingException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** A failure with this code, message and cause. */
    public SignalingException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable code, as the {@code error} event carries it. */
    public ErrorCode code() {
        return code;
    }

    @Override
    public String toString() {
        return "SignalingException[" + code.wireName() + "]: " + getMessage();
    }
}
