package dev.dialtone.server.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs work in one transaction on a connection of its own, and runs it again after a conflict. */
final class Transactions {

    /**
     * How often a transaction is tried in all when it lost a conflict (deadlock, serialization, concurrent update) or
     * its connection was broken: enough to get through every broken idle connection of a full pool after a database
     * restart, since each one is dropped as it fails.
     */
    static final int ATTEMPTS = PooledDataSources.MAX_CONNECTIONS + 4;

    /** Work inside a transaction. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final Dialect dialect;

    Transactions(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** Runs {@code work} and commits; rolls back on any failure; retries conflicts. */
    <T> T inTransaction(Work<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                boolean autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollBack(connection, e);
                    throw e;
                } finally {
                    restore(connection, autoCommit);
                }
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !dialect.isRetryable(e)) {
                    throw e;
                }
            }
        }
    }

    /** Runs {@code work} on a connection in auto-commit mode: for single statements. */
    <T> T autoCommit(Work<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                if (!connection.getAutoCommit()) {
                    connection.setAutoCommit(true);
                }
                return work.run(connection);
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !dialect.isRetryable(e)) {
                    throw e;
                }
            }
        }
    }

    private static void rollBack(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restore(Connection connection, boolean autoCommit) {
        try {
            connection.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            // the connection is closed next; a pool discards or resets it
        }
    }
}
