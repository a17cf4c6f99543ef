package dev.dialtone.server.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster for the tests: the Debian binaries ({@code /usr/lib/postgresql/<version>/bin}, or the
 * folder in {@code DIALTONE_PG_BIN}) run {@code initdb} and {@code pg_ctl} in a temporary folder, listening on a free
 * loopback port. Started once per test JVM on first use, stopped (and its folder deleted) when the JVM exits. Running
 * as root, the server runs as the {@code postgres} user through {@code runuser}, since PostgreSQL refuses root.
 *
 * <p>If it cannot start, {@link #shared()} throws, and every test that needs it fails: nothing is skipped.
 */
final class TestPostgres {

    static final String USER = "dialtone";

    private static final long TIMEOUT_SECONDS = 120;
    private static TestPostgres shared;

    private final Path folder;
    private final Path data;
    private final List<String> asServerUser;
    private final Path bin;
    private final String password = UUID.randomUUID().toString();
    private final AtomicInteger databases = new AtomicInteger();
    private int port;

    private TestPostgres(Path bin, Path folder, List<String> asServerUser) {
        this.bin = bin;
        this.folder = folder;
        this.data = folder.resolve("data");
        this.asServerUser = asServerUser;
    }

    /** The cluster of this test run, started on first use. */
    static synchronized TestPostgres shared() {
        if (shared == null) {
            shared = start();
            TestPostgres started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-postgres-stop"));
        }
        return shared;
    }

    /** A new empty database (with a linguistic ICU collation where available, to catch order bugs); its URL. */
    String newDatabase() {
        String name = "dialtone_test_" + databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, password);
                Statement statement = connection.createStatement()) {
            try {
                statement.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' "
                        + "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'");
            } catch (SQLException noIcu) {
                statement.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
        return url(name);
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    String password() {
        return password;
    }

    private static TestPostgres start() {
        Path bin = binaries();
        List<String> asServerUser = isRoot() ? List.of("runuser", "-u", "postgres", "--") : List.of();
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            Path folder;
            try {
                folder = Files.createTempDirectory("dialtone-pg-");
                if (!asServerUser.isEmpty()) {
                    UserPrincipal postgres = folder.getFileSystem().getUserPrincipalLookupService()
                            .lookupPrincipalByName("postgres");
                    Files.setOwner(folder, postgres);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare a folder for PostgreSQL (as root, the Debian package "
                        + "'postgresql' provides the user 'postgres')", e);
            }
            TestPostgres server = new TestPostgres(bin, folder, asServerUser);
            try {
                server.initAndStart();
                return server;
            } catch (IllegalStateException e) {
                server.stop();
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    private void initAndStart() {
        Path passwordFile = folder.resolve("password");
        try {
            Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
            if (!asServerUser.isEmpty()) {
                Files.setOwner(passwordFile, Files.getOwner(folder));
            }
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                "--locale=C.UTF-8", "--no-sync"), "initdb");
        port = freePort();
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", folder.resolve("server.log")
                .toString(), "-w", "-t", "60", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + folder
                + " -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200",
                "start"), "pg_ctl start");
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, password)) {
            if (!connection.isValid(10)) {
                throw new IllegalStateException("PostgreSQL started but does not answer" + log());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL started but refuses a connection: " + e + log(), e);
        }
    }

    private void stop() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
                        "stop"), "pg_ctl stop");
            } catch (RuntimeException e) {
                System.err.println("test PostgreSQL did not stop: " + e.getMessage());
            }
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("cannot delete " + folder + ": " + e);
        }
    }

    private void run(List<String> command, String what) {
        List<String> full = new ArrayList<>(asServerUser);
        full.addAll(command);
        Path output = folder.resolveSibling(folder.getFileName() + "-" + what.replace(' ', '-') + ".out");
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile())
                    .directory(folder.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(what + " did not finish in " + TIMEOUT_SECONDS + " s"
                        + text(output) + log());
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed with exit status " + process.exitValue()
                        + text(output) + log());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", full) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                // a leftover in the temp folder
            }
        }
    }

    private String log() {
        return text(folder.resolve("server.log"));
    }

    private static String text(Path file) {
        try {
            return Files.exists(file) ? "\n--- " + file.getFileName() + " ---\n" + Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The folder of initdb and pg_ctl: DIALTONE_PG_BIN, else the newest /usr/lib/postgresql/N/bin, else the PATH. */
    private static Path binaries() {
        String configured = System.getenv("DIALTONE_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return requireBinaries(Path.of(configured));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path newest = versions
                        .filter(version -> Files.isExecutable(version.resolve("bin").resolve("initdb")))
                        .max(Comparator.comparingInt(TestPostgres::versionNumber))
                        .orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String path = System.getenv("PATH");
        for (String entry : path == null ? new String[0] : path.split(java.io.File.pathSeparator)) {
            Path initdb = Path.of(entry).resolve("initdb");
            if (!entry.isEmpty() && Files.isExecutable(initdb)) {
                try {
                    return requireBinaries(initdb.toRealPath().getParent());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed: no initdb in /usr/lib/postgresql/*/bin or on the "
                + "PATH. Install the Debian package 'postgresql' (.ci/run does), or set DIALTONE_PG_BIN to the folder "
                + "of initdb");
    }

    private static Path requireBinaries(Path folder) {
        if (!Files.isExecutable(folder.resolve("initdb")) || !Files.isExecutable(folder.resolve("pg_ctl"))) {
            throw new IllegalStateException("DIALTONE_PG_BIN=" + folder + " has no initdb and pg_ctl");
        }
        return folder;
    }

    private static int versionNumber(Path folder) {
        try {
            return Integer.parseInt(folder.getFileName().toString().replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isRoot() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
