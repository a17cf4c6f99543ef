package dev.dialtone.protocol;

import dev.dialtone.protocol.internal.JacksonWireCodec;

/**
 * The strict JSON codec of protocol v1: text frames to messages and back. Decoding never throws for bad input: it
 * returns {@link DecodeResult.Undecodable} with the stable error code, the field and a human message. Unknown fields
 * are ignored; unknown action or event names decode to {@link UnrecognizedAction} or {@link UnrecognizedEvent}.
 *
 * <p>Thread-safe; {@link #standard()} is shared.
 */
public interface WireCodec {

    /** The shared codec. */
    static WireCodec standard() {
        return JacksonWireCodec.INSTANCE;
    }

    /** Reads a frame a client sent. */
    DecodeResult<ClientAction> decodeAction(String frame);

    /** Reads a frame a server sent. */
    DecodeResult<ServerEvent> decodeEvent(String frame);

    /**
     * Writes an action as compact JSON; absent (null) optional fields are left out.
     *
     * @throws IllegalArgumentException for an {@link UnrecognizedAction}, which has nothing to write
     */
    String encode(ClientAction action);

    /**
     * Writes an event as compact JSON, without a sequence number.
     *
     * @throws IllegalArgumentException for an {@link UnrecognizedEvent}
     */
    String encode(ServerEvent event);

    /**
     * Writes an event with its per-session sequence number {@code seq} (R6.3), positive.
     *
     * @throws IllegalArgumentException for an {@link UnrecognizedEvent} or a {@code seq} below 1
     */
    String encode(ServerEvent event, long seq);

    /**
     * Numbers an event this codec wrote without a sequence number ({@link #encode(ServerEvent)}): the result is
     * exactly what {@link #encode(ServerEvent, long)} writes for that event, without reading the event again. For
     * servers that carry written events from node to node. The standard codec adds the member to the text; this
     * default reads the event and writes it again.
     *
     * @throws IllegalArgumentException if {@code seq} is below 1, or if {@code encodedEvent} is not an event written
     *     without a sequence number
     */
    default String encode(String encodedEvent, long seq) {
        DecodeResult<ServerEvent> read = decodeEvent(encodedEvent);
        if (!(read instanceof DecodeResult.Decoded<ServerEvent> decoded) || decoded.seq() != 0
                || decoded.message() instanceof UnrecognizedEvent) {
            throw new IllegalArgumentException("not an event written without a seq");
        }
        return encode(decoded.message(), seq);
    }
}
