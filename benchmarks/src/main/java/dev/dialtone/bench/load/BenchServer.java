package dev.dialtone.bench.load;

import dev.dialtone.reference.DialtoneServer;
import dev.dialtone.server.JwtAuthenticator;
import dev.dialtone.server.SignalingEngine;
import dev.dialtone.server.redis.RedisCluster;
import dev.dialtone.server.spi.RateLimitPolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The Dialtone server the load tool measures, in a process of its own: the reference server ({@link DialtoneServer},
 * the same container and endpoint as {@code dialtone serve}) with an engine whose abuse limits are lifted, since a
 * load test is one client flooding on purpose: no {@code start_call} rate limit (R8.8) and no per-connection flood
 * limit (R8.16). Everything else is the default engine (in-memory SPI, JWT HS256, replay window 512).
 *
 * <p>{@code BenchServer --port P --jwt-secret S [--container tyrus|jetty] [--redis URI --node-id ID]}: with
 * {@code jetty}, the same endpoint and engine on Jetty 12 ({@link JettyContainer}) instead of the reference server's
 * Tyrus; with {@code --redis}, a node of a cluster over that Redis ({@link RedisCluster}, as
 * {@code dialtone serve --redis}), its rate limit lifted too. Prints {@code ready <port>} once listening. Reads
 * commands from
 * standard input: {@code heap} runs a full GC and prints {@code heap <used bytes>}; {@code quit} or the end of input
 * stops the server.
 */
public final class BenchServer {

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        String secret = null;
        String container = "tyrus";
        String redis = null;
        String nodeId = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--jwt-secret" -> secret = args[++i];
                case "--container" -> container = args[++i];
                case "--redis" -> redis = args[++i];
                case "--node-id" -> nodeId = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (secret == null) {
            throw new IllegalArgumentException("--jwt-secret is required");
        }
        SignalingEngine.Builder engine = SignalingEngine.builder()
                .authenticator(JwtAuthenticator.builder().hmacSecret(secret, JwtAuthenticator.Algorithm.HS256).build())
                .rateLimit(RateLimitPolicy.unlimited())
                .maxMessagesPerSecond(Integer.MAX_VALUE);
        RedisCluster cluster = null;
        if (redis != null) {
            cluster = RedisCluster.builder().redisUri(redis).nodeId(nodeId == null ? "bench" : nodeId).start();
            cluster.configure(engine).rateLimit(RateLimitPolicy.unlimited());
        }
        AutoCloseable server;
        int bound;
        if (container.equals("jetty")) {
            JettyContainer jetty = new JettyContainer(engine.build(), "127.0.0.1", port);
            server = jetty;
            bound = jetty.port();
        } else {
            DialtoneServer.Builder builder = DialtoneServer.builder().engine(engine).host("127.0.0.1").port(port);
            if (cluster != null) {
                builder.closing(cluster);
            }
            DialtoneServer tyrus = builder.build().start();
            server = tyrus;
            bound = tyrus.port();
        }
        System.out.println("ready " + bound);
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                line = line.trim();
                if (line.equals("quit")) {
                    break;
                }
                if (line.equals("heap")) {
                    System.out.println("heap " + heapAfterGc());
                    System.out.flush();
                }
            }
        } finally {
            server.close();
        }
        System.exit(0);
    }

    /** Heap in use after full collections, settled: the lowest of a few. */
    static long heapAfterGc() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
