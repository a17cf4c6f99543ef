package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code peer_media_state}: the peer turned its microphone or camera on or off (R3.5).
 *
 * @param callId the call
 * @param userId the peer who changed it
 * @param audio whether the peer's microphone is on; null when the peer did not say
 * @param video whether the peer's camera is on; null when the peer did not say
 */
public record PeerMediaChanged(CallId callId, UserId userId, Boolean audio, Boolean video) implements ServerEvent {

    /** The wire name. */
    public static final String TYPE = "peer_media_state";

    /** Checks required parts. */
    public PeerMediaChanged {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(userId, "userId");
        if (audio == null && video == null) {
            throw new IllegalArgumentException("peer_media_state names audio, video or both");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
