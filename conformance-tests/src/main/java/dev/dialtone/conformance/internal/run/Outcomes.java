package dev.dialtone.conformance.internal.run;

import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The throwables a case ends with besides a plain pass, failure or untested verdict. */
public final class Outcomes {

    private Outcomes() {
    }

    /** An optional case (a SHOULD) failed: reported as NON-STRICT, the run still passes. */
    public static final class NonStrict extends TestAbortedException {
        private final transient Evidence evidence;

        public NonStrict(Evidence evidence) {
            super("NON-STRICT: " + evidence.message());
            this.evidence = evidence;
        }

        public Evidence evidence() {
            return evidence;
        }
    }

    /** A case listed as known to fail failed: reported, but it does not fail the run. */
    public static final class KnownFailure extends TestAbortedException {
        private final transient Evidence evidence;

        public KnownFailure(Evidence evidence) {
            super("FAILED (known failing): " + evidence.message());
            this.evidence = evidence;
        }

        public Evidence evidence() {
            return evidence;
        }
    }

    /** A case listed as known to fail passed: the entry is stale, which fails the run. */
    public static final class StaleKnownFailing extends AssertionFailedError {
        public StaleKnownFailing(String caseName) {
            super("stale known-failing entry: " + caseName + " passes now; remove it from the known-failing list");
        }
    }
}
