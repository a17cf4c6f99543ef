package dev.dialtone.server.jdbc.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The few places where H2 and PostgreSQL need different SQL. Everything else the store runs is the same text on both.
 */
public enum Dialect {

    /** H2 2.x, embedded or server. */
    H2("VARCHAR(255)") {
        @Override
        void lockForMigration(Connection connection) {
            // No advisory locks in H2. An embedded file database admits one process; within it the migrator holds a
            // JVM-wide lock, and a second migration over the network is harmless: the scripts can be run again and
            // the version row is written once (a duplicate is taken as "migrated by someone else").
        }

        @Override
        String insertIgnoringDuplicate(String insert, String key) {
            return insert;
        }

        @Override
        boolean isRetryable(SQLException e) {
            int code = e.getErrorCode();
            // DEADLOCK_1 (40001), LOCK_TIMEOUT_1 (50200), CONCURRENT_UPDATE_1 (90131)
            return code == 40001 || code == 50200 || code == 90131 || super.isRetryable(e);
        }
    },

    /** PostgreSQL 12 and later. */
    POSTGRESQL("VARCHAR(255) COLLATE \"C\"") {
        @Override
        void lockForMigration(Connection connection) throws SQLException {
            // Held until the migration transaction ends: two processes starting at once migrate one after the other,
            // and PostgreSQL's DDL is transactional, so the second sees the first one's tables and version rows.
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            }
        }

        @Override
        String insertIgnoringDuplicate(String insert, String key) {
            // A duplicate must not abort the surrounding transaction, which it does in PostgreSQL.
            return insert + " ON CONFLICT (" + key + ") DO NOTHING";
        }
    };

    /** The advisory lock key of schema migrations: the bytes of "dialtone" as a big-endian long. */
    static final long MIGRATION_LOCK = 7235421394785234533L;

    private final String idType;

    Dialect(String idType) {
        this.idType = idType;
    }

    /**
     * The dialect of the database behind {@code connection}.
     *
     * @throws SQLException if it is neither H2 nor PostgreSQL
     */
    public static Dialect of(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String product = meta.getDatabaseProductName();
        String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (name.equals("h2")) {
            return H2;
        }
        if (name.equals("postgresql")) {
            if (meta.getDatabaseMajorVersion() < 12) {
                throw new SQLException("PostgreSQL " + meta.getDatabaseProductVersion()
                        + " is too old for the Dialtone record store; it needs 12 or later");
            }
            return POSTGRESQL;
        }
        throw new SQLException("the Dialtone record store runs on H2 or PostgreSQL, not on " + product);
    }

    /** The column type of ids (call ids, user ids), ordered by code unit like Java strings. */
    String idType() {
        return idType;
    }

    /** Serializes schema migrations across processes; called first in the migration transaction. */
    abstract void lockForMigration(Connection connection) throws SQLException;

    /**
     * An insert that does nothing (0 rows) when the key exists; where the dialect cannot say so, the caller catches
     * the duplicate-key error ({@link #isDuplicateKey}).
     */
    abstract String insertIgnoringDuplicate(String insert, String key);

    /** Whether {@code e} is a unique-key violation. */
    boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** Whether the transaction that failed with {@code e} may simply be run again (a conflict, not a fault). */
    boolean isRetryable(SQLException e) {
        String state = e.getSQLState();
        // class 40: transaction rollback (serialization failure 40001, deadlock 40P01); class 08 and 57P01-57P03:
        // the connection broke or the server ended it (a restart, an idle connection cut), and the pool hands out a
        // new one. Every statement the store runs may be run again: inserts ignore duplicates, updates only move
        // forward.
        return state != null && (state.startsWith("40") || state.startsWith("08") || state.equals("57P01")
                || state.equals("57P02") || state.equals("57P03"));
    }
}
