package dev.dialtone.client.internal;

import dev.dialtone.client.CallEnd;
import dev.dialtone.client.CallEnd.Reason;
import dev.dialtone.protocol.CallCancelled;
import dev.dialtone.protocol.CallEnded;
import dev.dialtone.protocol.CallHungUp;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallMissed;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.CallRejected;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.CallUnavailable;
import dev.dialtone.protocol.EndReason;
import dev.dialtone.protocol.Outcome;
import dev.dialtone.protocol.ServerEvent;
import dev.dialtone.protocol.UnavailableReason;
import dev.dialtone.protocol.UserId;
import java.time.Instant;
import java.util.Optional;

/** How server events end calls, and the ended mirror state a call keeps afterwards. */
public final class CallEnds {

    private CallEnds() {
    }

    /**
     * How {@code event} ends the call it names, seen by a party whose peer is {@code peer}; empty for events that end
     * no call.
     */
    public static Optional<CallEnd> of(ServerEvent event, UserId peer) {
        if (event instanceof CallHungUp hungUp) {
            return Optional.of(CallEnd.of(Reason.HUNG_UP_BY_PEER, hungUp.hangedUpBy()));
        } else if (event instanceof CallRejected rejected) {
            return Optional.of(CallEnd.of(Reason.REJECTED, rejected.calleeId()));
        } else if (event instanceof CallCancelled cancelled) {
            return Optional.of(CallEnd.of(Reason.CANCELLED, cancelled.callerId()));
        } else if (event instanceof CallMissed) {
            return Optional.of(CallEnd.of(Reason.MISSED, null));
        } else if (event instanceof CallEnded ended) {
            return Optional.of(of(ended.reason(), peer));
        } else if (event instanceof CallUnavailable unavailable) {
            return Optional.of(CallEnd.unavailable(unavailable.reason()));
        }
        return Optional.empty();
    }

    /** The end a {@code call_ended} with {@code reason} means. */
    static CallEnd of(EndReason reason, UserId peer) {
        switch (reason) {
            case ANSWERED_ELSEWHERE:
                return CallEnd.of(Reason.ANSWERED_ELSEWHERE, null);
            case REJECTED_ELSEWHERE:
                return CallEnd.of(Reason.REJECTED_ELSEWHERE, null);
            case PEER_DISCONNECTED:
                return CallEnd.of(Reason.PEER_DISCONNECTED, peer);
            case SERVER_SHUTDOWN:
                return CallEnd.of(Reason.SERVER_SHUTDOWN, null);
            default:
                throw new AssertionError("unhandled end reason " + reason);
        }
    }

    /** The call an ending event names; null when it names none (a bare seed-003 server). */
    public static CallId callIdOf(ServerEvent event) {
        if (event instanceof CallHungUp hungUp) {
            return hungUp.callId();
        } else if (event instanceof CallRejected rejected) {
            return rejected.callId();
        } else if (event instanceof CallCancelled cancelled) {
            return cancelled.callId();
        } else if (event instanceof CallMissed missed) {
            return missed.callId();
        } else if (event instanceof CallEnded ended) {
            return ended.callId();
        } else if (event instanceof CallUnavailable unavailable) {
            return unavailable.callId();
        }
        return null;
    }

    /**
     * The state a call's local mirror takes when it ends with {@code end}: {@link CallState.Ended}, so that the call
     * machine refuses every later action with {@code unknown_call} (R4.5). The record is the client's best knowledge,
     * used for nothing but that.
     */
    static CallState ended(CallState mirror, CallEnd end, Instant at) {
        if (mirror instanceof CallState.Ended) {
            return mirror;
        }
        if (mirror instanceof CallState.Connected connected) {
            CallInfo call = connected.call();
            Instant answeredAt = connected.answeredAt();
            return new CallState.Ended(new CallRecord(call.callId(), call.callerId(), call.calleeId(), call.callType(),
                    Outcome.COMPLETED, call.startedAt(), answeredAt, later(at, answeredAt), end.endedBy()));
        }
        if (mirror instanceof CallState.Ringing ringing) {
            CallInfo call = ringing.call();
            Outcome outcome = unansweredOutcome(end);
            Instant endedAt = later(at, call.startedAt());
            Instant answeredAt = outcome == Outcome.COMPLETED ? endedAt : null;
            return new CallState.Ended(new CallRecord(call.callId(), call.callerId(), call.calleeId(), call.callType(),
                    outcome, call.startedAt(), answeredAt, endedAt, end.endedBy()));
        }
        if (mirror instanceof CallState.Idle) {
            // Calling oneself or glare: the server makes no call, so there is nothing to refuse actions about but an
            // idle state, which refuses every call action with unknown_call already.
            return mirror;
        }
        throw new AssertionError("unhandled call state " + mirror.getClass().getName());
    }

    private static Outcome unansweredOutcome(CallEnd end) {
        switch (end.reason()) {
            case REJECTED:
            case REJECTED_ELSEWHERE:
                return Outcome.REJECTED;
            case CANCELLED:
                return Outcome.CANCELLED;
            case MISSED:
                return Outcome.MISSED;
            case ANSWERED_ELSEWHERE:
                return Outcome.COMPLETED;
            case UNAVAILABLE:
                return end.unavailableReason() == UnavailableReason.BUSY ? Outcome.BUSY
                        : end.unavailableReason() == UnavailableReason.OFFLINE ? Outcome.OFFLINE : Outcome.FAILED;
            default:
                return Outcome.FAILED;
        }
    }

    private static Instant later(Instant at, Instant floor) {
        return at.isBefore(floor) ? floor : at;
    }
}
