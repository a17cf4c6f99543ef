package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code call_rejected}: the callee rejected the call; sent to the caller (seed 003; R4.2).
 *
 * @param calleeId who rejected
 * @param callId the call; always sent by a Dialtone server, null only from a server that speaks bare seed 003
 */
public record CallRejected(UserId calleeId, CallId callId) implements ServerEvent {

    /** The wire name. */
    public static final String TYPE = "call_rejected";

    /** Checks required parts. */
    public CallRejected {
        Objects.requireNonNull(calleeId, "calleeId");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
