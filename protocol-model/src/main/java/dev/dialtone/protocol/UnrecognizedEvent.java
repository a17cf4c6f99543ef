package dev.dialtone.protocol;

import java.util.Objects;

/**
 * A well-formed event whose {@code type} this version does not know; receivers ignore it (decision 1 of the design).
 *
 * @param type the unknown type's name as received; never null
 */
public record UnrecognizedEvent(String type) implements ServerEvent {

    /** Checks the name is present. */
    public UnrecognizedEvent {
        Objects.requireNonNull(type, "type");
    }
}
