package dev.dialtone.protocol;

/**
 * {@code media_state}: tell the peer that the microphone or camera was turned on or off (R3.5). At least one of
 * {@code audio} and {@code video} is present.
 *
 * @param callId the call; null when absent, then the sender's one call is meant
 * @param audio whether the sender's microphone is on; null when unchanged
 * @param video whether the sender's camera is on; null when unchanged
 */
public record SetMediaState(CallId callId, Boolean audio, Boolean video) implements ClientAction {

    /** The wire name. */
    public static final String ACTION = "media_state";

    /** Checks that something is said. */
    public SetMediaState {
        if (audio == null && video == null) {
            throw new IllegalArgumentException("media_state names audio, video or both");
        }
    }

    @Override
    public String action() {
        return ACTION;
    }
}
