package dev.dialtone.server.spi;

import dev.dialtone.server.internal.InMemoryCallRecordStore;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.UserId;
import java.util.List;

/**
 * Where every call's one record goes when it ends (R7.1), and where {@code get_call_history} reads (R7.3).
 *
 * <p>Thread-safe. Calls may block (a database); the engine calls them outside its per-call exclusive section.
 */
public interface CallRecordStore {

    /**
     * Saves a call's record. Idempotent on the call id: saving a record for a call that has one already keeps the
     * first and does nothing else.
     */
    void save(CallRecord record);

    /**
     * The records of calls {@code user} took part in (as caller or callee), newest first by start time, ties broken
     * by call id descending.
     *
     * @param user whose history
     * @param limit at most this many, 1 or more
     * @param before only records after this call in that order (the last of the previous page); null from the newest
     * @return the page
     */
    List<CallRecord> history(UserId user, int limit, CallId before);

    /** Records in memory, lost when the process ends: for tests and demos. */
    static CallRecordStore inMemory() {
        return new InMemoryCallRecordStore();
    }
}
