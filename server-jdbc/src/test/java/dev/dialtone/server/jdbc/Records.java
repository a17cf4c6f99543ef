package dev.dialtone.server.jdbc;

import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.Outcome;
import dev.dialtone.protocol.UserId;
import java.time.Instant;

/** Records and calls for the tests. */
final class Records {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final UserId ALICE = UserId.of(1);
    static final UserId BOB = UserId.of(2);
    static final UserId CAROL = UserId.of("carol");
    static final UserId DAVE = UserId.of("dave");

    private Records() {
    }

    static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static CallInfo call(String id, UserId caller, UserId callee, Instant startedAt) {
        return new CallInfo(CallId.of(id), caller, "name of " + caller, callee, CallType.VIDEO, startedAt);
    }

    static CallRecord completed(String id, UserId caller, UserId callee, Instant startedAt) {
        return new CallRecord(CallId.of(id), caller, callee, CallType.VIDEO, Outcome.COMPLETED, startedAt,
                startedAt.plusSeconds(5), startedAt.plusSeconds(60), callee);
    }

    static CallRecord missed(String id, UserId caller, UserId callee, Instant startedAt) {
        return new CallRecord(CallId.of(id), caller, callee, CallType.AUDIO, Outcome.MISSED, startedAt, null,
                startedAt.plusSeconds(30), null);
    }

    static CallRecord completed(CallInfo call, Instant answeredAt, Instant endedAt, UserId endedBy) {
        return new CallRecord(call.callId(), call.callerId(), call.calleeId(), call.callType(), Outcome.COMPLETED,
                call.startedAt(), answeredAt, endedAt, endedBy);
    }
}
