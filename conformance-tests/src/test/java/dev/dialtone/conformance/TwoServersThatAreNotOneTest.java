package dev.dialtone.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.reference.DialtoneServer;
import dev.dialtone.server.JwtAuthenticator;
import dev.dialtone.server.SignalingEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kit's teeth for {@code --url A --url B}: two reference servers that share a secret but nothing else are not one
 * server, and the kit must say so. It does only because it spreads each case's users over both URLs: a callee on the
 * other server is offline to the caller's.
 */
class TwoServersThatAreNotOneTest {

    private static final String SECRET = "two-servers-test-secret-0123456789abcdef";

    @TempDir
    Path replays;

    @Test
    void twoUnrelatedServersFailTheCallFlowCasesAndTheReplayNamesBoth() throws Exception {
        try (DialtoneServer first = start(); DialtoneServer second = start()) {
            ConformanceTarget target = ConformanceTarget.of(List.of(first.webSocketUri(), second.webSocketUri()),
                    TokenSource.hmacSecret(SECRET));
            ConformanceReport report = Conformance.run(target, ConformanceOptions.defaults()
                    .withCases(List.of("required_R2_*")).withTimeout(Duration.ofMillis(1500))
                    .withReplayDirectory(replays).withParallelism(2));
            String console = console(report);
            assertFalse(report.passed(), "two servers that do not share users passed as one:\n" + console);
            CaseResult failed = report.failures().get(0);
            assertTrue(failed.replay().isPresent(), console);
            String replay = Files.readString(failed.replay().get());
            assertTrue(replay.contains(first.webSocketUri().toString())
                    && replay.contains(second.webSocketUri().toString()), replay);
            assertTrue(failed.message().contains("--url " + first.webSocketUri() + " --url " + second.webSocketUri()),
                    failed.message());
            assertTrue(report.target().contains(first.webSocketUri() + " + " + second.webSocketUri()),
                    report.target());
        }
    }

    @Test
    void eachServerAloneStillPassesTheSameCases() throws Exception {
        try (DialtoneServer only = start()) {
            ConformanceReport report = Conformance.run(ConformanceTarget.of(List.of(only.webSocketUri()),
                    TokenSource.hmacSecret(SECRET)), ConformanceOptions.defaults().withCases(List.of("required_R2_*"))
                    .withTimeout(Duration.ofSeconds(5)).withReplayDirectory(replays).withParallelism(2));
            assertTrue(report.passed(), () -> console(report));
            assertEquals(0, report.failures().size());
        }
    }

    private static DialtoneServer start() throws Exception {
        return DialtoneServer.builder()
                .engine(SignalingEngine.builder()
                        .authenticator(JwtAuthenticator.builder()
                                .hmacSecret(SECRET, JwtAuthenticator.Algorithm.HS256).build())
                        .ringTimeout(Duration.ofMillis(1000)))
                .host("127.0.0.1")
                .port(0)
                .build()
                .start();
    }

    private static String console(ConformanceReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.printConsole(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
