package dev.dialtone.server.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The node's two connections to Redis (Lettuce): one for commands and scripts, shared by every thread (Lettuce
 * pipelines commands of one connection in the order they are issued), and one subscribed to this node's channel.
 * Both reconnect by themselves after a Redis restart or a network failure; while disconnected, commands fail at once
 * (they are not queued), so a caller learns that its action could not be carried out.
 */
final class RedisLink implements AutoCloseable {

    private static final String[] NO_KEYS = new String[0];

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> subscription;

    /**
     * Connects.
     *
     * @param uri the Redis URI
     * @param commandTimeout how long a command may take
     * @param channel this node's channel, subscribed at once
     * @param onMessage gets each message of the channel, in order, on a Lettuce I/O thread; it must not block (and
     *     never wait for a Redis command, whose reply that thread may be the one to read)
     * @param onReconnect called (on a Lettuce thread) whenever a connection comes back after a drop
     * @throws io.lettuce.core.RedisException if Redis cannot be reached
     */
    RedisLink(String uri, Duration commandTimeout, String channel, BiConsumer<String, String> onMessage,
            Runnable onReconnect) {
        resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        RedisURI redisUri = RedisURI.create(uri);
        redisUri.setTimeout(commandTimeout);
        client = RedisClient.create(resources, redisUri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).keepAlive(true).build())
                .build());
        try {
            commands = client.connect();
            subscription = client.connectPubSub();
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ZERO);
            resources.shutdown(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                onMessage.accept(from, message);
            }
        });
        subscription.sync().subscribe(channel);
        RedisConnectionStateListener reconnects = new RedisConnectionStateListener() {
            private volatile boolean dropped;

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                dropped = true;
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                if (dropped) {
                    onReconnect.run();
                }
            }
        };
        client.addListener(reconnects);
    }

    /** Synchronous commands on the shared connection. */
    RedisCommands<String, String> sync() {
        return commands.sync();
    }

    /** Runs a script (by its SHA-1; loaded on first use and again after a Redis restart emptied the script cache). */
    @SuppressWarnings("unchecked")
    <T> T eval(Script script, ScriptOutputType type, String... args) {
        RedisCommands<String, String> sync = commands.sync();
        try {
            return (T) sync.evalsha(script.sha, type, NO_KEYS, args);
        } catch (RedisNoScriptException e) {
            return (T) sync.eval(script.source, type, NO_KEYS, args);
        }
    }

    /** A script returning an array. */
    List<Object> evalList(Script script, String... args) {
        return eval(script, ScriptOutputType.MULTI, args);
    }

    /** A script returning an integer. */
    long evalLong(Script script, String... args) {
        Long result = eval(script, ScriptOutputType.INTEGER, args);
        return result == null ? 0 : result;
    }

    /** Closes both connections at once, as a crash would (nothing is cleaned up in Redis). */
    @Override
    public void close() {
        try {
            subscription.close();
        } catch (RuntimeException e) {
            // closing anyway
        }
        try {
            commands.close();
        } catch (RuntimeException e) {
            // closing anyway
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
