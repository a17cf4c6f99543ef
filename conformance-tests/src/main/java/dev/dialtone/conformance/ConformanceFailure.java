package dev.dialtone.conformance;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.opentest4j.AssertionFailedError;

/**
 * A required case failed: the server breaks the rule the case is named after. The message says what was expected and
 * what arrived; IDEs show the two side by side. The wire log holds every frame of every session of the case, and the
 * replay file (if one could be written) replays the exact frames the kit sent: {@code ./dialtone conformance
 * --replay FILE --url ...}.
 */
public final class ConformanceFailure extends AssertionFailedError {

    private final String caseName;
    private final String rule;
    private final transient List<WireRecord> wireLog;
    private final transient Path replayFile;
    private final String expectedText;
    private final String receivedText;

    /**
     * A failure.
     *
     * @param caseName the case
     * @param message what went wrong
     * @param expected what the kit expected; null when the failure has no such pair
     * @param received what arrived instead; null when none
     * @param wireLog the wire log of the case
     * @param replayFile the replay file; null when none was written
     */
    public ConformanceFailure(String caseName, String message, String expected, String received,
            List<WireRecord> wireLog, Path replayFile) {
        super(message, expected, received);
        this.caseName = caseName;
        this.rule = CaseResult.ruleOf(caseName);
        this.wireLog = List.copyOf(wireLog);
        this.replayFile = replayFile;
        this.expectedText = expected;
        this.receivedText = received;
    }

    /** The failing case. */
    public String caseName() {
        return caseName;
    }

    /** The rule the case checks ({@code R2.5}). */
    public String rule() {
        return rule;
    }

    /** Every frame of the case. */
    public List<WireRecord> wireLog() {
        return wireLog;
    }

    /** The replay file, if one was written. */
    public Optional<Path> replayFile() {
        return Optional.ofNullable(replayFile);
    }

    /** What the kit expected, if the failure says. */
    public Optional<String> expectedText() {
        return Optional.ofNullable(expectedText);
    }

    /** What arrived instead, if the failure says. */
    public Optional<String> receivedText() {
        return Optional.ofNullable(receivedText);
    }
}
