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
}
