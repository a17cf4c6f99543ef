package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code ice_candidate}: an ICE candidate for the peer (seed 003 step 5; R3.3).
 *
 * @param peerId the peer, as a check; null when absent
 * @param candidate the candidate object; never null
 * @param callId the call; null when absent, then the sender's one call is meant
 */
public record SendIceCandidate(UserId peerId, OpaqueJson candidate, CallId callId) implements ClientAction {

    /** The wire name. */
    public static final String ACTION = "ice_candidate";

    /** Checks required parts. */
    public SendIceCandidate {
        Objects.requireNonNull(candidate, "candidate");
    }

    @Override
    public String action() {
        return ACTION;
    }
}
