package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code call_ended}: the call ended for this session for a reason other than the peer's own action (R5.2, R5.3, R6.4,
 * R6.6).
 *
 * @param callId the call
 * @param reason why
 */
public record CallEnded(CallId callId, EndReason reason) implements ServerEvent {

    /** The wire name. */
    public static final String TYPE = "call_ended";

    /** Checks required parts. */
    public CallEnded {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
