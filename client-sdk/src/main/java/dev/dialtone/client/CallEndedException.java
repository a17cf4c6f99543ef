package dev.dialtone.client;

import java.util.Objects;

/**
 * The call ended before what was awaited happened: {@link Call#answered()} fails with it when the call ends
 * unanswered, and {@link Call#id()} when the call ends before the server gave it an id.
 */
public final class CallEndedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient CallEnd end;

    /**
     * An exception for this end.
     *
     * @param end how the call ended; never null
     */
    public CallEndedException(CallEnd end) {
        super("the call ended: " + Objects.requireNonNull(end, "end").reason()
                + (end.unavailableReason() == null ? "" : " (" + end.unavailableReason().wireName() + ")"));
        this.end = end;
    }

    /** How the call ended. */
    public CallEnd end() {
        return end;
    }
}
