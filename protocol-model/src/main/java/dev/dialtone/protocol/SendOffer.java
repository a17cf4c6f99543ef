package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code offer}: an SDP offer for the peer (seed 003 step 4; R3.1), also a renegotiation while connected (R3.4).
 *
 * @param calleeId the peer that receives the offer, as a check (in seed 003 always the callee); null when absent
 * @param offer the SDP offer; never null
 * @param callId the call; null when absent, then the sender's one call is meant
 */
public record SendOffer(UserId calleeId, OpaqueJson offer, CallId callId) implements ClientAction {

    /** The wire name. */
    public static final String ACTION = "offer";

    /** Checks required parts. */
    public SendOffer {
        Objects.requireNonNull(offer, "offer");
    }

    @Override
    public String action() {
        return ACTION;
    }
}
