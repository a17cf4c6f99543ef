package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code answer_call}: accept an incoming call (seed 003 step 3; R2.9).
 *
 * @param callId the call, from {@code incoming_call}; never null
 * @param callerId the caller, as a check: when present it must be the call's caller; null when absent
 * @param answer the SDP answer, for clients that send it with the acceptance; null when absent
 */
public record AnswerCall(CallId callId, UserId callerId, OpaqueJson answer) implements ClientAction {

    /** The wire name. */
    public static final String ACTION = "answer_call";

    /** Checks required parts. */
    public AnswerCall {
        Objects.requireNonNull(callId, "callId");
    }

    @Override
    public String action() {
        return ACTION;
    }
}
