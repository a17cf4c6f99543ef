package dev.dialtone.protocol;

import java.util.Optional;

/** The WebSocket close codes a Dialtone server uses, and when (protocol section 8). */
public enum CloseCode {
    /** The server is shutting down or restarting; reconnect later (R8.14). */
    GOING_AWAY(1001, "going away"),
    /** A frame over the maximum frame size (R8.15). */
    FRAME_TOO_LARGE(1009, "frame too large"),
    /** No token, or a token that fails verification (R1.2). */
    AUTHENTICATION_FAILED(4001, "authentication failed"),
    /** The {@code Origin} header is not allowed (R1.3). */
    FORBIDDEN_ORIGIN(4003, "forbidden origin"),
    /** The client asked for a protocol version this server does not speak (R1.7). */
    UNSUPPORTED_VERSION(4006, "unsupported protocol version"),
    /** More messages than the per-connection limit allows (R8.16). */
    FLOOD(4008, "too many messages"),
    /** Another connection resumed this session (R6.3). */
    SESSION_TAKEN_OVER(4009, "session resumed elsewhere"),
    /** The token expired while the connection was open (R1.8). */
    TOKEN_EXPIRED(4010, "token expired"),
    /** No pong and no message within the idle limit: the connection is taken for dead (R8.17). */
    IDLE_TIMEOUT(4011, "idle timeout");

    private final int code;
    private final String reason;

    CloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    /** The numeric close code. */
    public int code() {
        return code;
    }

    /** The close reason phrase the server sends. */
    public String reason() {
        return reason;
    }

    /** The close code with this number, if it is one of Dialtone's. */
    public static Optional<CloseCode> fromCode(int code) {
        for (CloseCode value : values()) {
            if (value.code == code) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** Whether a client should not reconnect after this close without a new token or a change of its own. */
    public boolean isFinal() {
        return this == AUTHENTICATION_FAILED || this == FORBIDDEN_ORIGIN || this == UNSUPPORTED_VERSION
                || this == TOKEN_EXPIRED || this == SESSION_TAKEN_OVER;
    }
}
