package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code call_answer}: the peer's SDP answer (seed 003 step 4; R3.2).
 *
 * @param answer the SDP answer, exactly as sent
 * @param calleeId the user who sent the answer (in seed 003 always the callee)
 * @param callId the call; always sent by a Dialtone server, null only from a server that speaks bare seed 003
 */
public record AnswerRelayed(OpaqueJson answer, UserId calleeId, CallId callId) implements ServerEvent {

    /** The wire name. */
    public static final String TYPE = "call_answer";

    /** Checks required parts. */
    public AnswerRelayed {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(calleeId, "calleeId");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
