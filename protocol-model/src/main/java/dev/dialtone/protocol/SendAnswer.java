package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code answer}: an SDP answer for the peer (seed 003 step 4; R3.2).
 *
 * @param callerId the peer that receives the answer, as a check (in seed 003 always the caller); null when absent
 * @param answer the SDP answer; never null
 * @param callId the call; null when absent, then the sender's one call is meant
 */
public record SendAnswer(UserId callerId, OpaqueJson answer, CallId callId) implements ClientAction {

    /** The wire name. */
    public static final String ACTION = "answer";

    /** Checks required parts. */
    public SendAnswer {
        Objects.requireNonNull(answer, "answer");
    }

    @Override
    public String action() {
        return ACTION;
    }
}
