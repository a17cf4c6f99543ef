package dev.dialtone.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.JwtAuthenticator;
import dev.dialtone.server.JwtAuthenticator.Algorithm;
import dev.dialtone.server.JwtTokens;
import dev.dialtone.server.OriginPolicy;
import dev.dialtone.server.SignalingEngine;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Section 1 of the protocol over a real socket: where the token goes (R1.1), hostile tokens (R1.2), the Origin
 * allow-list (R1.3), the user id's JSON type (R1.4) and the welcome (R1.6). The server accepts HS256 tokens with the
 * test secret and RS256 tokens of one RSA key, requires an issuer and an audience, and allows one foreign origin.
 */
class ConnectionRulesTest {

    private static final String ISSUER = "https://auth.dialtone.test";
    private static final String AUDIENCE = "dialtone";
    private static final String LISTED_ORIGIN = "https://chat.example.com";

    private static final KeyPair SERVER_RSA = rsaKeyPair();
    private static final KeyPair ATTACKER_RSA = rsaKeyPair();

    /** Valid HS256 tokens: numeric user_id, issuer and audience. */
    private static final JwtTokens HS = JwtTokens.builder()
            .hmacSecret(TestTokens.SECRET, Algorithm.HS256)
            .userIdClaim("user_id")
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .build();

    /** Valid RS256 tokens. */
    private static final JwtTokens RS = JwtTokens.builder()
            .privateKey(SERVER_RSA.getPrivate(), Algorithm.RS256)
            .userIdClaim("user_id")
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .build();

    private static DialtoneServer server;
    private static URI ws;

    @BeforeAll
    static void start() throws IOException {
        JwtAuthenticator authenticator = JwtAuthenticator.builder()
                .hmacSecret(TestTokens.SECRET, Algorithm.HS256)
                .publicKey(SERVER_RSA.getPublic(), Algorithm.RS256)
                .requireIssuer(ISSUER)
                .requireAudience(AUDIENCE)
                .build();
        server = DialtoneServer.builder()
                .engine(SignalingEngine.builder()
                        .authenticator(authenticator)
                        .origins(OriginPolicy.allowing(LISTED_ORIGIN)))
                .port(0)
                .build()
                .start();
        ws = server.webSocketUri();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void R1_1_tokenInQueryAndInAuthorizationHeaderBothWork() {
        TestUser user = TestUser.fresh("alice", HS);
        try (TestClient byQuery = TestClient.connect(URI.create(ws + "?token=" + user.token()));
                TestClient byHeader = TestClient.connect(ws, Map.of("Authorization", "Bearer " + user.token()));
                TestClient byRsaHeader = TestClient.connect(ws, Map.of("Authorization",
                        "Bearer " + RS.mint(UserId.of(user.id()), "alice")))) {
            Set<String> sessions = new HashSet<>();
            for (TestClient client : new TestClient[] {byQuery, byHeader, byRsaHeader}) {
                JsonNode welcome = client.expect("welcome");
                assertEquals(user.id(), welcome.path("user_id").asLong(), welcome::toString);
                sessions.add(welcome.path("session_id").asText());
                client.sync();
            }
            assertEquals(3, sessions.size(), "three sessions of one user, each with its own id (R1.11)");
        }
        Calls.assertNormalCallWorks(ws, HS);
    }

    @Test
    void R1_1_concurrentHandshakesEachKeepTheirOwnHeaders() throws Exception {
        // The endpoint carries each handshake's headers to its session; concurrent handshakes must not mix them up
        // (one user's Authorization header, another's Origin).
        int clients = 24;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Void>> results = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < clients; i++) {
                boolean foreign = i % 3 == 0;
                TestUser user = TestUser.fresh("user" + i, HS);
                results.add(pool.submit(() -> {
                    start.await();
                    Map<String, String> headers = Map.of("Authorization", "Bearer " + user.token(),
                            "Origin", foreign ? "https://evil.example" : LISTED_ORIGIN);
                    try (TestClient client = TestClient.connect(ws, headers)) {
                        if (foreign) {
                            client.expectClosedBeforeAnyEvent(4003);
                        } else {
                            assertEquals(user.id(), client.expect("welcome").path("user_id").asLong());
                            client.sync();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<Void> result : results) {
                result.get(TestClient.TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static Stream<Arguments> hostileTokens() {
        long victim = TestTokens.freshUser();
        String valid = HS.mint(UserId.of(victim), "victim");
        String[] parts = valid.split("\\.");
        Instant now = Instant.now();
        String claims = "{\"user_id\": %d, \"iss\": \"%s\", \"aud\": \"%s\", \"exp\": %d}"
                .formatted(victim, ISSUER, AUDIENCE, now.plusSeconds(3600).getEpochSecond());
        String otherClaims = "{\"user_id\": %d, \"iss\": \"%s\", \"aud\": \"%s\", \"exp\": %d}"
                .formatted(victim + 1, ISSUER, AUDIENCE, now.plusSeconds(3600).getEpochSecond());
        byte[] publicPem = ("-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(SERVER_RSA.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
        return Stream.of(
                Arguments.of("alg none, no signature", TestTokens.base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")
                        + "." + TestTokens.base64Url(claims) + "."),
                Arguments.of("alg none, signature kept", TestTokens.base64Url("{\"alg\":\"none\"}")
                        + "." + parts[1] + "." + parts[2]),
                Arguments.of("HS256 signed with the server's RSA public key (key confusion)", Jwts.builder()
                        .header().type("JWT").and()
                        .claims(TestTokens.claims(claims))
                        .signWith(new SecretKeySpec(publicPem, "HmacSHA256"), Jwts.SIG.HS256)
                        .compact()),
                Arguments.of("RS256 signed with another RSA key", JwtTokens.builder()
                        .privateKey(ATTACKER_RSA.getPrivate(), Algorithm.RS256)
                        .userIdClaim("user_id").issuer(ISSUER).audience(AUDIENCE).build()
                        .mint(UserId.of(victim))),
                Arguments.of("tampered payload", parts[0] + "." + TestTokens.base64Url(otherClaims) + "." + parts[2]),
                Arguments.of("tampered signature", parts[0] + "." + parts[1] + "." + flipAChar(parts[2])),
                Arguments.of("expired an hour ago", JwtTokens.builder()
                        .hmacSecret(TestTokens.SECRET, Algorithm.HS256)
                        .userIdClaim("user_id").issuer(ISSUER).audience(AUDIENCE)
                        .clock(Clock.fixed(now.minus(Duration.ofHours(2)), ZoneOffset.UTC))
                        .ttl(Duration.ofHours(1))
                        .build().mint(UserId.of(victim))),
                Arguments.of("nbf an hour from now", Jwts.builder()
                        .claim("user_id", victim).issuer(ISSUER).audience().add(AUDIENCE).and()
                        .notBefore(Date.from(now.plus(Duration.ofHours(1))))
                        .expiration(Date.from(now.plus(Duration.ofHours(2))))
                        .signWith(Keys.hmacShaKeyFor(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8)),
                                Jwts.SIG.HS256)
                        .compact()),
                Arguments.of("wrong issuer", JwtTokens.builder()
                        .hmacSecret(TestTokens.SECRET, Algorithm.HS256)
                        .userIdClaim("user_id").issuer("https://evil.example").audience(AUDIENCE).build()
                        .mint(UserId.of(victim))),
                Arguments.of("wrong audience", JwtTokens.builder()
                        .hmacSecret(TestTokens.SECRET, Algorithm.HS256)
                        .userIdClaim("user_id").issuer(ISSUER).audience("another-app").build()
                        .mint(UserId.of(victim))),
                Arguments.of("no issuer or audience", TestTokens.SIMPLEJWT.mint(UserId.of(victim))),
                Arguments.of("signed with another secret", JwtTokens.builder()
                        .hmacSecret("another-secret-of-at-least-32-bytes-0123", Algorithm.HS256)
                        .userIdClaim("user_id").issuer(ISSUER).audience(AUDIENCE).build()
                        .mint(UserId.of(victim))),
                Arguments.of("garbage", "garbage"),
                Arguments.of("three garbage parts", "a.b.c"),
                Arguments.of("header only", parts[0]),
                Arguments.of("empty token", ""),
                Arguments.of("no token", null));
    }

    @ParameterizedTest(name = "R1.2 {0}")
    @MethodSource("hostileTokens")
    void R1_2_hostileTokenClosesWith4001BeforeAnyEvent(String description, String token) {
        URI uri = token == null ? ws : URI.create(ws + "?token=" + token);
        try (TestClient client = TestClient.connect(uri)) {
            client.expectClosedBeforeAnyEvent(4001);
        }
        if (token != null && !token.isEmpty()) {
            try (TestClient client = TestClient.connect(ws, Map.of("Authorization", "Bearer " + token))) {
                client.expectClosedBeforeAnyEvent(4001);
            }
        }
        Calls.assertNormalCallWorks(ws, HS);
    }

    @Test
    void R1_2_otherAuthorizationSchemesAreNoToken() {
        try (TestClient basic = TestClient.connect(ws, Map.of("Authorization", "Basic dXNlcjpwYXNzd29yZA=="));
                TestClient bare = TestClient.connect(ws, Map.of("Authorization", "Bearer "))) {
            basic.expectClosedBeforeAnyEvent(4001);
            bare.expectClosedBeforeAnyEvent(4001);
        }
        Calls.assertNormalCallWorks(ws, HS);
    }

    @Test
    void R1_3_foreignOriginClosesWith4003() {
        TestUser user = TestUser.fresh("alice", HS);
        URI uri = URI.create(ws + "?token=" + user.token());
        try (TestClient foreign = TestClient.connect(uri, Map.of("Origin", "https://evil.example"));
                TestClient lookalike = TestClient.connect(uri, Map.of("Origin", "https://chat.example.com.evil.example"));
                TestClient opaque = TestClient.connect(uri, Map.of("Origin", "null"));
                TestClient otherPort = TestClient.connect(uri,
                        Map.of("Origin", "http://127.0.0.1:" + (server.port() == 1 ? 2 : server.port() - 1)))) {
            foreign.expectClosedBeforeAnyEvent(4003);
            lookalike.expectClosedBeforeAnyEvent(4003);
            opaque.expectClosedBeforeAnyEvent(4003);
            otherPort.expectClosedBeforeAnyEvent(4003);
        }
        Calls.assertNormalCallWorks(ws, HS);
    }

    @Test
    void R1_3_noOriginOwnOriginAndListedOriginAreAllowed() {
        TestUser user = TestUser.fresh("alice", HS);
        URI uri = URI.create(ws + "?token=" + user.token());
        String own = "http://127.0.0.1:" + server.port();
        try (TestClient none = TestClient.connect(uri, Map.of("Origin", ""));
                TestClient ownOrigin = TestClient.connect(uri, Map.of("Origin", own));
                TestClient listed = TestClient.connect(uri, Map.of("Origin", LISTED_ORIGIN));
                TestClient listedWithSlash = TestClient.connect(uri, Map.of("Origin", LISTED_ORIGIN + "/"))) {
            for (TestClient client : new TestClient[] {none, ownOrigin, listed, listedWithSlash}) {
                client.expect("welcome");
                client.sync();
            }
        }
    }

    @Test
    void R1_4_numericUserIdIsEchoedAsANumberAndStringIdAsAString() {
        TestUser alice = TestUser.fresh("alice", HS);
        TestUser bob = TestUser.fresh("bob", HS);
        try (TestClient caller = TestClient.connect(URI.create(ws + "?token=" + alice.token()));
                TestClient callee = TestClient.connect(URI.create(ws + "?token=" + bob.token()))) {
            JsonNode welcome = caller.expect("welcome");
            assertTrue(welcome.path("user_id").isIntegralNumber(), welcome::toString);
            assertEquals(alice.id(), welcome.path("user_id").asLong());
            callee.expect("welcome");

            caller.send("{\"action\": \"start_call\", \"callee_id\": %d}".formatted(bob.id()));
            JsonNode ringing = caller.expect("call_ringing");
            assertTrue(ringing.path("callee_id").isIntegralNumber(), ringing::toString);
            JsonNode incoming = callee.expect("incoming_call");
            assertTrue(incoming.path("caller_id").isIntegralNumber(), incoming::toString);
            assertEquals(alice.id(), incoming.path("caller_id").asLong());
            caller.send("{\"action\": \"cancel_call\", \"call_id\": \"%s\"}"
                    .formatted(ringing.path("call_id").asText()));
            callee.expect("call_cancelled", "{\"caller_id\": %d}".formatted(alice.id()));
        }
        JwtTokens bySub = JwtTokens.builder()
                .hmacSecret(TestTokens.SECRET, Algorithm.HS256)
                .issuer(ISSUER).audience(AUDIENCE)
                .build();
        String stringId = "user-" + TestTokens.freshUser();
        try (TestClient client = TestClient.connect(
                URI.create(ws + "?token=" + bySub.mint(UserId.of(stringId), "carol")))) {
            JsonNode welcome = client.expect("welcome");
            assertTrue(welcome.path("user_id").isTextual(), welcome::toString);
            assertEquals(stringId, welcome.path("user_id").asText());
        }
    }

    @Test
    void R1_6_welcomeIsTheFirstEvent() {
        TestUser user = TestUser.fresh("alice", HS);
        try (TestClient client = TestClient.connect(URI.create(ws + "?token=" + user.token()));
                TestClient second = TestClient.connect(URI.create(ws + "?token=" + user.token()))) {
            JsonNode welcome = client.next();
            TestClient.assertHasFields(welcome, """
                    {"type": "welcome", "user_id": %d, "protocol_version": 1, "ring_timeout_ms": 30000,
                     "resumed": false}""".formatted(user.id()));
            assertFalse(welcome.path("session_id").asText().isEmpty(), welcome::toString);
            assertFalse(welcome.path("resume_token").asText().isEmpty(), welcome::toString);
            assertTrue(welcome.path("resume_grace_ms").isIntegralNumber(), welcome::toString);
            assertNull(welcome.get("seq"), "welcome carries no seq");

            JsonNode secondWelcome = second.expect("welcome");
            assertFalse(welcome.path("session_id").equals(secondWelcome.path("session_id")),
                    "each connection gets its own session (R1.11)");

            client.send("{\"action\": \"ping\", \"nonce\": \"n1\"}");
            client.expect("pong", "{\"nonce\": \"n1\", \"seq\": 1}");
        }
    }

    /** Changes a character in the middle (the last one may only carry base64 padding bits). */
    private static String flipAChar(String text) {
        int middle = text.length() / 2;
        char changed = text.charAt(middle) == 'A' ? 'B' : 'A';
        return text.substring(0, middle) + changed + text.substring(middle + 1);
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
