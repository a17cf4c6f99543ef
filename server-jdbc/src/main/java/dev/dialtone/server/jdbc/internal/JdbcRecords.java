package dev.dialtone.server.jdbc.internal;

import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.Outcome;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.jdbc.RecordStoreException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The call-record store over JDBC: final records, open records of live calls, history pages, heartbeats and recovery.
 * Thread-safe; every method takes a connection of its own from the data source for the time of one transaction.
 */
public final class JdbcRecords implements AutoCloseable {

    static final System.Logger LOG = System.getLogger("dev.dialtone.server.jdbc");

    private static final String RECORDS = "dialtone_call_records";
    private static final String PARTICIPANTS = "dialtone_call_participants";
    private static final String OWNERS = "dialtone_owners";

    private static final String OPEN = "INSERT INTO " + RECORDS + " (call_id, caller_id, caller_numeric, callee_id, "
            + "callee_numeric, call_type, started_at, owner_id, last_activity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_CLOSED = "INSERT INTO " + RECORDS + " (call_id, caller_id, caller_numeric, "
            + "callee_id, callee_numeric, call_type, outcome, started_at, answered_at, ended_at, ended_by, "
            + "ended_by_numeric, last_activity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String CLOSE_OPEN = "UPDATE " + RECORDS + " SET caller_id = ?, caller_numeric = ?, "
            + "callee_id = ?, callee_numeric = ?, call_type = ?, outcome = ?, started_at = ?, answered_at = ?, "
            + "ended_at = ?, ended_by = ?, ended_by_numeric = ?, last_activity = ?, owner_id = NULL "
            + "WHERE call_id = ? AND outcome IS NULL";
    private static final String ADD_PARTICIPANT = "INSERT INTO " + PARTICIPANTS
            + " (user_id, started_at, call_id) VALUES (?, ?, ?)";
    private static final String ANSWERED = "UPDATE " + RECORDS + " SET answered_at = ?, "
            + "last_activity = CASE WHEN last_activity < ? THEN ? ELSE last_activity END "
            + "WHERE call_id = ? AND outcome IS NULL AND answered_at IS NULL";
    private static final String TOUCHED = "UPDATE " + RECORDS + " SET last_activity = ? "
            + "WHERE call_id = ? AND outcome IS NULL AND last_activity < ?";
    private static final String CURSOR = "SELECT started_at FROM " + RECORDS
            + " WHERE call_id = ? AND outcome IS NOT NULL AND (caller_id = ? OR callee_id = ?)";
    /**
     * The first page of a user's history (user, limit). See the plan note in V1__call_records.sql: one range scan of
     * dialtone_call_participants_history; user_id leads the ORDER BY, although fixed, so that H2 too sees that the
     * index is in that order. Public for the plan tests.
     */
    public static final String FIRST_PAGE = "SELECT " + Rows.COLUMNS + " FROM " + PARTICIPANTS + " p JOIN "
            + RECORDS + " r ON r.call_id = p.call_id WHERE p.user_id = ? "
            + "ORDER BY p.user_id, p.started_at DESC, p.call_id DESC FETCH FIRST ? ROWS ONLY";
    /** The page after a cursor: user, cursor time, cursor time, cursor call id, limit. */
    public static final String NEXT_PAGE = "SELECT " + Rows.COLUMNS + " FROM " + PARTICIPANTS + " p JOIN "
            + RECORDS + " r ON r.call_id = p.call_id WHERE p.user_id = ? "
            + "AND p.started_at <= ? AND (p.started_at < ? OR p.call_id < ?) "
            + "ORDER BY p.user_id, p.started_at DESC, p.call_id DESC FETCH FIRST ? ROWS ONLY";
    private static final String OPEN_OWNERS = "SELECT DISTINCT owner_id FROM " + RECORDS
            + " WHERE owner_id IS NOT NULL";
    private static final String HEARTBEATS = "SELECT owner_id, heartbeat_at FROM " + OWNERS;
    private static final String OPEN_OF_OWNER = "SELECT " + Rows.COLUMNS + " FROM " + RECORDS
            + " r WHERE r.owner_id = ? AND r.outcome IS NULL FOR UPDATE";
    private static final String CLOSE_INTERRUPTED = "UPDATE " + RECORDS + " SET outcome = ?, ended_at = ?, "
            + "last_activity = ?, owner_id = NULL WHERE call_id = ? AND outcome IS NULL";

    /**
     * The owners open in this JVM: never taken for dead here, whatever their heartbeat, even in a single-process
     * database that this JVM opened twice.
     */
    private static final Set<String> LIVE_HERE = ConcurrentHashMap.newKeySet();

    private final Transactions transactions;
    private final Dialect dialect;
    private final Settings settings;
    private final ScheduledExecutorService heartbeats;
    private final Object lifecycle = new Object();
    private boolean closed;

    /**
     * How a store runs.
     *
     * @param dataSource where the connections come from
     * @param onClose closed after the store, for a data source the store made itself; may be null
     * @param clock the time of heartbeats and recovery
     * @param ownerId this instance's id, unique per process start
     * @param description for people reading dialtone_owners: host and process id
     * @param heartbeatInterval how often the heartbeat is written and dead owners are looked for
     * @param ownerTimeout after how long without a heartbeat an owner is dead
     * @param singleProcess whether no other process can use the database (an embedded file database), so that any
     *     other owner found is dead whatever its heartbeat
     */
    public record Settings(DataSource dataSource, AutoCloseable onClose, Clock clock, String ownerId,
            String description, Duration heartbeatInterval, Duration ownerTimeout, boolean singleProcess) {

        /** Checks required parts and that the timeout is longer than the interval. */
        public Settings {
            Objects.requireNonNull(dataSource, "dataSource");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(ownerId, "ownerId");
            Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
            Objects.requireNonNull(ownerTimeout, "ownerTimeout");
            if (ownerId.isEmpty() || ownerId.length() > 64) {
                throw new IllegalArgumentException("an owner id has 1 to 64 characters");
            }
            if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
                throw new IllegalArgumentException("the heartbeat interval must be positive");
            }
            if (ownerTimeout.compareTo(heartbeatInterval) <= 0) {
                throw new IllegalArgumentException("the owner timeout (" + ownerTimeout
                        + ") must be longer than the heartbeat interval (" + heartbeatInterval + ")");
            }
        }
    }

    private JdbcRecords(Transactions transactions, Dialect dialect, Settings settings) {
        this.transactions = transactions;
        this.dialect = dialect;
        this.settings = settings;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "dialtone-records-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Migrates the schema, registers this owner, closes what dead owners left open, and starts the heartbeat.
     *
     * @throws RecordStoreException if the database cannot be used; {@code settings.onClose()} is closed then
     */
    public static JdbcRecords open(Settings settings) {
        JdbcRecords store = null;
        try {
            Dialect dialect;
            try (Connection connection = settings.dataSource().getConnection()) {
                dialect = Dialect.of(connection);
            }
            Transactions transactions = new Transactions(settings.dataSource(), dialect);
            List<Integer> applied = Migrations.migrate(transactions, dialect, settings.clock());
            if (!applied.isEmpty()) {
                LOG.log(Level.INFO, "call-record schema migrated to version {0}", Migrations.latestVersion());
            }
            store = new JdbcRecords(transactions, dialect, settings);
            store.register();
            store.recoverInterrupted();
            store.startHeartbeat();
            return store;
        } catch (SQLException | RuntimeException e) {
            if (store != null) {
                store.heartbeats.shutdownNow();
                LIVE_HERE.remove(settings.ownerId());
            }
            closeQuietly(settings.onClose(), e);
            if (e instanceof RecordStoreException stored) {
                throw stored;
            }
            throw new RecordStoreException("cannot open the call-record store", e);
        }
    }

    /** This instance's owner id. */
    public String ownerId() {
        return settings.ownerId();
    }

    /** The database's dialect. */
    public Dialect dialect() {
        return dialect;
    }

    // ---- records -------------------------------------------------------------------------------------------------

    /** Writes the final record: closes the open record, or inserts it; keeps an existing final record (R7.1). */
    public void save(CallRecord record) {
        Objects.requireNonNull(record, "record");
        run("save the record of call " + record.callId(), () -> transactions.inTransaction(connection -> {
            if (closeOpen(connection, record) == 0 && !insertClosed(connection, record)
                    && closeOpen(connection, record) == 0) {
                return false; // a final record exists already: the first one stays
            }
            addParticipants(connection, record.callId(), record.startedAt(), record.callerId(), record.calleeId());
            return true;
        }));
    }

    private int closeOpen(Connection connection, CallRecord record) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CLOSE_OPEN)) {
            Rows.setUser(statement, 1, record.callerId());
            Rows.setUser(statement, 3, record.calleeId());
            statement.setString(5, record.callType().wireName());
            statement.setString(6, record.outcome().wireName());
            Rows.setTime(statement, 7, record.startedAt());
            Rows.setTime(statement, 8, record.answeredAt());
            Rows.setTime(statement, 9, record.endedAt());
            Rows.setUser(statement, 10, record.endedBy());
            Rows.setTime(statement, 12, record.endedAt());
            statement.setString(13, record.callId().value());
            return statement.executeUpdate();
        }
    }

    private boolean insertClosed(Connection connection, CallRecord record) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                dialect.insertIgnoringDuplicate(INSERT_CLOSED, "call_id"))) {
            statement.setString(1, record.callId().value());
            Rows.setUser(statement, 2, record.callerId());
            Rows.setUser(statement, 4, record.calleeId());
            statement.setString(6, record.callType().wireName());
            statement.setString(7, record.outcome().wireName());
            Rows.setTime(statement, 8, record.startedAt());
            Rows.setTime(statement, 9, record.answeredAt());
            Rows.setTime(statement, 10, record.endedAt());
            Rows.setUser(statement, 11, record.endedBy());
            Rows.setTime(statement, 13, record.endedAt());
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            if (dialect.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Lists a just-closed record under each of its parties: the caller, and the callee unless it is the caller. */
    private static void addParticipants(Connection connection, CallId callId, Instant startedAt, UserId caller,
            UserId callee) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ADD_PARTICIPANT)) {
            for (UserId user : caller.equals(callee) ? List.of(caller) : List.of(caller, callee)) {
                statement.setString(1, user.value());
                Rows.setTime(statement, 2, startedAt);
                statement.setString(3, callId.value());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Writes the open record of a call that started ringing (R7.4), unless the call has a record already. */
    public void opened(CallInfo call) {
        Objects.requireNonNull(call, "call");
        run("write the open record of call " + call.callId(), () -> transactions.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    dialect.insertIgnoringDuplicate(OPEN, "call_id"))) {
                statement.setString(1, call.callId().value());
                Rows.setUser(statement, 2, call.callerId());
                Rows.setUser(statement, 4, call.calleeId());
                statement.setString(6, call.callType().wireName());
                Rows.setTime(statement, 7, call.startedAt());
                statement.setString(8, settings.ownerId());
                Rows.setTime(statement, 9, call.startedAt());
                return statement.executeUpdate();
            } catch (SQLException e) {
                if (dialect.isDuplicateKey(e)) {
                    return 0;
                }
                throw e;
            }
        }));
    }

    /** Keeps the answer time on the open record, which also counts as activity. */
    public void answered(CallId callId, Instant at) {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(at, "at");
        run("write the answer of call " + callId, () -> transactions.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(ANSWERED)) {
                Rows.setTime(statement, 1, at);
                Rows.setTime(statement, 2, at);
                Rows.setTime(statement, 3, at);
                statement.setString(4, callId.value());
                return statement.executeUpdate();
            }
        }));
    }

    /** Moves the open record's last known activity forward to {@code at}. */
    public void touched(CallId callId, Instant at) {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(at, "at");
        run("write the activity of call " + callId, () -> transactions.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(TOUCHED)) {
                Rows.setTime(statement, 1, at);
                statement.setString(2, callId.value());
                Rows.setTime(statement, 3, at);
                return statement.executeUpdate();
            }
        }));
    }

    /** A page of {@code user}'s closed records, newest first, after the record {@code before} (R7.3). */
    public List<CallRecord> history(UserId user, int limit, CallId before) {
        Objects.requireNonNull(user, "user");
        if (limit < 1) {
            throw new IllegalArgumentException("limit is at least 1");
        }
        return run("read the history of " + user, () -> transactions.autoCommit(connection -> {
            PreparedStatement statement;
            if (before == null) {
                statement = connection.prepareStatement(FIRST_PAGE);
                statement.setString(1, user.value());
                statement.setInt(2, limit);
            } else {
                Instant cursor = cursorTime(connection, user, before);
                if (cursor == null) {
                    return List.of(); // no record of this user by that id (R7.3)
                }
                statement = connection.prepareStatement(NEXT_PAGE);
                statement.setString(1, user.value());
                Rows.setTime(statement, 2, cursor);
                Rows.setTime(statement, 3, cursor);
                statement.setString(4, before.value());
                statement.setInt(5, limit);
            }
            try (statement; ResultSet rows = statement.executeQuery()) {
                List<CallRecord> page = new ArrayList<>(Math.min(limit, 64));
                while (rows.next()) {
                    page.add(Rows.record(rows));
                }
                return List.copyOf(page);
            }
        }));
    }

    private static Instant cursorTime(Connection connection, UserId user, CallId before) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CURSOR)) {
            statement.setString(1, before.value());
            statement.setString(2, user.value());
            statement.setString(3, user.value());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Rows.time(rows, "started_at") : null;
            }
        }
    }

    // ---- owners, heartbeat, recovery -----------------------------------------------------------------------------

    private void register() throws SQLException {
        LIVE_HERE.add(settings.ownerId());
        Instant now = settings.clock().instant();
        transactions.autoCommit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + OWNERS
                    + " (owner_id, started_at, heartbeat_at, description) VALUES (?, ?, ?, ?)")) {
                statement.setString(1, settings.ownerId());
                Rows.setTime(statement, 2, now);
                Rows.setTime(statement, 3, now);
                String description = settings.description();
                statement.setString(4, description == null || description.length() <= 255 ? description
                        : description.substring(0, 255));
                return statement.executeUpdate();
            }
        });
    }

    private void startHeartbeat() {
        long period = settings.heartbeatInterval().toMillis();
        heartbeats.scheduleWithFixedDelay(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Writes this owner's heartbeat and closes what dead owners left open. Run periodically; never throws, since an
     * exception would end the schedule: a database that is down is logged and tried again next time.
     */
    public void heartbeat() {
        if (isClosed()) {
            return;
        }
        try {
            Instant now = settings.clock().instant();
            int updated = transactions.autoCommit(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(
                        "UPDATE " + OWNERS + " SET heartbeat_at = ? WHERE owner_id = ?")) {
                    Rows.setTime(statement, 1, now);
                    statement.setString(2, settings.ownerId());
                    return statement.executeUpdate();
                }
            });
            if (updated == 0) {
                LOG.log(Level.WARNING, "record store {0} was taken for dead (no heartbeat for {1}); calls it had "
                        + "open were closed as interrupted", settings.ownerId(), settings.ownerTimeout());
                register();
            }
            recoverInterrupted();
        } catch (SQLException | RuntimeException e) {
            if (!isClosed()) {
                LOG.log(Level.WARNING, "call-record heartbeat failed; trying again in "
                        + settings.heartbeatInterval().toMillis() + " ms", e);
            }
        }
    }

    /**
     * Closes as {@link Outcome#INTERRUPTED interrupted} every open record whose owner is dead (R7.5): an owner with no
     * row (it closed, or was cleaned up), one whose heartbeat is older than the owner timeout, or, in a single-process
     * database, any owner but this one. Each owner's records are closed in one transaction with the removal of its
     * row, and a record closed meanwhile by its own process or another store is left alone, so nothing is closed twice.
     *
     * @return the records written now
     */
    public List<CallRecord> recoverInterrupted() {
        return run("close the records of dead servers", () -> {
            Instant now = settings.clock().instant();
            // Open owners first, heartbeats second: an owner registers before it opens a record, so every live owner
            // with open records read here also has its row in the heartbeats read after.
            Set<String> openOwners = transactions.autoCommit(connection -> strings(connection, OPEN_OWNERS));
            openOwners.removeAll(LIVE_HERE);
            Map<String, Instant> lastSeen = transactions.autoCommit(this::heartbeats);
            Instant cutoff = now.minus(settings.ownerTimeout());
            List<CallRecord> closed = new ArrayList<>();
            for (String owner : openOwners) {
                Instant seen = lastSeen.get(owner);
                if (settings.singleProcess() || seen == null || !seen.isAfter(cutoff)) {
                    closed.addAll(closeOwner(owner, seen, null));
                }
            }
            for (Map.Entry<String, Instant> owner : lastSeen.entrySet()) {
                boolean dead = settings.singleProcess() || !owner.getValue().isAfter(cutoff);
                if (dead && !LIVE_HERE.contains(owner.getKey()) && !openOwners.contains(owner.getKey())) {
                    closeOwner(owner.getKey(), owner.getValue(), null); // a dead owner with nothing open: its row goes
                }
            }
            if (!closed.isEmpty()) {
                LOG.log(Level.INFO, "closed {0} call record(s) left open by a stopped server as interrupted",
                        closed.size());
            }
            return List.copyOf(closed);
        });
    }

    /**
     * Closes the open records of {@code owner} as interrupted and removes its row.
     *
     * @param lastSeen the owner's last heartbeat, if known
     * @param now for this store's own records at close: they were live until now
     */
    private List<CallRecord> closeOwner(String owner, Instant lastSeen, Instant now) throws SQLException {
        return transactions.inTransaction(connection -> {
            List<CallRecord> records = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(OPEN_OF_OWNER)) {
                select.setString(1, owner);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        records.add(Rows.interrupted(rows, Rows.latest(lastSeen, now)));
                    }
                }
            }
            List<CallRecord> closed = new ArrayList<>(records.size());
            for (CallRecord record : records) {
                try (PreparedStatement update = connection.prepareStatement(CLOSE_INTERRUPTED)) {
                    update.setString(1, Outcome.INTERRUPTED.wireName());
                    Rows.setTime(update, 2, record.endedAt());
                    Rows.setTime(update, 3, record.endedAt());
                    update.setString(4, record.callId().value());
                    if (update.executeUpdate() == 1) {
                        addParticipants(connection, record.callId(), record.startedAt(), record.callerId(),
                                record.calleeId());
                        closed.add(record);
                        LOG.log(Level.DEBUG, "call {0} closed as interrupted at {1}", record.callId(),
                                record.endedAt());
                    }
                }
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + OWNERS + " WHERE owner_id = ?")) {
                delete.setString(1, owner);
                delete.executeUpdate();
            }
            return closed;
        });
    }

    private Map<String, Instant> heartbeats(Connection connection) throws SQLException {
        Map<String, Instant> lastSeen = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(HEARTBEATS);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                lastSeen.put(rows.getString("owner_id"), Rows.time(rows, "heartbeat_at"));
            }
        }
        return lastSeen;
    }

    private static Set<String> strings(Connection connection, String query) throws SQLException {
        Set<String> values = new LinkedHashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(query);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------------

    /**
     * Stops the heartbeat, closes this owner's own open records as interrupted at the current time (the engine ends
     * its calls before, so normally there are none), removes its row, and closes a data source the store made.
     * Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        heartbeats.shutdownNow();
        try {
            heartbeats.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RuntimeException failure = null;
        try {
            LIVE_HERE.remove(settings.ownerId());
            List<CallRecord> left = closeOwner(settings.ownerId(), null, settings.clock().instant());
            if (!left.isEmpty()) {
                LOG.log(Level.INFO, "closed {0} live call record(s) as interrupted on close", left.size());
            }
        } catch (SQLException | RuntimeException e) {
            failure = new RecordStoreException("cannot close the open records of this server", e);
        }
        closeQuietly(settings.onClose(), failure);
        if (failure != null) {
            throw failure;
        }
    }

    private boolean isClosed() {
        synchronized (lifecycle) {
            return closed;
        }
    }

    private void checkOpen() {
        if (isClosed()) {
            throw new IllegalStateException("the call-record store is closed");
        }
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private <T> T run(String what, SqlWork<T> work) {
        checkOpen();
        try {
            return work.run();
        } catch (SQLException e) {
            throw new RecordStoreException("cannot " + what, e);
        }
    }

    private static void closeQuietly(AutoCloseable resource, Exception failure) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                LOG.log(Level.WARNING, "closing the call-record database failed", e);
            }
        }
    }
}
