package dev.dialtone.server.redis;

import dev.dialtone.server.SignalingEngine;
import dev.dialtone.server.redis.internal.ClusterNode;
import dev.dialtone.server.redis.internal.NodeSettings;
import dev.dialtone.server.redis.internal.RedisRateLimit;
import dev.dialtone.server.spi.CallStore;
import dev.dialtone.server.spi.CallTimers;
import dev.dialtone.server.spi.Presence;
import dev.dialtone.server.spi.RateLimitPolicy;
import dev.dialtone.server.spi.SessionHandoff;
import dev.dialtone.server.spi.SessionRouter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One node of a Dialtone cluster: several nodes that share one Redis act as one signaling server. Users connected to
 * different nodes call each other as if there were one server; the engine does not know it runs in a cluster, it is
 * only wired with this node's implementations of the SPI.
 *
 * <pre>{@code
 * RedisCluster node = RedisCluster.builder()
 *         .redisUri("redis://127.0.0.1:6379")
 *         .nodeId("n1")
 *         .start();
 * SignalingEngine engine = node.configure(SignalingEngine.builder().authenticator(authenticator)).build();
 * ...
 * engine.shutdown(); // ends this node's calls (server_shutdown), closes its connections
 * node.close();      // then leaves the cluster
 * }</pre>
 *
 * <p>What each part does:
 * <ul>
 *   <li>{@link #presence()}: every user's connected sessions and their nodes, in Redis; sessions of a node whose
 *       heartbeat expired are left out at once.
 *   <li>{@link #router()}: a pub/sub channel per node; a call's events are published by the same Redis script that
 *       stores the call's transition, so they reach every node in the order the call's inputs were decided (R3.9).
 *   <li>{@link #callStore()}: call state in Redis, decided by whichever node an input arrives at, under optimistic
 *       transactions (a Lua script stores a transition, its events, timers and user releases only if the call did not
 *       change meanwhile); the first answer wins across nodes (R5.2) and a call ends, and leaves its record, once
 *       (R7.1).
 *   <li>{@link #callTimers()}: ring and grace timers in a Redis sorted set that every node polls; each firing is
 *       claimed in the call's transaction, so a timer fires once for the whole cluster, also if the node that took it
 *       dies.
 *   <li>{@link #sessionHandoff()}: resume on another node (R6.3): the node holding the session hands over its
 *       {@code seq} counter and kept events.
 * </ul>
 *
 * <p>Failures: every node refreshes a heartbeat key with a TTL ({@link Builder#nodeTimeout}). When a node stops
 * (crash, kill, lost network), another node notices within about {@code nodeTimeout + heartbeatInterval}, and each
 * session the dead node held is lost: its call goes through the call machine as if the session's resume grace had run
 * out, so the surviving party gets {@code call_ended} {@code peer_disconnected} and the call's one record is saved
 * (by the node that ended it). When Redis restarts or is unreachable for a while, the nodes reconnect by themselves;
 * meanwhile what they cannot carry out fails: the client whose action could not be applied gets {@code error}
 * {@code internal}, and what cannot be delivered is logged. A Redis that comes back empty is filled again by the
 * nodes (their sessions, presence, and the calls they take part in), so that calls go on.
 *
 * <p>Thread-safe.
 */
public final class RedisCluster implements AutoCloseable {

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final ClusterNode node;

    private RedisCluster(ClusterNode node) {
        this.node = node;
    }

    /** A builder; the Redis URI and the node id are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** This node's id. */
    public String nodeId() {
        return node.nodeId();
    }

    /** Presence across the cluster. */
    public Presence presence() {
        return node.presence();
    }

    /** Routing of events to sessions on any node. */
    public SessionRouter router() {
        return node.router();
    }

    /** Live calls in Redis, decided by any node. */
    public CallStore callStore() {
        return node.callStore();
    }

    /** Ring and grace timers that fire once in the cluster. */
    public CallTimers callTimers() {
        return node.callTimers();
    }

    /** Resume on another node. */
    public SessionHandoff sessionHandoff() {
        return node.sessionHandoff();
    }

    /**
     * The {@code start_call} rate limit (R8.8) for the whole cluster: at most {@code max} per user in any sliding
     * {@code window}, counted across the user's sessions on every node.
     */
    public RateLimitPolicy rateLimit(int max, Duration window) {
        return new RedisRateLimit(node, max, window);
    }

    /**
     * Wires {@code engine} with this node's presence, router, call store, call timers and session hand-off, and the
     * protocol's default rate limit counted for the whole cluster ({@link #rateLimit}: 10 per 60 s; set another
     * after this call). Give each node's engine the same call policy (ring timeout, resume grace). The record store
     * stays the engine's choice: a shared durable one (such as the JDBC store), so that every node lists the same
     * history.
     *
     * @return {@code engine}
     */
    public SignalingEngine.Builder configure(SignalingEngine.Builder engine) {
        return engine.presence(presence())
                .router(router())
                .callStore(callStore())
                .callTimers(callTimers())
                .sessionHandoff(sessionHandoff())
                .rateLimit(rateLimit(10, Duration.ofSeconds(60)));
    }

    /**
     * Leaves the cluster: stops the heartbeat, removes it from Redis and disconnects. Shut the engine down first
     * ({@link SignalingEngine#shutdown()}): that ends this node's calls and closes its connections. Calls of sessions
     * this node still holds when it leaves are ended by the other nodes, as after a crash. Idempotent.
     */
    @Override
    public void close() {
        node.leave();
    }

    /** Stops as a crash would, for tests of node failure: no sign-off, no clean-up, the connections just close. */
    void crash() {
        node.crash();
    }

    /** Configures a {@link RedisCluster} node; {@link #start()} names whatever is missing. Not thread-safe. */
    public static final class Builder {
        private String redisUri;
        private String nodeId;
        private String keyPrefix = "dialtone";
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private Duration nodeTimeout = Duration.ofSeconds(5);
        private Duration commandTimeout = Duration.ofSeconds(2);
        private Duration timerPollInterval = Duration.ofMillis(50);
        private Duration timerLease = Duration.ofSeconds(5);

        private Builder() {
        }

        /** Required: the Redis all nodes share, such as {@code redis://127.0.0.1:6379} (standalone or primary). */
        public Builder redisUri(String redisUri) {
            this.redisUri = redisUri;
            return this;
        }

        /** Same as {@link #redisUri(String)}. */
        public Builder redisUri(URI redisUri) {
            this.redisUri = redisUri == null ? null : redisUri.toString();
            return this;
        }

        /** Required: this node's id, unique in the cluster: 1 to 64 of {@code [A-Za-z0-9._-]}. */
        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        /** The prefix of every Redis key and channel; default {@code dialtone}. Clusters sharing a Redis differ in it. */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
            return this;
        }

        /** How often the node beats and looks for dead nodes; default 1 s. */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        /**
         * How long a heartbeat lasts, default 5 s: a node that has not beaten for this long is dead, and its calls end
         * for the surviving parties within about this plus the heartbeat interval. At least twice the interval.
         */
        public Builder nodeTimeout(Duration nodeTimeout) {
            this.nodeTimeout = nodeTimeout;
            return this;
        }

        /** How long one Redis command (or a hand-over between nodes) may take; default 2 s. */
        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
            return this;
        }

        /** How often the node looks for due ring and grace timers (their precision); default 50 ms. */
        public Builder timerPollInterval(Duration timerPollInterval) {
            this.timerPollInterval = timerPollInterval;
            return this;
        }

        /** How long a due timer a node took stays with it before another node may fire it; default 5 s. */
        public Builder timerLease(Duration timerLease) {
            this.timerLease = timerLease;
            return this;
        }

        /**
         * Connects to Redis and joins the cluster.
         *
         * @throws IllegalStateException naming everything missing or out of range
         * @throws io.lettuce.core.RedisException (a {@link RuntimeException}) if Redis cannot be reached
         */
        public RedisCluster start() {
            List<String> problems = new ArrayList<>();
            if (redisUri == null || redisUri.isBlank()) {
                problems.add("redisUri is missing (for example redis://127.0.0.1:6379)");
            } else if (!redisUri.startsWith("redis://") && !redisUri.startsWith("rediss://")
                    && !redisUri.startsWith("redis-socket://") && !redisUri.startsWith("redis-sentinel://")) {
                problems.add("redisUri '" + redisUri.replaceAll("//[^@/]*@", "//***@")
                        + "' is not a redis://, rediss://, redis-socket:// or redis-sentinel:// URI");
            }
            if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
                problems.add("nodeId is " + (nodeId == null ? "missing" : "'" + nodeId + "'")
                        + "; 1 to 64 of [A-Za-z0-9._-], unique in the cluster");
            }
            if (keyPrefix == null || !PREFIX.matcher(keyPrefix).matches()) {
                problems.add("keyPrefix is " + keyPrefix + "; 1 to 64 of [A-Za-z0-9._:-]");
            }
            checkPositive(problems, "heartbeatInterval", heartbeatInterval);
            checkPositive(problems, "nodeTimeout", nodeTimeout);
            checkPositive(problems, "commandTimeout", commandTimeout);
            checkPositive(problems, "timerPollInterval", timerPollInterval);
            checkPositive(problems, "timerLease", timerLease);
            if (heartbeatInterval != null && nodeTimeout != null
                    && nodeTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
                problems.add("nodeTimeout " + nodeTimeout.toMillis() + " ms is less than twice the heartbeat interval "
                        + heartbeatInterval.toMillis() + " ms");
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("cannot join the cluster: " + String.join("; ", problems));
            }
            return new RedisCluster(ClusterNode.start(new NodeSettings(redisUri, nodeId, keyPrefix,
                    heartbeatInterval, nodeTimeout, commandTimeout, timerPollInterval, timerLease)));
        }

        private static void checkPositive(List<String> problems, String name, Duration value) {
            if (value == null || value.isZero() || value.isNegative()) {
                problems.add(name + " is " + value + "; a positive duration");
            }
        }
    }
}
