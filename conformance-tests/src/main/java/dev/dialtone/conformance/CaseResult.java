package dev.dialtone.conformance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one case.
 *
 * @param name the case, as {@code required_R2_5_offlineCalleeIsUnavailable}
 * @param rule the rule it checks ({@code R2.5}), or {@code model} for the model-based property
 * @param requirement what its name states
 * @param verdict what the kit concluded
 * @param duration how long it took
 * @param message why it failed or is untested; empty when OK
 * @param expected what the kit expected, for failures that have it; else empty
 * @param received what arrived instead; else empty
 * @param wireLog every frame of every session of the failing run (empty for passing cases)
 * @param replayFile the replay file written for a failure, if any
 * @param knownFailing whether the case is listed as known to fail (then its failure does not fail the run)
 * @param stale whether it is listed as known to fail but passed (that fails the run: remove the entry)
 */
public record CaseResult(String name, String rule, Requirement requirement, Verdict verdict, Duration duration,
        String message, String expected, String received, List<WireRecord> wireLog, Path replayFile,
        boolean knownFailing, boolean stale) {

    /** Checks required parts and copies the log. */
    public CaseResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(duration, "duration");
        message = message == null ? "" : message;
        expected = expected == null ? "" : expected;
        received = received == null ? "" : received;
        wireLog = List.copyOf(wireLog);
    }

    /** The replay file, if one was written. */
    public Optional<Path> replay() {
        return Optional.ofNullable(replayFile);
    }

    /** Whether this case makes the run fail: a required case that failed and is not known to, or a stale entry. */
    public boolean failsTheRun() {
        return (verdict == Verdict.FAILED && !knownFailing) || stale;
    }

    /**
     * The rule a case name states: {@code required_R2_5_x} is {@code R2.5}; {@code required_model_x} is
     * {@code model}.
     */
    public static String ruleOf(String caseName) {
        String[] parts = caseName.split("_");
        if (parts.length < 3) {
            return "?";
        }
        if (!parts[1].startsWith("R")) {
            return parts[1];
        }
        if (parts[1].length() > 1 && parts.length >= 3 && parts[2].chars().allMatch(Character::isDigit)) {
            return parts[1] + "." + parts[2];
        }
        return parts[1];
    }
}
