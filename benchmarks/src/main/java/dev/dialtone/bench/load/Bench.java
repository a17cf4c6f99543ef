package dev.dialtone.bench.load;

import dev.dialtone.bench.jmh.CodecBenchmark;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code ./dialtone bench}: runs the load scenarios ({@link Load}) against Dialtone's reference server and against the
 * Node.js ws peer, each in a process of its own on loopback, one after the other in the same run with the same load
 * client, plus the codec micro-benchmark; prints the table of figures with their ratios to the peer and writes it,
 * with an SVG chart, to the results folder.
 */
public final class Bench {

    static final String USAGE = """
            Usage: dialtone bench [--quick|--full] [options]
                   dialtone bench jmh [--quick|--full] [JMH options]

            Measures Dialtone's reference server against a minimal Node.js relay on the ws package, both in
            processes of their own on loopback, driven by the same load client in the same run; prints every
            figure with its ratio to the Node peer and writes a Markdown table and an SVG chart.

              --quick              short phases, 1,000 idle connections (default; under two minutes)
              --full               long phases, 10,000 idle connections; waits for a quiet machine first
              --out DIR            where results go (default: benchmarks/results for --full,
                                   benchmarks/target/bench-quick for --quick)
              --only dialtone|node|cluster
                                   run one side only (no ratios); cluster: only the two-node
                                   cluster scenarios
              --skip LIST          comma-separated: relay, latency, setup, heap, codec, cluster
              --pairs N            call pairs of the relay test (default 100)
              --window N           candidates in flight per pair in the relay test (default 8)
              --users N            users of the set-up test (default 1000)
              --setup-rate N       call set-ups started per second in the set-up test (default 2000)
              --idle N             idle connections of the heap test
              --container NAME     Dialtone's container: tyrus (the reference server's, default) or
                                   jetty (the same endpoint on Jetty 12, for comparison)
              --also-jetty         also measure the same endpoint on Jetty 12 (relay, round trip,
                                   set-up), reported as extra lines with ratios to the same Node run
              --no-wait            do not wait for the load average to drop below 1.0
              --server-java-opts S JVM options of the Dialtone server, space-separated
              -h, --help           this text
            """;

    /**
     * The quick profile measures servers seconds after their JVMs started: the cluster's figures above all (two node
     * JVMs, with Lettuce, Netty and the scripts to compile) still include JIT compilation.
     */
    static final String QUICK_CAVEAT = "Quick profile: a few seconds of warm-up in fresh JVMs, so these figures, the "
            + "cluster's above all, still include JIT compilation. Targets are judged on --full.";

    private final Options options;
    private final Path root;
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Double> loadSeen = new LinkedHashMap<>();
    private final Map<String, Double> interference = new LinkedHashMap<>();

    private Bench(Options options) {
        this.options = options;
        this.root = options.root;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("dialtone bench: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.print(USAGE);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (ServerProcess.LIVE) {
                for (ServerProcess server : ServerProcess.LIVE) {
                    server.kill();
                }
            }
            // and whatever else the run started (the cluster's redis-server, npm)
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        }, "bench-cleanup"));
        int status = new Bench(options).run();
        System.exit(status);
    }

    private int run() throws Exception {
        long started = System.nanoTime();
        Path nodePeer = root.resolve("benchmarks/node-peer");
        Path out = options.out != null ? options.out
                : root.resolve(options.full ? "benchmarks/results" : "benchmarks/target/bench-quick");
        Files.createDirectories(out);
        Path logs = root.resolve("benchmarks/target/bench-logs");
        Files.createDirectories(logs);
        boolean onlyCluster = options.only.equals("cluster");
        boolean runNode = !options.only.equals("dialtone") && !onlyCluster;
        boolean runDialtone = !options.only.equals("node") && !onlyCluster;
        if (runNode) {
            installNodePeer(nodePeer);
        }
        if (options.full && options.waitForQuiet) {
            waitForQuiet();
        }
        Profile profile = options.full ? Profile.FULL : Profile.QUICK;
        int idle = options.idle > 0 ? options.idle : profile.idleConnections;
        Map<String, Results> results = new LinkedHashMap<>();
        if (runDialtone) {
            results.put("dialtone", measure("dialtone", profile, idle, nodePeer, logs));
        }
        if (runNode) {
            results.put("node", measure("node", profile, idle, nodePeer, logs));
        }
        if (options.alsoJetty && runDialtone) {
            results.put("jetty", measure("jetty", profile, idle, nodePeer, logs));
        }
        Results cluster = null;
        if ((runDialtone || onlyCluster) && !options.skip.contains("cluster")) {
            cluster = measureCluster(profile, logs);
        }
        Results d = results.getOrDefault("dialtone", new Results());
        Results n = results.getOrDefault("node", new Results());
        if (!options.skip.contains("codec")) {
            if (runDialtone) {
                d.codecNanos = dialtoneCodec(profile);
            }
            if (runNode) {
                n.codecNanos = nodeCodec(nodePeer, profile);
            }
        }
        List<Figure> figures = figures(d, n, idle);
        if (results.containsKey("jetty")) {
            figures.addAll(jettyFigures(results.get("jetty"), n));
        }
        List<Figure> clusterFigures = cluster == null ? List.of() : clusterFigures(cluster, d);
        String table = Report.textTable(figures);
        System.out.println();
        System.out.print(table);
        if (!clusterFigures.isEmpty()) {
            System.out.println();
            System.out.print(Report.textTable(clusterFigures, "two nodes", "one server"));
        }
        String markdown = markdown(figures, clusterFigures, profile, idle,
                Duration.ofNanos(System.nanoTime() - started));
        Files.writeString(out.resolve("results.md"), markdown, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("results.svg"), Report.svg(figures, subtitle(profile)), StandardCharsets.UTF_8);
        System.out.println();
        if (profile == Profile.QUICK) {
            System.out.println(QUICK_CAVEAT);
        }
        System.out.println("Written: " + out.resolve("results.md") + " and " + out.resolve("results.svg"));
        return 0;
    }

    // --- phases ------------------------------------------------------------------------------------------------------

    /** Everything measured on one server. */
    static final class Results {
        double throughput = Double.NaN;
        double cpuPerMessageNanos = Double.NaN;
        double clientCpuPerMessageNanos = Double.NaN;
        Histogram relayRtt;
        Histogram relayOneWay;
        Histogram pingRtt;
        double setupRate = Double.NaN;
        double setupOffered = Double.NaN;
        long setupMissed;
        Histogram setupLatency;
        double maxSetupRate = Double.NaN;
        Histogram maxSetupLatency;
        double heapPerConnection = Double.NaN;
        double rssPerConnection = Double.NaN;
        double codecNanos = Double.NaN;
        long failures;
        String firstFailure;
    }

    private Results measure(String side, Profile profile, int idle, Path nodePeer, Path logs) throws Exception {
        Results r = new Results();
        Path log = logs.resolve(side + ".log");
        Files.deleteIfExists(log);
        System.out.println("== " + side + " ==");
        if (!options.skip.contains("relay") || !options.skip.contains("latency")
                || !options.skip.contains("setup")) {
            try (ServerProcess server = start(side, nodePeer, log)) {
                if (!options.skip.contains("relay")) {
                    noteLoad(side + " relay");
                    relay(server, profile, r);
                }
                if (!options.skip.contains("latency")) {
                    noteLoad(side + " round trip");
                    latency(server, profile, r);
                }
                if (!options.skip.contains("setup")) {
                    noteLoad(side + " set-up");
                    setup(server, profile, r);
                }
            }
        }
        if (!options.skip.contains("heap") && !side.equals("jetty")) {
            try (ServerProcess server = start(side, nodePeer, log)) {
                noteLoad(side + " heap");
                heap(server, idle, r);
            }
        }
        return r;
    }

    /**
     * Two Dialtone nodes over one private redis-server, every caller on the first node and every callee on the
     * second: the relay and round-trip scenarios with each relayed message crossing from node to node.
     */
    private Results measureCluster(Profile profile, Path logs) throws Exception {
        Results r = new Results();
        System.out.println("== dialtone cluster: two nodes over Redis, callers on one, callees on the other ==");
        Path redisLog = logs.resolve("cluster-redis.log");
        Path nodeLog = logs.resolve("cluster-nodes.log");
        Files.deleteIfExists(redisLog);
        Files.deleteIfExists(nodeLog);
        try (RedisProcess redis = RedisProcess.start(redisLog);
                ServerProcess first = ServerProcess.dialtoneNode(Load.SECRET, redis.uri(), "n1",
                        options.serverJavaOptions, nodeLog);
                ServerProcess second = ServerProcess.dialtoneNode(Load.SECRET, redis.uri(), "n2",
                        options.serverJavaOptions, nodeLog)) {
            Target cluster = new Target("dialtone cluster", first, second, List.of(redis.handle()));
            if (!options.skip.contains("relay")) {
                noteLoad("cluster relay");
                relay(cluster, profile, r);
            }
            if (!options.skip.contains("latency")) {
                noteLoad("cluster round trip");
                latency(cluster, profile, r);
            }
        }
        return r;
    }

    private ServerProcess start(String side, Path nodePeer, Path log) throws IOException {
        if (side.equals("node")) {
            return ServerProcess.node(nodePeer, Load.SECRET, log);
        }
        String container = side.equals("jetty") ? "jetty" : options.container;
        return ServerProcess.dialtone(Load.SECRET, container, options.serverJavaOptions, log);
    }

    private void relay(ServerProcess server, Profile profile, Results r) throws Exception {
        relay(Target.single(server), profile, r);
    }

    private void relay(Target server, Profile profile, Results r) throws Exception {
        try (Load load = new Load(server.callers().port, 1)) {
            List<Load.Pair> pairs = load.callPairs(load.connectPairs(options.pairs, Duration.ofSeconds(60),
                    server.callees().port), Duration.ofSeconds(60));
            for (Load.Pair pair : pairs) {
                pair.running = true;
                for (int i = 0; i < options.window; i++) {
                    pair.sendCandidate();
                }
            }
            sleep(profile.warmup);
            Interference watch = new Interference(server);
            long c0 = load.counters.relayed.get();
            long cpu0 = server.cpuNanos();
            long own0 = ownCpuNanos();
            long t0 = System.nanoTime();
            sleep(profile.measure);
            long c1 = load.counters.relayed.get();
            long cpu1 = server.cpuNanos();
            long own1 = ownCpuNanos();
            long t1 = System.nanoTime();
            noteInterference(server.name() + " relay", watch);
            for (Load.Pair pair : pairs) {
                pair.running = false;
            }
            long messages = c1 - c0;
            r.throughput = messages * 1e9 / (t1 - t0);
            r.cpuPerMessageNanos = messages == 0 ? Double.NaN : (double) (cpu1 - cpu0) / messages;
            r.clientCpuPerMessageNanos = messages == 0 ? Double.NaN : (double) (own1 - own0) / messages;
            failures(load, r);
            System.out.printf(Locale.ROOT, "  relay: %d pairs x %d in flight: %,.0f msg/s, server CPU %.2f us/msg"
                    + " (load client %.2f us/msg)%n", options.pairs, options.window, r.throughput,
                    r.cpuPerMessageNanos / 1000, r.clientCpuPerMessageNanos / 1000);
            sleep(Duration.ofMillis(300));
        }
    }

    private void latency(ServerProcess server, Profile profile, Results r) throws Exception {
        latency(Target.single(server), profile, r);
    }

    private void latency(Target server, Profile profile, Results r) throws Exception {
        try (Load load = new Load(server.callers().port, 1_000_001)) {
            Load.Pair pair = load.callPairs(load.connectPairs(1, Duration.ofSeconds(30), server.callees().port),
                    Duration.ofSeconds(30)).get(0);
            // JIT warm-up at full speed, then paced, one at a time
            pair.running = true;
            for (int i = 0; i < 4; i++) {
                pair.sendCandidate();
            }
            sleep(profile.latencyWarmup);
            pair.running = false;
            sleep(Duration.ofMillis(100));
            pair.mode = Load.Mode.PACED;
            // a round trip is two relayed candidates: one at the callee, its echo at the caller
            LongSupplier relayed = () -> load.counters.relayed.get() / 2;
            pace(profile.latencyWarmup, profile.latencyRate, pair::sendCandidate, relayed);
            load.counters.relayRtt.getIntervalHistogram();
            load.counters.relayOneWay.getIntervalHistogram();
            Interference watch = new Interference(server);
            pace(profile.latencyMeasure, profile.latencyRate, pair::sendCandidate, relayed);
            noteInterference(server.name() + " round trip", watch);
            sleep(Duration.ofMillis(50));
            r.relayRtt = load.counters.relayRtt.getIntervalHistogram();
            r.relayOneWay = load.counters.relayOneWay.getIntervalHistogram();
            // ping/pong on the caller's connection
            String pingPrefix = "{\"action\":\"ping\",\"nonce\":\"";
            Runnable ping = () -> pair.caller.conn.send(pingPrefix + System.nanoTime() + "\"}");
            pace(profile.pingWarmup, profile.latencyRate, ping, load.counters.pongs::get);
            load.counters.pingRtt.getIntervalHistogram();
            pace(profile.latencyMeasure, profile.latencyRate, ping, load.counters.pongs::get);
            sleep(Duration.ofMillis(50));
            r.pingRtt = load.counters.pingRtt.getIntervalHistogram();
            failures(load, r);
            System.out.printf(Locale.ROOT, "  round trip (relay A->B->A, %d/s): p50 %.1f us, p99 %.1f us, p99.9 %.1f us"
                    + " (%d samples); one relay p50 %.1f us, p99 %.1f us; ping/pong p50 %.1f us, p99 %.1f us%n",
                    profile.latencyRate, Load.micros(r.relayRtt, 50), Load.micros(r.relayRtt, 99),
                    Load.micros(r.relayRtt, 99.9), r.relayRtt.getTotalCount(), Load.micros(r.relayOneWay, 50),
                    Load.micros(r.relayOneWay, 99), Load.micros(r.pingRtt, 50), Load.micros(r.pingRtt, 99));
        }
    }

    private void setup(ServerProcess server, Profile profile, Results r) throws Exception {
        try (Load load = new Load(server.port, 2_000_001)) {
            List<Load.User> users = load.connect(options.users, Duration.ofSeconds(120));
            ConcurrentLinkedQueue<Load.Pair> idle = new ConcurrentLinkedQueue<>();
            List<Load.Pair> pairs = new ArrayList<>();
            for (int i = 0; i + 1 < users.size(); i += 2) {
                Load.Pair pair = load.new Pair(users.get(i), users.get(i + 1));
                pair.idle = idle;
                pairs.add(pair);
                idle.add(pair);
            }
            // open loop at the offered rate
            long interval = TimeUnit.SECONDS.toNanos(1) / options.setupRate;
            openLoop(idle, interval, profile.warmup);
            load.counters.setupLatency.getIntervalHistogram();
            long s0 = load.counters.setups.get();
            long t0 = System.nanoTime();
            Interference watch = new Interference(Target.single(server));
            long missed = openLoop(idle, interval, profile.measure);
            noteInterference(server.name + " set-up", watch);
            long s1 = load.counters.setups.get();
            long t1 = System.nanoTime();
            awaitIdle(idle, pairs.size(), Duration.ofSeconds(5));
            r.setupLatency = load.counters.setupLatency.getIntervalHistogram();
            r.setupRate = (s1 - s0) * 1e9 / (t1 - t0);
            r.setupOffered = options.setupRate;
            r.setupMissed = missed;
            System.out.printf(Locale.ROOT, "  set-up (open loop, %d/s offered, %d users): %,.0f set-ups/s, latency p50"
                    + " %.2f ms, p99 %.2f ms, %d slots found no free pair%n", options.setupRate, options.users,
                    r.setupRate, Load.micros(r.setupLatency, 50) / 1000, Load.micros(r.setupLatency, 99) / 1000,
                    missed);
            // closed loop: the most this server completes with a fixed number of set-ups in flight
            List<Load.Pair> closed = new ArrayList<>();
            for (int i = 0; i < Math.min(profile.closedPairs, pairs.size()); i++) {
                Load.Pair pair = idle.poll();
                if (pair == null) {
                    break;
                }
                closed.add(pair);
            }
            for (Load.Pair pair : closed) {
                pair.running = true;
                pair.startCycle(System.nanoTime());
            }
            sleep(profile.closedWarmup);
            load.counters.setupLatency.getIntervalHistogram();
            long m0 = load.counters.setups.get();
            long u0 = System.nanoTime();
            sleep(profile.closedMeasure);
            long m1 = load.counters.setups.get();
            long u1 = System.nanoTime();
            r.maxSetupLatency = load.counters.setupLatency.getIntervalHistogram();
            for (Load.Pair pair : closed) {
                pair.running = false;
            }
            awaitIdle(idle, pairs.size(), Duration.ofSeconds(5));
            r.maxSetupRate = (m1 - m0) * 1e9 / (u1 - u0);
            failures(load, r);
            System.out.printf(Locale.ROOT, "  set-up (closed loop, %d in flight): %,.0f set-ups/s, latency p99 %.2f"
                    + " ms%n", closed.size(), r.maxSetupRate, Load.micros(r.maxSetupLatency, 99) / 1000);
        }
    }

    /** Starts a set-up every {@code interval} on a free pair for {@code length}; returns the slots with none free. */
    private static long openLoop(ConcurrentLinkedQueue<Load.Pair> idle, long interval, Duration length) {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long next = start;
        long missed = 0;
        while (next < end) {
            Load.parkUntil(next);
            long now = System.nanoTime();
            while (next <= now && next < end) {
                Load.Pair pair = idle.poll();
                if (pair == null) {
                    missed++;
                } else {
                    pair.startCycle(next);
                }
                next += interval;
            }
        }
        return missed;
    }

    private static void awaitIdle(ConcurrentLinkedQueue<Load.Pair> idle, int all, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (idle.size() < all && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(20));
        }
    }

    private void heap(ServerProcess server, int idle, Results r) throws Exception {
        try (Load load = new Load(server.port, 3_000_001)) {
            load.connect(10, Duration.ofSeconds(30));
            sleep(Duration.ofMillis(500));
            long heap0 = server.heapAfterGc();
            long rss0 = server.rssBytes();
            long t0 = System.nanoTime();
            load.connect(idle, Duration.ofSeconds(300));
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            sleep(Duration.ofSeconds(1));
            long heap1 = server.heapAfterGc();
            long rss1 = server.rssBytes();
            r.heapPerConnection = (heap1 - heap0) / (double) idle;
            r.rssPerConnection = (rss1 - rss0) / (double) idle;
            failures(load, r);
            System.out.printf(Locale.ROOT, "  idle connections: %,d connected in %.1f s; heap %.1f KB and RSS %.1f KB"
                    + " per connection%n", idle, connectSeconds, r.heapPerConnection / 1024,
                    r.rssPerConnection / 1024);
        }
    }

    private static void failures(Load load, Results r) {
        long failed = load.counters.failures.get();
        if (failed > 0) {
            r.failures += failed;
            if (r.firstFailure == null) {
                r.firstFailure = load.counters.firstFailure;
            }
            System.out.println("  WARNING: " + failed + " unexpected events; first: " + load.counters.firstFailure);
            load.counters.failures.set(0);
        }
    }

    /**
     * One at a time: sends every {@code 1/perSecond} s, but never before the previous round trip has come back
     * ({@code completed} has counted it; given up after a second), so that a server slower than the pace is measured
     * by its own round trip, not by a queue the load tool built.
     */
    private static void pace(Duration length, int perSecond, Runnable send, LongSupplier completed) {
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long end = System.nanoTime() + length.toNanos();
        long next = System.nanoTime();
        long expected = completed.getAsLong();
        while (next < end) {
            Load.parkUntil(next);
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (completed.getAsLong() < expected && System.nanoTime() < giveUp) {
                Load.parkUntil(System.nanoTime() + 20_000);
            }
            expected = completed.getAsLong() + 1;
            send.run();
            next += interval;
            long now = System.nanoTime();
            if (next < now) {
                next = now; // one at a time: never a burst to catch up
            }
        }
    }

    private double dialtoneCodec(Profile profile) throws RunnerException {
        System.out.println("== codec (JMH, CodecBenchmark.iceCandidateDecodeEncode) ==");
        OptionsBuilder jmh = new OptionsBuilder();
        jmh.include(CodecBenchmark.class.getName() + ".iceCandidateDecodeEncode")
                .forks(1)
                .warmupIterations(profile.jmhWarmups)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(profile.jmhIterations)
                .measurementTime(TimeValue.seconds(profile.jmhSeconds))
                .verbosity(VerboseMode.SILENT);
        RunResult result = new Runner(jmh.build()).runSingle();
        double nanos = result.getPrimaryResult().getScore();
        System.out.printf(Locale.ROOT, "  Dialtone decode+encode ice_candidate: %.0f ns/op%n", nanos);
        return nanos;
    }

    private double nodeCodec(Path nodePeer, Profile profile) throws IOException, InterruptedException {
        String line = runForLine(List.of("node", nodePeer.resolve("codec-bench.js").toString(),
                Integer.toString(profile.jmhIterations * profile.jmhSeconds)), nodePeer, "codec ");
        double nanos = Double.parseDouble(line.substring("codec ".length()).trim());
        System.out.printf(Locale.ROOT, "  Node JSON.parse+JSON.stringify ice_candidate: %.0f ns/op%n", nanos);
        return nanos;
    }

    // --- environment -------------------------------------------------------------------------------------------------

    private void installNodePeer(Path nodePeer) throws IOException, InterruptedException {
        Path ws = nodePeer.resolve("node_modules/ws/package.json");
        Path lock = nodePeer.resolve("package-lock.json");
        if (Files.exists(ws) && Files.getLastModifiedTime(ws).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
            return;
        }
        System.out.println("installing the Node peer's dependencies (npm ci in " + root.relativize(nodePeer) + ")");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(nodePeer.toFile()).inheritIO().start();
        if (npm.waitFor() != 0) {
            throw new IOException("npm ci failed in " + nodePeer);
        }
    }

    private void waitForQuiet() {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(25);
        double load = loadAverage();
        while (load >= 1.0 && System.nanoTime() < deadline) {
            System.out.printf(Locale.ROOT, "waiting for a quiet machine: 1-minute load average %.2f (needs < 1.0)%n",
                    load);
            sleep(Duration.ofSeconds(30));
            load = loadAverage();
        }
        if (load >= 1.0) {
            notes.add(String.format(Locale.ROOT, "The machine was loaded: the 1-minute load average was still %.2f"
                    + " after waiting 25 minutes for it to drop below 1.0; the run went ahead anyway.", load));
            System.out.println("WARNING: " + notes.get(notes.size() - 1));
        } else {
            System.out.printf(Locale.ROOT, "quiet: 1-minute load average %.2f%n", load);
        }
    }

    private void noteLoad(String phase) {
        loadSeen.put(phase, loadAverage());
    }

    /**
     * How much CPU other processes took while a phase measured: every CPU's busy time (/proc/stat, steal included)
     * less the server's and this load client's, per second of the window, in cores.
     */
    static final class Interference {
        private final Target server;
        private final long total0;
        private final long server0;
        private final long own0;
        private final long t0;

        Interference(Target server) {
            this.server = server;
            this.total0 = machineBusyNanos();
            this.server0 = server.cpuNanos();
            this.own0 = ownCpuNanos();
            this.t0 = System.nanoTime();
        }

        double otherCores() {
            long total = machineBusyNanos() - total0;
            long ours = server.cpuNanos() - server0 + ownCpuNanos() - own0;
            return Math.max(0, total - ours) / (double) (System.nanoTime() - t0);
        }

        private static long machineBusyNanos() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                // cpu user nice system idle iowait irq softirq steal ...
                long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                        + Long.parseLong(f[7]) + (f.length > 8 ? Long.parseLong(f[8]) : 0);
                return busy * 10_000_000L; // USER_HZ 100
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    private void noteInterference(String phase, Interference watch) {
        interference.put(phase, watch.otherCores());
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static long ownCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static String runForLine(List<String> command, Path dir, String prefix)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new IOException(command + " printed no '" + prefix + "' line: " + output));
    }

    private static String commandOutput(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor();
            return output;
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    /** Waits out a warm-up or a measurement window. */
    static void sleep(Duration duration) {
        Load.parkUntil(System.nanoTime() + duration.toNanos());
    }

    // --- results -----------------------------------------------------------------------------------------------------

    private List<Figure> figures(Results d, Results n, int idle) {
        List<Figure> f = new ArrayList<>();
        double tRatio = d.throughput / n.throughput;
        f.add(new Figure("Relay throughput, " + options.pairs + " call pairs", "msgs/s", d.throughput, n.throughput,
                true, ">= 1.2x Node", Double.isNaN(tRatio) ? null : tRatio >= 1.2, 0));
        double cRatio = d.cpuPerMessageNanos / n.cpuPerMessageNanos;
        f.add(new Figure("Server CPU per relayed message", "us", d.cpuPerMessageNanos / 1000,
                n.cpuPerMessageNanos / 1000, false, "<= 0.8x Node", Double.isNaN(cRatio) ? null : cRatio <= 0.8, 2));
        f.add(percentile("Round trip A->B->A via relay, p50", d.relayRtt, n.relayRtt, 50, null));
        f.add(percentile("Round trip A->B->A via relay, p99", d.relayRtt, n.relayRtt, 99, 250.0));
        f.add(percentile("Round trip A->B->A via relay, p99.9", d.relayRtt, n.relayRtt, 99.9, null));
        f.add(percentile("Round trip ping/pong, one connection, p50", d.pingRtt, n.pingRtt, 50, null));
        f.add(percentile("Round trip ping/pong, one connection, p99", d.pingRtt, n.pingRtt, 99, 250.0));
        f.add(percentile("Round trip ping/pong, one connection, p99.9", d.pingRtt, n.pingRtt, 99.9, null));
        f.add(new Figure("Full call set-ups, " + options.users + " users, " + options.setupRate + "/s offered",
                "set-ups/s", d.setupRate, n.setupRate, true, ">= 2,000/s",
                Double.isNaN(d.setupRate) ? null : d.setupRate >= 2000 * 0.99 && d.setupMissed == 0, 0));
        f.add(new Figure("Set-up latency p50 (at the offered rate)", "ms", ms(d.setupLatency, 50),
                ms(n.setupLatency, 50), false, "", null, 2));
        double p99 = ms(d.setupLatency, 99);
        f.add(new Figure("Set-up latency p99 (at the offered rate)", "ms", p99, ms(n.setupLatency, 99), false,
                "<= 5 ms", Double.isNaN(p99) ? null : p99 <= 5.0, 2));
        f.add(new Figure("Most call set-ups, closed loop, " + Profile.FULL.closedPairs + " in flight", "set-ups/s",
                d.maxSetupRate, n.maxSetupRate, true, "", null, 0));
        double heap = d.heapPerConnection / 1024;
        f.add(new Figure("Heap per idle connection, " + String.format(Locale.ROOT, "%,d", idle) + " connections",
                "KB", heap, n.heapPerConnection / 1024, false, "<= 30 KB", Double.isNaN(heap) ? null : heap <= 30, 1));
        f.add(new Figure("Resident memory per idle connection (RSS)", "KB", d.rssPerConnection / 1024,
                n.rssPerConnection / 1024, false, "", null, 1));
        f.add(new Figure("Codec: decode + encode of an ice_candidate", "ns", d.codecNanos, n.codecNanos, false,
                "<= 1,000 ns", Double.isNaN(d.codecNanos) ? null : d.codecNanos <= 1000, 0));
        return f;
    }

    /** The same endpoint and engine on Jetty 12: the container comparison, as ratios to the same Node run. */
    private List<Figure> jettyFigures(Results j, Results n) {
        List<Figure> f = new ArrayList<>();
        String on = " (Dialtone on Jetty 12)";
        f.add(new Figure("Relay throughput, " + options.pairs + " call pairs" + on, "msgs/s", j.throughput,
                n.throughput, true, "", null, 0));
        f.add(new Figure("Server CPU per relayed message" + on, "us", j.cpuPerMessageNanos / 1000,
                n.cpuPerMessageNanos / 1000, false, "", null, 2));
        f.add(percentile("Round trip A->B->A via relay, p99" + on, j.relayRtt, n.relayRtt, 99, null));
        f.add(new Figure("Set-up latency p99 (at the offered rate)" + on, "ms", ms(j.setupLatency, 99),
                ms(n.setupLatency, 99), false, "", null, 2));
        f.add(new Figure("Most call set-ups, closed loop" + on, "set-ups/s", j.maxSetupRate, n.maxSetupRate, true,
                "", null, 0));
        return f;
    }

    /** The cluster against the single server of the same run: what crossing nodes over Redis costs. */
    private List<Figure> clusterFigures(Results c, Results d) {
        List<Figure> f = new ArrayList<>();
        f.add(new Figure("Relay throughput, " + options.pairs + " call pairs across nodes", "msgs/s", c.throughput,
                d.throughput, true, "", null, 0));
        f.add(new Figure("CPU per relayed message (both nodes + Redis)", "us", c.cpuPerMessageNanos / 1000,
                d.cpuPerMessageNanos / 1000, false, "", null, 2));
        f.add(percentile("Round trip A->B->A across nodes, p50", c.relayRtt, d.relayRtt, 50, null));
        f.add(percentile("Round trip A->B->A across nodes, p99", c.relayRtt, d.relayRtt, 99, null));
        f.add(percentile("Round trip A->B->A across nodes, p99.9", c.relayRtt, d.relayRtt, 99.9, null));
        f.add(percentile("One relay, caller to callee across nodes, p50", c.relayOneWay, d.relayOneWay, 50, null));
        f.add(percentile("One relay, caller to callee across nodes, p99", c.relayOneWay, d.relayOneWay, 99, null));
        double extra = c.relayOneWay == null || d.relayOneWay == null ? Double.NaN
                : Load.micros(c.relayOneWay, 99) - Load.micros(d.relayOneWay, 99);
        f.add(new Figure("Added by a cross-node relay: one relay's p99, cluster - one server", "us", extra,
                Double.NaN, false, "<= 1,000 us", Double.isNaN(extra) ? null : extra <= 1000, 1));
        double extraRoundTrip = c.relayRtt == null || d.relayRtt == null ? Double.NaN
                : Load.micros(c.relayRtt, 99) - Load.micros(d.relayRtt, 99);
        f.add(new Figure("Added by crossing nodes: round trip p99 (two relays), cluster - one server", "us",
                extraRoundTrip, Double.NaN, false, "", null, 1));
        return f;
    }

    private static Figure percentile(String name, Histogram d, Histogram n, double p, Double target) {
        double dv = d == null ? Double.NaN : Load.micros(d, p);
        double nv = n == null ? Double.NaN : Load.micros(n, p);
        return new Figure(name, "us", dv, nv, false, target == null ? "" : "<= " + target.intValue() + " us",
                target == null || Double.isNaN(dv) ? null : dv <= target, 1);
    }

    private static double ms(Histogram h, double p) {
        return h == null ? Double.NaN : Load.micros(h, p) / 1000;
    }

    private String subtitle(Profile profile) {
        return (options.full ? "full" : "quick") + " profile, " + nproc() + " cores, loopback, "
                + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE);
    }

    private String markdown(List<Figure> figures, List<Figure> clusterFigures, Profile profile, int idle,
            Duration took) {
        Properties versions = new Properties();
        try (InputStream in = Bench.class.getResourceAsStream("/dev/dialtone/bench/versions.properties")) {
            if (in != null) {
                versions.load(in);
            }
        } catch (IOException e) {
            // versions unknown
        }
        String wsVersion = "unknown";
        try {
            String pkg = Files.readString(root.resolve("benchmarks/node-peer/node_modules/ws/package.json"));
            wsVersion = Load.stringMember(pkg.replace("\": \"", "\":\""), "version");
        } catch (IOException e) {
            // not installed
        }
        StringBuilder md = new StringBuilder();
        md.append("# Dialtone benchmarks: results\n\n");
        md.append("Dialtone's reference server against a minimal Node.js relay on the `ws` package, both in processes "
                + "of their own on loopback, driven by the same load client in the same run. Every ratio is "
                + "Dialtone's figure divided by Node's.\n\n");
        if (profile == Profile.QUICK) {
            md.append("> ").append(QUICK_CAVEAT).append("\n\n");
        }
        md.append("![Dialtone vs Node ws](results.svg)\n\n");
        md.append("What the figures say, where the time goes, and what was changed or left: [analysis.md](analysis.md)"
                + " (written by hand for the run in the repository; this file is regenerated by each run).\n\n");
        md.append(Report.markdownTable(figures)).append('\n');
        if (!clusterFigures.isEmpty()) {
            md.append("## Cluster: two nodes over Redis\n\n");
            md.append("Two Dialtone nodes (`BenchServer --redis ... --node-id n1|n2`, as `dialtone serve --redis`) "
                    + "sharing one private redis-server, every caller connected to the first node and every callee to "
                    + "the second, so that each relayed message crosses nodes through Redis pub/sub and each call's "
                    + "state lives in Redis. Compared with the single server of the same run (no Redis); the ratio "
                    + "is the cluster's figure over the single server's.\n\n");
            md.append(Report.markdownTable(clusterFigures, "Two nodes, cross-node", "One server",
                    "Ratio (cluster / one server)")).append('\n');
        }
        md.append("## Run\n\n");
        md.append("- Date: ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT))
                .append(" (took ").append(took.toSeconds()).append(" s)\n");
        md.append("- Command: `").append(options.command).append("` (").append(options.full ? "full" : "quick")
                .append(" profile)\n");
        md.append("- Machine: ").append(nproc()).append(" cores, ").append(cpuModel()).append(", ")
                .append(memory()).append(", ").append(commandOutput("uname", "-sr")).append('\n');
        md.append("- Java: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" (server and load client); Dialtone's "
                        + "reference server on Tyrus ").append(versions.getProperty("tyrus", "?"))
                .append(" (Grizzly), Jackson ").append(versions.getProperty("jackson", "?"))
                .append("; server JVM options: ")
                .append(options.serverJavaOptions.isEmpty() ? "none (defaults)" : String.join(" ",
                        options.serverJavaOptions)).append('\n');
        md.append("- Node.js: ").append(commandOutput("node", "--version")).append(", ws ").append(wsVersion)
                .append(" (no bufferutil / utf-8-validate native add-ons)\n");
        md.append("- 1-minute load average at the start of each phase: ");
        List<String> loads = new ArrayList<>();
        loadSeen.forEach((phase, load) -> loads.add(String.format(Locale.ROOT, "%s %.2f", phase, load)));
        md.append(String.join(", ", loads)).append('\n');
        md.append("- CPU taken by other processes (not the server under test, not the load client) during each "
                + "measurement, in cores of ").append(nproc()).append(": ");
        List<String> others = new ArrayList<>();
        interference.forEach((phase, cores) -> others.add(String.format(Locale.ROOT, "%s %.2f", phase, cores)));
        md.append(String.join(", ", others)).append('\n');
        for (String note : notes) {
            md.append("- **").append(note).append("**\n");
        }
        md.append('\n');
        md.append("Phases (").append(options.full ? "full" : "quick").append("): warm-up ")
                .append(profile.warmup.toSeconds()).append(" s and measurement ").append(profile.measure.toSeconds())
                .append(" s for relay and set-up; round trips paced at ").append(profile.latencyRate)
                .append("/s for ").append(profile.latencyMeasure.toSeconds()).append(" s after a warm-up; ")
                .append(String.format(Locale.ROOT, "%,d", idle)).append(" idle connections for the heap.\n\n");
        md.append(DEFINITIONS);
        return md.toString();
    }

    static final String DEFINITIONS = """
            ## What each figure means

            - **Server under test.** Dialtone: `dev.dialtone.bench.load.BenchServer`, the reference server
              (`DialtoneServer`, Tyrus on Grizzly, the same endpoint and engine as `dialtone serve`) with the
              `start_call` rate limit and the per-connection flood limit lifted (a load test floods on purpose);
              in-memory SPI defaults, JWT HS256, replay window 512. Node: `benchmarks/node-peer/server.js`, a minimal
              relay on `ws` that speaks the same JSON (welcome, start_call/incoming_call/call_ringing, answer_call/
              call_answered, offer/answer/ice_candidate relays, hang_up, ping/pong, a seq on every event, an HS256
              token check) and leaves out what Dialtone does beyond that (resume and replay buffers, several
              sessions per user, timers, call records, limits, most validation).
            - **Load client.** `dev.dialtone.bench.load.WsClient`: one NIO selector thread, RFC 6455 text frames, in
              its own JVM; the same for both servers.
            - **Relay throughput / CPU.** P call pairs are placed and answered; each caller keeps W `ice_candidate`s
              in flight; the callee echoes each one back as its own `ice_candidate`, and the caller sends a new one
              per echo. A relayed message is one `ice_candidate` event received by a client. CPU per relayed
              message is the server process's user + system CPU time (/proc/PID/stat, every thread: I/O, JIT, GC)
              over the measurement, divided by the relayed messages.
            - **Round trip, relay.** One call pair: the caller sends an `ice_candidate` whose candidate object holds
              the send time (`"ts"`); the callee echoes it; the time until the echo reaches the caller is one round
              trip through two relays. Paced, one at a time. **Ping/pong** is `ping` with the time as `nonce` and the
              `pong` back, on one connection.
            - **Full call set-up.** Per pair: `start_call` (video) .. `incoming_call` .. `answer_call` ..
              `call_answered` .. `offer` (4 KB SDP) .. `call_offer` .. `answer` .. `call_answer` .. 4
              `ice_candidate`s each way; set-up latency runs from the *scheduled* `start_call` (open loop, so a slow
              server cannot hide its queue) until both parties hold the peer's 4 candidates; then `hang_up` ..
              `call_hanged_up` frees the pair. Set-ups are started at the offered rate on free pairs of the N users;
              a set-up counts when its `call_hanged_up` arrived. The closed-loop line keeps a fixed number of set-ups
              in flight, each pair starting its next set-up at once, for the most the server completes.
            - **Heap per idle connection.** A fresh server with 10 warm connections; heap after full GCs (Dialtone:
              `System.gc()` and the heap in use; Node: `global.gc()` and `heapUsed`), then N more idle, authenticated
              connections (welcome received), heap again; the difference over N. RSS is the resident set from
              /proc, same difference.
            - **Cluster.** Two `BenchServer` nodes with `--redis` (the `RedisCluster` of `dialtone serve --redis`) and
              a private `redis-server` (no persistence), every caller on the first node and every callee on the
              second; the relay and round-trip scenarios as above, so that every relayed message crosses nodes. CPU
              is both nodes' and Redis's. "One relay" is timed from the caller's send to the callee's receipt (both in
              the load client, one clock), during the paced round trips. "Added by a cross-node relay" is the
              cluster's one-relay p99 less the single server's from the same run; the round-trip line does the same
              for two relays.
            - **Codec.** Dialtone: JMH `CodecBenchmark.iceCandidateDecodeEncode` (decode the `ice_candidate` action
              frame into records, encode the relayed event with its seq). Node: `JSON.parse` of the same frame and
              `JSON.stringify` of the relayed event (`benchmarks/node-peer/codec-bench.js`).
            """;

    private static String nproc() {
        return Integer.toString(Runtime.getRuntime().availableProcessors());
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB memory", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return "unknown memory";
    }

    // --- options -----------------------------------------------------------------------------------------------------

    /** Durations and sizes of a profile. */
    enum Profile {
        QUICK(Duration.ofSeconds(4), Duration.ofSeconds(3), 1000, Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(1), 50, Duration.ofSeconds(1), Duration.ofSeconds(2), 1000, 1, 2, 1),
        FULL(Duration.ofSeconds(10), Duration.ofSeconds(20), 1000, Duration.ofSeconds(5), Duration.ofSeconds(20),
                Duration.ofSeconds(3), 50, Duration.ofSeconds(5), Duration.ofSeconds(10), 10_000, 3, 5, 2);

        final Duration warmup;
        final Duration measure;
        final int latencyRate;
        final Duration latencyWarmup;
        final Duration latencyMeasure;
        final Duration pingWarmup;
        final int closedPairs;
        final Duration closedWarmup;
        final Duration closedMeasure;
        final int idleConnections;
        final int jmhWarmups;
        final int jmhIterations;
        final int jmhSeconds;

        Profile(Duration warmup, Duration measure, int latencyRate, Duration latencyWarmup, Duration latencyMeasure,
                Duration pingWarmup, int closedPairs, Duration closedWarmup, Duration closedMeasure,
                int idleConnections, int jmhWarmups, int jmhIterations, int jmhSeconds) {
            this.warmup = warmup;
            this.measure = measure;
            this.latencyRate = latencyRate;
            this.latencyWarmup = latencyWarmup;
            this.latencyMeasure = latencyMeasure;
            this.pingWarmup = pingWarmup;
            this.closedPairs = closedPairs;
            this.closedWarmup = closedWarmup;
            this.closedMeasure = closedMeasure;
            this.idleConnections = idleConnections;
            this.jmhWarmups = jmhWarmups;
            this.jmhIterations = jmhIterations;
            this.jmhSeconds = jmhSeconds;
        }
    }

    static final class Options {
        boolean help;
        boolean full;
        Path root = Path.of("").toAbsolutePath();
        Path out;
        String only = "both";
        Set<String> skip = Set.of();
        int pairs = 100;
        int window = 8;
        int users = 1000;
        int setupRate = 2000;
        int idle;
        boolean waitForQuiet = true;
        List<String> serverJavaOptions = List.of();
        String command = "./dialtone bench";
        String container = "tyrus";
        boolean alsoJetty;

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> given = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help" -> o.help = true;
                    case "--quick" -> o.full = false;
                    case "--full" -> o.full = true;
                    case "--no-wait" -> o.waitForQuiet = false;
                    case "--also-jetty" -> o.alsoJetty = true;
                    case "--root" -> {
                        o.root = Path.of(value(args, ++i, a)).toAbsolutePath();
                        continue;
                    }
                    case "--command" -> {
                        o.command = value(args, ++i, a);
                        continue;
                    }
                    case "--out" -> o.out = Path.of(value(args, ++i, a)).toAbsolutePath();
                    case "--only" -> {
                        o.only = value(args, ++i, a);
                        if (!Set.of("dialtone", "node", "cluster", "both").contains(o.only)) {
                            throw new IllegalArgumentException("--only takes dialtone, node, cluster or both");
                        }
                    }
                    case "--skip" -> o.skip = Set.copyOf(Arrays.asList(value(args, ++i, a).split(",")));
                    case "--pairs" -> o.pairs = positive(args, ++i, a);
                    case "--window" -> o.window = positive(args, ++i, a);
                    case "--users" -> o.users = positive(args, ++i, a);
                    case "--setup-rate" -> o.setupRate = positive(args, ++i, a);
                    case "--container" -> {
                        o.container = value(args, ++i, a);
                        if (!Set.of("tyrus", "jetty").contains(o.container)) {
                            throw new IllegalArgumentException("--container takes tyrus or jetty");
                        }
                    }
                    case "--idle" -> o.idle = positive(args, ++i, a);
                    case "--server-java-opts" -> o.serverJavaOptions =
                            List.of(value(args, ++i, a).trim().split("\\s+"));
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
                given.add(a);
                if (i < args.length && !args[i].equals(a)) {
                    given.add(args[i]);
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[i];
        }

        private static int positive(String[] args, int i, String name) {
            try {
                int v = Integer.parseInt(value(args, i, name));
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException(name + " takes a positive whole number");
        }
    }
}
