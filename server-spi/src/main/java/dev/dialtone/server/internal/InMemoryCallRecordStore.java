package dev.dialtone.server.internal;

import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.spi.CallRecordStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/** Call records in memory, indexed by user; lost when the process ends. */
public final class InMemoryCallRecordStore implements CallRecordStore {

    /** Newest first by start time, then call id descending: the order of R7.3. */
    public static final Comparator<CallRecord> NEWEST_FIRST = Comparator
            .comparing(CallRecord::startedAt).reversed()
            .thenComparing(record -> record.callId().value(), Comparator.reverseOrder());

    private final ConcurrentHashMap<CallId, CallRecord> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UserId, ConcurrentSkipListSet<CallRecord>> byUser = new ConcurrentHashMap<>();

    @Override
    public void save(CallRecord record) {
        if (byId.putIfAbsent(record.callId(), record) != null) {
            return;
        }
        index(record.callerId(), record);
        if (!record.calleeId().equals(record.callerId())) {
            index(record.calleeId(), record);
        }
    }

    private void index(UserId user, CallRecord record) {
        byUser.computeIfAbsent(user, u -> new ConcurrentSkipListSet<>(NEWEST_FIRST)).add(record);
    }

    @Override
    public List<CallRecord> history(UserId user, int limit, CallId before) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit is at least 1");
        }
        ConcurrentSkipListSet<CallRecord> records = byUser.get(user);
        if (records == null) {
            return List.of();
        }
        Iterable<CallRecord> page = records;
        if (before != null) {
            CallRecord cursor = byId.get(before);
            if (cursor == null || !cursor.involves(user)) {
                return List.of();
            }
            page = records.tailSet(cursor, false);
        }
        List<CallRecord> result = new ArrayList<>(Math.min(limit, 64));
        for (CallRecord record : page) {
            if (result.size() == limit) {
                break;
            }
            result.add(record);
        }
        return List.copyOf(result);
    }
}
