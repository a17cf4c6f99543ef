package dev.dialtone.protocol;

import java.util.Optional;

/** What media a call is placed for (protocol rule R2.2); {@link #AUDIO} when {@code start_call} names none. */
public enum CallType implements WireNamed {
    /** Microphone only. */
    AUDIO("audio"),
    /** Camera and microphone. */
    VIDEO("video");

    private final String wireName;

    CallType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The type with this wire name, if any. */
    public static Optional<CallType> fromWire(String name) {
        return WireNamed.lookup(CallType.class, name);
    }
}
