package dev.dialtone.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A development aid for before/after comparisons on a machine that other work keeps busy: runs the relay test against
 * several server variants at the same time, each with its own load client, so that every variant suffers the same
 * interference, and prints each one's server CPU per relayed message. Variants are {@code tyrus}, {@code jetty} or
 * {@code node}, optionally with server JVM options after a colon: {@code tyrus:-Dx=y}.
 *
 * <p>{@code java -cp dialtone-benchmarks-*-all.jar dev.dialtone.bench.load.SideBySide ROOT SECONDS PAIRS VARIANT...}
 */
public final class SideBySide {

    private SideBySide() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int pairs = Integer.parseInt(args[2]);
        List<ServerProcess> servers = new ArrayList<>();
        List<Load> loads = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            for (int i = 3; i < args.length; i++) {
                String[] parts = args[i].split(":", 2);
                List<String> jvm = parts.length > 1 ? List.of(parts[1].split("\\s+")) : List.of();
                Path log = root.resolve("benchmarks/target/bench-logs/side-" + i + ".log");
                java.nio.file.Files.createDirectories(log.getParent());
                ServerProcess server = parts[0].equals("node")
                        ? ServerProcess.node(root.resolve("benchmarks/node-peer"), Load.SECRET, log)
                        : ServerProcess.dialtone(Load.SECRET, parts[0], jvm, log);
                servers.add(server);
                names.add(args[i]);
                Load load = new Load(server.port, 1);
                loads.add(load);
                for (Load.Pair pair : load.callPairs(load.connect(2 * pairs, Duration.ofSeconds(60)),
                        Duration.ofSeconds(60))) {
                    pair.running = true;
                    for (int w = 0; w < 8; w++) {
                        pair.sendCandidate();
                    }
                }
            }
            Bench.sleep(Duration.ofSeconds(Math.max(5, seconds / 2)));
            for (int round = 0; round < 3; round++) {
                long[] c0 = new long[servers.size()];
                long[] cpu0 = new long[servers.size()];
                long[] sys0 = new long[servers.size()];
                for (int i = 0; i < servers.size(); i++) {
                    c0[i] = loads.get(i).counters.relayed.get();
                    cpu0[i] = servers.get(i).cpuNanos();
                    sys0[i] = servers.get(i).cpuSplitNanos()[1];
                }
                Bench.sleep(Duration.ofSeconds(seconds));
                StringBuilder line = new StringBuilder("load " + Bench.loadAverage() + ":");
                for (int i = 0; i < servers.size(); i++) {
                    long messages = loads.get(i).counters.relayed.get() - c0[i];
                    double cpu = (servers.get(i).cpuNanos() - cpu0[i]) / (double) messages / 1000;
                    double sys = (servers.get(i).cpuSplitNanos()[1] - sys0[i]) / (double) messages / 1000;
                    line.append(String.format(Locale.ROOT, "  %s %.2f us/msg (sys %.2f; %,d msg/s)", names.get(i),
                            cpu, sys, messages / seconds));
                }
                System.out.println(line);
            }
        } finally {
            for (Load load : loads) {
                load.close();
            }
            for (ServerProcess server : servers) {
                server.close();
            }
        }
        System.exit(0);
    }
}
