package dev.dialtone.server.spi;

import dev.dialtone.server.internal.InMemoryCallRecordStore;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.UserId;
import java.time.Instant;
import java.util.List;

/**
 * Where every call's one record goes when it ends (R7.1), and where {@code get_call_history} reads (R7.3).
 *
 * <p>Thread-safe. Calls may block (a database); the engine calls them outside its per-call exclusive section.
 *
 * <p>A durable store may also keep an <em>open record</em> of each live call (R7.4), so that a call that was live when
 * its server process died is closed as {@link dev.dialtone.protocol.Outcome#INTERRUPTED interrupted} later (R7.5):
 * the engine reports {@link #opened}, {@link #answered} and then {@link #save}. These three have no-op defaults, for
 * stores that keep nothing but final records. Since they run outside the exclusive section, calls for one call id may
 * arrive from different threads and out of order ({@code save} even before {@code opened}); a store must keep the
 * final record whatever the order, and must never list an open record in {@link #history}.
 */
public interface CallRecordStore {

    /**
     * Saves a call's record. Idempotent on the call id: saving a record for a call that has one already keeps the
     * first and does nothing else.
     */
    void save(CallRecord record);

    /**
     * A call started ringing: a durable store writes its open record (R7.4), with {@code call.startedAt()} as its
     * last known activity. Idempotent on the call id; does nothing if the call already has a record, open or final.
     * The default does nothing.
     *
     * @param call the call's fixed facts
     */
    default void opened(CallInfo call) {
    }

    /**
     * A call was answered at {@code at}: a durable store keeps the answer time on the open record (and counts it as
     * activity), so that the record of an interrupted answered call has it. Does nothing if the call has no open
     * record. The default does nothing.
     *
     * @param callId the call
     * @param at when it was answered
     */
    default void answered(CallId callId, Instant at) {
    }

    /**
     * The call was known to be live at {@code at}: a durable store may move the open record's last known activity
     * forward (never back), and may throttle such writes. Does nothing if the call has no open record. The default does
     * nothing.
     *
     * @param callId the call
     * @param at when it was seen live
     */
    default void touched(CallId callId, Instant at) {
    }

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
