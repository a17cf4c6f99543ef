package dev.dialtone.conformance.internal;

import org.opentest4j.TestAbortedException;

/** The case cannot check its rule against this target (no signing key, a timer too long to wait for, ...). */
public final class Untested extends TestAbortedException {

    /** With the reason, for the report. */
    public Untested(String reason) {
        super("UNTESTED: " + reason);
    }

    /** The reason without the prefix. */
    public String reason() {
        return getMessage().substring("UNTESTED: ".length());
    }
}
