package dev.dialtone.protocol.internal;

import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.Outcome;
import dev.dialtone.protocol.UserId;
import java.time.Instant;

/**
 * Builds the one record a call leaves (R7.1, R7.2).
 *
 * <p>Times never run backwards inside a record: the machine reads no clock, so an input stamped earlier than the
 * call's last known time (a shell whose clock stepped back, or nodes with skewed clocks) is taken to happen at that
 * time instead. Refusing such an input would leave a call that can never end; throwing would crash the shell.
 */
final class CallRecords {

    private CallRecords() {
    }

    /** The record of a call that was never answered. */
    static CallRecord unanswered(CallInfo call, Outcome outcome, Instant at, UserId endedBy) {
        return new CallRecord(call.callId(), call.callerId(), call.calleeId(), call.callType(), outcome,
                call.startedAt(), null, notBefore(at, call.startedAt()), endedBy);
    }

    /** The record of an answered call: always {@link Outcome#COMPLETED} (R7.2). */
    static CallRecord completed(CallInfo call, Instant answeredAt, Instant at, UserId endedBy) {
        return new CallRecord(call.callId(), call.callerId(), call.calleeId(), call.callType(), Outcome.COMPLETED,
                call.startedAt(), answeredAt, notBefore(at, answeredAt), endedBy);
    }

    /** {@code at}, or {@code floor} if {@code at} is earlier. */
    static Instant notBefore(Instant at, Instant floor) {
        return at.isBefore(floor) ? floor : at;
    }
}
