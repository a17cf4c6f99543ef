package dev.dialtone.server.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** One empty database for one test, which the test may open as often as it likes, and read and write directly. */
interface TestDatabase {

    /** A builder of a store on this database, with the test's other settings still to add. */
    JdbcCallRecordStore.Builder store();

    /** A connection of its own, in auto-commit mode. */
    Connection connect() throws SQLException;

    /** Whether this is PostgreSQL (else H2). */
    boolean postgres();

    /** An embedded H2 file database in {@code folder}, opened as {@link JdbcCallRecordStore#openH2} does. */
    static TestDatabase newH2(Path folder) {
        return new TestDatabase() {
            @Override
            public JdbcCallRecordStore.Builder store() {
                return JdbcCallRecordStore.builder().h2(folder);
            }

            @Override
            public Connection connect() throws SQLException {
                return DriverManager.getConnection(JdbcCallRecordStore.h2Url(folder), "sa", "");
            }

            @Override
            public boolean postgres() {
                return false;
            }
        };
    }

    /** A new database in the test run's PostgreSQL cluster, reached by URL, user and password. */
    static TestDatabase newPostgres() {
        TestPostgres server = TestPostgres.shared();
        String url = server.newDatabase();
        return new TestDatabase() {
            @Override
            public JdbcCallRecordStore.Builder store() {
                return JdbcCallRecordStore.builder().url(url, TestPostgres.USER, server.password());
            }

            @Override
            public Connection connect() throws SQLException {
                return DriverManager.getConnection(url, TestPostgres.USER, server.password());
            }

            @Override
            public boolean postgres() {
                return true;
            }
        };
    }
}
