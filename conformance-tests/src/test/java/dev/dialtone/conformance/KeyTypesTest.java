package dev.dialtone.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.protocol.CallPolicy;
import dev.dialtone.reference.DialtoneServer;
import dev.dialtone.server.JwtAuthenticator;
import dev.dialtone.server.SignalingEngine;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers that verify RS256 and ES256 tokens: the kit signs with the private key and forges the key-confusion token
 * from the public half (HS256 keyed with the server's public key), which the server must refuse.
 */
class KeyTypesTest {

    @TempDir
    Path dir;

    @Test
    void rs256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        check(generator.generateKeyPair(), JwtAuthenticator.Algorithm.RS256);
    }

    @Test
    void es256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        check(generator.generateKeyPair(), JwtAuthenticator.Algorithm.ES256);
    }

    private void check(KeyPair keys, JwtAuthenticator.Algorithm algorithm) throws Exception {
        try (DialtoneServer server = DialtoneServer.builder()
                .engine(SignalingEngine.builder()
                        .authenticator(JwtAuthenticator.builder().publicKey(keys.getPublic(), algorithm).build())
                        .callPolicy(CallPolicy.defaults().withRingTimeout(Duration.ofMillis(1500))))
                .host("127.0.0.1").port(0).build().start()) {
            ConformanceReport report = Conformance.run(
                    ConformanceTarget.of(server.webSocketUri(), TokenSource.privateKey(keys.getPrivate())),
                    ConformanceOptions.defaults().withCases(List.of("required_R1_2_*", "required_R1_4_*"))
                            .withReplayDirectory(dir).withParallelism(4));
            assertTrue(report.passed(), () -> ReportsAndReplayTest.TeethTestSupport.console(report));
            assertEquals(Verdict.OK, report.caseResult("required_R1_2_keyConfusionIsRefused").verdict());
            assertEquals(Verdict.OK, report.caseResult("required_R1_2_wrongSignatureIsRefused").verdict());
        }
    }
}
