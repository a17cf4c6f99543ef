package dev.dialtone.conformance.teeth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallMissed;
import dev.dialtone.protocol.CallPolicy;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.CallRinging;
import dev.dialtone.protocol.IceCandidateRelayed;
import dev.dialtone.protocol.OfferRelayed;
import dev.dialtone.protocol.AnswerRelayed;
import dev.dialtone.protocol.PeerMediaChanged;
import dev.dialtone.protocol.ServerEvent;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.UserId;
import dev.dialtone.reference.DialtoneServer;
import dev.dialtone.server.Connection;
import dev.dialtone.server.JwtAuthenticator;
import dev.dialtone.server.SignalingEngine;
import dev.dialtone.server.Transport;
import dev.dialtone.server.spi.Authentication;
import dev.dialtone.server.spi.Authenticator;
import dev.dialtone.server.spi.CallRecordStore;
import dev.dialtone.server.spi.Presence;
import dev.dialtone.server.spi.Principal;
import dev.dialtone.server.spi.SessionRouter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Deliberately broken servers: the reference engine with exactly one fault, injected through its SPI (a decorated
 * router, presence, record store or authenticator) or through a wrapper between the socket and the engine.
 */
final class Faults {

    static final String SECRET = "conformance-kit-teeth-secret-0123456789abcdef";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Faults() {
    }

    /** A running server under test. */
    interface Running extends AutoCloseable {
        URI uri();

        @Override
        void close();
    }

    /**
     * One broken server.
     *
     * @param name what is broken
     * @param brokenRule the rule the kit must name
     * @param cases the cases to run against it (a section or two of the kit)
     * @param starter starts it
     */
    record Fault(String name, String brokenRule, List<String> cases, Starter starter) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Starter {
        Running start() throws Exception;
    }

    static SignalingEngine.Builder engine() {
        return SignalingEngine.builder()
                .authenticator(authenticator())
                .callPolicy(CallPolicy.defaults().withRingTimeout(Duration.ofMillis(1500))
                        .withResumeGrace(Duration.ofMillis(800)));
    }

    static JwtAuthenticator authenticator() {
        return JwtAuthenticator.builder().hmacSecret(SECRET, JwtAuthenticator.Algorithm.HS256).build();
    }

    /** The reference server with this engine. */
    static Running reference(SignalingEngine.Builder engine) throws IOException {
        DialtoneServer server = DialtoneServer.builder().engine(engine).host("127.0.0.1").port(0).build().start();
        return new Running() {
            @Override
            public URI uri() {
                return server.webSocketUri();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    /** The engine behind the kit's own endpoint, with a fault between the socket and the engine. */
    static Running wrapped(SignalingEngine.Builder engine, java.util.function.Supplier<FaultyServer.Wrapper> wrapper)
            throws Exception {
        FaultyServer server = FaultyServer.start(engine.build(), wrapper);
        return new Running() {
            @Override
            public URI uri() {
                return server.uri();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    static List<Fault> all() {
        return List.of(
                new Fault("never sends call_missed", "R6.1", List.of("required_R6_1_*"),
                        () -> reference(engine().router(new Router(route -> {
                            if (!(route.event() instanceof CallMissed)) {
                                route.deliver();
                            }
                        })))),
                new Fault("relays ICE candidates to the wrong user", "R3.3", List.of("required_R3_*"),
                        () -> reference(engine().router(new WrongIceRouter()))),
                new Fault("accepts tokens with alg none", "R1.2", List.of("required_R1_2_*"),
                        () -> reference(engine().authenticator(new AlgNoneAuthenticator(authenticator())))),
                new Fault("lets a non-party hang up", "R8.6", List.of("required_R5_*", "required_R8_*"),
                        () -> wrapped(engine(), new NonPartyHangUp())),
                new Fault("reorders relayed messages", "R3.9", List.of("required_R3_*"),
                        () -> reference(engine().router(new ReorderingRouter()))),
                new Fault("rings only one session of the callee", "R2.3", List.of("required_R2_*"),
                        () -> reference(engine().presence(new FirstSessionOnly(Presence.inMemory())))),
                new Fault("saves two records for one call", "R7.1", List.of("required_R7_*"),
                        () -> reference(engine().recordStore(new DoubleRecords()))),
                new Fault("closes the socket on malformed JSON", "R8.2", List.of("required_R8_*"),
                        () -> wrapped(engine(), () -> new ClosesOnBadJson())),
                new Fault("accepts expired tokens", "R1.2", List.of("required_R1_*"),
                        () -> reference(engine().authenticator(new AcceptsExpired(authenticator())))),
                new Fault("sends call_ringing to every session of the caller", "R2.4", List.of("required_R2_*"),
                        () -> {
                            Presence presence = Presence.inMemory();
                            return reference(engine().presence(presence).router(new RingingEverywhere(presence)));
                        }));
    }

    // ---- routers

    /** One delivery a router decorator may pass on, hold or drop. */
    record Route(SessionRef to, ServerEvent event, SessionRouter next) {
        void deliver() {
            next.deliver(to, event);
        }
    }

    /** A router decorator around the local router. */
    static class Router implements SessionRouter {
        final SessionRouter next = SessionRouter.local();
        private final Consumer<Route> rule;

        Router(Consumer<Route> rule) {
            this.rule = rule;
        }

        @Override
        public void start(LocalDelivery local) {
            next.start(local);
        }

        @Override
        public void deliver(SessionRef to, ServerEvent event) {
            rule.accept(new Route(to, event, next));
        }

        @Override
        public void stop() {
            next.stop();
        }
    }

    /** ICE candidates go to a session of some other user the router has seen. */
    static final class WrongIceRouter extends Router {
        WrongIceRouter() {
            this(new LinkedHashSet<>());
        }

        private WrongIceRouter(Set<SessionRef> seen) {
            super(route -> {
                synchronized (seen) {
                    seen.add(route.to());
                    if (route.event() instanceof IceCandidateRelayed ice) {
                        for (SessionRef other : seen) {
                            if (!other.user().equals(route.to().user()) && !other.user().equals(ice.senderId())) {
                                route.next().deliver(other, route.event());
                                return;
                            }
                        }
                    }
                }
                route.deliver();
            });
        }
    }

    /** Two relayed messages in a row to one session arrive swapped. */
    static final class ReorderingRouter extends Router {
        ReorderingRouter() {
            this(new ConcurrentHashMap<>());
        }

        private ReorderingRouter(Map<SessionRef, ServerEvent> held) {
            super(route -> {
                synchronized (held) {
                    ServerEvent waiting = held.remove(route.to());
                    ServerEvent event = route.event();
                    boolean relay = event instanceof IceCandidateRelayed || event instanceof OfferRelayed
                            || event instanceof AnswerRelayed || event instanceof PeerMediaChanged;
                    if (relay && waiting == null) {
                        held.put(route.to(), route.event());
                        return;
                    }
                    route.deliver();
                    if (waiting != null) {
                        route.next().deliver(route.to(), waiting);
                    }
                }
            });
        }
    }

    /** call_ringing reaches every connected session of the caller, not just the one that called. */
    static final class RingingEverywhere extends Router {
        RingingEverywhere(Presence presence) {
            super(route -> {
                route.deliver();
                if (route.event() instanceof CallRinging) {
                    for (SessionRef other : presence.sessionsOf(route.to().user())) {
                        if (!other.equals(route.to())) {
                            route.next().deliver(other, route.event());
                        }
                    }
                }
            });
        }
    }

    // ---- presence, records, authentication

    /** Only a user's first session is online as far as start_call can tell. */
    static final class FirstSessionOnly implements Presence {
        private final Presence delegate;

        FirstSessionOnly(Presence delegate) {
            this.delegate = delegate;
        }

        @Override
        public void add(SessionRef session) {
            delegate.add(session);
        }

        @Override
        public void remove(SessionRef session) {
            delegate.remove(session);
        }

        @Override
        public List<SessionRef> sessionsOf(UserId user) {
            List<SessionRef> all = delegate.sessionsOf(user);
            return all.isEmpty() ? all : List.of(all.get(0));
        }
    }

    /** Every record is saved twice. */
    static final class DoubleRecords implements CallRecordStore {
        private final List<CallRecord> records = new ArrayList<>();

        @Override
        public synchronized void save(CallRecord record) {
            records.add(record);
            records.add(record);
        }

        @Override
        public synchronized List<CallRecord> history(UserId user, int limit, CallId before) {
            List<CallRecord> mine = new ArrayList<>();
            for (CallRecord record : records) {
                if (record.involves(user)) {
                    mine.add(record);
                }
            }
            mine.sort(Comparator.comparing(CallRecord::startedAt).thenComparing(r -> r.callId().value()).reversed());
            int from = 0;
            if (before != null) {
                from = mine.size();
                for (int i = 0; i < mine.size(); i++) {
                    if (mine.get(i).callId().equals(before)) {
                        from = i + 1;
                        break;
                    }
                }
            }
            return List.copyOf(mine.subList(Math.min(from, mine.size()), Math.min(mine.size(), from + limit)));
        }
    }

    /** Takes {@code alg: none} tokens at their word. */
    static final class AlgNoneAuthenticator implements Authenticator {
        private final Authenticator real;

        AlgNoneAuthenticator(Authenticator real) {
            this.real = real;
        }

        @Override
        public Authentication authenticate(String token) {
            JsonNode header = part(token, 0);
            if (header != null && "none".equalsIgnoreCase(header.path("alg").asText())) {
                Principal principal = principalOf(part(token, 1));
                if (principal != null) {
                    return new Authentication.Authenticated(principal);
                }
            }
            return real.authenticate(token);
        }
    }

    /** Accepts a token that is refused only for having expired. */
    static final class AcceptsExpired implements Authenticator {
        private final Authenticator real;

        AcceptsExpired(Authenticator real) {
            this.real = real;
        }

        @Override
        public Authentication authenticate(String token) {
            Authentication verdict = real.authenticate(token);
            if (verdict instanceof Authentication.Refused refused && refused.reason().contains("expired")) {
                Principal principal = principalOf(part(token, 1));
                if (principal != null) {
                    return new Authentication.Authenticated(principal);
                }
            }
            return verdict;
        }
    }

    static JsonNode part(String token, int index) {
        String[] parts = token.split("\\.", -1);
        if (parts.length <= index) {
            return null;
        }
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    static Principal principalOf(JsonNode claims) {
        if (claims == null) {
            return null;
        }
        if (claims.path("sub").isTextual()) {
            return Principal.of(UserId.of(claims.get("sub").asText()));
        }
        if (claims.path("user_id").isIntegralNumber()) {
            return Principal.of(UserId.of(claims.get("user_id").asLong()));
        }
        return null;
    }

    // ---- wrappers between socket and engine

    /** Frames that are not JSON close the socket (with 1003) instead of getting bad_json. */
    static final class ClosesOnBadJson implements FaultyServer.Wrapper {
        @Override
        public Connection incoming(Connection engine, Transport socket) {
            return new Forwarding(engine) {
                @Override
                public void receive(String frame) {
                    try {
                        JSON.readTree(frame);
                    } catch (IOException e) {
                        ((FaultyServer.SessionTransport) socket).closeWith(1003, "not JSON");
                        return;
                    }
                    super.receive(frame);
                }
            };
        }
    }

    /**
     * A hang_up from a session that is not bound to the call is handed to the engine as if the caller's session had
     * sent it: the call ends, and the non-party gets no error.
     */
    static final class NonPartyHangUp implements java.util.function.Supplier<FaultyServer.Wrapper> {
        private final Map<String, Connection> callers = new ConcurrentHashMap<>();
        private final Map<String, Set<Connection>> bound = new ConcurrentHashMap<>();

        @Override
        public FaultyServer.Wrapper get() {
            Connection[] self = new Connection[1];
            return new FaultyServer.Wrapper() {
                @Override
                public Transport outgoing(Transport socket) {
                    return new Transport() {
                        @Override
                        public void send(String frame) throws IOException {
                            JsonNode event = parse(frame);
                            if (event != null && "call_ringing".equals(event.path("type").asText())
                                    && self[0] != null) {
                                String call = event.path("call_id").asText();
                                callers.put(call, self[0]);
                                bound.computeIfAbsent(call, key -> ConcurrentHashMap.newKeySet()).add(self[0]);
                            }
                            socket.send(frame);
                        }

                        @Override
                        public void sendPing() throws IOException {
                            socket.sendPing();
                        }

                        @Override
                        public void close(dev.dialtone.protocol.CloseCode code) {
                            socket.close(code);
                        }
                    };
                }

                @Override
                public Connection incoming(Connection engine, Transport socket) {
                    Connection wrapped = new Forwarding(engine) {
                        @Override
                        public void receive(String frame) {
                            JsonNode action = parse(frame);
                            String name = action == null ? "" : action.path("action").asText();
                            String call = action == null ? "" : action.path("call_id").asText();
                            if (name.equals("answer_call")) {
                                bound.computeIfAbsent(call, key -> ConcurrentHashMap.newKeySet()).add(this);
                            }
                            Connection caller = callers.get(call);
                            if (name.equals("hang_up") && caller != null
                                    && !bound.getOrDefault(call, Set.of()).contains(this)) {
                                caller.receive(frame);
                                return;
                            }
                            super.receive(frame);
                        }
                    };
                    self[0] = wrapped;
                    return wrapped;
                }
            };
        }
    }

    static JsonNode parse(String frame) {
        try {
            return JSON.readTree(frame);
        } catch (IOException e) {
            return null;
        }
    }

    /** A connection that passes everything on. */
    static class Forwarding implements Connection {
        private final Connection engine;

        Forwarding(Connection engine) {
            this.engine = engine;
        }

        @Override
        public void receive(String frame) {
            engine.receive(frame);
        }

        @Override
        public void receiveBinary() {
            engine.receiveBinary();
        }

        @Override
        public void pongReceived() {
            engine.pongReceived();
        }

        @Override
        public void closed() {
            engine.closed();
        }
    }
}
