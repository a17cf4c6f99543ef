package dev.dialtone.conformance.internal.run;

import dev.dialtone.conformance.WireRecord;
import java.nio.file.Path;
import java.util.List;

/**
 * What a case that did not pass leaves for the reports.
 *
 * @param message what went wrong
 * @param expected what was expected, or null
 * @param received what arrived, or null
 * @param wireLog every frame of the case
 * @param replayFile the replay file, or null
 */
public record Evidence(String message, String expected, String received, List<WireRecord> wireLog, Path replayFile) {

    /** Copies the log. */
    public Evidence {
        wireLog = List.copyOf(wireLog);
    }
}
