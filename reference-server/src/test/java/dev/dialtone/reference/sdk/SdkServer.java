package dev.dialtone.reference.sdk;

import dev.dialtone.client.CallListener;
import dev.dialtone.client.DialtoneClient;
import dev.dialtone.protocol.UserId;
import dev.dialtone.reference.DialtoneServer;
import dev.dialtone.server.JwtAuthenticator;
import dev.dialtone.server.JwtAuthenticator.Algorithm;
import dev.dialtone.server.JwtTokens;
import dev.dialtone.server.SignalingEngine;
import dev.dialtone.server.spi.Authentication;
import dev.dialtone.server.spi.Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A real reference server on an ephemeral loopback port for the SDK's integration tests, with an authenticator that
 * records every token presented and can make chosen tokens expire soon after they are used (R1.8), and the SDK clients
 * of a test, closed with it.
 */
final class SdkServer implements AutoCloseable {

    static final String SECRET = "dialtone-sdk-integration-tests-0123456789abcdef";
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final AtomicLong NEXT_USER = new AtomicLong(70_000);
    private static final AtomicLong NEXT_TOKEN = new AtomicLong();

    final List<String> tokensPresented = new CopyOnWriteArrayList<>();
    private final Set<String> shortLived = ConcurrentHashMap.newKeySet();
    private final List<DialtoneClient> clients = new CopyOnWriteArrayList<>();
    private final DialtoneServer server;

    private SdkServer(Consumer<SignalingEngine.Builder> engine) {
        JwtAuthenticator jwt = JwtAuthenticator.builder().hmacSecret(SECRET, Algorithm.HS256).build();
        SignalingEngine.Builder builder = SignalingEngine.builder().authenticator(token -> {
            tokensPresented.add(token);
            Authentication verdict = jwt.authenticate(token);
            if (shortLived.contains(token) && verdict instanceof Authentication.Authenticated ok) {
                Principal principal = ok.principal();
                return new Authentication.Authenticated(new Principal(principal.userId(), principal.displayName(),
                        Instant.now().plusMillis(300)));
            }
            return verdict;
        });
        engine.accept(builder);
        try {
            server = DialtoneServer.builder().engine(builder).port(0).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server with the engine's defaults. */
    static SdkServer start() {
        return new SdkServer(engine -> { });
    }

    /** A server whose engine {@code engine} configures further. */
    static SdkServer start(Consumer<SignalingEngine.Builder> engine) {
        return new SdkServer(engine);
    }

    URI uri() {
        return server.webSocketUri();
    }

    /** A fresh user: an id no other test uses. */
    static User user(String name) {
        return new User(UserId.of(NEXT_USER.incrementAndGet()), name);
    }

    /** A token that the server takes as expiring 300 ms after it is presented. */
    String shortLivedToken(User user) {
        String token = user.token();
        shortLived.add(token);
        return token;
    }

    /** A client builder for {@code user}, with a fresh token for every connection, reporting to {@code listener}. */
    DialtoneClient.Builder client(User user, CallListener listener) {
        return DialtoneClient.builder().uri(uri()).tokenSupplier(user::token).listener(listener);
    }

    /** Builds, remembers (to close it with the server) and connects a client. */
    DialtoneClient connect(DialtoneClient.Builder builder) {
        DialtoneClient client = track(builder.build());
        SdkEvents.await(client.connect());
        return client;
    }

    /** Connects {@code user} with a new event recorder, returned in {@code events}. */
    DialtoneClient connect(User user, SdkEvents events) {
        return connect(client(user, events));
    }

    DialtoneClient track(DialtoneClient client) {
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (DialtoneClient client : clients) {
            try {
                client.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        server.close();
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    /**
     * A test user.
     *
     * @param id its numeric id
     * @param name its display name
     */
    record User(UserId id, String name) {
        /**
         * A new token, different from every other one: each carries its own {@code iss}, which the server does not
         * check (tokens minted within one second would otherwise be the same text).
         */
        String token() {
            return JwtTokens.builder()
                    .hmacSecret(SECRET, Algorithm.HS256)
                    .userIdClaim("user_id")
                    .issuer("sdk-tests-" + NEXT_TOKEN.incrementAndGet())
                    .build()
                    .mint(id, name);
        }
    }
}
