package dev.dialtone.conformance;

/**
 * The strength of the rule a case checks, as its name says ({@code required_}, {@code optional_},
 * {@code untested_}).
 */
public enum Requirement {
    /** A MUST: {@code required_R<rule>_<what>}. A failure fails the run. */
    REQUIRED,
    /** A SHOULD: {@code optional_R<rule>_<what>}. A failure is reported as non-strict. */
    OPTIONAL,
    /** A rule that cannot be checked from outside: {@code untested_R<rule>_<what>}, listed with the reason. */
    UNTESTED;

    /** The requirement a case name states. */
    public static Requirement ofCaseName(String name) {
        if (name.startsWith("required_")) {
            return REQUIRED;
        }
        if (name.startsWith("optional_")) {
            return OPTIONAL;
        }
        if (name.startsWith("untested_")) {
            return UNTESTED;
        }
        throw new IllegalArgumentException("not a case name: " + name);
    }
}
