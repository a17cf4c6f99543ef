package dev.dialtone.bench.load;

import dev.dialtone.bench.jmh.CodecBenchmark;
import dev.dialtone.protocol.CloseCode;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.ConnectRequest;
import dev.dialtone.server.Connection;
import dev.dialtone.server.JwtAuthenticator;
import dev.dialtone.server.JwtTokens;
import dev.dialtone.server.SignalingEngine;
import dev.dialtone.server.Transport;
import dev.dialtone.server.redis.RedisCluster;
import dev.dialtone.server.spi.RateLimitPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * A development aid: the cross-node relay without WebSocket, to see what the cluster path itself costs. Two
 * {@link RedisCluster} nodes with their engines in this JVM over a private redis-server, a caller on one and its callee
 * on the other in a connected call; {@code ice_candidate} frames go in at the caller's node one at a time and the time
 * until the callee's node hands the relayed event to the callee's transport is recorded.
 *
 * <p>{@code java -cp target/dialtone-benchmarks-<version>-all.jar dev.dialtone.bench.load.ClusterRelayProbe [N]}
 */
public final class ClusterRelayProbe {

    private static final String SECRET = "cluster-probe-secret-of-at-least-32-bytes";
    private static final Pattern CALL_ID = Pattern.compile("\"call_id\":\"([^\"]+)\"");

    private ClusterRelayProbe() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path log = Files.createTempFile("probe-redis", ".log");
        try (RedisProcess redis = RedisProcess.start(log);
                RedisCluster first = RedisCluster.builder().redisUri(redis.uri()).nodeId("p1").start();
                RedisCluster second = RedisCluster.builder().redisUri(redis.uri()).nodeId("p2").start()) {
            SignalingEngine one = engine(first);
            SignalingEngine two = engine(second);
            JwtTokens tokens = JwtTokens.builder().hmacSecret(SECRET, JwtAuthenticator.Algorithm.HS256).build();
            Recording callerOut = new Recording();
            Recording calleeOut = new Recording();
            Connection caller = one.connect(ConnectRequest.withToken(tokens.mint(UserId.of(1), "a")), callerOut);
            Connection callee = two.connect(ConnectRequest.withToken(tokens.mint(UserId.of(2), "b")), calleeOut);
            caller.receive("{\"action\":\"start_call\",\"callee_id\":2}");
            String incoming = calleeOut.await("incoming_call");
            Matcher m = CALL_ID.matcher(incoming);
            if (!m.find()) {
                throw new IllegalStateException("no call id in " + incoming);
            }
            String callId = m.group(1);
            callee.receive("{\"action\":\"answer_call\",\"call_id\":\"" + callId + "\"}");
            callerOut.await("call_answered");
            String frame = CodecBenchmark.ICE_FRAME.replace(CodecBenchmark.CALL_ID, callId);
            Histogram histogram = new Histogram(3);
            long cpu0 = 0;
            long redis0 = 0;
            for (int i = 0; i < count; i++) {
                if (i == count / 2) {
                    cpu0 = ServerProcess.cpuNanos(ProcessHandle.current());
                    redis0 = ServerProcess.cpuNanos(redis.handle());
                }
                long before = calleeOut.candidates.get();
                long t0 = System.nanoTime();
                caller.receive(frame);
                while (calleeOut.candidates.get() == before) {
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                }
                if (i >= count / 2) {
                    histogram.recordValue(calleeOut.lastAt - t0);
                }
            }
            long measured = count - count / 2;
            double cpu = (ServerProcess.cpuNanos(ProcessHandle.current()) - cpu0) / 1000.0 / measured;
            double redisCpu = (ServerProcess.cpuNanos(redis.handle()) - redis0) / 1000.0 / measured;
            System.out.printf(Locale.ROOT, "cross-node relay, one at a time (%d): p50 %.1f us, p99 %.1f us, p99.9 %.1f"
                    + " us; CPU per relay: nodes %.1f us (with this probe's own waiting), Redis %.1f us%n",
                    histogram.getTotalCount(), histogram.getValueAtPercentile(50) / 1000.0,
                    histogram.getValueAtPercentile(99) / 1000.0, histogram.getValueAtPercentile(99.9) / 1000.0, cpu,
                    redisCpu);
            one.shutdown();
            two.shutdown();
        }
    }

    private static SignalingEngine engine(RedisCluster node) {
        return node.configure(SignalingEngine.builder()
                .authenticator(JwtAuthenticator.builder().hmacSecret(SECRET, JwtAuthenticator.Algorithm.HS256).build()))
                .rateLimit(RateLimitPolicy.unlimited())
                .maxMessagesPerSecond(Integer.MAX_VALUE)
                .build();
    }

    /** Keeps what was sent to it; counts relayed candidates and when the last came. */
    private static final class Recording implements Transport {
        final AtomicLong candidates = new AtomicLong();
        volatile long lastAt;
        private final StringBuffer all = new StringBuffer();

        @Override
        public void send(String frame) {
            if (frame.startsWith("{\"type\":\"ice_candidate\"")) {
                lastAt = System.nanoTime();
                candidates.incrementAndGet();
                return;
            }
            synchronized (all) {
                all.append(frame).append('\n');
                all.notifyAll();
            }
        }

        String await(String type) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 10_000;
            synchronized (all) {
                while (System.currentTimeMillis() < deadline) {
                    for (String line : all.toString().split("\n")) {
                        if (line.contains("\"type\":\"" + type + "\"")) {
                            return line;
                        }
                    }
                    all.wait(100);
                }
            }
            throw new IllegalStateException("no " + type + " in " + all);
        }

        @Override
        public void sendPing() {
        }

        @Override
        public void close(CloseCode code) {
        }
    }
}
