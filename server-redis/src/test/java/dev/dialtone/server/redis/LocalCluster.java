package dev.dialtone.server.redis;

import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.SignalingEngine;
import dev.dialtone.server.spi.CallRecordStore;
import dev.dialtone.server.spi.Scheduler;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * N Dialtone nodes in one JVM that act as one server over one Redis: each a {@link SignalingEngine} wired by its own
 * {@link RedisCluster} node, behind its own WebSocket listener on 127.0.0.1 and a free port. For tests of the cluster
 * and for the conformance kit ({@code --url A --url B}: {@link #webSocketUris()}).
 *
 * <pre>{@code
 * try (RedisServerProcess redis = RedisServerProcess.start();
 *      LocalCluster cluster = LocalCluster.builder()
 *              .redisUri(redis.uri())
 *              .nodes(2)
 *              .engine(nodeId -> SignalingEngine.builder().authenticator(authenticator))
 *              .start()) {
 *     List<URI> urls = cluster.webSocketUris(); // ws://127.0.0.1:<port>/ws/call/, one per node
 * }
 * }</pre>
 *
 * <p>All nodes save records to one shared store ({@link #records()}, in memory unless another is given), as a
 * cluster with a shared database does; it counts every save, so that tests can check that each call was saved once.
 * Each cluster uses its own key prefix, so that several can share one Redis.
 */
public final class LocalCluster implements AutoCloseable {

    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private final CountingRecords records;
    private final Builder settings;
    private final String keyPrefix;

    private LocalCluster(Builder settings) {
        this.settings = settings;
        this.records = new CountingRecords(settings.records != null ? settings.records : CallRecordStore.inMemory());
        this.keyPrefix = settings.keyPrefix != null ? settings.keyPrefix
                : "dialtone-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The nodes, in the order started (their ids are n1, n2, ...). */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** Node {@code i}, counting from 0. */
    public Node node(int i) {
        return nodes.get(i);
    }

    /** Where clients connect to each node: {@code ws://127.0.0.1:<port>/ws/call/}. */
    public List<URI> webSocketUris() {
        List<URI> uris = new ArrayList<>();
        for (Node node : nodes) {
            if (node.isRunning()) {
                uris.add(node.webSocketUri());
            }
        }
        return uris;
    }

    /** The record store all nodes share. */
    public CountingRecords records() {
        return records;
    }

    /** The Redis key prefix of this cluster. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** Starts one more node, {@code n<k>}. */
    public Node addNode() {
        Node node = new Node("n" + (nodes.size() + 1));
        nodes.add(node);
        return node;
    }

    /** Shuts every running node down gracefully (engine, listener, cluster membership). */
    @Override
    public void close() {
        RuntimeException first = null;
        for (Node node : nodes) {
            try {
                node.shutdown();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** One node: an engine, its listener and its cluster membership. */
    public final class Node {
        private final String nodeId;
        private final RedisCluster cluster;
        private final SignalingEngine engine;
        private final WebSocketHost host;
        private final ScheduledThreadPoolExecutor scheduler;
        private volatile boolean running = true;

        private Node(String nodeId) {
            this.nodeId = nodeId;
            RedisCluster.Builder clusterBuilder = RedisCluster.builder()
                    .redisUri(settings.redisUri)
                    .nodeId(nodeId)
                    .keyPrefix(keyPrefix)
                    .heartbeatInterval(Duration.ofMillis(200))
                    .nodeTimeout(Duration.ofMillis(1000))
                    .timerPollInterval(Duration.ofMillis(20));
            this.cluster = settings.cluster.apply(clusterBuilder).start();
            this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "dialtone-test-scheduler-" + nodeId);
                thread.setDaemon(true);
                return thread;
            });
            scheduler.setRemoveOnCancelPolicy(true);
            SignalingEngine built;
            try {
                built = cluster.configure(settings.engine.apply(nodeId))
                        .rateLimit(cluster.rateLimit(settings.maxStartsPerWindow, settings.rateWindow))
                        .recordStore(records)
                        .scheduler(new ExecutorSchedulerAdapter(scheduler))
                        .build();
            } catch (RuntimeException e) {
                cluster.close();
                scheduler.shutdownNow();
                throw e;
            }
            this.engine = built;
            this.host = new WebSocketHost(engine);
        }

        public String nodeId() {
            return nodeId;
        }

        public URI webSocketUri() {
            return host.webSocketUri();
        }

        public SignalingEngine engine() {
            return engine;
        }

        public RedisCluster cluster() {
            return cluster;
        }

        public boolean isRunning() {
            return running;
        }

        /** Graceful: the engine ends this node's calls and closes its connections, then the node leaves. */
        public synchronized void shutdown() {
            if (!running) {
                return;
            }
            running = false;
            try {
                engine.shutdown();
                awaitClientsGone();
            } finally {
                host.stop();
                cluster.close();
                scheduler.shutdownNow();
            }
        }

        /** Gives clients a moment to answer the engine's close frames (as DialtoneServer does), on the engine's count. */
        private void awaitClientsGone() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (engine.openConnections() > 0 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        }

        /**
         * A crash: the node's Redis connections close without a sign-off and its listener drops every connection,
         * without the engine's shutdown. The other nodes find out by its missing heartbeat.
         */
        public synchronized void crash() {
            if (!running) {
                return;
            }
            running = false;
            cluster.crash();
            scheduler.shutdownNow();
            host.stop();
        }
    }

    /** A {@link Scheduler} on an executor the fixture owns (stopped with its node, also on a crash). */
    private static final class ExecutorSchedulerAdapter implements Scheduler {
        private final ScheduledThreadPoolExecutor executor;

        ExecutorSchedulerAdapter(ScheduledThreadPoolExecutor executor) {
            this.executor = executor;
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            try {
                ScheduledFuture<?> future = executor.schedule(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        System.getLogger("dev.dialtone.server.redis.test").log(System.Logger.Level.WARNING,
                                "a scheduled task failed", e);
                    }
                }, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return () -> { };
            }
        }
    }

    /** A record store shared by the nodes that counts every save of every call. */
    public static final class CountingRecords implements CallRecordStore {
        private final CallRecordStore delegate;
        private final Map<CallId, List<CallRecord>> saves = new ConcurrentHashMap<>();

        CountingRecords(CallRecordStore delegate) {
            this.delegate = Objects.requireNonNull(delegate);
        }

        @Override
        public void save(CallRecord record) {
            delegate.save(record);
            saves.computeIfAbsent(record.callId(), id -> new CopyOnWriteArrayList<>()).add(record);
            synchronized (this) {
                notifyAll();
            }
        }

        /**
         * Waits until call {@code callId} has a record (waiting on the saves, not sleeping).
         *
         * @return every save of it so far; empty if none came within {@code timeout}
         */
        public List<CallRecord> awaitSaved(String callId, Duration timeout) {
            CallId id = CallId.of(callId);
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (this) {
                while (saves.getOrDefault(id, List.of()).isEmpty()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            return savesOf(id);
        }

        @Override
        public void opened(CallInfo call) {
            delegate.opened(call);
        }

        @Override
        public void answered(CallId callId, Instant at) {
            delegate.answered(callId, at);
        }

        @Override
        public void touched(CallId callId, Instant at) {
            delegate.touched(callId, at);
        }

        @Override
        public List<CallRecord> history(UserId user, int limit, CallId before) {
            return delegate.history(user, limit, before);
        }

        /** Every save of a call's record, in order (exactly one for every ended call, R7.1). */
        public List<CallRecord> savesOf(CallId callId) {
            return List.copyOf(saves.getOrDefault(callId, List.of()));
        }

        /** Every save of a call's record; by its text id. */
        public List<CallRecord> savesOf(String callId) {
            return savesOf(CallId.of(callId));
        }
    }

    /** Configures a {@link LocalCluster}; {@link #start()} starts its nodes. */
    public static final class Builder {
        private String redisUri;
        private int nodes = 2;
        private Function<String, SignalingEngine.Builder> engine;
        private UnaryOperator<RedisCluster.Builder> cluster = UnaryOperator.identity();
        private CallRecordStore records;
        private String keyPrefix;
        private int maxStartsPerWindow = 10;
        private Duration rateWindow = Duration.ofSeconds(60);

        private Builder() {
        }

        /** The cluster-wide start_call rate limit of each node (R8.8); default the protocol's 10 per 60 s. */
        public Builder rateLimit(int maxStarts, Duration window) {
            this.maxStartsPerWindow = maxStarts;
            this.rateWindow = window;
            return this;
        }

        /** Required: the Redis the nodes share. */
        public Builder redisUri(URI redisUri) {
            this.redisUri = redisUri.toString();
            return this;
        }

        /** Same as {@link #redisUri(URI)}. */
        public Builder redisUri(String redisUri) {
            this.redisUri = redisUri;
            return this;
        }

        /** How many nodes; default 2. */
        public Builder nodes(int nodes) {
            this.nodes = nodes;
            return this;
        }

        /**
         * Required: each node's engine builder, given the node id (with an authenticator, and the same call policy
         * on every node). The fixture adds the cluster's SPI, the rate limit ({@link #rateLimit}), the shared record
         * store and a scheduler.
         */
        public Builder engine(Function<String, SignalingEngine.Builder> engine) {
            this.engine = engine;
            return this;
        }

        /**
         * Changes each node's cluster settings; the fixture's defaults detect a dead node fast (heartbeat 200 ms,
         * node timeout 1 s, timers polled every 20 ms).
         */
        public Builder cluster(UnaryOperator<RedisCluster.Builder> cluster) {
            this.cluster = cluster;
            return this;
        }

        /** The record store all nodes share; default in memory. */
        public Builder records(CallRecordStore records) {
            this.records = records;
            return this;
        }

        /** The Redis key prefix; default a random one per cluster. */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
            return this;
        }

        public LocalCluster start() {
            if (redisUri == null || engine == null || nodes < 1) {
                throw new IllegalStateException("a local cluster needs a Redis URI, an engine builder and 1 node or "
                        + "more");
            }
            LocalCluster cluster = new LocalCluster(this);
            try {
                for (int i = 0; i < nodes; i++) {
                    cluster.addNode();
                }
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            return cluster;
        }
    }
}
