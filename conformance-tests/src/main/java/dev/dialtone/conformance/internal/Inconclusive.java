package dev.dialtone.conformance.internal;

/**
 * The case could not decide, because of timing rather than the server: for example a ring timer fired while the kit
 * was still busy with steps that needed the call to ring. The runner runs the case again (a few times at most).
 */
public final class Inconclusive extends AssertionError {

    /** With what happened. */
    public Inconclusive(String message) {
        super(message);
    }
}
