package dev.dialtone.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The state of one call, as the {@link CallMachine} sees it (protocol section 2, "Call states"). A party sees
 * {@link Ringing} as ringing/outgoing (caller) or ringing/incoming (callee).
 */
public sealed interface CallState {

    /** Before {@code start_call}: no call yet. */
    record Idle() implements CallState {
        /** The one idle state. */
        public static final Idle INSTANCE = new Idle();
    }

    /**
     * Placed and ringing at every session of the callee.
     *
     * @param call the call's fixed facts
     * @param callerSession the session that placed the call
     * @param calleeSessions the callee's sessions that ring, in order
     * @param bufferedCandidates the caller's ICE candidates sent while ringing, in the order sent; flushed to the
     *     answering session (R6.5)
     * @param detached parties' sessions whose connection dropped and that may still resume
     */
    record Ringing(CallInfo call, SessionRef callerSession, List<SessionRef> calleeSessions,
            List<OpaqueJson> bufferedCandidates, Set<SessionRef> detached) implements CallState {
        /** Checks required parts and copies the collections. */
        public Ringing {
            Objects.requireNonNull(call, "call");
            Objects.requireNonNull(callerSession, "callerSession");
            calleeSessions = List.copyOf(calleeSessions);
            bufferedCandidates = List.copyOf(bufferedCandidates);
            detached = Set.copyOf(detached);
            if (calleeSessions.isEmpty()) {
                throw new IllegalArgumentException("a ringing call rings at least one session");
            }
        }
    }

    /**
     * Answered: bound to one session of each party; relays go only between these two (R3.6).
     *
     * @param call the call's fixed facts
     * @param callerSession the caller's bound session
     * @param calleeSession the callee's session that answered
     * @param answeredAt when it was answered
     * @param detached bound sessions whose connection dropped and that may still resume
     */
    record Connected(CallInfo call, SessionRef callerSession, SessionRef calleeSession, Instant answeredAt,
            Set<SessionRef> detached) implements CallState {
        /** Checks required parts and copies the set. */
        public Connected {
            Objects.requireNonNull(call, "call");
            Objects.requireNonNull(callerSession, "callerSession");
            Objects.requireNonNull(calleeSession, "calleeSession");
            Objects.requireNonNull(answeredAt, "answeredAt");
            detached = Set.copyOf(detached);
        }

        /** The bound session of the other party. */
        public SessionRef peerSessionOf(SessionRef session) {
            return session.equals(callerSession) ? calleeSession : callerSession;
        }
    }

    /**
     * Over, for good: every input is refused (R4.5).
     *
     * @param record the call's one record, as saved
     */
    record Ended(CallRecord record) implements CallState {
        /** Checks required parts. */
        public Ended {
            Objects.requireNonNull(record, "record");
        }
    }
}
