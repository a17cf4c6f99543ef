package dev.dialtone.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A long-running process of the test (the server, a chromedriver): its output goes to a log file, a line can be
 * awaited with a timeout, and {@link #close()} ends it and its descendants (chromedriver's Chromium) by pid.
 */
final class ManagedProcess implements AutoCloseable {

    private final String label;
    private final List<String> command;
    private final Process process;
    private final Path log;
    private final List<String> lines = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();

    private record Waiter(Predicate<String> match, CompletableFuture<String> found) {
    }

    private ManagedProcess(String label, List<String> command, Process process, Path log) {
        this.label = label;
        this.command = List.copyOf(command);
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a command with output (stdout and stderr) copied to {@code log}.
     *
     * @param removeEnv environment variables the child must not see
     */
    static ManagedProcess start(String label, List<String> command, Path log, List<String> removeEnv)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        removeEnv.forEach(env::remove);
        ManagedProcess managed = new ManagedProcess(label, command, builder.start(), log);
        Thread reader = new Thread(managed::pump, "e2e-output-" + label);
        reader.setDaemon(true);
        reader.start();
        return managed;
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            out.println("$ " + String.join(" ", command));
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                synchronized (this) {
                    lines.add(line);
                    for (Waiter waiter : waiters) {
                        if (!waiter.found().isDone() && waiter.match().test(line)) {
                            waiter.found().complete(line);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the process went away; its exit is reported below
        }
        int status;
        try {
            status = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
        }
        synchronized (this) {
            exited.complete(status);
            for (Waiter waiter : waiters) {
                waiter.found().completeExceptionally(new IllegalStateException(label + " exited with status " + status
                        + " before printing what was awaited; its output is in " + log + ":\n" + tail()));
            }
        }
    }

    /**
     * Waits for an output line that matches.
     *
     * @return the line
     * @throws IllegalStateException when the process exits first or the time runs out (with the output's tail)
     */
    String awaitLine(Predicate<String> match, Duration timeout) {
        CompletableFuture<String> found = new CompletableFuture<>();
        synchronized (this) {
            for (String line : lines) {
                if (match.test(line)) {
                    return line;
                }
            }
            if (exited.isDone()) {
                throw new IllegalStateException(label + " has exited (status " + exited.join() + "); output in "
                        + log + ":\n" + tail());
            }
            waiters.add(new Waiter(match, found));
        }
        try {
            return found.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(label + " did not print what was awaited within " + timeout
                    + "; output in " + log + ":\n" + tail(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Every line printed so far. */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    private synchronized String tail() {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** Ends the process (SIGTERM, then SIGKILL after a grace) and whatever it started. Idempotent. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    @Override
    public String toString() {
        return label + " (pid " + process.pid() + ", log " + log + ")";
    }
}
