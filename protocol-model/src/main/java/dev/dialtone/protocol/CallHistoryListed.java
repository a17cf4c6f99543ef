package dev.dialtone.protocol;

import java.util.List;
import java.util.Objects;

/**
 * {@code call_history}: the answer to {@code get_call_history}: the requester's own records, newest first (R7.3).
 *
 * @param records the page; never null, possibly empty
 * @param nextBefore the {@code before} to ask for the next page; null when this page is the last
 */
public record CallHistoryListed(List<CallRecord> records, CallId nextBefore) implements ServerEvent {

    /** The wire name. */
    public static final String TYPE = "call_history";

    /** Copies the list. */
    public CallHistoryListed {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
    }

    @Override
    public String type() {
        return TYPE;
    }
}
