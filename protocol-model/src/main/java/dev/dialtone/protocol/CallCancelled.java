package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code call_cancelled}: the caller withdrew the call; sent to every ringing session of the callee (seed 003; R4.3).
 *
 * @param callerId who cancelled
 * @param callId the call; always sent by a Dialtone server, null only from a server that speaks bare seed 003
 */
public record CallCancelled(UserId callerId, CallId callId) implements ServerEvent {

    /** The wire name. */
    public static final String TYPE = "call_cancelled";

    /** Checks required parts. */
    public CallCancelled {
        Objects.requireNonNull(callerId, "callerId");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
