package dev.dialtone.protocol;

import java.util.Objects;

/**
 * A well-formed frame whose {@code action} this version does not know. The server answers it with
 * {@code unknown_action} (R8.3).
 *
 * @param action the unknown action's name as sent; never null
 */
public record UnrecognizedAction(String action) implements ClientAction {

    /** Checks the name is present. */
    public UnrecognizedAction {
        Objects.requireNonNull(action, "action");
    }
}
