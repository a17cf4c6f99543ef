package dev.dialtone.server.redis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.spi.SessionHandoff;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The session directory and the hand-over of sessions for a resume on another node (R6.3).
 *
 * <p>Redis knows, for every session, the node that holds it (and the SHA-256 of its resume token, never the token).
 * A node that gets a resume token it does not hold runs one script that points the session at itself and, in the same
 * step, publishes a hand-over request to the holder: every event published for the session before that step reaches
 * the holder ahead of the request (and leaves with the session's kept events), every one after comes to the new node,
 * which holds them back until the session has arrived. The holder closes the old connection if open (4009), forgets
 * the session and replies with its {@code seq} counter and kept events; the new node continues it, so the client sees
 * one unbroken sequence.
 */
final class RedisHandoff implements SessionHandoff {

    private final ClusterNode node;
    private volatile Holder holder;
    private volatile boolean stopped;
    /** Sessions this node holds: session id to (session, token hash). */
    private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();
    /** Sessions released while Redis was unreachable, forgotten there by the heartbeat. */
    private final ConcurrentHashMap<String, Held> unreleased = new ConcurrentHashMap<>();
    /** Sessions on their way here: events that arrive for them meanwhile, in order (touched by inbound work only, one piece at a time). */
    private final ConcurrentHashMap<String, List<String>> arriving = new ConcurrentHashMap<>();
    /** Hand-over replies awaited, by request id. */
    private final ConcurrentHashMap<String, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();

    private record Held(SessionRef session, String tokenHash) {
    }

    RedisHandoff(ClusterNode node) {
        this.node = node;
    }

    Holder holder() {
        return holder;
    }

    Set<String> heldSessionIds() {
        return Set.copyOf(held.keySet());
    }

    @Override
    public void start(Holder engine) {
        this.holder = engine;
        node.cleanUpLeftBehind(engine);
    }

    /** The engine shut down: the sessions it held are gone, so a leaving node takes their addresses with it. */
    @Override
    public void stop() {
        stopped = true;
    }

    /** On leaving: forgets the addresses of the sessions held, if the engine has shut down (else others reap them). */
    void releaseAllIfStopped() {
        if (!stopped) {
            return;
        }
        for (Held entry : held.values()) {
            try {
                erase(entry);
            } catch (RuntimeException e) {
                node.failure("forgetting session " + entry.session(), e);
                return;
            }
        }
        held.clear();
    }

    @Override
    public void held(SessionRef session, String resumeToken) {
        Held entry = new Held(session, hash(resumeToken));
        held.put(session.sessionId(), entry);
        unreleased.remove(session.sessionId());
        try {
            write(entry);
        } catch (RuntimeException e) {
            // Written when Redis is back (the heartbeat retries); a short outage does not refuse the connection.
            node.failure("recording session " + session, e);
            node.markDirty();
        }
        if (arriving.containsKey(session.sessionId())) {
            // What came for the session while it was on its way, in order, before anything newer.
            node.onInboundThread(() -> {
                List<String> waiting = arriving.remove(session.sessionId());
                if (waiting != null) {
                    for (String event : waiting) {
                        node.deliverWritten(session, event);
                    }
                }
            });
        }
    }

    private void write(Held entry) {
        node.link.evalLong(Script.HELD, node.prefix, entry.session().sessionId(), node.me,
                CallStateJson.userJson(entry.session().user()), entry.session().user().value(), entry.tokenHash());
    }

    @Override
    public void released(SessionRef session, String resumeToken) {
        held.remove(session.sessionId());
        Held entry = new Held(session, hash(resumeToken));
        try {
            erase(entry);
        } catch (RuntimeException e) {
            node.failure("forgetting session " + session, e);
            unreleased.put(session.sessionId(), entry);
            node.markDirty();
        }
    }

    private void erase(Held entry) {
        node.link.evalLong(Script.RELEASED, node.prefix, entry.session().sessionId(), node.me, entry.tokenHash());
    }

    @Override
    public Optional<HandedOver> takeOver(UserId user, String resumeToken) {
        String tokenHash = hash(resumeToken);
        String sessionId = node.link.sync().get(node.prefix + ":resume:" + tokenHash);
        if (sessionId == null || held.containsKey(sessionId)) {
            return Optional.empty();
        }
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(requestId, reply);
        arriving.put(sessionId, java.util.Collections.synchronizedList(new ArrayList<>()));
        try {
            List<Object> asked = node.link.evalList(Script.TAKE, node.prefix, tokenHash, sessionId, node.me,
                    user.value(), requestId, node.newEpoch());
            String outcome = (String) asked.get(0);
            if ("dead".equals(outcome)) {
                ClusterNode.LOG.log(Level.DEBUG, "node {0}: session {1} cannot resume: its node {2} is gone", node.me,
                        sessionId, asked.get(1));
            }
            if (!"asked".equals(outcome)) {
                arriving.remove(sessionId);
                return Optional.empty();
            }
            String from = (String) asked.get(1);
            SessionRef session = new SessionRef(CallStateJson.readUser((String) asked.get(2)), sessionId);
            JsonNode given = awaitReply(reply, from, session);
            if (given == null || !given.path("ok").asBoolean(false)) {
                giveUp(session, tokenHash, given == null);
                return Optional.empty();
            }
            List<Retained> retained = new ArrayList<>();
            for (JsonNode frame : given.path("frames")) {
                retained.add(new Retained(frame.path(0).asLong(), frame.path(1).asText()));
            }
            ClusterNode.LOG.log(Level.DEBUG, "node {0}: session {1} taken over from node {2}", node.me, session,
                    from);
            return Optional.of(new HandedOver(session, given.path("next").asLong(), retained));
        } catch (RuntimeException e) {
            arriving.remove(sessionId);
            throw e;
        } finally {
            replies.remove(requestId);
        }
    }

    private JsonNode awaitReply(CompletableFuture<JsonNode> reply, String from, SessionRef session) {
        try {
            return reply.get(node.settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            ClusterNode.LOG.log(Level.WARNING, "node {0}: node {1} did not hand session {2} over in time", node.me,
                    from, session);
            return null;
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The hand-over failed after the session was pointed here: nobody holds it now. Its address is removed; if the
     * holder never answered (it died meanwhile), the session is lost, and its call learns that as after a node's death.
     */
    private void giveUp(SessionRef session, String tokenHash, boolean unanswered) {
        arriving.remove(session.sessionId());
        try {
            node.link.evalLong(Script.RELEASED, node.prefix, session.sessionId(), node.me, tokenHash);
        } catch (RuntimeException e) {
            node.failure("forgetting session " + session, e);
        }
        Holder engine = holder;
        if (unanswered && engine != null) {
            engine.lost(session);
        }
    }

    /** An event of inbound work for a session on its way here: held back. */
    boolean bufferIfArriving(SessionRef to, String eventJson) {
        List<String> waiting = arriving.get(to.sessionId());
        if (waiting == null) {
            return false;
        }
        waiting.add(eventJson);
        return true;
    }

    /** Another node asks for a session this node holds (inbound work, on the inbound thread: it talks to Redis). */
    void onTakeRequest(JsonNode take) {
        String sessionId = take.path("sid").asText();
        String requester = take.path("from").asText();
        ObjectNode reply = CallStateJson.JSON.createObjectNode();
        ObjectNode given = reply.putObject("given");
        given.put("rid", take.path("rid").asText());
        Holder engine = holder;
        Optional<HandedOver> moved = Optional.empty();
        if (engine != null) {
            try {
                SessionRef session = new SessionRef(CallStateJson.readUser(take.path("u").asText()), sessionId);
                moved = engine.handOver(session);
            } catch (RuntimeException e) {
                ClusterNode.LOG.log(Level.ERROR, "node " + node.me + ": session " + sessionId
                        + " could not be handed over", e);
            }
        }
        held.remove(sessionId);
        if (moved.isPresent()) {
            given.put("ok", true);
            given.put("next", moved.get().nextSeq());
            ArrayNode frames = given.putArray("frames");
            for (Retained frame : moved.get().retained()) {
                frames.addArray().add(frame.seq()).add(frame.frame());
            }
        } else {
            given.put("ok", false);
        }
        try {
            node.link.evalLong(Script.SEND, node.prefix, requester, CallStateJson.JSON.writeValueAsString(reply),
                    node.newEpoch());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            ClusterNode.LOG.log(Level.ERROR, "node {0}: session {1} was handed over but the reply to node {2} could "
                    + "not be sent: {3}", node.me, sessionId, requester, String.valueOf(e));
        }
    }

    /** The reply to a hand-over request of this node (inbound work, on the inbound thread). */
    void onGiven(JsonNode given) {
        CompletableFuture<JsonNode> waiting = replies.get(given.path("rid").asText());
        if (waiting != null) {
            waiting.complete(given);
        } else if (given.path("ok").asBoolean(false)) {
            ClusterNode.LOG.log(Level.WARNING, "node {0}: a session was handed over after its resume gave up waiting; "
                    + "it is lost", node.me);
        }
    }

    /** Writes the addresses of the sessions held again, and makes the removals that failed. */
    void reregister() {
        for (Held entry : held.values()) {
            write(entry);
        }
        for (Held entry : unreleased.values()) {
            erase(entry);
            unreleased.remove(entry.session().sessionId(), entry);
        }
    }

    /** SHA-256 of a resume token, as Redis keeps it: the token itself never leaves the node (R6.9). */
    static String hash(String resumeToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(resumeToken.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
