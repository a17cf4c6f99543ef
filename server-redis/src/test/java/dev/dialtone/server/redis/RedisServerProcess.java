package dev.dialtone.server.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A private {@code redis-server} for tests: started on a free loopback port with no persistence, waited for (its
 * "Ready to accept connections" line, not a sleep), stopped and restarted on the same port, and always killed, also
 * when the JVM exits on a failure. If it cannot start, {@link #start()} throws: tests that need it fail, they are never
 * skipped.
 *
 * <p>The binary is {@code redis-server} on the PATH (Debian package {@code redis-server}), or the one named by the
 * environment variable {@code DIALTONE_REDIS_SERVER}.
 *
 * <pre>{@code
 * try (RedisServerProcess redis = RedisServerProcess.start()) {
 *     URI uri = redis.uri(); // redis://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 20;

    private final int port;
    private final Path directory;
    private final Thread killer;
    private Process process;

    private RedisServerProcess(int port, Path directory) {
        this.port = port;
        this.directory = directory;
        this.killer = new Thread(this::kill, "redis-server-killer-" + port);
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /**
     * Starts a redis-server on a free loopback port.
     *
     * @throws IllegalStateException if it cannot be started (not installed, does not come up)
     */
    public static RedisServerProcess start() {
        Path directory;
        try {
            directory = Files.createTempDirectory("dialtone-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RedisServerProcess redis = new RedisServerProcess(freePort(), directory);
        try {
            redis.launch();
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    /** Where it listens: {@code redis://127.0.0.1:<port>}. */
    public URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Whether the process runs. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server (SIGTERM; it keeps no data), waiting until it has exited. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts it again on the same port, empty (a Redis restart without persistence). */
    public synchronized void restart() {
        stop();
        launch();
    }

    /** Starts it again after {@link #stop()}. */
    public synchronized void startAgain() {
        if (process == null) {
            launch();
        }
    }

    private synchronized void launch() {
        String binary = System.getenv().getOrDefault("DIALTONE_REDIS_SERVER", "redis-server");
        ProcessBuilder builder = new ProcessBuilder(List.of(binary, "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", directory.toString(),
                "--protected-mode", "no"))
                .redirectErrorStream(true);
        Process started;
        try {
            started = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + binary + " (install the Debian package redis-server, or "
                    + "set DIALTONE_REDIS_SERVER): " + e.getMessage(), e);
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        if (output.length() < 20_000) {
                            output.append(line).append('\n');
                        }
                    }
                    if (line.contains("Ready to accept connections")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            ready.completeExceptionally(new IllegalStateException("redis-server exited"));
        }, "redis-server-output-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            started.destroyForcibly();
            synchronized (output) {
                throw new IllegalStateException("redis-server did not start on port " + port + ": " + e
                        + "\n" + output, e);
            }
        } catch (InterruptedException e) {
            started.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while redis-server started", e);
        }
        process = started;
    }

    /** Stops the server and removes its folder. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs anyway
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder
        }
    }

    private void kill() {
        Process running;
        synchronized (this) {
            running = process;
        }
        if (running != null) {
            running.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
