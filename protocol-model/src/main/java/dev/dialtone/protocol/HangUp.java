package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code hang_up}: end a connected call (seed 003 step 6; R4.1).
 *
 * @param peerId the peer, as a check; null when absent
 * @param callId the call; never null
 */
public record HangUp(UserId peerId, CallId callId) implements ClientAction {

    /** The wire name. */
    public static final String ACTION = "hang_up";

    /** Checks required parts. */
    public HangUp {
        Objects.requireNonNull(callId, "callId");
    }

    @Override
    public String action() {
        return ACTION;
    }
}
