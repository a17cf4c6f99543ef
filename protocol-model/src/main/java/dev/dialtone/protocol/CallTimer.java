package dev.dialtone.protocol;

import java.util.Objects;

/** A timer the {@link CallMachine} asks the shell to run; when it fires, the shell feeds the matching input back. */
public sealed interface CallTimer {

    /** The call the timer belongs to. */
    CallId callId();

    /**
     * The ring timeout: fires {@link CallInput.RingTimeoutFired}.
     *
     * @param callId the call
     */
    record RingTimeout(CallId callId) implements CallTimer {
        /** Checks required parts. */
        public RingTimeout {
            Objects.requireNonNull(callId, "callId");
        }
    }

    /**
     * A party's resume grace after its session dropped: fires {@link CallInput.ResumeGraceExpired}.
     *
     * @param callId the call
     * @param session the dropped session
     */
    record ResumeGrace(CallId callId, SessionRef session) implements CallTimer {
        /** Checks required parts. */
        public ResumeGrace {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(session, "session");
        }
    }
}
