package dev.dialtone.conformance;

import dev.dialtone.protocol.CallPolicy;
import dev.dialtone.server.JwtAuthenticator;
import dev.dialtone.server.SignalingEngine;
import dev.dialtone.server.redis.LocalCluster;
import dev.dialtone.server.redis.RedisServerProcess;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole kit against two Dialtone nodes that act as one server over a real redis-server ({@code --url A --url B}):
 * every case opens its connections on the two nodes in turn, so callers and callees, a user's two sessions and a
 * resume and the session it replaces sit on different nodes. Every case passes, as against one server.
 *
 * <p>The redis-server is started by the test (Debian's package; {@code .ci/run} installs it); when it cannot start,
 * the test fails rather than skips.
 */
class TwoNodeClusterVerificationTest extends DialtoneServerVerification {

    /** Nothing is known to fail: an entry here that passes fails this test as stale. */
    static final Set<String> KNOWN_FAILING = Set.of();

    private static final String SECRET = "conformance-kit-cluster-tests-secret-0123456789";
    private static final Duration RING_TIMEOUT = Duration.ofMillis(1500);

    private RedisServerProcess redis;
    private LocalCluster cluster;

    @BeforeAll
    void start() {
        redis = RedisServerProcess.start();
        try {
            cluster = LocalCluster.builder()
                    .redisUri(redis.uri())
                    .nodes(2)
                    .engine(nodeId -> SignalingEngine.builder()
                            .authenticator(JwtAuthenticator.builder()
                                    .hmacSecret(SECRET, JwtAuthenticator.Algorithm.HS256).build())
                            .callPolicy(CallPolicy.defaults().withRingTimeout(RING_TIMEOUT)
                                    .withResumeGrace(Duration.ofMillis(800))))
                    .start();
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    @AfterAll
    void stop() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Override
    protected ConformanceTarget target() {
        return ConformanceTarget.of(cluster.webSocketUris(), TokenSource.hmacSecret(SECRET))
                .withRingTimeout(RING_TIMEOUT);
    }

    @Override
    protected ConformanceOptions options() {
        // As for the single reference server: generous waits, two cases at a time (CI has 2 cores).
        return ConformanceOptions.defaults().withTries(6).withKnownFailing(KNOWN_FAILING)
                .withTimeout(Duration.ofSeconds(8)).withParallelism(2);
    }
}
