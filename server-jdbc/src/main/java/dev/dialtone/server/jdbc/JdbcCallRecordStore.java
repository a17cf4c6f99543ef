package dev.dialtone.server.jdbc;

import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.jdbc.internal.JdbcRecords;
import dev.dialtone.server.jdbc.internal.PooledDataSources;
import dev.dialtone.server.spi.CallRecordStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Call records in a database over JDBC: an embedded H2 file database, or PostgreSQL (12 or later).
 *
 * <pre>{@code
 * try (JdbcCallRecordStore records = JdbcCallRecordStore.openH2(Path.of("dialtone-data"))) {
 *     SignalingEngine engine = SignalingEngine.builder().authenticator(auth).recordStore(records).build();
 *     ...
 *     engine.shutdown(); // live calls end and are saved first; then the store closes
 * }
 * }</pre>
 *
 * <p>Opening a store creates or upgrades the schema (numbered scripts, recorded in {@code dialtone_schema_version},
 * safe when several processes start at once), registers the store as an <em>owner</em> with a random id, and closes
 * as {@link dev.dialtone.protocol.Outcome#INTERRUPTED interrupted} the calls that owners which died left open (R7.5).
 * While open, a daemon thread writes the owner's heartbeat every {@link Builder#heartbeat heartbeat interval} and
 * repeats that recovery; an owner whose heartbeat is older than the owner timeout is dead. In an embedded H2 file
 * database no other process can be running, so there every other owner is dead at once.
 *
 * <p>Each call has exactly one row, keyed by its call id: {@link #opened} writes it open when the call starts ringing
 * (R7.4), {@link #save} closes it with the final record, or inserts the final record when there was no open one; a
 * second save of the same call keeps the first record (R7.1). {@link #history} lists closed records only, newest first
 * by start time and then by call id descending, with exact keyset paging (R7.3). Times are kept to the microsecond.
 *
 * <p>Thread-safe. Each method takes one connection from the data source for one short transaction and may block on the
 * database; it throws {@link RecordStoreException} if the database fails, and {@link IllegalStateException} once the
 * store is closed.
 */
public final class JdbcCallRecordStore implements CallRecordStore, AutoCloseable {

    /** The heartbeat interval unless another is given. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);

    /** How long an owner may miss heartbeats before it is dead, unless another timeout is given. */
    public static final Duration DEFAULT_OWNER_TIMEOUT = Duration.ofSeconds(60);

    /** The database file name inside an H2 directory: {@code dialtone.mv.db}. */
    public static final String H2_DATABASE_NAME = "dialtone";

    private final JdbcRecords records;

    private JdbcCallRecordStore(JdbcRecords records) {
        this.records = records;
    }

    /**
     * Opens a store on a data source the caller owns (and closes after the store), with the default settings.
     *
     * @throws RecordStoreException if the database cannot be reached or migrated, or is neither H2 nor PostgreSQL
     */
    public static JdbcCallRecordStore open(DataSource dataSource) {
        return builder().dataSource(dataSource).build();
    }

    /**
     * Opens a store on the embedded H2 file database {@code dialtone} in {@code directory}, creating both if needed.
     * Only one process can have it open.
     *
     * @throws RecordStoreException if the database cannot be opened, for instance because another process has it
     */
    public static JdbcCallRecordStore openH2(Path directory) {
        return builder().h2(directory).build();
    }

    /**
     * Opens a store on the database at a JDBC URL, {@code jdbc:postgresql://host:5432/db} or {@code jdbc:h2:...}, with
     * a small connection pool of its own (H2's, at most 16 connections), closed with the store. For another pool, or
     * settings the URL cannot carry, pass a {@link DataSource} to {@link #open(DataSource)} instead.
     *
     * @param user the database user; null for the driver's default
     * @param password the password; null for none
     * @throws IllegalArgumentException if the URL is neither {@code jdbc:postgresql:} nor {@code jdbc:h2:}
     * @throws RecordStoreException if the database cannot be reached or migrated
     */
    public static JdbcCallRecordStore open(String jdbcUrl, String user, String password) {
        return builder().url(jdbcUrl, user, password).build();
    }

    /** A builder for other settings: exactly one of {@code dataSource}, {@code h2} and {@code url} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The JDBC URL of the embedded H2 database in {@code directory}, as {@link #openH2} opens it. */
    public static String h2Url(Path directory) {
        // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook must not close the database before the engine's shutdown
        // has saved the records of live calls; the store closes it. WRITE_DELAY=0: every commit reaches the file at
        // once, so a commit survives a SIGKILL a moment later.
        return "jdbc:h2:file:" + directory.toAbsolutePath().normalize().resolve(H2_DATABASE_NAME)
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    /** This store's owner id: random, new each time a store is opened. */
    public String ownerId() {
        return records.ownerId();
    }

    /** Saves a call's final record, closing its open record; a call that has a final record keeps it (R7.1). */
    @Override
    public void save(CallRecord record) {
        records.save(record);
    }

    /** Writes the open record of a call that started ringing (R7.4); nothing if the call has a record already. */
    @Override
    public void opened(CallInfo call) {
        records.opened(call);
    }

    /** Keeps the answer time on the call's open record. */
    @Override
    public void answered(CallId callId, Instant at) {
        records.answered(callId, at);
    }

    /** Moves the call's last known activity forward to {@code at}, if its record is open. */
    @Override
    public void touched(CallId callId, Instant at) {
        records.touched(callId, at);
    }

    @Override
    public List<CallRecord> history(UserId user, int limit, CallId before) {
        return records.history(user, limit, before);
    }

    /**
     * Closes as interrupted the open records of owners that are dead now (R7.5), as opening the store and every
     * heartbeat do.
     *
     * @return the records written now
     */
    public List<CallRecord> recoverInterrupted() {
        return records.recoverInterrupted();
    }

    /**
     * Stops the heartbeat, closes as interrupted any record this store still has open (normally none: shut the engine
     * down first, which ends live calls and saves their records), and closes the data source if the store made it
     * ({@link #openH2}, {@link #open(String, String, String)}). Idempotent.
     *
     * @throws RecordStoreException if the open records could not be closed; the store is closed all the same
     */
    @Override
    public void close() {
        records.close();
    }

    /** Settings of a store. Not thread-safe. */
    public static final class Builder {
        private DataSource dataSource;
        private Path h2Directory;
        private String url;
        private String user;
        private String password;
        private Clock clock = Clock.systemUTC();
        private String ownerId;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration ownerTimeout = DEFAULT_OWNER_TIMEOUT;
        private Boolean singleProcess;

        private Builder() {
        }

        /** A data source the caller owns (a pool, for instance); the store does not close it. */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /** The embedded H2 file database in {@code directory} (created if missing); single-process. */
        public Builder h2(Path directory) {
            this.h2Directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** A JDBC URL with credentials (either may be null); see {@link #open(String, String, String)}. */
        public Builder url(String jdbcUrl, String user, String password) {
            this.url = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            this.user = user;
            this.password = password;
            return this;
        }

        /** The clock of heartbeats and recovery; default the system clock in UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** This store's owner id (1 to 64 characters, unique per store instance); default random. */
        public Builder ownerId(String ownerId) {
            this.ownerId = Objects.requireNonNull(ownerId, "ownerId");
            return this;
        }

        /**
         * How often the heartbeat is written, and after how long without one an owner is dead; default 10 s and 60 s.
         *
         * @throws IllegalArgumentException if the interval is not positive or the timeout not longer than it
         */
        public Builder heartbeat(Duration interval, Duration ownerTimeout) {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(ownerTimeout, "ownerTimeout");
            if (interval.isNegative() || interval.isZero() || ownerTimeout.compareTo(interval) <= 0) {
                throw new IllegalArgumentException("the heartbeat interval must be positive and shorter than the "
                        + "owner timeout: " + interval + ", " + ownerTimeout);
            }
            this.heartbeatInterval = interval;
            this.ownerTimeout = ownerTimeout;
            return this;
        }

        /**
         * Whether no other process can use the database, so that the records every other owner left open are closed
         * as interrupted at once, whatever its heartbeat. Default true for {@link #h2}, false otherwise: say true
         * only when it holds (one server on its own database), since a live server's calls would be cut.
         */
        public Builder singleProcess(boolean singleProcess) {
            this.singleProcess = singleProcess;
            return this;
        }

        /**
         * Connects, migrates, recovers, and starts the heartbeat.
         *
         * @throws IllegalStateException if not exactly one of data source, H2 directory and URL was given
         * @throws RecordStoreException if the database cannot be used
         */
        public JdbcCallRecordStore build() {
            int given = (dataSource != null ? 1 : 0) + (h2Directory != null ? 1 : 0) + (url != null ? 1 : 0);
            if (given != 1) {
                throw new IllegalStateException(given == 0
                        ? "a database is required: dataSource(...), h2(directory) or url(jdbcUrl, user, password)"
                        : "give one database only: dataSource(...), h2(directory) or url(jdbcUrl, user, password)");
            }
            DataSource source = dataSource;
            AutoCloseable onClose = null;
            if (h2Directory != null) {
                try {
                    Files.createDirectories(h2Directory);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create the database directory " + h2Directory, e);
                }
                JdbcConnectionPool pool = PooledDataSources.forUrl(h2Url(h2Directory), "sa", "");
                source = pool;
                onClose = pool::dispose;
            } else if (url != null) {
                JdbcConnectionPool pool = PooledDataSources.forUrl(url, user, password);
                source = pool;
                onClose = pool::dispose;
            }
            boolean single = singleProcess != null ? singleProcess : h2Directory != null;
            return new JdbcCallRecordStore(JdbcRecords.open(new JdbcRecords.Settings(source, onClose, clock,
                    ownerId != null ? ownerId : randomOwnerId(), describeProcess(), heartbeatInterval, ownerTimeout,
                    single)));
        }

        private static String randomOwnerId() {
            byte[] bytes = new byte[12];
            new SecureRandom().nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }

        /** For people reading dialtone_owners; no name lookup, which may hang on a badly configured host. */
        private static String describeProcess() {
            String host = System.getenv("HOSTNAME");
            if (host == null) {
                host = System.getenv("COMPUTERNAME");
            }
            return "pid " + ProcessHandle.current().pid() + (host == null ? "" : " on " + host);
        }
    }
}
