package dev.dialtone.server.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates and upgrades the schema: the numbered scripts under {@code migration/} beside this class, applied in order,
 * each once, recorded in {@code dialtone_schema_version}. Safe to run at every start and by several processes at once.
 */
public final class Migrations {

    /** The version-tracking table; the scripts never touch it. */
    public static final String VERSION_TABLE = "dialtone_schema_version";

    /** The scripts in order: script {@code i} (from 0) brings the schema to version {@code i + 1}. */
    static final List<String> SCRIPTS = List.of("V1__call_records.sql");

    /** Serializes migrations within this JVM, where H2 has no lock to offer. */
    private static final Object JVM_LOCK = new Object();

    private Migrations() {
    }

    /** The schema version this code writes and reads. */
    public static int latestVersion() {
        return SCRIPTS.size();
    }

    /**
     * Brings the schema to {@link #latestVersion()}.
     *
     * @return the versions applied now (empty when the schema was current)
     * @throws SQLException if a script fails, or the schema is newer than this code knows
     */
    static List<Integer> migrate(Transactions transactions, Dialect dialect, Clock clock) throws SQLException {
        synchronized (JVM_LOCK) {
            return transactions.inTransaction(connection -> {
                dialect.lockForMigration(connection);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " ("
                            + "version INTEGER NOT NULL, "
                            + "script VARCHAR(200) NOT NULL, "
                            + "applied_at TIMESTAMP(6) WITH TIME ZONE NOT NULL, "
                            + "CONSTRAINT " + VERSION_TABLE + "_pk PRIMARY KEY (version))");
                }
                int current = currentVersion(connection);
                if (current > latestVersion()) {
                    throw new SQLException("the Dialtone schema in this database is version " + current
                            + ", newer than this Dialtone's " + latestVersion() + "; run a newer Dialtone");
                }
                List<Integer> applied = new ArrayList<>();
                for (int version = current + 1; version <= latestVersion(); version++) {
                    String script = SCRIPTS.get(version - 1);
                    for (String sql : statements(read(script), dialect)) {
                        try (Statement statement = connection.createStatement()) {
                            statement.execute(sql);
                        }
                    }
                    if (recordVersion(connection, dialect, version, script, clock)) {
                        applied.add(version);
                    }
                }
                return List.copyOf(applied);
            });
        }
    }

    /** The highest version applied, 0 for none. */
    static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM " + VERSION_TABLE)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static boolean recordVersion(Connection connection, Dialect dialect, int version, String script,
            Clock clock) throws SQLException {
        String insert = dialect.insertIgnoringDuplicate(
                "INSERT INTO " + VERSION_TABLE + " (version, script, applied_at) VALUES (?, ?, ?)", "version");
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            statement.setInt(1, version);
            statement.setString(2, script);
            statement.setObject(3, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            if (dialect.isDuplicateKey(e)) {
                return false; // another process applied it at the same time (H2 over the network)
            }
            throw e;
        }
    }

    /** The statements of a script: comment lines dropped, split at semicolons that end a line, placeholders filled. */
    static List<String> statements(String script, Dialect dialect) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1).replace("${id}", dialect.idType()));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("a migration script ends without ';'");
        }
        return statements;
    }

    static String read(String script) {
        String name = "migration/" + script;
        try (InputStream in = Migrations.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("migration script " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration script " + name, e);
        }
    }
}
