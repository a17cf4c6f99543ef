package dev.dialtone.server.internal;

import dev.dialtone.protocol.CloseCode;
import dev.dialtone.protocol.DecodeResult;
import dev.dialtone.protocol.ErrorCode;
import dev.dialtone.protocol.ErrorReported;
import dev.dialtone.protocol.Protocol;
import dev.dialtone.protocol.ServerEvent;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.UserId;
import dev.dialtone.protocol.Welcome;
import dev.dialtone.server.ConnectRequest;
import dev.dialtone.server.Connection;
import dev.dialtone.server.Transport;
import dev.dialtone.server.spi.Authentication;
import dev.dialtone.server.spi.Principal;
import dev.dialtone.server.spi.Scheduler;
import dev.dialtone.server.spi.SessionHandoff;
import dev.dialtone.server.spi.SessionRouter;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The imperative shell's connection side: authenticates connections, keeps sessions for resume, reads frames and hands
 * actions to the {@link CallCoordinator}. One instance per {@code SignalingEngine}.
 */
public final class EngineCore {

    static final System.Logger LOG = System.getLogger("dev.dialtone.server");

    private final EngineConfig config;
    private final CallCoordinator calls;
    private final ConcurrentHashMap<String, LiveSession> sessionsById = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LiveSession> sessionsByResumeToken = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<LiveConnection, Boolean> connections = new ConcurrentHashMap<>();
    private volatile boolean shuttingDown;
    private volatile Scheduler.Cancellable keepalive;

    public EngineCore(EngineConfig config) {
        this.config = config;
        this.calls = new CallCoordinator(config, this);
        config.router().start(new SessionRouter.LocalDelivery() {
            @Override
            public boolean deliver(SessionRef to, ServerEvent event) {
                return deliverLocally(to, event);
            }

            @Override
            public boolean deliverEncoded(SessionRef to, String encodedEvent) {
                LiveSession session = localSession(to);
                return session != null && session.outbox.enqueueEncoded(encodedEvent);
            }
        });
        config.handoff().start(new SessionHandoff.Holder() {
            @Override
            public Optional<SessionHandoff.HandedOver> handOver(SessionRef session) {
                return EngineCore.this.handOver(session);
            }

            @Override
            public void lost(SessionRef session) {
                EngineCore.this.lost(session);
            }
        });
        scheduleKeepalive();
    }

    public EngineConfig config() {
        return config;
    }

    /** Now, to the millisecond: the precision of the wire's times (R7.2). */
    Instant now() {
        return config.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** Opens a connection: origin, credential and version checks, then a new or resumed session (R1.1-R1.7, R6.3). */
    public Connection connect(ConnectRequest request, Transport transport) {
        if (shuttingDown) {
            transport.close(CloseCode.GOING_AWAY);
            return RefusedConnection.INSTANCE;
        }
        if (!config.origins().allows(request.origin(), request.host())) {
            LOG.log(Level.DEBUG, "connection refused: origin {0} is not allowed", request.origin());
            transport.close(CloseCode.FORBIDDEN_ORIGIN);
            return RefusedConnection.INSTANCE;
        }
        Principal principal = authenticate(request.token());
        if (principal == null) {
            transport.close(CloseCode.AUTHENTICATION_FAILED);
            return RefusedConnection.INSTANCE;
        }
        if (request.protocolVersion() != null && !request.protocolVersion().equals(Integer.toString(Protocol.VERSION))) {
            LOG.log(Level.DEBUG, "connection of {0} refused: protocol version {1}", principal.userId(),
                    request.protocolVersion());
            sendQuietly(transport, config.codec().encode(new ErrorReported(ErrorCode.UNSUPPORTED_VERSION,
                    "this server speaks protocol version " + Protocol.VERSION + ", not " + request.protocolVersion(),
                    null, "v", null)));
            transport.close(CloseCode.UNSUPPORTED_VERSION);
            return RefusedConnection.INSTANCE;
        }
        Instant now = now();
        LiveSession resumable = request.resumeToken() == null ? null
                : sessionsByResumeToken.get(request.resumeToken());
        if (resumable == null && request.resumeToken() != null) {
            resumable = takeOver(principal.userId(), request.resumeToken());
        }
        if (resumable != null && resumable.ref.user().equals(principal.userId())) {
            LiveConnection connection = new LiveConnection(this, resumable, principal, transport,
                    config.maxMessagesPerSecond(), now);
            LiveConnection previous = resumable.bind(connection);
            if (previous != connection) {
                return resume(resumable, connection, previous, request.lastSeqOrZero());
            }
        }
        return open(principal, transport, now);
    }

    private Principal authenticate(String token) {
        if (token == null || token.isEmpty()) {
            LOG.log(Level.DEBUG, "connection refused: no token");
            return null;
        }
        Authentication verdict;
        try {
            verdict = config.authenticator().authenticate(token);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "the authenticator failed", e);
            return null;
        }
        if (verdict instanceof Authentication.Refused refused) {
            LOG.log(Level.DEBUG, "connection refused: {0}", refused.reason());
            return null;
        }
        return ((Authentication.Authenticated) verdict).principal();
    }

    /** A session another node holds, handed over to this one for a resume (R6.3); null if there is none. */
    private LiveSession takeOver(UserId user, String resumeToken) {
        Optional<SessionHandoff.HandedOver> moved;
        try {
            moved = config.handoff().takeOver(user, resumeToken);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a session of " + user + " could not be taken over from another node", e);
            return null;
        }
        if (moved.isEmpty() || !moved.get().session().user().equals(user)) {
            return null;
        }
        SessionHandoff.HandedOver handedOver = moved.get();
        LiveSession session = new LiveSession(handedOver.session(), resumeToken, Outbox.continuing(config.codec(),
                config.replayWindow(), handedOver.nextSeq(), handedOver.retained()));
        sessionsById.put(session.ref.sessionId(), session);
        sessionsByResumeToken.put(resumeToken, session);
        config.handoff().held(session.ref, resumeToken);
        LOG.log(Level.DEBUG, "session {0} taken over from another node at seq {1}", session.ref,
                handedOver.nextSeq());
        return session;
    }

    /** Hands a session this engine holds over to another node (the hand-off's holder side, R6.3). */
    private Optional<SessionHandoff.HandedOver> handOver(SessionRef ref) {
        LiveSession session = sessionsById.get(ref.sessionId());
        if (session == null || !session.ref.user().equals(ref.user()) || shuttingDown) {
            return Optional.empty();
        }
        LiveSession.HandedOver released = session.handOver();
        if (released == null) {
            return Optional.empty();
        }
        sessionsById.remove(session.ref.sessionId(), session);
        sessionsByResumeToken.remove(session.resumeToken, session);
        SessionHandoff.HandedOver moved = session.outbox.handOver(session.ref);
        LiveConnection bound = released.bound();
        if (bound != null) {
            // Still open here, resumed there: told and dropped without a detach, as on one node (R6.3).
            connections.remove(bound);
            session.outbox.detach(bound.transport);
            config.presence().remove(session.ref);
            bound.transport.close(CloseCode.SESSION_TAKEN_OVER);
        }
        LOG.log(Level.DEBUG, "session {0} handed over to another node at seq {1}", session.ref, moved.nextSeq());
        return Optional.of(moved);
    }

    /** A session of a node that died: its call goes on as if its grace had run out (R6.4). */
    private void lost(SessionRef session) {
        if (sessionsById.containsKey(session.sessionId()) || shuttingDown) {
            return;
        }
        LOG.log(Level.DEBUG, "session {0} lost with its node", session);
        calls.sessionLost(session, now());
    }

    private Connection open(Principal principal, Transport transport, Instant now) {
        SessionRef ref = new SessionRef(principal.userId(), config.ids().newSessionId());
        LiveSession session = new LiveSession(ref, config.ids().newResumeToken(),
                new Outbox(config.codec(), config.replayWindow()));
        LiveConnection connection = new LiveConnection(this, session, principal, transport,
                config.maxMessagesPerSecond(), now);
        session.bind(connection);
        sessionsById.put(ref.sessionId(), session);
        sessionsByResumeToken.put(session.resumeToken, session);
        connections.put(connection, Boolean.TRUE);
        watchTokenExpiry(connection, now);
        config.handoff().held(ref, session.resumeToken);
        config.presence().add(ref);
        LOG.log(Level.DEBUG, "session {0} opened", ref);
        session.outbox.attach(transport, welcome(session, false), 0);
        return connection;
    }

    private Connection resume(LiveSession session, LiveConnection connection, LiveConnection previous, long lastSeq) {
        connections.put(connection, Boolean.TRUE);
        if (previous != null) {
            // A half-open old connection: the client has moved on, so the old one is told and dropped (R6.3).
            connections.remove(previous);
            session.outbox.detach(previous.transport);
            previous.transport.close(CloseCode.SESSION_TAKEN_OVER);
        }
        watchTokenExpiry(connection, now());
        config.presence().add(session.ref);
        LOG.log(Level.DEBUG, "session {0} resumed after seq {1}", session.ref, lastSeq);
        session.outbox.attach(connection.transport, welcome(session, true), lastSeq);
        try {
            calls.sessionResumed(session.ref, now());
        } catch (RuntimeException e) {
            // The connection is bound already: it must be returned, so that its close is seen later.
            LOG.log(Level.ERROR, "session " + session.ref + ": its call could not learn of the resume", e);
        }
        return connection;
    }

    private String welcome(LiveSession session, boolean resumed) {
        return config.codec().encode(new Welcome(session.ref.user(), session.ref.sessionId(), Protocol.VERSION,
                config.machine().policy().ringTimeout().toMillis(), session.resumeToken,
                config.machine().policy().resumeGrace().toMillis(), resumed));
    }

    private void watchTokenExpiry(LiveConnection connection, Instant now) {
        Instant expiresAt = connection.principal.expiresAt();
        if (expiresAt != null) {
            connection.tokenExpiry(config.scheduler().schedule(Duration.between(now, expiresAt), () -> {
                LOG.log(Level.DEBUG, "session {0}: token expired", connection.session.ref);
                connection.session.outbox.closeAfterDrain(CloseCode.TOKEN_EXPIRED);
            }));
        }
    }

    /** A text frame from a connection (R8.1-R8.4, R8.15, R8.16). */
    void receive(LiveConnection connection, String frame) {
        Instant now = now();
        connection.touch(now);
        if (exceedsFrameLimit(frame)) {
            LOG.log(Level.DEBUG, "session {0}: frame over {1} bytes", connection.session.ref, config.maxFrameBytes());
            connection.transport.close(CloseCode.FRAME_TOO_LARGE);
            return;
        }
        if (!connection.rate.tryTake(now)) {
            LOG.log(Level.DEBUG, "session {0}: flood", connection.session.ref);
            connection.transport.close(CloseCode.FLOOD);
            return;
        }
        DecodeResult<dev.dialtone.protocol.ClientAction> decoded = config.codec().decodeAction(frame);
        if (decoded instanceof DecodeResult.Undecodable<dev.dialtone.protocol.ClientAction> bad) {
            send(connection.session.ref, bad.toError());
            return;
        }
        var action = ((DecodeResult.Decoded<dev.dialtone.protocol.ClientAction>) decoded).message();
        try {
            calls.handle(connection.session.ref, connection.principal, action, now);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "session " + connection.session.ref + ": " + action.action() + " failed", e);
            send(connection.session.ref, new ErrorReported(ErrorCode.INTERNAL,
                    "the server failed to handle this message", action.action(), null, null));
        }
    }

    /** A binary frame: refused like any frame that is not one JSON object, and counted against the flood limit. */
    void receiveBinary(LiveConnection connection) {
        Instant now = now();
        connection.touch(now);
        if (!connection.rate.tryTake(now)) {
            connection.transport.close(CloseCode.FLOOD);
            return;
        }
        send(connection.session.ref, new ErrorReported(ErrorCode.BAD_JSON,
                "binary frames are not part of the protocol: send each message as one JSON text frame", null, null,
                null));
    }

    private boolean exceedsFrameLimit(String frame) {
        int max = config.maxFrameBytes();
        if (frame.length() > max) {
            return true;
        }
        // A char is at most 3 UTF-8 bytes: only long frames need counting.
        return frame.length() * 3L > max && frame.getBytes(StandardCharsets.UTF_8).length > max;
    }

    /** The connection is gone: the session waits for its resume, and its call learns of the drop (R6.2). */
    void connectionClosed(LiveConnection connection) {
        connections.remove(connection);
        LiveSession session = connection.session;
        long detachment = session.unbind(connection);
        if (detachment < 0) {
            return;
        }
        session.outbox.detach(connection.transport);
        config.presence().remove(session.ref);
        LOG.log(Level.DEBUG, "session {0} dropped", session.ref);
        if (shuttingDown) {
            forget(session);
            return;
        }
        try {
            calls.sessionDetached(session.ref, now());
        } catch (RuntimeException e) {
            // Still expire the session below, whatever the call store did.
            LOG.log(Level.ERROR, "session " + session.ref + ": its call could not learn of the drop", e);
        }
        config.scheduler().schedule(config.machine().policy().resumeGrace(), () -> {
            if (session.expire(detachment)) {
                forget(session);
                LOG.log(Level.DEBUG, "session {0} expired", session.ref);
            }
        });
    }

    private void forget(LiveSession session) {
        session.expireNow();
        sessionsByResumeToken.remove(session.resumeToken, session);
        if (sessionsById.remove(session.ref.sessionId(), session)) {
            try {
                config.handoff().released(session.ref, session.resumeToken);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "session " + session.ref + ": the hand-off could not release it", e);
            }
        }
    }

    /** Queues an event for a session this engine holds (the router's local delivery). */
    public boolean deliverLocally(SessionRef to, ServerEvent event) {
        LiveSession session = localSession(to);
        return session != null && session.outbox.enqueue(event);
    }

    private LiveSession localSession(SessionRef ref) {
        LiveSession session = sessionsById.get(ref.sessionId());
        return session == null || !session.ref.user().equals(ref.user()) ? null : session;
    }

    /** Sends an event to a session, wherever it is. */
    void send(SessionRef to, ServerEvent event) {
        config.router().deliver(to, event);
    }

    private void scheduleKeepalive() {
        keepalive = config.scheduler().schedule(config.pingInterval(), () -> {
            if (shuttingDown) {
                return;
            }
            sweep();
            scheduleKeepalive();
        });
    }

    /** Pings every connection, and closes those silent for longer than the idle timeout (R8.17). */
    void sweep() {
        Instant horizon = now().minus(config.idleTimeout());
        for (LiveConnection connection : List.copyOf(connections.keySet())) {
            if (connection.lastActivity().isBefore(horizon)) {
                LOG.log(Level.DEBUG, "session {0}: idle timeout", connection.session.ref);
                connection.transport.close(CloseCode.IDLE_TIMEOUT);
            } else {
                try {
                    connection.transport.sendPing();
                } catch (java.io.IOException | RuntimeException e) {
                    connection.transport.close(CloseCode.GOING_AWAY);
                }
            }
        }
    }

    /** Ends every live call, tells the parties, saves the records, and closes every connection (R6.6, R8.14). */
    public void shutdown() {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        Scheduler.Cancellable timer = keepalive;
        if (timer != null) {
            timer.cancel();
        }
        calls.shutdown(now());
        for (LiveSession session : List.copyOf(sessionsById.values())) {
            session.outbox.closeAfterDrain(CloseCode.GOING_AWAY);
        }
        config.router().stop();
        config.handoff().stop();
        if (config.ownedScheduler() != null) {
            try {
                config.ownedScheduler().close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "the scheduler did not close cleanly", e);
            }
        }
    }

    /** How many connections are open now. */
    public int openConnections() {
        return connections.size();
    }

    private static void sendQuietly(Transport transport, String frame) {
        try {
            transport.send(frame);
        } catch (java.io.IOException | RuntimeException e) {
            // The close that follows tells the client the rest.
        }
    }
}
