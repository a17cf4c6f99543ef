package dev.dialtone.protocol;

import java.util.Objects;

/**
 * What {@link WireCodec} made of one text frame: a message, or the reason it could not be read.
 *
 * @param <T> {@link ClientAction} or {@link ServerEvent}
 */
public sealed interface DecodeResult<T> {

    /**
     * The frame was read.
     *
     * @param message the message: an {@link UnrecognizedAction} or {@link UnrecognizedEvent} when its name is unknown
     * @param seq the event's sequence number (R6.3); 0 when the frame carries none (every action, {@code welcome})
     * @param <T> the message kind
     */
    record Decoded<T>(T message, long seq) implements DecodeResult<T> {
        /** Checks required parts. */
        public Decoded {
            Objects.requireNonNull(message, "message");
            if (seq < 0) {
                throw new IllegalArgumentException("seq is not negative");
            }
        }
    }

    /**
     * The frame could not be read as a message (R8.2 to R8.4).
     *
     * @param code {@code bad_json}, {@code unknown_action} or {@code invalid_message}
     * @param message a human explanation naming what was wrong
     * @param action the frame's action or type name, when it could be read; else null
     * @param field the offending field, for {@code invalid_message}; else null
     * @param <T> the message kind
     */
    record Undecodable<T>(ErrorCode code, String message, String action, String field) implements DecodeResult<T> {
        /** Checks required parts. */
        public Undecodable {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        /** The {@code error} event that answers this frame. */
        public ErrorReported toError() {
            return new ErrorReported(code, message, action, field, null);
        }
    }
}
