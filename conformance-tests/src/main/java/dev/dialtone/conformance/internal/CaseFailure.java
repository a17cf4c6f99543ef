package dev.dialtone.conformance.internal;

import org.opentest4j.AssertionFailedError;

/**
 * A case found the server breaking a rule: what was expected, what arrived instead. Thrown inside a case; the runner
 * turns it into the public {@code ConformanceFailure} with the wire logs and the replay file.
 */
public class CaseFailure extends AssertionFailedError {

    private final String expectedText;
    private final String receivedText;

    /** A failure with what was expected and what was received (either may be null). */
    public CaseFailure(String message, String expected, String received) {
        super(message, expected, received);
        this.expectedText = expected;
        this.receivedText = received;
    }

    /** A failure without an expected/received pair. */
    public CaseFailure(String message) {
        this(message, null, null);
    }

    /** What the case expected, or null. */
    public String expectedText() {
        return expectedText;
    }

    /** What the case received, or null. */
    public String receivedText() {
        return receivedText;
    }
}
