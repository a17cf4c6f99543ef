package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code reject_call}: decline an incoming call (seed 003; R4.2).
 *
 * @param callId the call, from {@code incoming_call}; never null
 * @param callerId the caller, as a check; null when absent
 */
public record RejectCall(CallId callId, UserId callerId) implements ClientAction {

    /** The wire name. */
    public static final String ACTION = "reject_call";

    /** Checks required parts. */
    public RejectCall {
        Objects.requireNonNull(callId, "callId");
    }

    @Override
    public String action() {
        return ACTION;
    }
}
