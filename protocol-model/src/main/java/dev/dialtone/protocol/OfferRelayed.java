package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code call_offer}: the peer's SDP offer (seed 003 step 4; R3.1).
 *
 * @param offer the SDP offer, exactly as sent
 * @param callerId the user who sent the offer (in seed 003 always the caller; the callee when it renegotiates)
 * @param callId the call; always sent by a Dialtone server, null only from a server that speaks bare seed 003
 */
public record OfferRelayed(OpaqueJson offer, UserId callerId, CallId callId) implements ServerEvent {

    /** The wire name. */
    public static final String TYPE = "call_offer";

    /** Checks required parts. */
    public OfferRelayed {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(callerId, "callerId");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
