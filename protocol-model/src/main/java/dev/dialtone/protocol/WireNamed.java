package dev.dialtone.protocol;

import java.util.Optional;

/** A protocol constant with a fixed lower-case name on the wire. */
public interface WireNamed {

    /** The name on the wire, such as {@code "audio"} or {@code "not_a_party"}. */
    String wireName();

    /** The constant among {@code values} whose wire name is {@code name}, if any. */
    static <E extends Enum<E> & WireNamed> Optional<E> lookup(Class<E> type, String name) {
        for (E value : type.getEnumConstants()) {
            if (value.wireName().equals(name)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
