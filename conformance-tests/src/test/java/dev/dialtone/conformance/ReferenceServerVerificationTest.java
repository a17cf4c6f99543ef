package dev.dialtone.conformance;

import dev.dialtone.protocol.CallPolicy;
import dev.dialtone.reference.DialtoneServer;
import dev.dialtone.server.JwtAuthenticator;
import dev.dialtone.server.SignalingEngine;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The kit used as a library, the way a server author uses it: the JUnit base class against the reference server,
 * with a short ring timeout and a shorter resume grace. Every case passes.
 */
class ReferenceServerVerificationTest extends DialtoneServerVerification {

    /** Nothing is known to fail: an entry here that passes fails this test as stale. */
    static final Set<String> KNOWN_FAILING = Set.of();

    private static final String SECRET = "conformance-kit-own-tests-secret-0123456789";

    private DialtoneServer server;

    @BeforeAll
    void start() throws Exception {
        server = DialtoneServer.builder()
                .engine(SignalingEngine.builder()
                        .authenticator(JwtAuthenticator.builder()
                                .hmacSecret(SECRET, JwtAuthenticator.Algorithm.HS256).build())
                        .callPolicy(CallPolicy.defaults().withRingTimeout(Duration.ofMillis(1500))
                                .withResumeGrace(Duration.ofMillis(800))))
                .host("127.0.0.1")
                .port(0)
                .build()
                .start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected ConformanceTarget target() {
        return ConformanceTarget.of(server.webSocketUri(), TokenSource.hmacSecret(SECRET))
                .withRingTimeout(Duration.ofMillis(1500));
    }

    @Override
    protected ConformanceOptions options() {
        // Generous waits and two cases at a time: this runs in CI on 2 cores beside the rest of the build, where a
        // handshake can take seconds; a slow machine must not read as a broken server.
        return ConformanceOptions.defaults().withTries(6).withKnownFailing(KNOWN_FAILING)
                .withTimeout(Duration.ofSeconds(8)).withParallelism(2);
    }
}
