package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code ice_candidate}: the peer's ICE candidate (seed 003 step 5; R3.3).
 *
 * @param candidate the candidate, exactly as sent
 * @param senderId the peer who sent it
 * @param callId the call; always sent by a Dialtone server, null only from a server that speaks bare seed 003
 */
public record IceCandidateRelayed(OpaqueJson candidate, UserId senderId, CallId callId) implements ServerEvent {

    /** The wire name. */
    public static final String TYPE = "ice_candidate";

    /** Checks required parts. */
    public IceCandidateRelayed {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(senderId, "senderId");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
