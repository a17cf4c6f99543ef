package dev.dialtone.server.jdbc;

import static dev.dialtone.server.jdbc.Records.ALICE;
import static dev.dialtone.server.jdbc.Records.BOB;
import static dev.dialtone.server.jdbc.Records.CAROL;
import static dev.dialtone.server.jdbc.Records.DAVE;
import static dev.dialtone.server.jdbc.Records.call;
import static dev.dialtone.server.jdbc.Records.completed;
import static dev.dialtone.server.jdbc.Records.missed;
import static dev.dialtone.server.jdbc.Records.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.Outcome;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.jdbc.internal.JdbcRecords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every database behind {@link JdbcCallRecordStore} must do; run against embedded H2 and against PostgreSQL by
 * the subclasses. Each test has an empty database of its own.
 */
abstract class RecordStoreContract {

    /** Heartbeats that never come during a test, so that only the test decides when recovery runs. */
    static final Duration SLOW_BEAT = Duration.ofHours(1);
    static final Duration OWNER_TIMEOUT = Duration.ofHours(2);

    private final List<JdbcCallRecordStore> opened = new ArrayList<>();
    private TestDatabase database;

    /** A new empty database. */
    abstract TestDatabase newDatabase();

    final synchronized TestDatabase database() {
        if (database == null) {
            database = newDatabase();
        }
        return database;
    }

    /** A store on this test's database, closed after the test; clock-driven, multi-process rules. */
    final JdbcCallRecordStore open(TestClock clock) {
        JdbcCallRecordStore store = database().store().clock(clock).heartbeat(SLOW_BEAT, OWNER_TIMEOUT)
                .singleProcess(false).build();
        opened.add(store);
        return store;
    }

    final JdbcCallRecordStore open() {
        return open(new TestClock(t(1000)));
    }

    @AfterEach
    void closeStores() {
        opened.forEach(JdbcCallRecordStore::close);
    }

    // ---- R7.1: exactly one record per call ------------------------------------------------------------------------

    @Test
    void R7_1_savingACallAgainKeepsTheFirstRecordInOneRow() throws SQLException {
        JdbcCallRecordStore store = open();
        CallRecord first = completed("c1", ALICE, BOB, t(0));
        CallRecord other = missed("c1", ALICE, BOB, t(0));
        store.save(first);
        store.save(first);
        store.save(other);
        store.save(first);
        assertEquals(List.of(first), store.history(ALICE, 10, null));
        assertEquals(List.of(first), store.history(BOB, 10, null));
        assertEquals(1, count("SELECT COUNT(*) FROM dialtone_call_records"));
        assertEquals(2, count("SELECT COUNT(*) FROM dialtone_call_participants"));
    }

    @Test
    void R7_1_concurrentOpensAndSavesOfOneCallLeaveExactlyOneRecord() throws Exception {
        JdbcCallRecordStore store = open();
        int calls = 12;
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int c = 0; c < calls; c++) {
                CallInfo call = call("race-" + c, ALICE, BOB, t(c));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                List<CallRecord> saved = Collections.synchronizedList(new ArrayList<>());
                for (int i = 0; i < threads; i++) {
                    int variant = i;
                    done.add(pool.submit(() -> {
                        go.await();
                        if (variant % 3 == 0) {
                            store.opened(call);
                        } else {
                            CallRecord record = completed(call, call.startedAt().plusSeconds(1),
                                    call.startedAt().plusSeconds(10 + variant), BOB);
                            saved.add(record);
                            store.save(record);
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> future : done) {
                    future.get(60, TimeUnit.SECONDS);
                }
                List<CallRecord> history = store.history(ALICE, 100, null).stream()
                        .filter(record -> record.callId().equals(call.callId())).toList();
                assertEquals(1, history.size(), "one record of " + call.callId());
                assertTrue(saved.contains(history.get(0)), "the record is one of those saved");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(calls, count("SELECT COUNT(*) FROM dialtone_call_records"));
        assertEquals(2 * calls, count("SELECT COUNT(*) FROM dialtone_call_participants"));
        assertEquals(0, count("SELECT COUNT(*) FROM dialtone_call_records WHERE outcome IS NULL"));
    }

    @Test
    void R7_4_anOpenRecordIsNeverListedAndSaveClosesIt() throws SQLException {
        JdbcCallRecordStore store = open();
        CallInfo call = call("live", ALICE, BOB, t(0));
        store.opened(call);
        store.answered(call.callId(), t(4));
        store.touched(call.callId(), t(9));
        assertEquals(List.of(), store.history(ALICE, 10, null));
        assertEquals(List.of(), store.history(BOB, 10, null));
        assertEquals(List.of(), store.history(ALICE, 10, call.callId()), "an open record is no cursor either");
        CallRecord record = completed(call, t(4), t(60), ALICE);
        store.save(record);
        store.opened(call);
        assertEquals(List.of(record), store.history(ALICE, 10, null));
        assertEquals(1, count("SELECT COUNT(*) FROM dialtone_call_records"));
        assertEquals(0, count("SELECT COUNT(*) FROM dialtone_call_records WHERE owner_id IS NOT NULL"));
    }

    @Test
    void R7_1_aSaveBeforeTheOpenIsKeptAndTheLateOpenIgnored() throws SQLException {
        JdbcCallRecordStore store = open();
        CallInfo call = call("quick", ALICE, BOB, t(0));
        CallRecord rejected = new CallRecord(call.callId(), ALICE, BOB, CallType.VIDEO, Outcome.REJECTED, t(0), null,
                t(1), BOB);
        store.save(rejected);
        store.opened(call);
        store.answered(call.callId(), t(2));
        assertEquals(List.of(rejected), store.history(BOB, 10, null));
        assertEquals(0, count("SELECT COUNT(*) FROM dialtone_call_records WHERE owner_id IS NOT NULL"));
    }

    // ---- R7.2: the record as saved --------------------------------------------------------------------------------

    @Test
    void R7_2_userIdsKeepTheirJsonTypeAndTimesTheirMicroseconds() {
        JdbcCallRecordStore store = open();
        UserId numeric = UserId.of(42);
        UserId text = UserId.of("42x");
        Instant started = Instant.parse("2026-11-20T10:15:30.123456789Z");
        CallRecord record = new CallRecord(CallId.of("types"), numeric, text, CallType.AUDIO, Outcome.COMPLETED,
                started, started.plusMillis(1500), started.plusSeconds(90), numeric);
        store.save(record);
        CallRecord read = store.history(UserId.of("42"), 10, null).get(0);
        assertTrue(read.callerId().numeric());
        assertFalse(read.calleeId().numeric());
        assertTrue(read.endedBy().numeric());
        assertEquals("42x", read.calleeId().value());
        assertEquals(Instant.parse("2026-11-20T10:15:30.123456Z"), read.startedAt());
        assertEquals(Instant.parse("2026-11-20T10:15:31.623456Z"), read.answeredAt());
        assertEquals(Instant.parse("2026-11-20T10:17:00.123456Z"), read.endedAt());
        assertEquals(CallType.AUDIO, read.callType());
        assertEquals(Outcome.COMPLETED, read.outcome());

        CallRecord stringCaller = new CallRecord(CallId.of("types-2"), UserId.of("7"), UserId.of(8), CallType.VIDEO,
                Outcome.OFFLINE, t(5), null, t(5), null);
        store.save(stringCaller);
        CallRecord readBack = store.history(UserId.of(7), 1, null).get(0);
        assertFalse(readBack.callerId().numeric());
        assertTrue(readBack.calleeId().numeric());
        assertNull(readBack.endedBy());
        assertNull(readBack.answeredAt());
    }

    // ---- R7.3: history --------------------------------------------------------------------------------------------

    @Test
    void R7_3_historyOfAUserHoldsOnlyCallsTheyTookPartIn() {
        JdbcCallRecordStore store = open();
        store.save(completed("ab", ALICE, BOB, t(1)));
        store.save(completed("bc", BOB, CAROL, t(2)));
        store.save(missed("cd", CAROL, DAVE, t(3)));
        store.save(missed("da", DAVE, ALICE, t(4)));
        store.save(missed("bb", BOB, BOB, t(5)));
        assertEquals(List.of("da", "ab"), ids(store.history(ALICE, 50, null)));
        assertEquals(List.of("bb", "bc", "ab"), ids(store.history(BOB, 50, null)), "a self call once");
        assertEquals(List.of("cd", "bc"), ids(store.history(CAROL, 50, null)));
        assertEquals(List.of(), store.history(UserId.of("erin"), 50, null));
        assertEquals(List.of(), store.history(ALICE, 50, CallId.of("bc")), "a cursor of another user's call");
    }

    @Test
    void R7_3_historyIsNewestFirstWithTiesByCallIdInCodeUnitOrder() {
        JdbcCallRecordStore store = open();
        // Ordered by code unit: - . 0 9 A Z _ a z ~ ; a locale collation would order them differently.
        List<String> ids = new ArrayList<>(List.of("a", "B", "_x", "-y", "~z", "0", "Z", "b", ".q", "A-", "a_", "aA"));
        for (String id : ids) {
            store.save(missed(id, ALICE, BOB, t(100)));
        }
        store.save(missed("older", ALICE, BOB, t(99)));
        store.save(missed("newer", BOB, ALICE, t(101)));
        List<String> expected = new ArrayList<>(ids);
        expected.sort(Comparator.reverseOrder());
        expected.add(0, "newer");
        expected.add("older");
        assertEquals(expected, ids(store.history(ALICE, 50, null)));
        assertEquals(expected, ids(pages(store, ALICE, 1)));
        assertEquals(expected, ids(pages(store, BOB, 5)));
    }

    @Test
    void R7_3_aBeforeThatNamesNoRecordOfTheRequesterGivesAnEmptyPage() {
        JdbcCallRecordStore store = open();
        store.save(completed("mine", ALICE, BOB, t(1)));
        store.save(completed("theirs", CAROL, DAVE, t(2)));
        store.opened(call("open", ALICE, CAROL, t(3)));
        assertEquals(List.of(), store.history(ALICE, 10, CallId.of("unknown")));
        assertEquals(List.of(), store.history(ALICE, 10, CallId.of("theirs")));
        assertEquals(List.of(), store.history(ALICE, 10, CallId.of("open")));
        assertEquals(List.of(), store.history(ALICE, 10, CallId.of("mine")), "nothing after the oldest");
        assertThrows(IllegalArgumentException.class, () -> store.history(ALICE, 0, null));
    }

    @Test
    void R7_3_historyReadsOneIndexRangeWithoutSorting() throws SQLException {
        JdbcCallRecordStore store = open();
        store.save(missed("plan-0", UserId.of(7), UserId.of(107), t(0)));
        try (Connection connection = database().connect()) {
            bulkInsert(connection, 4000, 100);
            if (database().postgres()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ANALYZE");
                }
            }
            String next = plan(connection, "EXPLAIN " + JdbcRecords.NEXT_PAGE, statement -> {
                statement.setString(1, "7");
                statement.setObject(2, OffsetDateTime.ofInstant(t(500), ZoneOffset.UTC));
                statement.setObject(3, OffsetDateTime.ofInstant(t(500), ZoneOffset.UTC));
                statement.setString(4, "plan-1507");
                statement.setInt(5, 20);
            });
            String first = plan(connection, "EXPLAIN " + JdbcRecords.FIRST_PAGE, statement -> {
                statement.setString(1, "7");
                statement.setInt(2, 20);
            });
            for (String plan : List.of(first, next)) {
                assertTrue(plan.contains("dialtone_call_participants_history"), plan);
                if (database().postgres()) {
                    assertFalse(plan.contains("sort"), plan);
                    assertFalse(plan.contains("seq scan"), plan);
                } else {
                    assertTrue(plan.contains("/* index sorted */"), plan);
                }
            }
        }
    }

    // ---- R7.5: interrupted calls ----------------------------------------------------------------------------------

    @Test
    void R7_5_openRecordsOfAnOwnerWithAStaleHeartbeatAreClosedAsInterruptedOnce() throws SQLException {
        TestClock clock = new TestClock(t(100));
        insertOwner("ghost", t(90));
        insertOpen("answered", ALICE, BOB, t(10), t(15), t(15), "ghost");
        insertOpen("ringing", CAROL, ALICE, t(95), null, t(95), "ghost");
        JdbcCallRecordStore store = open(clock);
        assertEquals(List.of(), store.history(ALICE, 10, null), "the ghost's heartbeat is fresh: alive");
        assertEquals(List.of(), store.recoverInterrupted());

        clock.advance(OWNER_TIMEOUT);
        CallRecord answered = new CallRecord(CallId.of("answered"), ALICE, BOB, CallType.VIDEO, Outcome.INTERRUPTED,
                t(10), t(15), t(90), null);
        CallRecord ringing = new CallRecord(CallId.of("ringing"), CAROL, ALICE, CallType.VIDEO, Outcome.INTERRUPTED,
                t(95), null, t(95), null);
        List<CallRecord> closed = new ArrayList<>(store.recoverInterrupted());
        closed.sort(Comparator.comparing(record -> record.callId().value()));
        assertEquals(List.of(answered, ringing), closed, "ended at the later of heartbeat and own activity");
        assertEquals(List.of(ringing, answered), store.history(ALICE, 10, null));
        assertEquals(List.of(), store.recoverInterrupted());

        store.save(completed(call("answered", ALICE, BOB, t(10)), t(15), t(200), ALICE));
        assertEquals(List.of(ringing, answered), store.history(ALICE, 10, null), "a late save changes nothing");
        assertEquals(0, count("SELECT COUNT(*) FROM dialtone_owners WHERE owner_id = 'ghost'"));
        assertEquals(4, count("SELECT COUNT(*) FROM dialtone_call_participants"));
    }

    @Test
    void R7_5_openRecordsOfAnOwnerWithoutARowAreClosedWhenTheStoreOpens() throws SQLException {
        insertOpen("orphan", ALICE, BOB, t(10), null, t(12), "vanished");
        JdbcCallRecordStore store = open();
        assertEquals(List.of(new CallRecord(CallId.of("orphan"), ALICE, BOB, CallType.VIDEO, Outcome.INTERRUPTED,
                t(10), null, t(12), null)), store.history(BOB, 10, null));
    }

    @Test
    void R7_5_aSingleProcessDatabaseClosesEveryOtherOwnersRecordsAtOnce() throws SQLException {
        insertOwner("crashed-a-second-ago", t(999));
        insertOpen("cut", ALICE, BOB, t(900), t(905), t(905), "crashed-a-second-ago");
        JdbcCallRecordStore store = database().store().clock(new TestClock(t(1000)))
                .heartbeat(SLOW_BEAT, OWNER_TIMEOUT).singleProcess(true).build();
        opened.add(store);
        assertEquals(List.of(new CallRecord(CallId.of("cut"), ALICE, BOB, CallType.VIDEO, Outcome.INTERRUPTED,
                t(900), t(905), t(999), null)), store.history(ALICE, 10, null));
    }

    @Test
    void R7_5_storesOpenInThisProcessNeverCloseEachOthersCalls() {
        JdbcCallRecordStore first = open();
        first.opened(call("firsts", ALICE, BOB, t(1)));
        JdbcCallRecordStore second = database().store().clock(new TestClock(t(100_000)))
                .heartbeat(SLOW_BEAT, OWNER_TIMEOUT).singleProcess(true).build();
        opened.add(second);
        assertEquals(List.of(), second.recoverInterrupted());
        CallRecord record = completed(call("firsts", ALICE, BOB, t(1)), t(2), t(30), BOB);
        first.save(record);
        assertEquals(List.of(record), second.history(ALICE, 10, null));
    }

    @Test
    void R7_5_closingTheStoreClosesItsOwnLiveCallsAsInterruptedNow() {
        TestClock clock = new TestClock(t(100));
        JdbcCallRecordStore store = open(clock);
        CallInfo call = call("left", ALICE, BOB, t(10));
        store.opened(call);
        store.answered(call.callId(), t(12));
        store.close();
        assertThrows(IllegalStateException.class, () -> store.history(ALICE, 1, null));
        store.close();
        JdbcCallRecordStore reopened = open();
        assertEquals(List.of(new CallRecord(call.callId(), ALICE, BOB, CallType.VIDEO, Outcome.INTERRUPTED, t(10),
                t(12), t(100), null)), reopened.history(ALICE, 10, null));
        assertEquals(List.of(), reopened.recoverInterrupted());
    }

    // ---- schema ---------------------------------------------------------------------------------------------------

    @Test
    void schemaIsCreatedOnceAndOpeningAgainKeepsTheRecords() throws SQLException {
        CallRecord record = completed("kept", ALICE, BOB, t(1));
        JdbcCallRecordStore first = open();
        first.save(record);
        first.close();
        JdbcCallRecordStore second = open();
        second.close();
        JdbcCallRecordStore third = open();
        assertEquals(List.of(record), third.history(BOB, 10, null));
        assertEquals(1, count("SELECT COUNT(*) FROM dialtone_schema_version"));
        assertEquals(1, count("SELECT MAX(version) FROM dialtone_schema_version"));
    }

    @Test
    void storesOpeningAtOnceOnAnEmptyDatabaseMigrateItOnce() throws Exception {
        int stores = 6;
        TestDatabase empty = database();
        ExecutorService pool = Executors.newFixedThreadPool(stores);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<JdbcCallRecordStore>> opening = new ArrayList<>();
            for (int i = 0; i < stores; i++) {
                opening.add(pool.submit(() -> {
                    go.await();
                    return empty.store().heartbeat(SLOW_BEAT, OWNER_TIMEOUT).singleProcess(false).build();
                }));
            }
            go.countDown();
            for (Future<JdbcCallRecordStore> store : opening) {
                opened.add(store.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, count("SELECT COUNT(*) FROM dialtone_schema_version"));
        assertEquals(stores, count("SELECT COUNT(*) FROM dialtone_owners"));
        opened.get(0).save(completed("after", ALICE, BOB, t(1)));
        assertEquals(1, opened.get(stores - 1).history(ALICE, 10, null).size());
    }

    @Test
    void aSchemaNewerThanThisVersionIsRefused() throws SQLException {
        open().close();
        try (Connection connection = database().connect();
                PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO dialtone_schema_version (version, script, applied_at) VALUES (99, 'x', ?)")) {
            statement.setObject(1, OffsetDateTime.ofInstant(t(0), ZoneOffset.UTC));
            statement.executeUpdate();
        }
        RecordStoreException refused = assertThrows(RecordStoreException.class, this::open);
        assertTrue(refused.getMessage().contains("newer"), refused.getMessage());
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    static List<String> ids(List<CallRecord> records) {
        return records.stream().map(record -> record.callId().value()).toList();
    }

    /** Every page of {@code user}'s history, following next_before as the engine does. */
    static List<CallRecord> pages(JdbcCallRecordStore store, UserId user, int limit) {
        List<CallRecord> all = new ArrayList<>();
        CallId before = null;
        while (true) {
            List<CallRecord> page = store.history(user, limit, before);
            all.addAll(page);
            if (page.size() < limit) {
                return all;
            }
            before = page.get(page.size() - 1).callId();
        }
    }

    final long count(String query) throws SQLException {
        try (Connection connection = database().connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    final void insertOwner(String owner, Instant heartbeat) throws SQLException {
        open().close(); // creates the schema
        try (Connection connection = database().connect();
                PreparedStatement statement = connection.prepareStatement("INSERT INTO dialtone_owners "
                        + "(owner_id, started_at, heartbeat_at, description) VALUES (?, ?, ?, 'a test ghost')")) {
            statement.setString(1, owner);
            statement.setObject(2, OffsetDateTime.ofInstant(heartbeat, ZoneOffset.UTC));
            statement.setObject(3, OffsetDateTime.ofInstant(heartbeat, ZoneOffset.UTC));
            statement.executeUpdate();
        }
    }

    /** An open record as another process would have left it. */
    final void insertOpen(String id, UserId caller, UserId callee, Instant started, Instant answered,
            Instant lastActivity, String owner) throws SQLException {
        open().close(); // creates the schema
        try (Connection connection = database().connect();
                PreparedStatement statement = connection.prepareStatement("INSERT INTO dialtone_call_records "
                        + "(call_id, caller_id, caller_numeric, callee_id, callee_numeric, call_type, started_at, "
                        + "answered_at, owner_id, last_activity) VALUES (?, ?, ?, ?, ?, 'video', ?, ?, ?, ?)")) {
            statement.setString(1, id);
            statement.setString(2, caller.value());
            statement.setBoolean(3, caller.numeric());
            statement.setString(4, callee.value());
            statement.setBoolean(5, callee.numeric());
            statement.setObject(6, OffsetDateTime.ofInstant(started, ZoneOffset.UTC));
            statement.setObject(7, answered == null ? null : OffsetDateTime.ofInstant(answered, ZoneOffset.UTC),
                    java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setString(8, owner);
            statement.setObject(9, OffsetDateTime.ofInstant(lastActivity, ZoneOffset.UTC));
            statement.executeUpdate();
        }
    }

    /** {@code records} closed records among {@code users} users as the store writes them, in one transaction. */
    private static void bulkInsert(Connection connection, int records, int users) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement record = connection.prepareStatement("INSERT INTO dialtone_call_records (call_id, "
                + "caller_id, caller_numeric, callee_id, callee_numeric, call_type, outcome, started_at, ended_at, "
                + "last_activity) VALUES (?, ?, TRUE, ?, TRUE, 'audio', 'missed', ?, ?, ?)");
                PreparedStatement participant = connection.prepareStatement(
                        "INSERT INTO dialtone_call_participants (user_id, started_at, call_id) VALUES (?, ?, ?)")) {
            for (int i = 1; i < records; i++) {
                String id = "plan-" + i;
                // user 7 takes part in half of the calls: a long history, where a sort would cost the most
                String caller = Integer.toString(i % 2 == 0 ? 7 : i % users);
                String callee = Integer.toString(users + i % 37);
                OffsetDateTime started = OffsetDateTime.ofInstant(t(i / 3), ZoneOffset.UTC);
                record.setString(1, id);
                record.setString(2, caller);
                record.setString(3, callee);
                record.setObject(4, started);
                record.setObject(5, started);
                record.setObject(6, started);
                record.addBatch();
                for (String user : List.of(caller, callee)) {
                    participant.setString(1, user);
                    participant.setObject(2, started);
                    participant.setString(3, id);
                    participant.addBatch();
                }
            }
            record.executeBatch();
            participant.executeBatch();
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private interface Parameters {
        void set(PreparedStatement statement) throws SQLException;
    }

    private static String plan(Connection connection, String explain, Parameters parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(explain)) {
            parameters.set(statement);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            return plan.toString().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
