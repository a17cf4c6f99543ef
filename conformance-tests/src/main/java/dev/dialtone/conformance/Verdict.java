package dev.dialtone.conformance;

/** What the kit concluded about one case, and about one rule (the worst of its cases). */
public enum Verdict {
    /** The server does what the rule says. */
    OK("OK"),
    /** A required case failed: the server breaks a MUST of docs/protocol.md. */
    FAILED("FAILED"),
    /** An optional case failed: the server does not do what a SHOULD asks. The run still passes. */
    NON_STRICT("NON-STRICT"),
    /** The kit cannot check this against this server (a rule not checkable from outside, no signing key, ...). */
    UNTESTED("UNTESTED");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** The word the console and the reports show. */
    public String label() {
        return label;
    }
}
