package dev.dialtone.protocol;

/**
 * A message a client sends to the server, named by its {@code action} member. Open to growth: a frame whose action
 * this version does not know decodes to {@link UnrecognizedAction}, never to an exception.
 */
public interface ClientAction {

    /** The wire name of this action, such as {@code "start_call"}. */
    String action();
}
