package dev.dialtone.browser;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A network namespace of the test's own: {@code ip netns add dialtone-e2e-<random>}, loopback up, and a veth pair with
 * a private /30 ({@code 10.213.X.1} on the host side, {@code 10.213.X.2} inside). Whatever runs inside reaches only
 * its own loopback and the host end of the pair: there is no default route, so nothing leaves the machine.
 *
 * <p>{@link #close()} kills every process still inside (by pid, as listed by {@code ip netns pids}), then removes the
 * veth pair and the namespace. It is idempotent and also runs from a JVM shutdown hook, so an aborted run cleans up.
 */
final class NetworkNamespace implements AutoCloseable {

    private static final String PREFIX = "dialtone-e2e-";
    /** iproute2's {@code ip}: on the PATH, or in the sbin folders a non-root PATH may lack. */
    private static final String IP = findIp();
    private static final long COMMAND_TIMEOUT_SECONDS = 20;

    private final String name;
    private final String hostVeth;
    private final String hostAddress;
    private final String address;
    private final Thread shutdownHook;
    private boolean closed;

    private NetworkNamespace(String name, String hostVeth, String hostAddress, String address) {
        this.name = name;
        this.hostVeth = hostVeth;
        this.hostAddress = hostAddress;
        this.address = address;
        this.shutdownHook = new Thread(this::close, "dialtone-e2e-netns-cleanup");
    }

    /**
     * Creates the namespace and its link.
     *
     * @throws IllegalStateException when {@code ip} is missing or refuses (not root, no netns support); what is
     *     half made is removed first
     */
    static NetworkNamespace create() {
        SecureRandom random = new SecureRandom();
        byte[] id = new byte[3];
        random.nextBytes(id);
        String hex = HexFormat.of().formatHex(id);
        String hostAddresses = run(List.of(IP, "-4", "-o", "addr", "show"), true);
        int octet = -1;
        for (int attempt = 0; attempt < 50 && octet < 0; attempt++) {
            int candidate = random.nextInt(256);
            if (!hostAddresses.contains(" 10.213." + candidate + ".")) {
                octet = candidate;
            }
        }
        if (octet < 0) {
            throw new IllegalStateException("no free 10.213.X.0/30 subnet for the test namespace");
        }
        NetworkNamespace ns = new NetworkNamespace(PREFIX + hex, "dte" + hex + "h",
                "10.213." + octet + ".1", "10.213." + octet + ".2");
        Runtime.getRuntime().addShutdownHook(ns.shutdownHook);
        String peer = "dte" + hex + "n";
        try {
            run(List.of(IP, "netns", "add", ns.name), true);
            ns.exec(List.of(IP, "link", "set", "lo", "up"));
            run(List.of(IP, "link", "add", ns.hostVeth, "type", "veth", "peer", "name", peer), true);
            run(List.of(IP, "link", "set", peer, "netns", ns.name), true);
            run(List.of(IP, "addr", "add", ns.hostAddress + "/30", "dev", ns.hostVeth), true);
            run(List.of(IP, "link", "set", ns.hostVeth, "up"), true);
            ns.exec(List.of(IP, "addr", "add", ns.address + "/30", "dev", peer));
            ns.exec(List.of(IP, "link", "set", peer, "up"));
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    private static String findIp() {
        Stream<Path> onPath = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "ip"));
        Stream<Path> usual = Stream.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip").map(Path::of);
        return Stream.concat(onPath, usual).filter(Files::isExecutable).map(Path::toString).findFirst().orElse("ip");
    }

    /** The namespace's name, {@code dialtone-e2e-<6 hex digits>}. */
    String name() {
        return name;
    }

    /** The address inside the namespace, where its servers are reached from the host. */
    String address() {
        return address;
    }

    /** The host end of the link: the only address outside the namespace that its processes can reach. */
    String hostAddress() {
        return hostAddress;
    }

    /** A command line that runs {@code command} inside the namespace. */
    List<String> inside(List<String> command) {
        List<String> line = new ArrayList<>(List.of(IP, "netns", "exec", name));
        line.addAll(command);
        return line;
    }

    private void exec(List<String> command) {
        run(inside(command), true);
    }

    /** Kills what still runs inside, removes the link and the namespace. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        String pids = run(List.of(IP, "netns", "pids", name), false);
        for (String pid : pids.split("\\s+")) {
            if (!pid.isBlank()) {
                try {
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                } catch (NumberFormatException e) {
                    // not a pid: ip printed an error, already in the output
                }
            }
        }
        run(List.of(IP, "link", "del", hostVeth), false);
        run(List.of(IP, "netns", "del", name), false);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook
        }
    }

    /** Whether the namespace is still listed by {@code ip netns list}. */
    boolean exists() {
        return run(List.of(IP, "netns", "list"), true).lines().anyMatch(l -> l.split("\\s+")[0].equals(name));
    }

    /**
     * Runs a short command and returns its output.
     *
     * @param check whether a failure throws (else the output is returned as it is)
     */
    static String run(List<String> command, boolean check) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage()
                    + " (the end-to-end test needs iproute2's 'ip' and root; .ci/run installs iproute2)", e);
        }
        try (InputStream in = process.getInputStream()) {
            String output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            if (check && process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with status "
                        + process.exitValue() + ": " + output.strip()
                        + " (creating a network namespace needs root, as CI runs)");
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the output of " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
