package dev.dialtone.server;

import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallPolicy;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.spi.Authentication;
import dev.dialtone.server.spi.CallRecordStore;
import dev.dialtone.server.spi.IdGenerator;
import dev.dialtone.server.spi.Principal;
import dev.dialtone.server.spi.RateLimitPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An engine on manual time with predictable ids and a test authenticator: the token {@code "n:7"} is numeric user 7,
 * {@code "s:alice"} string user alice, {@code "n:7@<epoch second>"} one that expires then; anything else is refused.
 */
final class EngineHarness implements AutoCloseable {

    final ManualTime time = new ManualTime();
    final CallRecordStore records = CallRecordStore.inMemory();
    final SignalingEngine engine;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger resumes = new AtomicInteger();

    EngineHarness() {
        this(builder -> builder);
    }

    EngineHarness(UnaryOperator<SignalingEngine.Builder> customize) {
        SignalingEngine.Builder builder = SignalingEngine.builder()
                .authenticator(EngineHarness::authenticate)
                .clock(time)
                .scheduler(time)
                .recordStore(records)
                .rateLimit(RateLimitPolicy.unlimited())
                .callPolicy(CallPolicy.defaults()
                        .withRingTimeout(Duration.ofSeconds(30))
                        .withResumeGrace(Duration.ofSeconds(20))
                        .withMaxBufferedCandidates(3))
                .idGenerator(new IdGenerator() {
                    @Override
                    public CallId newCallId() {
                        return CallId.of("call-" + calls.incrementAndGet());
                    }

                    @Override
                    public String newSessionId() {
                        return "s" + sessions.incrementAndGet();
                    }

                    @Override
                    public String newResumeToken() {
                        return "resume-" + resumes.incrementAndGet();
                    }
                });
        engine = customize.apply(builder).build();
    }

    private static Authentication authenticate(String token) {
        String[] expiry = token.split("@", 2);
        Instant expiresAt = expiry.length == 2 ? Instant.ofEpochSecond(Long.parseLong(expiry[1])) : null;
        String subject = expiry[0];
        if (subject.startsWith("n:")) {
            UserId id = UserId.of(Long.parseLong(subject.substring(2)));
            return new Authentication.Authenticated(new Principal(id, "user" + id.value(), expiresAt));
        }
        if (subject.startsWith("s:")) {
            UserId id = UserId.of(subject.substring(2));
            return new Authentication.Authenticated(new Principal(id, id.value(), expiresAt));
        }
        return new Authentication.Refused("unknown test token");
    }

    /** A connected client. */
    Client connect(String token) {
        return connect(ConnectRequest.withToken(token));
    }

    Client connect(ConnectRequest request) {
        FakeTransport transport = new FakeTransport();
        Connection connection = engine.connect(request, transport);
        return new Client(transport, connection);
    }

    /** A client whose welcome has been read. */
    Client join(String token) {
        Client client = connect(token);
        client.transport.take("welcome");
        return client;
    }

    @Override
    public void close() {
        engine.shutdown();
    }

    /** One connection as a test drives it. */
    record Client(FakeTransport transport, Connection connection) {
        void send(String json) {
            connection.receive(json);
        }

        com.fasterxml.jackson.databind.JsonNode take(String type) {
            return transport.take(type);
        }

        void drop() {
            transport.close(dev.dialtone.protocol.CloseCode.GOING_AWAY);
            connection.closed();
        }
    }
}
