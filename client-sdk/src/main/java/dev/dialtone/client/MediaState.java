package dev.dialtone.client;

/**
 * The peer turned its microphone or camera on or off ({@code peer_media_state}, R3.5): the argument of
 * {@link CallListener#onPeerMediaState(Call, MediaState)}. Exactly the members the peer sent are present. It is
 * advisory: the server does not compare it with the SDP.
 *
 * @param audio whether the peer's microphone is on; null when the peer did not say
 * @param video whether the peer's camera is on; null when the peer did not say
 */
public record MediaState(Boolean audio, Boolean video) {

    /** Checks that something is said. */
    public MediaState {
        if (audio == null && video == null) {
            throw new IllegalArgumentException("a media state names audio, video or both");
        }
    }
}
