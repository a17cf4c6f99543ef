package dev.dialtone.server.redis.internal;

import java.time.Duration;

/**
 * How one node joins the cluster; checked by the public builder.
 *
 * @param redisUri the Redis to use, such as {@code redis://127.0.0.1:6379}
 * @param nodeId this node's id, unique in the cluster
 * @param keyPrefix the prefix of every key and channel
 * @param heartbeatInterval how often the node beats and looks for dead nodes
 * @param nodeTimeout how long a node's heartbeat lasts: a node silent this long is dead
 * @param commandTimeout how long one Redis command may take
 * @param timerPollInterval how often the node looks for due call timers
 * @param timerLease how long a timer a node took stays with it before another node may fire it
 */
public record NodeSettings(String redisUri, String nodeId, String keyPrefix, Duration heartbeatInterval,
        Duration nodeTimeout, Duration commandTimeout, Duration timerPollInterval, Duration timerLease) {
}
