package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code call_answered}: the callee answered; sent to the caller (seed 003 step 3; R2.10).
 *
 * @param calleeId who answered
 * @param callId the call; always sent by a Dialtone server, null only from a server that speaks bare seed 003
 * @param answer the SDP answer if {@code answer_call} carried one; null otherwise
 */
public record CallAnswered(UserId calleeId, CallId callId, OpaqueJson answer) implements ServerEvent {

    /** The wire name. */
    public static final String TYPE = "call_answered";

    /** Checks required parts. */
    public CallAnswered {
        Objects.requireNonNull(calleeId, "calleeId");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
