package dev.dialtone.protocol;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything that can happen to a call, as input to the {@link CallMachine}. Time comes in with the input
 * ({@link #at()}); the machine reads no clock. Party inputs carry the sender's authenticated session, never a claimed
 * id, and the peer the sender named, if any, as a check.
 */
public sealed interface CallInput {

    /** When it happened. */
    Instant at();

    /**
     * {@code start_call}, with the facts the shell gathered.
     *
     * @param call the new call's facts, {@code startedAt} being now
     * @param callerSession the session that sent {@code start_call}
     * @param offer the SDP offer sent with the call; null when none
     * @param facts presence and busy facts at this moment
     */
    record StartRequested(CallInfo call, SessionRef callerSession, OpaqueJson offer, PlacementFacts facts)
            implements CallInput {
        /** Checks required parts. */
        public StartRequested {
            Objects.requireNonNull(call, "call");
            Objects.requireNonNull(callerSession, "callerSession");
            Objects.requireNonNull(facts, "facts");
            if (!callerSession.user().equals(call.callerId())) {
                throw new IllegalArgumentException("the caller session belongs to the caller");
            }
        }

        @Override
        public Instant at() {
            return call.startedAt();
        }
    }

    /**
     * {@code answer_call}.
     *
     * @param from the sending session
     * @param peerHint the {@code caller_id} the sender named; null when none
     * @param answer the SDP answer sent with it; null when none
     * @param at when
     */
    record AnswerRequested(SessionRef from, UserId peerHint, OpaqueJson answer, Instant at) implements CallInput {
        /** Checks required parts. */
        public AnswerRequested {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * {@code reject_call}.
     *
     * @param from the sending session
     * @param peerHint the {@code caller_id} the sender named; null when none
     * @param at when
     */
    record RejectRequested(SessionRef from, UserId peerHint, Instant at) implements CallInput {
        /** Checks required parts. */
        public RejectRequested {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * {@code cancel_call}.
     *
     * @param from the sending session
     * @param peerHint the {@code callee_id} the sender named; null when none
     * @param at when
     */
    record CancelRequested(SessionRef from, UserId peerHint, Instant at) implements CallInput {
        /** Checks required parts. */
        public CancelRequested {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * {@code offer}, {@code answer}, {@code ice_candidate} or {@code media_state}: something to relay to the peer.
     *
     * @param from the sending session
     * @param peerHint the peer id the sender named; null when none
     * @param signal what to relay
     * @param at when
     */
    record SignalRequested(SessionRef from, UserId peerHint, Signal signal, Instant at) implements CallInput {
        /** Checks required parts. */
        public SignalRequested {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(signal, "signal");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * {@code hang_up}.
     *
     * @param from the sending session
     * @param peerHint the {@code peer_id} the sender named; null when none
     * @param at when
     */
    record HangUpRequested(SessionRef from, UserId peerHint, Instant at) implements CallInput {
        /** Checks required parts. */
        public HangUpRequested {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The ring timer fired.
     *
     * @param at when
     */
    record RingTimeoutFired(Instant at) implements CallInput {
        /** Checks required parts. */
        public RingTimeoutFired {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A party's connection dropped; its session may still resume.
     *
     * @param session the session
     * @param at when
     */
    record SessionDetached(SessionRef session, Instant at) implements CallInput {
        /** Checks required parts. */
        public SessionDetached {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A dropped session was resumed by a new connection.
     *
     * @param session the session
     * @param at when
     */
    record SessionResumed(SessionRef session, Instant at) implements CallInput {
        /** Checks required parts. */
        public SessionResumed {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A dropped session's resume grace ran out.
     *
     * @param session the session
     * @param at when
     */
    record ResumeGraceExpired(SessionRef session, Instant at) implements CallInput {
        /** Checks required parts. */
        public ResumeGraceExpired {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The server is shutting down: every live call ends (R6.6).
     *
     * @param at when
     */
    record ShutdownStarted(Instant at) implements CallInput {
        /** Checks required parts. */
        public ShutdownStarted {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The input a call-scoped action stands for, as sent by {@code from} at {@code at}; empty for actions that are not
     * about an existing call ({@code start_call}, {@code ping}, {@code get_call_history}, unknown ones).
     */
    static Optional<CallInput> of(SessionRef from, ClientAction action, Instant at) {
        if (action instanceof AnswerCall a) {
            return Optional.of(new AnswerRequested(from, a.callerId(), a.answer(), at));
        } else if (action instanceof RejectCall r) {
            return Optional.of(new RejectRequested(from, r.callerId(), at));
        } else if (action instanceof CancelCall c) {
            return Optional.of(new CancelRequested(from, c.calleeId(), at));
        } else if (action instanceof HangUp h) {
            return Optional.of(new HangUpRequested(from, h.peerId(), at));
        } else if (action instanceof SendOffer o) {
            return Optional.of(new SignalRequested(from, o.calleeId(), new Signal.Offer(o.offer()), at));
        } else if (action instanceof SendAnswer a) {
            return Optional.of(new SignalRequested(from, a.callerId(), new Signal.Answer(a.answer()), at));
        } else if (action instanceof SendIceCandidate i) {
            return Optional.of(new SignalRequested(from, i.peerId(), new Signal.Candidate(i.candidate()), at));
        } else if (action instanceof SetMediaState m) {
            return Optional.of(new SignalRequested(from, null, new Signal.Media(m.audio(), m.video()), at));
        }
        return Optional.empty();
    }

    /**
     * The call id a call-scoped action names, if it names one: {@code offer}, {@code answer}, {@code ice_candidate}
     * and {@code media_state} may leave it out (R3.7).
     */
    static Optional<CallId> callIdOf(ClientAction action) {
        CallId id = null;
        if (action instanceof AnswerCall a) {
            id = a.callId();
        } else if (action instanceof RejectCall r) {
            id = r.callId();
        } else if (action instanceof CancelCall c) {
            id = c.callId();
        } else if (action instanceof HangUp h) {
            id = h.callId();
        } else if (action instanceof SendOffer o) {
            id = o.callId();
        } else if (action instanceof SendAnswer a) {
            id = a.callId();
        } else if (action instanceof SendIceCandidate i) {
            id = i.callId();
        } else if (action instanceof SetMediaState m) {
            id = m.callId();
        }
        return Optional.ofNullable(id);
    }
}
