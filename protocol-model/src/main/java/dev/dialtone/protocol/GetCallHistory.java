package dev.dialtone.protocol;

/**
 * {@code get_call_history}: list the sender's own call records, newest first (R7.3).
 *
 * @param limit how many records at most, 1 to {@value #MAX_LIMIT}; null for {@value #DEFAULT_LIMIT}
 * @param before only records older than this call (the last one of the previous page); null for the newest
 */
public record GetCallHistory(Integer limit, CallId before) implements ClientAction {

    /** The wire name. */
    public static final String ACTION = "get_call_history";

    /** The page size when none is named. */
    public static final int DEFAULT_LIMIT = 50;

    /** The largest page size. */
    public static final int MAX_LIMIT = 200;

    /** Checks the limit's range. */
    public GetCallHistory {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new IllegalArgumentException("limit is 1 to " + MAX_LIMIT);
        }
    }

    /** The page size to use. */
    public int effectiveLimit() {
        return limit == null ? DEFAULT_LIMIT : limit;
    }

    @Override
    public String action() {
        return ACTION;
    }
}
