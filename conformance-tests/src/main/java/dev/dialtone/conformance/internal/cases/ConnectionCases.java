package dev.dialtone.conformance.internal.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dialtone.conformance.internal.Kit;
import dev.dialtone.conformance.internal.KitSession;
import dev.dialtone.conformance.internal.KitUser;
import dev.dialtone.conformance.internal.tokens.Jwts;
import dev.dialtone.conformance.internal.tokens.PemKeys;
import dev.dialtone.conformance.internal.wire.ConnectSpec;
import dev.dialtone.conformance.internal.wire.Json;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;

/** Section 1: connection and authentication (R1.1 to R1.12). */
public final class ConnectionCases {

    /** An origin no server allows by default (R1.3). */
    static final String FOREIGN_ORIGIN = "https://evil.conformance.invalid";

    private ConnectionCases() {
    }

    // ---- R1.1

    public static void tokenInQueryIsAccepted(Kit kit) {
        KitSession session = kit.connect(kit.user("alice"));
        session.quiet();
    }

    public static void bearerHeaderIsAccepted(Kit kit) {
        KitUser alice = kit.user("alice");
        KitSession session = kit.open(alice, kit.bareSpec().withHeader("Authorization", "Bearer " + alice.token()));
        session.expectWelcome();
        session.quiet();
    }

    public static void queryTokenWinsOverHeader(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession session = kit.open(alice, kit.spec(alice).withHeader("Authorization", "Bearer " + bob.token()));
        session.expectWelcome();
        session.quiet();
    }

    public static void unknownQueryParametersAreIgnored(Kit kit) {
        KitUser alice = kit.user("alice");
        KitSession session = kit.open(alice, kit.spec(alice).withQuery("client", "conformance-kit")
                .withQuery("utm_source", "x").withQuery("debug", ""));
        session.expectWelcome();
        session.quiet();
    }

    // ---- R1.2

    public static void missingTokenIsRefused(Kit kit) {
        KitUser alice = kit.user("alice");
        kit.open(alice, kit.bareSpec()).expectClosedBeforeAnyEvent(4001);
        kit.serverStillServesACall();
    }

    public static void emptyTokenIsRefused(Kit kit) {
        KitUser alice = kit.user("alice");
        kit.open(alice, kit.bareSpec().withQuery("token", "")).expectClosedBeforeAnyEvent(4001);
        kit.open(alice, kit.bareSpec().withHeader("Authorization", "Bearer ")).expectClosedBeforeAnyEvent(4001);
        kit.serverStillServesACall();
    }

    public static void garbageTokensAreRefused(Kit kit) {
        KitUser alice = kit.user("alice");
        for (String garbage : List.of("not-a-jwt", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30", "....",
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.bm90IGpzb24.c2lnbmF0dXJl")) {
            kit.open(alice, kit.bareSpec().withQuery("token", garbage)).expectClosedBeforeAnyEvent(4001);
        }
        kit.serverStillServesACall();
    }

    public static void unsignedTokenIsRefused(Kit kit) {
        KitUser alice = kit.user("alice");
        Map<String, Object> claims = validClaims(alice);
        kit.open(alice, kit.bareSpec().withQuery("token", Jwts.unsigned(claims))).expectClosedBeforeAnyEvent(4001);
        // Strip the signature of a valid token, keeping its header: unsigned all the same.
        String valid = alice.token();
        kit.open(alice, kit.bareSpec().withQuery("token", valid.substring(0, valid.lastIndexOf('.') + 1)))
                .expectClosedBeforeAnyEvent(4001);
        kit.serverStillServesACall();
    }

    public static void tamperedPayloadIsRefused(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser mallory = kit.user("mallory");
        Map<String, Object> claims = validClaims(mallory);
        claims.put("username", "alice");
        kit.open(mallory, kit.bareSpec().withQuery("token", Jwts.withPayload(alice.token(), claims)))
                .expectClosedBeforeAnyEvent(4001);
        kit.serverStillServesACall();
    }

    public static void wrongSignatureIsRefused(Kit kit) {
        KitUser alice = kit.user("alice");
        String algorithm = headerAlgorithm(alice.token());
        String forged;
        Map<String, Object> claims = validClaims(alice);
        if (alice.canSign()) {
            forged = Jwts.signedWithAnotherKey(alice.key(), claims);
        } else if (algorithm.startsWith("HS")) {
            forged = Jwts.hs256(("another secret of at least thirty-two bytes " + kit.caseName())
                    .getBytes(StandardCharsets.UTF_8), claims);
        } else {
            forged = Jwts.signedWithStrangeRsaKey(claims);
        }
        kit.open(alice, kit.bareSpec().withQuery("token", forged)).expectClosedBeforeAnyEvent(4001);
        kit.serverStillServesACall();
    }

    public static void expiredTokenIsRefused(Kit kit) {
        kit.requireSigningKey("forging an expired token");
        KitUser alice = kit.user("alice");
        Map<String, Object> claims = alice.claims(Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));
        kit.open(alice, kit.bareSpec().withQuery("token", alice.sign(claims))).expectClosedBeforeAnyEvent(4001);
        kit.serverStillServesACall();
    }

    public static void notYetValidTokenIsRefused(Kit kit) {
        kit.requireSigningKey("forging a token that is not valid yet");
        KitUser alice = kit.user("alice");
        Map<String, Object> claims = alice.claims(Instant.now(), Duration.ofHours(3));
        claims.put("nbf", Instant.now().plus(Duration.ofHours(1)).getEpochSecond());
        kit.open(alice, kit.bareSpec().withQuery("token", alice.sign(claims))).expectClosedBeforeAnyEvent(4001);
        kit.serverStillServesACall();
    }

    public static void keyConfusionIsRefused(Kit kit) {
        kit.requireSigningKey("the key-confusion attack");
        KitUser alice = kit.user("alice");
        Key key = alice.key();
        Map<String, Object> claims = validClaims(alice);
        if (key instanceof SecretKey) {
            // An HMAC server handed a token signed with some RSA key: the algorithm does not fit its key.
            kit.open(alice, kit.bareSpec().withQuery("token", Jwts.signedWithStrangeRsaKey(claims)))
                    .expectClosedBeforeAnyEvent(4001);
        } else {
            // The classic attack: HS256 "signed" with the server's public key, text and binary.
            PublicKey publicKey = PemKeys.publicKeyOf((PrivateKey) key);
            String pemToken = Jwts.hs256(PemKeys.publicPem(publicKey).getBytes(StandardCharsets.US_ASCII), claims);
            kit.open(alice, kit.bareSpec().withQuery("token", pemToken)).expectClosedBeforeAnyEvent(4001);
            String derToken = Jwts.hs256(publicKey.getEncoded(), claims);
            kit.open(alice, kit.bareSpec().withQuery("token", derToken)).expectClosedBeforeAnyEvent(4001);
        }
        kit.serverStillServesACall();
    }

    public static void tokenWithoutUserIdIsRefused(Kit kit) {
        kit.requireSigningKey("forging a token without a user id");
        KitUser alice = kit.user("alice");
        Map<String, Object> claims = alice.claims(Instant.now(), Duration.ofHours(1));
        claims.remove("sub");
        claims.remove("user_id");
        kit.open(alice, kit.bareSpec().withQuery("token", alice.sign(claims))).expectClosedBeforeAnyEvent(4001);
        kit.serverStillServesACall();
    }

    public static void malformedUserIdIsRefused(Kit kit) {
        kit.requireSigningKey("forging tokens with malformed user ids");
        KitUser alice = kit.user("alice");
        List<Map.Entry<String, Object>> bad = List.of(
                Map.entry("user_id", new java.math.BigDecimal("1.5")),
                Map.entry("user_id", Boolean.TRUE),
                Map.entry("user_id", new java.math.BigInteger("99999999999999999999")),
                Map.entry("sub", ""),
                Map.entry("sub", "x".repeat(256)),
                Map.entry("sub", "tab\tinside"));
        for (Map.Entry<String, Object> claim : bad) {
            Map<String, Object> claims = alice.claims(Instant.now(), Duration.ofHours(1));
            claims.remove("sub");
            claims.remove("user_id");
            claims.put(claim.getKey(), claim.getValue());
            kit.open(alice, kit.bareSpec().withQuery("token", alice.sign(claims))).expectClosedBeforeAnyEvent(4001);
        }
        kit.serverStillServesACall();
    }

    // ---- R1.3

    public static void noOriginIsAllowed(Kit kit) {
        KitUser alice = kit.user("alice");
        KitSession session = kit.open(alice, kit.spec(alice).withHeader("Origin", null));
        session.expectWelcome();
    }

    public static void sameOriginIsAllowed(Kit kit) {
        KitUser alice = kit.user("alice");
        ConnectSpec spec = kit.spec(alice);
        KitSession session = kit.open(alice, spec.withHeader("Origin", ownOrigin(spec.endpoint())));
        session.expectWelcome();
    }

    public static void foreignOriginIsRefused(Kit kit) {
        KitUser alice = kit.user("alice");
        kit.open(alice, kit.spec(alice).withHeader("Origin", FOREIGN_ORIGIN)).expectClosedBeforeAnyEvent(4003);
        kit.serverStillServesACall();
    }

    /** A server's own origin: the scheme that serves the WebSocket's page, and its host and port. */
    static String ownOrigin(java.net.URI endpoint) {
        String scheme = endpoint.getScheme().equals("wss") ? "https" : "http";
        int port = endpoint.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                || (scheme.equals("https") && port == 443);
        return scheme + "://" + endpoint.getHost() + (defaultPort ? "" : ":" + port);
    }

    // ---- R1.4

    public static void numericUserIdClaimStaysANumber(Kit kit) {
        kit.requireSigningKey("minting a numeric user_id claim");
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        kit.check(a.welcome().get("user_id").isIntegralNumber(), "welcome.user_id is "
                + a.welcome().get("user_id") + "; a numeric user_id claim is echoed as a JSON number (R1.4)");
        KitSession b = kit.connect(bob);
        kit.ring(a, bob, b);
    }

    public static void subClaimIsAString(Kit kit) {
        kit.requireSigningKey("minting a sub claim");
        KitUser alice = kit.stringUser("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        kit.check(a.welcome().get("user_id").isTextual(), "welcome.user_id is " + a.welcome().get("user_id")
                + "; a sub claim is echoed as a JSON string (R1.4)");
        KitSession b = kit.connect(bob);
        kit.ring(a, bob, b);
    }

    public static void subWinsOverUserId(Kit kit) {
        kit.requireSigningKey("minting a token with sub and user_id");
        KitUser alice = kit.stringUser("alice");
        KitUser other = kit.user("other");
        Map<String, Object> claims = alice.claims(Instant.now(), Duration.ofHours(1));
        claims.put("user_id", Long.parseLong(other.id()));
        KitSession session = kit.open(alice, kit.bareSpec().withQuery("token", alice.sign(claims)));
        session.expectWelcome();
    }

    public static void displayNameComesFromUsernameThenName(Kit kit) {
        kit.requireSigningKey("minting tokens with name claims");
        KitUser bob = kit.user("bob");
        KitSession b = kit.connect(bob);
        Map<String, String> expectedNames = new LinkedHashMap<>();
        expectedNames.put("username", "Alice Username");
        expectedNames.put("name", "Alice Name");
        expectedNames.put("", null);
        for (Map.Entry<String, String> variant : expectedNames.entrySet()) {
            KitUser alice = kit.user("alice" + (variant.getKey().isEmpty() ? "Plain" : variant.getKey()));
            Map<String, Object> claims = alice.claims(Instant.now(), Duration.ofHours(1));
            claims.remove("username");
            if (!variant.getKey().isEmpty()) {
                claims.put(variant.getKey(), variant.getValue());
            }
            if (variant.getKey().equals("name")) {
                claims.put("name", variant.getValue());
            }
            KitSession a = kit.open(alice, kit.bareSpec().withQuery("token", alice.sign(claims)));
            a.expectWelcome();
            String expectedName = variant.getValue() != null ? variant.getValue() : alice.id();
            a.send("{'action':'start_call','callee_id':'@bob'}");
            String call = kit.newCallVar();
            a.expect("{'type':'call_ringing','call_id':'" + call + "','callee_id':'@bob','call_type':'audio'}");
            ObjectNode template = (ObjectNode) Json.template("{'type':'incoming_call','call_id':'" + call
                    + "','caller_id':'@" + alice.name() + ".rendered','call_type':'audio'}");
            template.put("caller_username", expectedName);
            b.expect(Json.write(template));
            a.send("{'action':'cancel_call','call_id':'" + call + "'}");
            b.expect("{'type':'call_cancelled','caller_id':'@" + alice.name() + ".rendered','call_id':'" + call
                    + "'}");
            a.quiet();
        }
    }

    // ---- R1.5

    public static void malformedIdsAreInvalidMessage(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        for (String calleeId : List.of("\"\"", "1.5", "1e3", "9223372036854775808", "\"" + "x".repeat(256) + "\"",
                "\"bell\\u0007\"", "true", "[2]", "{\"id\":2}")) {
            a.sendRaw("{\"action\":\"start_call\",\"callee_id\":" + calleeId + "}");
            a.expectError("invalid_message", "start_call", "callee_id", null);
        }
        for (String callId : List.of("\"\"", "\"has space\"", "\"slash/inside\"", "\"" + "c".repeat(256) + "\"",
                "42")) {
            a.sendRaw("{\"action\":\"answer_call\",\"call_id\":" + callId + "}");
            a.expectError("invalid_message", "answer_call", "call_id", null);
        }
        a.quiet();
    }

    public static void serverIdsHaveTheirFormat(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        KitSession b2 = kit.connect(bob);
        kit.check(!b.sessionId().equals(b2.sessionId()), "two connections got the same session_id "
                + b.sessionId() + " (R1.11)");
        String first = kit.ring(a, bob, b, b2);
        a.send("{'action':'cancel_call','call_id':'" + first + "'}");
        b.expect("{'type':'call_cancelled','caller_id':'@alice.rendered','call_id':'" + first + "'}");
        b2.expect("{'type':'call_cancelled','caller_id':'@alice.rendered','call_id':'" + first + "'}");
        String second = kit.ring(a, bob, b, b2);
        kit.check(!kit.var(first).asText().equals(kit.var(second).asText()), "two calls got the same call id "
                + kit.var(first).asText() + " (R1.5: call ids are unique)");
        a.send("{'action':'start_call','callee_id':'@bob'}");
        a.expectError("invalid_state", "start_call");
        // Every event taken above was checked against the formats of 0.4 on the way.
    }

    // ---- R1.6

    public static void welcomeIsTheFirstEvent(Kit kit) {
        KitUser alice = kit.user("alice");
        KitSession a = kit.connect(alice);
        long ring = a.welcome().get("ring_timeout_ms").asLong();
        Duration hint = kit.env().ringTimeoutHint();
        if (hint != null) {
            kit.check(ring == hint.toMillis(), "welcome.ring_timeout_ms is " + ring + ", but the server is said to "
                    + "ring for " + hint.toMillis() + " ms (--ring-timeout-ms); R1.6 announces the configured value");
        }
        kit.check(a.welcome().get("resume_token").asText().length() >= 16, "resume_token is shorter than 16 "
                + "characters (R6.9)");
        a.quiet();
    }

    // ---- R1.7

    public static void unsupportedVersionIsRefused(Kit kit) {
        KitUser alice = kit.user("alice");
        KitSession session = kit.open(alice, kit.spec(alice).withQuery("v", "2"));
        session.expect("{'type':'error','code':'unsupported_version','field':'v'}");
        session.expectClose(4006);
        List<dev.dialtone.conformance.internal.wire.RawConnection.Frame> received =
                session.connection().received();
        kit.check(received.stream().noneMatch(frame -> "welcome".equals(frame.type())),
                "the server sent welcome to a connection asking for protocol version 2 (R1.7)");
    }

    public static void versionOneIsAccepted(Kit kit) {
        KitUser alice = kit.user("alice");
        KitSession session = kit.open(alice, kit.spec(alice).withQuery("v", "1"));
        session.expectWelcome();
        session.quiet();
    }

    // ---- R1.8

    public static void connectionClosesWhenTheTokenExpires(Kit kit) {
        kit.requireSigningKey("minting a token that expires in seconds");
        KitUser alice = kit.user("alice");
        Instant now = Instant.now();
        Map<String, Object> claims = alice.claims(now, Duration.ofSeconds(2));
        long exp = now.getEpochSecond() + 2;
        claims.put("exp", exp);
        KitSession a = kit.open(alice, kit.bareSpec().withQuery("token", alice.sign(claims)));
        a.expectWelcome();
        a.quiet();
        Duration untilExpiry = Duration.between(Instant.now(), Instant.ofEpochSecond(exp));
        a.expectClose(4010, untilExpiry.plus(kit.timeout()), false);
        kit.check(!Instant.now().isBefore(Instant.ofEpochSecond(exp)), "the connection was closed with 4010 before "
                + "the token expired (R1.8)");
        // The session is detached like any dropped one, and resumes with a fresh token (R1.8, R6.2).
        a.resume();
        a.quiet();
    }

    // ---- R1.9

    public static void identityComesFromTheToken(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitUser mallory = kit.user("mallory");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        KitSession m = kit.connect(mallory);
        String call = kit.newCallVar();
        // Members that claim another identity are not part of start_call: ignored (R1.10), never believed (R1.9).
        m.send("{'action':'start_call','callee_id':'@bob','caller_id':'@alice','user_id':'@alice',"
                + "'sender_id':'@alice','caller_username':'alice'}");
        m.expect("{'type':'call_ringing','call_id':'" + call + "','callee_id':'@bob','call_type':'audio'}");
        b.expect("{'type':'incoming_call','call_id':'" + call + "','caller_id':'@mallory.rendered',"
                + "'caller_username':'@mallory.name','call_type':'audio'}");
        b.send("{'action':'answer_call','call_id':'" + call + "'}");
        m.expect("{'type':'call_answered','callee_id':'@bob','call_id':'" + call + "'}");
        m.send("{'action':'ice_candidate','candidate':" + Payloads.CANDIDATE_A + ",'sender_id':'@alice',"
                + "'user_id':'@alice'}");
        b.expect("{'type':'ice_candidate','candidate':" + Payloads.CANDIDATE_A + ",'sender_id':'@mallory.rendered',"
                + "'call_id':'" + call + "'}");
        m.send("{'action':'hang_up','call_id':'" + call + "','hanged_up_by':'@alice'}");
        b.expect("{'type':'call_hanged_up','hanged_up_by':'@mallory.rendered','call_id':'" + call + "'}");
        a.quiet("nothing for alice, whose name mallory used");
    }

    // ---- R1.10

    public static void unknownMembersAreIgnored(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        String call = kit.newCallVar();
        a.send("{'action':'start_call','callee_id':'@bob','color':'blue','x-trace':{'id':[1,2,3]},'priority':null}");
        a.expect("{'type':'call_ringing','call_id':'" + call + "','callee_id':'@bob','call_type':'audio'}");
        b.expect("{'type':'incoming_call','call_id':'" + call + "','caller_id':'@alice.rendered',"
                + "'caller_username':'@alice.name','call_type':'audio'}");
        b.send("{'action':'answer_call','call_id':'" + call + "','device':'laptop'}");
        a.expect("{'type':'call_answered','callee_id':'@bob','call_id':'" + call + "'}");
        a.send("{'action':'ping','nonce':'n1','extra':true}");
        a.expect("{'type':'pong','nonce':'n1'}");
    }

    // ---- R1.11

    public static void sessionsOfOneUserAreDistinct(Kit kit) {
        KitUser alice = kit.user("alice");
        KitSession phone = kit.connect(alice);
        KitSession laptop = kit.connect(alice);
        KitSession tablet = kit.connect(alice);
        kit.check(!phone.sessionId().equals(laptop.sessionId()) && !laptop.sessionId().equals(tablet.sessionId())
                && !phone.sessionId().equals(tablet.sessionId()), "sessions of one user share a session_id: "
                + phone.sessionId() + ", " + laptop.sessionId() + ", " + tablet.sessionId() + " (R1.11)");
        kit.check(!phone.resumeToken().equals(laptop.resumeToken()), "two sessions got the same resume_token");
        phone.send("{'action':'ping','nonce':'phone'}");
        phone.expect("{'type':'pong','nonce':'phone'}");
        laptop.quiet("nothing: the pong went to the phone only");
        tablet.quiet("nothing: the pong went to the phone only");
    }

    // ---- R1.12

    public static void originIsCheckedBeforeTheToken(Kit kit) {
        KitUser alice = kit.user("alice");
        kit.open(alice, kit.bareSpec().withHeader("Origin", FOREIGN_ORIGIN)).expectClosedBeforeAnyEvent(4003);
        kit.open(alice, kit.bareSpec().withQuery("token", "garbage").withHeader("Origin", FOREIGN_ORIGIN))
                .expectClosedBeforeAnyEvent(4003);
    }

    public static void tokenIsCheckedBeforeTheVersion(Kit kit) {
        KitUser alice = kit.user("alice");
        kit.open(alice, kit.bareSpec().withQuery("v", "2")).expectClosedBeforeAnyEvent(4001);
        kit.open(alice, kit.bareSpec().withQuery("token", "garbage").withQuery("v", "2"))
                .expectClosedBeforeAnyEvent(4001);
        // Origin before version too.
        kit.open(alice, kit.spec(alice).withQuery("v", "2").withHeader("Origin", FOREIGN_ORIGIN))
                .expectClosedBeforeAnyEvent(4003);
    }

    // ---- helpers

    /** Claims of a valid token for {@code user}: its own claims when the kit signs, else those of its issued token. */
    static Map<String, Object> validClaims(KitUser user) {
        if (user.canSign()) {
            return user.claims(Instant.now(), Duration.ofHours(1));
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        for (Map.Entry<String, Object> claim : Jwts.claimsOf(user.token()).entrySet()) {
            claims.put(claim.getKey(), claim.getValue() instanceof JsonNode node ? Json.MAPPER.convertValue(node,
                    Object.class) : claim.getValue());
        }
        return claims;
    }

    static String headerAlgorithm(String token) {
        int dot = token.indexOf('.');
        if (dot < 0) {
            return "";
        }
        try {
            JsonNode header = Json.MAPPER.readTree(java.util.Base64.getUrlDecoder().decode(token.substring(0, dot)));
            return header.path("alg").asText("");
        } catch (java.io.IOException | IllegalArgumentException e) {
            return "";
        }
    }

    /** A spec with a token for {@code user}, in the header. */
    static ConnectSpec bearer(Kit kit, KitUser user) {
        return kit.bareSpec().withHeader("Authorization", "Bearer " + user.token());
    }
}
