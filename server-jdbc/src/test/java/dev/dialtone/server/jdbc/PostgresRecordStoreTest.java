package dev.dialtone.server.jdbc;

import static dev.dialtone.server.jdbc.Records.ALICE;
import static dev.dialtone.server.jdbc.Records.BOB;
import static dev.dialtone.server.jdbc.Records.completed;
import static dev.dialtone.server.jdbc.Records.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.protocol.CallRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record store on a real PostgreSQL server (see {@link TestPostgres}), a new database for each test. */
class PostgresRecordStoreTest extends RecordStoreContract {

    @Override
    TestDatabase newDatabase() {
        return TestDatabase.newPostgres();
    }

    @Test
    void R7_1_aSaveGoesThroughWhenTheServerHasCutThePooledConnections() throws SQLException {
        JdbcCallRecordStore store = open();
        CallRecord before = completed("before", ALICE, BOB, t(1));
        store.save(before);
        assertEquals(List.of(before), store.history(ALICE, 10, null));
        try (Connection connection = database().connect();
                Statement statement = connection.createStatement();
                ResultSet cut = statement.executeQuery("SELECT COUNT(pg_terminate_backend(pid)) FROM "
                        + "pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            cut.next();
            assertTrue(cut.getInt(1) >= 1, "the store's idle connections were cut");
        }
        CallRecord after = completed("after", ALICE, BOB, t(2));
        store.save(after);
        assertEquals(List.of(after, before), store.history(ALICE, 10, null));
    }
}
