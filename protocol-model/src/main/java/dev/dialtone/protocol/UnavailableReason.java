package dev.dialtone.protocol;

import java.util.Optional;

/** Why {@code start_call} made no ringing call ({@code call_unavailable.reason}, protocol rules R2.5 to R2.8). */
public enum UnavailableReason implements WireNamed {
    /** The callee has no connected session. */
    OFFLINE("offline"),
    /** The callee is in another call, ringing or connected. */
    BUSY("busy"),
    /** The caller called itself. */
    SELF("self"),
    /** The callee is already calling the caller; the pending call's id is given instead (R5.4). */
    GLARE("glare");

    private final String wireName;

    UnavailableReason(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The reason with this wire name, if any. */
    public static Optional<UnavailableReason> fromWire(String name) {
        return WireNamed.lookup(UnavailableReason.class, name);
    }
}
