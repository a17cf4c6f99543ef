package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code call_missed}: nobody answered within the ring timeout; sent to the caller and every ringing session of the
 * callee (seed 001 {@code callMissed}; R6.1).
 *
 * @param callId the call
 * @param callerId who called
 * @param calleeId who did not answer
 */
public record CallMissed(CallId callId, UserId callerId, UserId calleeId) implements ServerEvent {

    /** The wire name. */
    public static final String TYPE = "call_missed";

    /** Checks required parts. */
    public CallMissed {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(callerId, "callerId");
        Objects.requireNonNull(calleeId, "calleeId");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
