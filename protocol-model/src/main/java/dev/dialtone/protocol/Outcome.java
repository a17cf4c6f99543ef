package dev.dialtone.protocol;

import java.util.Optional;

/** How a call ended, as its {@link CallRecord} keeps it (protocol section 7). */
public enum Outcome implements WireNamed {
    /** Answered, then ended by a hang-up, a lost peer or a shutdown. */
    COMPLETED("completed"),
    /** Rang until the ring timeout. */
    MISSED("missed"),
    /** Rejected by the callee. */
    REJECTED("rejected"),
    /** Cancelled by the caller while ringing. */
    CANCELLED("cancelled"),
    /** The callee was in another call. */
    BUSY("busy"),
    /** The callee had no connected session. */
    OFFLINE("offline"),
    /** Ended while ringing for another cause: the caller's connection was lost, or the server shut down. */
    FAILED("failed"),
    /**
     * The server running the call stopped without ending it (it crashed or was killed): a durable record store closed
     * the call's open record afterwards, at the last time the call was known to be live (R7.4, R7.5). The call machine
     * never produces it; the record has {@code answeredAt} if the call had been answered.
     */
    INTERRUPTED("interrupted");

    private final String wireName;

    Outcome(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The outcome with this wire name, if any. */
    public static Optional<Outcome> fromWire(String name) {
        return WireNamed.lookup(Outcome.class, name);
    }
}
