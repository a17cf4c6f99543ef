package dev.dialtone.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The one record every call leaves when it ends (protocol section 7), saved through the record store and listed by
 * {@code get_call_history}.
 *
 * @param callId the call
 * @param callerId who placed it
 * @param calleeId who was called
 * @param callType audio or video, as placed
 * @param outcome how it ended
 * @param startedAt when {@code start_call} was accepted
 * @param answeredAt when it was answered; null if it never was. Always present when the outcome is
 *     {@link Outcome#COMPLETED completed}, may be present when it is {@link Outcome#INTERRUPTED interrupted}, absent
 *     for every other outcome
 * @param endedAt when it ended; not before {@code startedAt}
 * @param endedBy the user whose action or lost connection ended it; null when nobody did (missed, busy, offline,
 *     server shutdown)
 */
public record CallRecord(
        CallId callId,
        UserId callerId,
        UserId calleeId,
        CallType callType,
        Outcome outcome,
        Instant startedAt,
        Instant answeredAt,
        Instant endedAt,
        UserId endedBy) {

    /** Checks required parts and the order of the times. */
    public CallRecord {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(callerId, "callerId");
        Objects.requireNonNull(calleeId, "calleeId");
        Objects.requireNonNull(callType, "callType");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        if (endedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("endedAt " + endedAt + " is before startedAt " + startedAt);
        }
        if (answeredAt != null && (answeredAt.isBefore(startedAt) || endedAt.isBefore(answeredAt))) {
            throw new IllegalArgumentException("answeredAt " + answeredAt + " is outside the call's time");
        }
        if (outcome == Outcome.COMPLETED ? answeredAt == null
                : answeredAt != null && outcome != Outcome.INTERRUPTED) {
            throw new IllegalArgumentException(
                    "a call has answeredAt when its outcome is completed, may have it when interrupted, else not");
        }
    }

    /** How long the call was connected: from answer to end, zero if never answered. */
    public Duration duration() {
        return answeredAt == null ? Duration.ZERO : Duration.between(answeredAt, endedAt);
    }

    /** Whether {@code user} took part in this call, as caller or callee. */
    public boolean involves(UserId user) {
        return callerId.equals(user) || calleeId.equals(user);
    }
}
