package dev.dialtone.protocol;

/**
 * A message the server sends to a client, named by its {@code type} member. Open to growth: a frame whose type this
 * version does not know decodes to {@link UnrecognizedEvent}, which receivers ignore.
 */
public interface ServerEvent {

    /** The wire name of this event, such as {@code "incoming_call"}. */
    String type();
}
