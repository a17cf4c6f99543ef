package dev.dialtone.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server under test in a process of its own (Dialtone's {@link BenchServer} on a JVM, or the Node peer), started on
 * a free loopback port. Talks to it over standard input ({@code heap}, {@code quit}); reads its CPU time and resident
 * memory from the operating system.
 */
final class ServerProcess implements AutoCloseable {

    /** Every server started and not yet stopped, killed by the shutdown hook of {@link Bench} on any exit. */
    static final List<ServerProcess> LIVE = new ArrayList<>();

    final String name;
    final int port;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);

    private ServerProcess(String name, List<String> command, Path log) throws IOException {
        this.name = name;
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        synchronized (LIVE) {
            LIVE.add(this);
        }
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.offer(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
        String ready = awaitLine("ready ", Duration.ofSeconds(60));
        if (ready == null) {
            close();
            throw new IOException(name + " did not start; see " + log);
        }
        port = Integer.parseInt(ready.substring("ready ".length()).trim());
    }

    /** Dialtone's bench server on this JVM's java, with the benchmarks jar as class path. */
    static ServerProcess dialtone(String secret, String container, List<String> javaOptions, Path log)
            throws IOException {
        return dialtone(secret, container, javaOptions, log, List.of(), container.equals("jetty")
                ? "dialtone on Jetty" : "dialtone");
    }

    /** A node of a cluster: Dialtone's bench server joined to the cluster of {@code redisUri} as {@code nodeId}. */
    static ServerProcess dialtoneNode(String secret, String redisUri, String nodeId, List<String> javaOptions,
            Path log) throws IOException {
        return dialtone(secret, "tyrus", javaOptions, log, List.of("--redis", redisUri, "--node-id", nodeId),
                "dialtone node " + nodeId);
    }

    private static ServerProcess dialtone(String secret, String container, List<String> javaOptions, Path log,
            List<String> extraArguments, String name) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.add("-cp");
        String classPath = System.getProperty("java.class.path");
        if (container.equals("jetty")) {
            // Jetty's jars first, so that its container services win over Tyrus's in the benchmarks jar
            Path jar = Path.of(classPath.split(java.io.File.pathSeparator)[0]).toAbsolutePath();
            Path lib = jar.getParent().resolve("jetty-lib");
            if (!Files.isDirectory(lib)) {
                throw new IOException("no " + lib + ": build the benchmarks module first");
            }
            classPath = lib + java.io.File.separator + "*" + java.io.File.pathSeparator + classPath;
        }
        command.add(classPath);
        command.add(BenchServer.class.getName());
        command.add("--container");
        command.add(container);
        command.add("--port");
        command.add("0");
        command.add("--jwt-secret");
        command.add(secret);
        command.addAll(extraArguments);
        return new ServerProcess(name, command, log);
    }

    /** The Node peer from {@code nodePeer} (its {@code node_modules} installed). */
    static ServerProcess node(Path nodePeer, String secret, Path log) throws IOException {
        List<String> command = List.of("node", "--expose-gc", nodePeer.resolve("server.js").toString(), "--port", "0",
                "--jwt-secret", secret);
        return new ServerProcess("node", command, log);
    }

    long pid() {
        return process.pid();
    }

    /** CPU time (user + system, every thread) the process has used so far, in nanoseconds. */
    long cpuNanos() {
        return cpuNanos(process.toHandle());
    }

    /** CPU time (user + system, every thread) {@code process} has used so far, in nanoseconds. */
    static long cpuNanos(ProcessHandle process) {
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        try {
            String text = Files.readString(stat);
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state); utime is field 14, stime field 15: indexes 11 and 12 here
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * (1_000_000_000L / clockTicksPerSecond());
        } catch (IOException | RuntimeException e) {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }
    }

    /** User and system CPU time so far, in nanoseconds: {user, system}; zeros where unknown. */
    long[] cpuSplitNanos() {
        try {
            String text = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            long tick = 1_000_000_000L / clockTicksPerSecond();
            return new long[] {Long.parseLong(fields[11]) * tick, Long.parseLong(fields[12]) * tick};
        } catch (IOException | RuntimeException e) {
            return new long[2];
        }
    }

    private static long clockTicksPerSecond() {
        return 100; // USER_HZ on Linux
    }

    /** Resident memory in bytes, from /proc; 0 where unknown. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }

    /** Heap in use after a full collection, as the server reports it. */
    long heapAfterGc() throws IOException {
        lines.clear();
        command("heap");
        String line = awaitLine("heap ", Duration.ofSeconds(120));
        if (line == null) {
            throw new IOException(name + " did not report its heap");
        }
        return Long.parseLong(line.split(" ")[1]);
    }

    private void command(String text) throws IOException {
        stdin.write(text + "\n");
        stdin.flush();
    }

    private String awaitLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() || !lines.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                String line = lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            command("quit");
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        synchronized (LIVE) {
            LIVE.remove(this);
        }
    }

    /** Kills the process at once (the shutdown hook). */
    void kill() {
        process.destroyForcibly();
    }
}
