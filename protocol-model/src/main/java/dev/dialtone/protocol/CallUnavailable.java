package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code call_unavailable}: {@code start_call} rang nobody (R2.5 to R2.8, R5.4).
 *
 * @param calleeId whom the caller tried to call
 * @param reason offline, busy, self or glare
 * @param callId for offline and busy, the id of the attempt (it has a call record); for glare, the pending call from
 *     the callee; null for self
 */
public record CallUnavailable(UserId calleeId, UnavailableReason reason, CallId callId) implements ServerEvent {

    /** The wire name. */
    public static final String TYPE = "call_unavailable";

    /** Checks required parts. */
    public CallUnavailable {
        Objects.requireNonNull(calleeId, "calleeId");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
