package dev.dialtone.server.redis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.WireCodec;
import dev.dialtone.server.spi.CallStore;
import dev.dialtone.server.spi.CallTimers;
import dev.dialtone.server.spi.Presence;
import dev.dialtone.server.spi.SessionHandoff;
import dev.dialtone.server.spi.SessionRouter;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One node's membership of the cluster: its Redis connections, the messages that come to it, its heartbeat, the
 * clean-up after dead nodes, and the recovery after Redis lost its data. It owns the SPI implementations the engine is
 * wired with, which share it.
 *
 * <p>Threads: this node's messages are handled one at a time, in the order Redis published them (so that each session
 * gets its events in order, R3.9), by an {@link InboundQueue}: a message of events runs at once on the Lettuce thread
 * that received it when nothing is waiting before it, anything else on the "inbound" thread. One "ticks" thread beats
 * and polls timers; two "workers" fire timers and clean up after dead nodes.
 */
public final class ClusterNode {

    static final System.Logger LOG = System.getLogger("dev.dialtone.server.redis");

    /** How long an ended call's version stays in Redis, so that a late or repeated commit of it is recognised. */
    static final long TOMBSTONE_MS = 300_000;

    /** How long a user's claim lasts before the call it names starts ringing (a node that died in between). */
    static final long PENDING_CLAIM_MS = 30_000;

    final NodeSettings settings;
    final String prefix;
    final String me;
    final WireCodec codec = WireCodec.standard();
    final CallCache cache = new CallCache();
    private final String runTag = Long.toString(new java.security.SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong epochCandidates = new java.util.concurrent.atomic.AtomicLong();
    final RedisLink link;

    final RedisPresence presence;
    final RedisRouter router;
    final RedisCallStore store;
    final RedisCallTimers timers;
    final RedisHandoff handoff;

    final ScheduledExecutorService ticks;
    final ExecutorService workers;
    private final ExecutorService inboundThread;
    private final InboundQueue inbound;

    private final Object progress = new Object();
    private String seenEpoch = "";
    private long seenCount;

    /** This run of the node: tells its heartbeat from that of an earlier run, or of a node with the same id. */
    private final String run = UUID.randomUUID().toString();
    private volatile String knownEpoch;
    private volatile boolean beaten;
    private volatile boolean closed;
    /** Something could not be written while Redis was unreachable: the heartbeat writes this node's part again. */
    private volatile boolean dirty;
    private volatile long lastFailureLog;
    private List<SessionRef> leftBehind = List.of();

    private ClusterNode(NodeSettings settings) {
        this.settings = settings;
        this.prefix = settings.keyPrefix();
        this.me = settings.nodeId();
        this.ticks = Executors.newSingleThreadScheduledExecutor(threads("ticks"));
        this.workers = Executors.newFixedThreadPool(2, threads("worker"));
        this.inboundThread = Executors.newSingleThreadExecutor(threads("inbound"));
        this.inbound = new InboundQueue(inboundThread);
        this.presence = new RedisPresence(this);
        this.router = new RedisRouter(this);
        this.store = new RedisCallStore(this);
        this.timers = new RedisCallTimers(this);
        this.handoff = new RedisHandoff(this);
        RedisLink connected;
        try {
            connected = new RedisLink(settings.redisUri(), settings.commandTimeout(), channel(me), this::onMessage,
                    this::reconnected);
        } catch (RuntimeException e) {
            shutdownThreads();
            throw e;
        }
        this.link = connected;
    }

    /**
     * Joins the cluster: connects, subscribes to this node's channel and beats once.
     *
     * @throws io.lettuce.core.RedisException if Redis cannot be reached
     */
    public static ClusterNode start(NodeSettings settings) {
        ClusterNode node = new ClusterNode(settings);
        try {
            node.leftBehind = node.sessionsOf(node.me);
            node.heartbeat();
            if (node.knownEpoch == null) {
                throw new IllegalStateException("node " + node.me + " could not register in Redis at "
                        + settings.redisUri());
            }
        } catch (RuntimeException e) {
            node.crash();
            throw e;
        }
        long period = settings.heartbeatInterval().toMillis();
        node.ticks.scheduleAtFixedRate(node::heartbeat, period, period, TimeUnit.MILLISECONDS);
        return node;
    }

    public Presence presence() {
        return presence;
    }

    public SessionRouter router() {
        return router;
    }

    public CallStore callStore() {
        return store;
    }

    public CallTimers callTimers() {
        return timers;
    }

    public SessionHandoff sessionHandoff() {
        return handoff;
    }

    public String nodeId() {
        return me;
    }

    /** Leaves the cluster: stops beating, removes this node's heartbeat at once, and disconnects. Idempotent. */
    public void leave() {
        if (closed) {
            return;
        }
        closed = true;
        ticks.shutdownNow();
        handoff.releaseAllIfStopped();
        try {
            link.evalLong(Script.LEAVE, prefix, me);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "node {0} could not sign off from Redis: {1}", me, String.valueOf(e));
        }
        link.close();
        shutdownThreads();
    }

    /** Stops as a crash would: no sign-off, the connections just close. The other nodes find out by the heartbeat. */
    public void crash() {
        closed = true;
        ticks.shutdownNow();
        link.close();
        shutdownThreads();
    }

    boolean closed() {
        return closed;
    }

    void markDirty() {
        dirty = true;
    }

    String channel(String node) {
        return prefix + ":node:" + node;
    }

    /**
     * A new commit id, unique in the cluster: this node's id, a random tag of this run of the node, and a counter (a
     * UUID per commit would read the system's random source on every relayed message).
     */
    String newCommitId() {
        return me + "." + runTag + "." + commits.incrementAndGet();
    }

    /**
     * A new candidate for the epoch of a Redis that starts empty, unique in the cluster and never proposed twice: this
     * node's id, the random tag of this run, and a counter (so that no random source is read per commit).
     */
    String newEpoch() {
        return me + "." + runTag + ".e" + epochCandidates.incrementAndGet();
    }

    /** A connection to Redis came back: beat at once (which notices a Redis that lost its data, and recovers). */
    private void reconnected() {
        try {
            ticks.execute(this::heartbeat);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    // ---------------------------------------------------------------------------------------------- messages

    /**
     * A message to this node, "count epoch\n{json}", on the Lettuce thread: read here, handled in turn. A message that
     * only carries events and snapshots is light (handling it never waits); one that asks for or answers a hand-over
     * of a session talks to Redis, and so goes to the inbound thread.
     */
    private void onMessage(String channel, String message) {
        NodeMessage read = NodeMessage.read(message);
        try {
            inbound.offer(() -> handle(read), read.light());
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /** Handles one message to this node, in the order Redis published them. */
    private void handle(NodeMessage message) {
        if (message.count() < 0) {
            LOG.log(Level.ERROR, "node {0}: {1} was ignored", me, message.problem());
            return;
        }
        long count = message.count();
        String epoch = message.epoch();
        long lost = 0;
        synchronized (progress) {
            if (epoch.equals(seenEpoch) && count > seenCount + 1) {
                lost = count - seenCount - 1;
            }
        }
        if (lost > 0) {
            LOG.log(Level.ERROR, "node {0}: {1} message(s) from other nodes were lost while the subscription was "
                    + "down; sessions on this node may have missed events (they see a seq gap after a resume)", me,
                    lost);
            workers.execute(this::refreshCache);
        }
        try {
            if (message.problem() != null) {
                LOG.log(Level.ERROR, "node {0}: {1} was ignored", me, message.problem());
                return;
            }
            if (message.snapshot() != null) {
                cache.apply(message.snapshot());
            }
            for (NodeMessage.Event event : message.events()) {
                deliverHere(event.sessionId(), event.userJson(), event.eventJson());
            }
            if (message.take() != null) {
                handoff.onTakeRequest(message.take());
            }
            if (message.given() != null) {
                handoff.onGiven(message.given());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "node " + me + ": a message could not be handled", e);
        } finally {
            synchronized (progress) {
                if (!epoch.equals(seenEpoch) || count > seenCount) {
                    seenEpoch = epoch;
                    seenCount = count;
                }
                progress.notifyAll();
            }
        }
    }

    /** An event for a session of this node, as inbound work. */
    private void deliverHere(String sessionId, String userJson, String eventJson) {
        SessionRef to = new SessionRef(CallStateJson.readUser(userJson), sessionId);
        if (handoff.bufferIfArriving(to, eventJson)) {
            return;
        }
        deliverWritten(to, eventJson);
    }

    /** Hands an event another node wrote (without its seq) to the engine, which numbers the text as it is. */
    void deliverWritten(SessionRef to, String eventJson) {
        boolean held;
        try {
            held = router.deliverLocally(to, eventJson);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "node {0}: an event for {1} could not be read: {2}", me, to, e.getMessage());
            return;
        }
        if (!held) {
            // R6.7: events for a session that no longer exists are discarded.
            LOG.log(Level.DEBUG, "node {0}: an event for {1} dropped: the session is gone", me, to);
        }
    }

    /**
     * Waits until this node has handled every message published to it up to {@code count} of {@code epoch}: what a
     * transition sent to this node's own sessions, and what earlier transitions on other nodes sent them, is queued
     * before the engine goes on (so that, for example, {@code call_ringing} comes before the {@code pong} of a
     * {@code ping} sent after {@code start_call}, Appendix G).
     */
    void awaitHandled(String epoch, long count) {
        if (count <= 0 || inbound.runsHere()) {
            return;
        }
        long deadline = System.nanoTime() + settings.commandTimeout().toNanos();
        synchronized (progress) {
            while (!(epoch.equals(seenEpoch) && seenCount >= count)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    LOG.log(Level.WARNING, "node {0}: message {1} did not come back from Redis within {2} ms", me,
                            count, settings.commandTimeout().toMillis());
                    return;
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Runs {@code task} in the inbound queue, after the messages already queued, and waits for it. */
    void onInboundThread(Runnable task) {
        if (inbound.runsHere()) {
            task.run();
            return;
        }
        java.util.concurrent.FutureTask<Void> run = new java.util.concurrent.FutureTask<>(task, null);
        try {
            inbound.offer(run, false);
            run.get(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                | java.util.concurrent.RejectedExecutionException e) {
            LOG.log(Level.WARNING, "node {0}: a hand-over step did not finish: {1}", me, String.valueOf(e));
        }
    }

    // ---------------------------------------------------------------------------------------------- membership

    /** Beats, notices a Redis that lost its data, and cleans up after nodes that stopped beating. */
    void heartbeat() {
        if (closed) {
            return;
        }
        List<Object> beat;
        try {
            beat = link.evalList(Script.HEARTBEAT, prefix, me, Long.toString(settings.nodeTimeout().toMillis()),
                    newEpoch(), run);
        } catch (RuntimeException e) {
            failure("the heartbeat", e);
            return;
        }
        String epoch = (String) beat.get(0);
        long previous = (Long) beat.get(1);
        boolean wasAlive = previous == 1L;
        if (previous == 2L) {
            LOG.log(beaten ? Level.ERROR : Level.WARNING, "node {0}: another run of a node with this id beat in Redis "
                    + "({1}); node ids must be unique in the cluster", me,
                    beaten ? "two nodes have the same id" : "an earlier run that stopped, or a second node");
        }
        if (knownEpoch == null) {
            knownEpoch = epoch;
        } else if (!epoch.equals(knownEpoch)) {
            recover(epoch);
        } else if (!wasAlive && beaten) {
            LOG.log(Level.WARNING, "node {0}: its heartbeat had expired (Redis was unreachable too long); the other "
                    + "nodes may have ended the calls of its sessions. Registering its sessions again.", me);
            dirty = true;
        }
        if (dirty) {
            dirty = false;
            try {
                reregister();
            } catch (RuntimeException e) {
                dirty = true;
                failure("writing this node's sessions again", e);
            }
        }
        beaten = true;
        cache.retainWithPartyAmong(handoff.heldSessionIds());
        @SuppressWarnings("unchecked")
        List<Object> dead = (List<Object>) beat.get(2);
        if (handoff.holder() != null) {
            for (Object node : dead) {
                workers.execute(() -> reap((String) node));
            }
        }
    }

    /** Whether {@code epoch} is the Redis this node knows; if not, recovers first and says so. */
    boolean sameEpoch(String epoch) {
        if (epoch.equals(knownEpoch)) {
            return true;
        }
        recover(epoch);
        return false;
    }

    /**
     * Redis came back empty (a restart without persistence): puts back what this node knows, so that its sessions
     * can be reached, its users found and the calls it takes part in go on: the heartbeat, the sessions it holds, its
     * presence entries, and every live call one of whose parties it holds, at the last version it saw (a node that saw
     * a later one wins).
     */
    synchronized void recover(String epoch) {
        if (epoch.equals(knownEpoch)) {
            return;
        }
        if (knownEpoch == null) {
            knownEpoch = epoch;
            return;
        }
        // Only calls with a party session here: of those this node has the latest version (it gets every
        // transition); what it knew of others may be stale, and putting that back would revive ended calls.
        cache.retainWithPartyAmong(handoff.heldSessionIds());
        LOG.log(Level.WARNING, "node {0}: Redis lost its data (a restart?); putting back this node''s sessions, "
                + "presence and {1} live call(s)", me, cache.all().size());
        try {
            reregister();
            int restored = 0;
            for (CallCache.Snapshot call : cache.all()) {
                restored += restore(call);
            }
            knownEpoch = epoch;
            LOG.log(Level.INFO, "node {0}: recovered after a Redis restart; {1} call(s) put back", me, restored);
        } catch (RuntimeException e) {
            failure("the recovery after a Redis restart", e);
        }
    }

    private int restore(CallCache.Snapshot call) {
        List<String> users = new ArrayList<>();
        try {
            CallState state = CallStateJson.read(call.state());
            for (SessionRef party : CallStateJson.parties(state)) {
                if (!users.contains(party.user().value())) {
                    users.add(party.user().value());
                }
            }
        } catch (IllegalArgumentException e) {
            return 0;
        }
        String timersJson;
        String usersJson;
        try {
            timersJson = CallStateJson.JSON.writeValueAsString(call.timers());
            usersJson = CallStateJson.JSON.writeValueAsString(users);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return (int) link.evalLong(Script.RESTORE_CALL, prefix, call.callId(), Long.toString(call.version()),
                call.state(), timersJson, usersJson);
    }

    /** Writes this node's heartbeat, sessions and presence again. */
    private void reregister() {
        link.evalList(Script.HEARTBEAT, prefix, me, Long.toString(settings.nodeTimeout().toMillis()), newEpoch(),
                run);
        handoff.reregister();
        presence.reregister();
    }

    /** After lost messages: reads the calls this node keeps again. */
    private void refreshCache() {
        for (String id : cache.ids()) {
            try {
                Map<String, String> hash = link.sync().hgetall(prefix + ":call:" + id);
                cache.refreshed(id, hash);
            } catch (RuntimeException e) {
                failure("reading call " + id + " again", e);
                return;
            }
        }
    }

    /**
     * A node stopped beating: one node takes the job; for each session the dead node held, the call it is a party of
     * learns that the session is lost (through the engine and the call machine, as if its grace had run out), then
     * the session is forgotten.
     */
    private void reap(String dead) {
        SessionHandoff.Holder holder = handoff.holder();
        if (holder == null || closed) {
            return;
        }
        List<Object> found;
        try {
            found = link.evalList(Script.REAP_BEGIN, prefix, dead, me,
                    Long.toString(Math.max(10_000, 4 * settings.nodeTimeout().toMillis())));
        } catch (RuntimeException e) {
            failure("cleaning up after node " + dead, e);
            return;
        }
        if (found.isEmpty() || ((Long) found.get(0)) != 1L) {
            return;
        }
        int sessions = (found.size() - 1) / 2;
        LOG.log(Level.WARNING, "node {0} stopped beating: node {1} ends the calls of its {2} session(s)", dead, me,
                sessions);
        lostSessions(holder, dead, found.subList(1, found.size()));
        try {
            link.evalLong(Script.REAP_END, prefix, dead);
        } catch (RuntimeException e) {
            failure("cleaning up after node " + dead, e);
        }
    }

    /** Sessions of {@code node}, a dead node: flat {session id, user JSON}. */
    private void lostSessions(SessionHandoff.Holder holder, String node, List<Object> flat) {
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            String sessionId = (String) flat.get(i);
            SessionRef session;
            try {
                session = new SessionRef(CallStateJson.readUser((String) flat.get(i + 1)), sessionId);
            } catch (RuntimeException e) {
                continue;
            }
            try {
                holder.lost(session);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "node " + me + ": the call of lost session " + session + " could not be ended",
                        e);
            }
            try {
                link.evalLong(Script.REAP_SESSION, prefix, node, sessionId);
            } catch (RuntimeException e) {
                failure("forgetting session " + session, e);
            }
        }
    }

    /** Sessions a node's directory lists, as found now (for this node at start: left behind by an earlier run). */
    private List<SessionRef> sessionsOf(String node) {
        List<SessionRef> sessions = new ArrayList<>();
        for (String sessionId : link.sync().smembers(prefix + ":node:" + node + ":sessions")) {
            String user = link.sync().hget(prefix + ":session:" + sessionId, "u");
            if (user != null) {
                sessions.add(new SessionRef(CallStateJson.readUser(user), sessionId));
            }
        }
        return sessions;
    }

    /**
     * Called when the engine's hand-off starts: sessions a previous run of this node id left in Redis (it crashed and
     * came back before the others noticed) are lost; their calls end as after any node's death.
     */
    void cleanUpLeftBehind(SessionHandoff.Holder holder) {
        List<SessionRef> left = leftBehind;
        leftBehind = List.of();
        if (left.isEmpty()) {
            return;
        }
        LOG.log(Level.WARNING, "node {0}: an earlier run left {1} session(s); ending their calls", me, left.size());
        workers.execute(() -> {
            List<Object> flat = new ArrayList<>();
            for (SessionRef session : left) {
                flat.add(session.sessionId());
                flat.add(CallStateJson.userJson(session.user()));
            }
            lostSessions(holder, me, flat);
        });
    }

    /** Logs a Redis failure: at most one line a second, so that an outage does not flood the log. */
    void failure(String what, RuntimeException e) {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastFailureLog > TimeUnit.SECONDS.toNanos(1)) {
            lastFailureLog = now;
            LOG.log(Level.WARNING, "node {0}: {1} failed: {2}", me, what, String.valueOf(e));
        }
    }

    private void shutdownThreads() {
        ticks.shutdownNow();
        workers.shutdownNow();
        inboundThread.shutdownNow();
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private ThreadFactory threads(String role) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "dialtone-redis-" + settings.nodeId() + "-" + role + "-"
                    + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
