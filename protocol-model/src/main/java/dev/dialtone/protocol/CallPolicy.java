package dev.dialtone.protocol;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings the {@link CallMachine} decides with: the same on server, client and conformance kit.
 *
 * @param ringTimeout how long a call rings before it is missed (R6.1); positive
 * @param resumeGrace how long a party's dropped session may be resumed before the call ends (R6.2); zero or more
 * @param maxBufferedCandidates how many ICE candidates the caller may send while ringing (R6.5); 0 or more
 */
public record CallPolicy(Duration ringTimeout, Duration resumeGrace, int maxBufferedCandidates) {

    /** Checks the ranges. */
    public CallPolicy {
        Objects.requireNonNull(ringTimeout, "ringTimeout");
        Objects.requireNonNull(resumeGrace, "resumeGrace");
        if (ringTimeout.isZero() || ringTimeout.isNegative()) {
            throw new IllegalArgumentException("ringTimeout is positive");
        }
        if (resumeGrace.isNegative()) {
            throw new IllegalArgumentException("resumeGrace is not negative");
        }
        if (maxBufferedCandidates < 0) {
            throw new IllegalArgumentException("maxBufferedCandidates is not negative");
        }
    }

    /** The protocol's defaults: 30 s ring timeout, 20 s resume grace, 64 buffered candidates. */
    public static CallPolicy defaults() {
        return new CallPolicy(Protocol.DEFAULT_RING_TIMEOUT, Protocol.DEFAULT_RESUME_GRACE,
                Protocol.DEFAULT_MAX_BUFFERED_CANDIDATES);
    }

    /** This policy with another ring timeout. */
    public CallPolicy withRingTimeout(Duration timeout) {
        return new CallPolicy(timeout, resumeGrace, maxBufferedCandidates);
    }

    /** This policy with another resume grace. */
    public CallPolicy withResumeGrace(Duration grace) {
        return new CallPolicy(ringTimeout, grace, maxBufferedCandidates);
    }

    /** This policy with another candidate buffer bound. */
    public CallPolicy withMaxBufferedCandidates(int max) {
        return new CallPolicy(ringTimeout, resumeGrace, max);
    }
}
