package dev.dialtone.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * The facts of a call fixed when it is placed.
 *
 * @param callId the server-chosen id
 * @param callerId who placed it (the authenticated user, never a claimed id)
 * @param callerName the caller's display name, for {@code incoming_call.caller_username}
 * @param calleeId whom it calls
 * @param callType audio or video
 * @param startedAt when it was placed
 */
public record CallInfo(
        CallId callId, UserId callerId, String callerName, UserId calleeId, CallType callType, Instant startedAt) {

    /** Checks required parts. */
    public CallInfo {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(callerId, "callerId");
        Objects.requireNonNull(callerName, "callerName");
        Objects.requireNonNull(calleeId, "calleeId");
        Objects.requireNonNull(callType, "callType");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** The other party of {@code user}, who must be the caller or the callee. */
    public UserId peerOf(UserId user) {
        if (user.equals(callerId)) {
            return calleeId;
        }
        if (user.equals(calleeId)) {
            return callerId;
        }
        throw new IllegalArgumentException(user + " is not a party of call " + callId);
    }
}
