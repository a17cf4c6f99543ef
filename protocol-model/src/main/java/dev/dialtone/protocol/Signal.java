package dev.dialtone.protocol;

import java.util.Objects;

/** Media negotiation a party sends to the other through the server (protocol section 3). */
public sealed interface Signal {

    /**
     * An SDP offer ({@code offer} action, {@code call_offer} event).
     *
     * @param sdp the offer object
     */
    record Offer(OpaqueJson sdp) implements Signal {
        /** Checks required parts. */
        public Offer {
            Objects.requireNonNull(sdp, "sdp");
        }
    }

    /**
     * An SDP answer ({@code answer} action, {@code call_answer} event).
     *
     * @param sdp the answer object
     */
    record Answer(OpaqueJson sdp) implements Signal {
        /** Checks required parts. */
        public Answer {
            Objects.requireNonNull(sdp, "sdp");
        }
    }

    /**
     * An ICE candidate ({@code ice_candidate} both ways).
     *
     * @param candidate the candidate object
     */
    record Candidate(OpaqueJson candidate) implements Signal {
        /** Checks required parts. */
        public Candidate {
            Objects.requireNonNull(candidate, "candidate");
        }
    }

    /**
     * A media state change ({@code media_state} action, {@code peer_media_state} event).
     *
     * @param audio microphone on; null when unchanged
     * @param video camera on; null when unchanged
     */
    record Media(Boolean audio, Boolean video) implements Signal {
        /** Checks that something is said. */
        public Media {
            if (audio == null && video == null) {
                throw new IllegalArgumentException("a media state names audio, video or both");
            }
        }
    }
}
