package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code cancel_call}: withdraw an outgoing call before it is answered (seed 003; R4.3).
 *
 * @param callId the call, from {@code call_ringing}; never null
 * @param calleeId the callee, as a check; null when absent
 */
public record CancelCall(CallId callId, UserId calleeId) implements ClientAction {

    /** The wire name. */
    public static final String ACTION = "cancel_call";

    /** Checks required parts. */
    public CancelCall {
        Objects.requireNonNull(callId, "callId");
    }

    @Override
    public String action() {
        return ACTION;
    }
}
