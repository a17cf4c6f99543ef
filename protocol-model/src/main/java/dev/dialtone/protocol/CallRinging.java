package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code call_ringing}: the caller's call rings at the callee; carries the call id the caller needs for
 * {@code cancel_call} and {@code hang_up} (R2.4).
 *
 * @param callId the new call
 * @param calleeId who is being called
 * @param callType audio or video
 */
public record CallRinging(CallId callId, UserId calleeId, CallType callType) implements ServerEvent {

    /** The wire name. */
    public static final String TYPE = "call_ringing";

    /** Checks required parts. */
    public CallRinging {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(calleeId, "calleeId");
        Objects.requireNonNull(callType, "callType");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
