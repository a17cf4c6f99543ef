package dev.dialtone.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dialtone.protocol.UserId;
import dev.dialtone.reference.internal.ServeCommand;
import dev.dialtone.reference.internal.UsageException;
import dev.dialtone.server.JwtAuthenticator;
import dev.dialtone.server.JwtAuthenticator.Algorithm;
import dev.dialtone.server.JwtTokens;
import dev.dialtone.server.spi.Authentication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process: {@code token} and {@code serve} as {@code ./dialtone} runs them. */
class MainTest {

    private static final String SECRET = "cli-test-secret-of-at-least-32-bytes-000";
    private static final Pattern TOKEN_LINE = Pattern.compile("user (\\d+) \\((\\w+)\\): (\\S+)");

    /** What a run printed and returned. */
    private record Run(int status, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void token_printsAnHs256TokenThatVerifiesWithTheSameSecret() {
        Run numeric = run(Map.of(), "token", "--user", "42", "--name", "carol", "--secret", SECRET, "--ttl", "15m");
        assertEquals(0, numeric.status(), numeric::err);
        String token = numeric.out().strip();
        assertEquals(numeric.out(), token + System.lineSeparator(), "one line, the token alone");
        JwtAuthenticator sameSecret = JwtAuthenticator.builder().hmacSecret(SECRET, Algorithm.HS256).build();
        Authentication verdict = sameSecret.authenticate(token);
        Authentication.Authenticated ok = assertInstanceOf(Authentication.Authenticated.class, verdict,
                verdict::toString);
        assertEquals(UserId.of(42), ok.principal().userId());
        assertTrue(ok.principal().userId().numeric(), "a whole number goes in a numeric user_id claim");
        assertEquals("carol", ok.principal().displayName());
        Duration left = Duration.between(Instant.now(), ok.principal().expiresAt());
        assertTrue(left.compareTo(Duration.ofMinutes(16)) < 0 && left.compareTo(Duration.ofMinutes(14)) > 0,
                () -> "ttl 15m, expires in " + left);
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertTrue(TestClient.parse(payload).path("user_id").isIntegralNumber(), payload);

        Run named = run(Map.of("DIALTONE_JWT_SECRET", SECRET), "token", "--user", "alice@example.com");
        assertEquals(0, named.status(), named::err);
        Authentication.Authenticated byName = assertInstanceOf(Authentication.Authenticated.class,
                sameSecret.authenticate(named.out().strip()));
        assertEquals(UserId.of("alice@example.com"), byName.principal().userId());
        assertFalse(byName.principal().userId().numeric(), "anything else goes in sub");

        Authentication otherSecret = JwtAuthenticator.builder()
                .hmacSecret("another-secret-of-at-least-32-bytes-0000", Algorithm.HS256).build()
                .authenticate(token);
        assertInstanceOf(Authentication.Refused.class, otherSecret);
    }

    @Test
    void token_refusesWhatItCannotUse() {
        Run noSecret = run(Map.of(), "token", "--user", "1");
        assertEquals(2, noSecret.status());
        assertTrue(noSecret.err().contains("DIALTONE_JWT_SECRET"), noSecret::err);
        assertEquals("", noSecret.out());

        Run noUser = run(Map.of("DIALTONE_JWT_SECRET", SECRET), "token");
        assertEquals(2, noUser.status());
        assertTrue(noUser.err().contains("--user"), noUser::err);

        Run shortSecret = run(Map.of(), "token", "--user", "1", "--secret", "short");
        assertEquals(2, shortSecret.status());
        assertTrue(shortSecret.err().contains("secret"), shortSecret::err);

        Run badTtl = run(Map.of(), "token", "--user", "1", "--secret", SECRET, "--ttl", "soon");
        assertEquals(2, badTtl.status());
        assertTrue(badTtl.err().contains("--ttl"), badTtl::err);

        for (Run unknown : List.of(run(Map.of(), "token", "--user", "1", "--secret", SECRET, "--bogus", "x"),
                run(Map.of(), "token", "--user"), run(Map.of(), "token", "stray"))) {
            assertEquals(2, unknown.status(), unknown::err);
            assertFalse(unknown.err().contains("Exception"), () -> "no stack traces: " + unknown.err());
            assertFalse(unknown.err().contains("\tat "), () -> "no stack traces: " + unknown.err());
        }
    }

    @Test
    void helpAndUnknownCommands() {
        Run none = run(Map.of());
        assertEquals(0, none.status());
        assertTrue(none.out().contains("serve") && none.out().contains("token"), none::out);
        Run help = run(Map.of(), "--help");
        assertEquals(0, help.status());
        Run serveHelp = run(Map.of(), "serve", "--help");
        assertEquals(0, serveHelp.status());
        for (String option : List.of("--port", "--bind", "--jwt-secret", "--jwt-public-key", "--ring-timeout-ms",
                "--allowed-origin", "DIALTONE_PORT", "DIALTONE_ALLOWED_ORIGINS")) {
            assertTrue(serveHelp.out().contains(option), () -> option + " missing from " + serveHelp.out());
        }
        Run tokenHelp = run(Map.of(), "token", "-h");
        assertEquals(0, tokenHelp.status());
        assertTrue(tokenHelp.out().contains("--ttl"), tokenHelp::out);

        Run unknownCommand = run(Map.of(), "frobnicate");
        assertEquals(2, unknownCommand.status());
        assertTrue(unknownCommand.err().contains("unknown command 'frobnicate'"), unknownCommand::err);
        Run unknownFlag = run(Map.of(), "serve", "--prot", "8080");
        assertEquals(2, unknownFlag.status());
        assertTrue(unknownFlag.err().contains("unknown option '--prot'"), unknownFlag::err);
        Run badPort = run(Map.of(), "serve", "--port", "http");
        assertEquals(2, badPort.status());
        Run bothKeys = run(Map.of(), "serve", "--jwt-secret", SECRET, "--jwt-public-key", "key.pem");
        assertEquals(2, bothKeys.status());
    }

    @Test
    void serve_onPortZero_printsTwoTokensThatCallEachOther() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DialtoneServer server = Main.serve(List.of("--port", "0"),
                new PrintStream(out, true, StandardCharsets.UTF_8), Map.of())) {
            String banner = out.toString(StandardCharsets.UTF_8);
            assertTrue(server.port() > 0);
            assertTrue(banner.contains("http://127.0.0.1:" + server.port() + "/"), banner);
            assertTrue(banner.contains("ws://127.0.0.1:" + server.port() + "/ws/call/?token="), banner);
            Matcher lines = TOKEN_LINE.matcher(banner);
            assertTrue(lines.find(), banner);
            assertEquals("1", lines.group(1));
            assertEquals("alice", lines.group(2));
            String alice = lines.group(3);
            assertTrue(lines.find(), banner);
            assertEquals("2", lines.group(1));
            assertEquals("bob", lines.group(2));
            String bob = lines.group(3);
            assertTrue(banner.contains("ws://127.0.0.1:" + server.port() + "/ws/call/?token=" + alice), banner);

            URI ws = server.webSocketUri();
            try (TestClient caller = TestClient.connect(URI.create(ws + "?token=" + alice));
                    TestClient callee = TestClient.connect(URI.create(ws + "?token=" + bob))) {
                assertEquals(1, caller.expect("welcome").path("user_id").asInt());
                assertEquals(2, callee.expect("welcome").path("user_id").asInt());
                caller.send("{\"action\": \"start_call\", \"callee_id\": 2}");
                String callId = caller.expect("call_ringing").path("call_id").asText();
                callee.expect("incoming_call", "{\"caller_id\": 1, \"caller_username\": \"alice\"}");
                caller.send("{\"action\": \"cancel_call\", \"call_id\": \"%s\", \"callee_id\": 2}".formatted(callId));
                callee.expect("call_cancelled", "{\"caller_id\": 1}");
            }
            // The printed secret is the one the server checks: 'token' with it mints accepted tokens.
            Matcher exported = Pattern.compile("DIALTONE_JWT_SECRET=(\\S+)").matcher(banner);
            assertTrue(exported.find(), banner);
            Run minted = run(Map.of("DIALTONE_JWT_SECRET", exported.group(1)), "token", "--user", "3");
            try (TestClient third = TestClient.connect(URI.create(ws + "?token=" + minted.out().strip()))) {
                assertEquals(3, third.expect("welcome").path("user_id").asInt());
            }
        }
    }

    @Test
    void serve_readsTheEnvironmentAndFlagsWin() throws Exception {
        Map<String, String> env = Map.of(
                "DIALTONE_PORT", "1",
                "DIALTONE_BIND", "127.0.0.1",
                "DIALTONE_JWT_SECRET", SECRET,
                "DIALTONE_RING_TIMEOUT_MS", "300",
                "DIALTONE_ALLOWED_ORIGINS", "https://chat.example.com, https://app.example.com,");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DialtoneServer server = Main.serve(List.of("--port", "0"),
                new PrintStream(out, true, StandardCharsets.UTF_8), env)) {
            String banner = out.toString(StandardCharsets.UTF_8);
            assertFalse(TOKEN_LINE.matcher(banner).find(), () -> "no made-up tokens with a given secret: " + banner);
            String token = run(env, "token", "--user", "7", "--name", "gina").out().strip();
            URI uri = URI.create(server.webSocketUri() + "?token=" + token);
            try (TestClient client = TestClient.connect(uri, Map.of("Origin", "https://app.example.com"))) {
                JsonNode welcome = client.expect("welcome");
                assertEquals(7, welcome.path("user_id").asInt());
                assertEquals(300, welcome.path("ring_timeout_ms").asInt());
            }
            try (TestClient foreign = TestClient.connect(uri, Map.of("Origin", "https://evil.example"))) {
                foreign.expectClosedBeforeAnyEvent(4003);
            }
        }

        ServeCommand.Options flags = ServeCommand.parse(List.of("--port", "9090", "--bind", "0.0.0.0",
                "--ring-timeout-ms", "5000", "--allowed-origin", "https://x.example", "--allowed-origin=*",
                "--jwt-public-key", "key.pem", "--verbose"), env);
        assertEquals(9090, flags.port());
        assertEquals("0.0.0.0", flags.host());
        assertEquals(Duration.ofMillis(5000), flags.ringTimeout());
        assertEquals(List.of("https://x.example", "*"), flags.allowedOrigins());
        assertEquals(Path.of("key.pem"), flags.jwtPublicKey());
        assertEquals(null, flags.jwtSecret(), "a key given by flag replaces the environment's secret");
        assertTrue(flags.verbose());

        ServeCommand.Options fromEnv = ServeCommand.parse(List.of(), env);
        assertEquals(1, fromEnv.port());
        assertEquals(SECRET, fromEnv.jwtSecret());
        assertEquals(List.of("https://chat.example.com", "https://app.example.com"), fromEnv.allowedOrigins());

        ServeCommand.Options defaults = ServeCommand.parse(List.of(), Map.of());
        assertEquals(8080, defaults.port());
        assertEquals("127.0.0.1", defaults.host());
        assertEquals(null, defaults.ringTimeout());
        assertEquals(List.of(), defaults.allowedOrigins());
    }

    @Test
    void serve_withAPublicKeyFile_acceptsTokensOfItsPrivateKey(@TempDir Path dir) throws Exception {
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        Map<Algorithm, KeyPair> keys = Map.of(
                Algorithm.ES256, ecGenerator.generateKeyPair(),
                Algorithm.RS256, rsaGenerator.generateKeyPair());
        for (Map.Entry<Algorithm, KeyPair> key : keys.entrySet()) {
            Path pem = dir.resolve(key.getKey() + "-public.pem");
            Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(key.getValue().getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (DialtoneServer server = Main.serve(List.of("--port", "0", "--jwt-public-key", pem.toString()),
                    new PrintStream(out, true, StandardCharsets.UTF_8), Map.of("DIALTONE_JWT_SECRET", SECRET))) {
                String signed = JwtTokens.builder().privateKey(key.getValue().getPrivate(), key.getKey())
                        .userIdClaim("user_id").build().mint(UserId.of(11), "hana");
                try (TestClient client = TestClient.connect(URI.create(server.webSocketUri() + "?token=" + signed))) {
                    assertEquals(11, client.expect("welcome").path("user_id").asInt(), key.getKey()::name);
                }
                // The key replaces the environment's secret: HS256 tokens are refused.
                String hs256 = run(Map.of(), "token", "--user", "12", "--secret", SECRET).out().strip();
                try (TestClient client = TestClient.connect(URI.create(server.webSocketUri() + "?token=" + hs256))) {
                    client.expectClosedBeforeAnyEvent(4001);
                }
            }
        }

        Path privateKey = dir.resolve("private.pem");
        Files.writeString(privateKey, "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n");
        UsageException refused = assertThrows(UsageException.class, () -> Main.serve(
                List.of("--port", "0", "--jwt-public-key", privateKey.toString()), System.out, Map.of()));
        assertTrue(refused.getMessage().contains("private key"), refused::getMessage);
        UsageException missing = assertThrows(UsageException.class, () -> Main.serve(
                List.of("--port", "0", "--jwt-public-key", dir.resolve("absent.pem").toString()), System.out,
                Map.of()));
        assertTrue(missing.getMessage().contains("cannot read"), missing::getMessage);
    }

    @Test
    void serve_onAPortInUse_isAnIoExceptionNamingTheAddress() throws Exception {
        try (DialtoneServer busy = Main.serve(List.of("--port", "0", "--jwt-secret", SECRET),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Map.of())) {
            IOException clash = assertThrows(IOException.class, () -> Main.serve(
                    List.of("--port", Integer.toString(busy.port()), "--jwt-secret", SECRET),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Map.of()));
            assertNotNull(clash.getMessage());
            assertTrue(clash.getMessage().contains("127.0.0.1:" + busy.port()), clash::getMessage);
        }
    }
}
