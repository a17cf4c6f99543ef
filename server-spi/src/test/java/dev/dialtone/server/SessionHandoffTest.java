package dev.dialtone.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CloseCode;
import dev.dialtone.protocol.Outcome;
import dev.dialtone.protocol.ServerEvent;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.UserId;
import dev.dialtone.protocol.WireCodec;
import dev.dialtone.server.spi.CallStore;
import dev.dialtone.server.spi.IdGenerator;
import dev.dialtone.server.spi.Presence;
import dev.dialtone.server.spi.SessionHandoff;
import dev.dialtone.server.spi.SessionRouter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The engine's side of {@link SessionHandoff}: two engines sharing presence, calls and routing in memory (a cluster in
 * miniature, without Redis). A session resumes on the other engine with its seq and kept events (R6.3, R6.10); a
 * session of a dead engine is lost and its call ends for the peer (R6.4); the single-node default changes nothing.
 */
class SessionHandoffTest {

    /** What two engines share. */
    private static final class Shared {
        final Presence presence = Presence.inMemory();
        final CallStore calls = CallStore.inMemory();
        final List<SessionRouter.LocalDelivery> engines = new CopyOnWriteArrayList<>();
        /** Token to the holder of its session, as a cluster's directory would know it. */
        final Map<String, SessionHandoff.Holder> holders = new ConcurrentHashMap<>();
        final Map<String, SessionRef> sessions = new ConcurrentHashMap<>();
    }

    /**
     * A router that hands each event to whichever engine holds the session, written without its seq, as a cluster
     * carries events between nodes ({@link SessionRouter.LocalDelivery#deliverEncoded}).
     */
    private static final class SharedRouter implements SessionRouter {
        private final Shared shared;

        SharedRouter(Shared shared) {
            this.shared = shared;
        }

        @Override
        public void start(LocalDelivery local) {
            shared.engines.add(local);
        }

        @Override
        public void deliver(SessionRef to, ServerEvent event) {
            String written = WireCodec.standard().encode(event);
            for (LocalDelivery engine : shared.engines) {
                if (engine.deliverEncoded(to, written)) {
                    return;
                }
            }
        }
    }

    /** A hand-off that finds a token's holder in the shared directory. */
    private static final class SharedHandoff implements SessionHandoff {
        private final Shared shared;
        private Holder self;

        SharedHandoff(Shared shared) {
            this.shared = shared;
        }

        @Override
        public void start(Holder holder) {
            self = holder;
        }

        @Override
        public void held(SessionRef session, String resumeToken) {
            shared.holders.put(resumeToken, self);
            shared.sessions.put(resumeToken, session);
        }

        @Override
        public void released(SessionRef session, String resumeToken) {
            shared.holders.remove(resumeToken, self);
        }

        @Override
        public Optional<HandedOver> takeOver(UserId user, String resumeToken) {
            Holder holder = shared.holders.get(resumeToken);
            SessionRef session = shared.sessions.get(resumeToken);
            if (holder == null || holder == self || !session.user().equals(user)) {
                return Optional.empty();
            }
            return holder.handOver(session);
        }
    }

    private static EngineHarness node(Shared shared, String name, SharedHandoff handoff) {
        AtomicInteger ids = new AtomicInteger();
        return new EngineHarness(builder -> builder
                .presence(shared.presence)
                .callStore(shared.calls)
                .router(new SharedRouter(shared))
                .sessionHandoff(handoff)
                .idGenerator(new IdGenerator() {
                    @Override
                    public CallId newCallId() {
                        return CallId.of(name + "-call-" + ids.incrementAndGet());
                    }

                    @Override
                    public String newSessionId() {
                        return name + "-s" + ids.incrementAndGet();
                    }

                    @Override
                    public String newResumeToken() {
                        return name + "-resume-" + ids.incrementAndGet();
                    }
                }));
    }

    @Test
    void resumeOnAnotherEngineContinuesTheSession() {
        Shared shared = new Shared();
        try (EngineHarness a = node(shared, "a", new SharedHandoff(shared));
                EngineHarness b = node(shared, "b", new SharedHandoff(shared))) {
            EngineHarness.Client alice = a.join("n:1");
            FakeTransport bobFirst = new FakeTransport();
            Connection bobConnection = a.engine.connect(ConnectRequest.withToken("n:2"), bobFirst);
            JsonNode welcome = bobFirst.take("welcome");
            alice.send("{\"action\":\"start_call\",\"callee_id\":2}");
            String callId = alice.take("call_ringing").path("call_id").asText();
            bobFirst.take("incoming_call");
            bobConnection.receive("{\"action\":\"answer_call\",\"call_id\":\"" + callId + "\"}");
            alice.take("call_answered");
            bobConnection.closed();
            alice.send("{\"action\":\"media_state\",\"audio\":false}");

            FakeTransport bobAgain = new FakeTransport();
            Connection resumed = b.engine.connect(new ConnectRequest("n:2", null, null,
                    welcome.path("resume_token").asText(), Long.toString(bobFirst.lastSeqTaken()), null), bobAgain);
            JsonNode again = bobAgain.take("welcome");
            assertTrue(again.path("resumed").asBoolean());
            assertEquals(welcome.path("session_id").asText(), again.path("session_id").asText());
            JsonNode replayed = bobAgain.take("peer_media_state");
            assertEquals(bobFirst.lastSeqTaken() + 1, replayed.path("seq").asLong(), "seq goes on (R6.3)");

            resumed.receive("{\"action\":\"ping\",\"nonce\":\"x\"}");
            assertEquals(replayed.path("seq").asLong() + 1, bobAgain.take("pong").path("seq").asLong());
            resumed.receive("{\"action\":\"hang_up\",\"call_id\":\"" + callId + "\"}");
            alice.take("call_hanged_up");
            assertEquals(Outcome.COMPLETED,
                    b.records.history(UserId.of(2), 1, null).get(0).outcome(), "saved by the engine that ended it");
        }
    }

    @Test
    void resumeOnAnotherEngineWhileTheOldConnectionIsOpen() {
        Shared shared = new Shared();
        try (EngineHarness a = node(shared, "a", new SharedHandoff(shared));
                EngineHarness b = node(shared, "b", new SharedHandoff(shared))) {
            EngineHarness.Client bob = a.join("n:2");
            JsonNode welcome = welcomeOf(bob);
            FakeTransport moved = new FakeTransport();
            b.engine.connect(new ConnectRequest("n:2", null, null, welcome.path("resume_token").asText(), "0", null),
                    moved);
            assertTrue(moved.take("welcome").path("resumed").asBoolean());
            assertEquals(CloseCode.SESSION_TAKEN_OVER, bob.transport().closedWith());
            assertEquals(0, a.engine.openConnections());
            assertEquals(1, b.engine.openConnections());
        }
    }

    @Test
    void aLostSessionEndsItsCallForThePeer() {
        Shared shared = new Shared();
        SharedHandoff handoffA = new SharedHandoff(shared);
        try (EngineHarness a = node(shared, "a", handoffA);
                EngineHarness b = node(shared, "b", new SharedHandoff(shared))) {
            EngineHarness.Client alice = a.join("n:1");
            EngineHarness.Client bob = b.join("n:2");
            alice.send("{\"action\":\"start_call\",\"callee_id\":2}");
            String callId = alice.take("call_ringing").path("call_id").asText();
            bob.take("incoming_call");
            bob.send("{\"action\":\"answer_call\",\"call_id\":\"" + callId + "\"}");
            alice.take("call_answered");
            SessionRef bobSession = new SessionRef(UserId.of(2), welcomeOf(bob).path("session_id").asText());
            // Engine b "died": engine a is told that its session is lost.
            handoffA.self.lost(bobSession);
            alice.take("call_ended");
            assertEquals(Outcome.COMPLETED, a.records.history(UserId.of(1), 1, null).get(0).outcome());
            assertEquals(UserId.of(2), a.records.history(UserId.of(1), 1, null).get(0).endedBy());
            // A session the engine holds itself is never lost.
            handoffA.self.lost(new SessionRef(UserId.of(1), welcomeOf(alice).path("session_id").asText()));
            alice.transport().assertNothingMore();
        }
    }

    @Test
    void anEventCarriedWrittenIsNumberedInTheSessionsSequenceAndBadTextIsRefused() {
        Shared shared = new Shared();
        try (EngineHarness a = node(shared, "a", new SharedHandoff(shared))) {
            EngineHarness.Client alice = a.join("n:1");
            SessionRef session = new SessionRef(UserId.of(1), welcomeOf(alice).path("session_id").asText());
            SessionRouter.LocalDelivery engine = shared.engines.get(0);
            String written = WireCodec.standard().encode(new dev.dialtone.protocol.PingAnswered("n-1"));

            assertTrue(engine.deliverEncoded(session, written));
            assertEquals(WireCodec.standard().encode(new dev.dialtone.protocol.PingAnswered("n-1"), 1),
                    alice.transport().frames().get(1), "the first event after the welcome is seq 1, as if the engine had written it");
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> engine.deliverEncoded(session, "{\"action\":\"ping\"}"));
            assertEquals(false, engine.deliverEncoded(new SessionRef(UserId.of(1), "not-held"), written));
            assertEquals(2, alice.transport().frames().size(), "nothing else was sent");
        }
    }

    /** The welcome a client got (the first frame sent to it). */
    private static JsonNode welcomeOf(EngineHarness.Client client) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(client.transport().frames().get(0));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
