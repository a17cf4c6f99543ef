package dev.dialtone.server.redis.internal;

import dev.dialtone.protocol.UserId;
import dev.dialtone.server.spi.RateLimitPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The {@code start_call} rate limit of R8.8 for the whole cluster: at most {@code max} per user in any sliding window,
 * counted across all the user's sessions on every node (a sorted set per user in Redis).
 */
public final class RedisRateLimit implements RateLimitPolicy {

    private final ClusterNode node;
    private final int max;
    private final Duration window;

    public RedisRateLimit(ClusterNode node, int max, Duration window) {
        if (max < 1 || window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("max >= 1 and a positive window");
        }
        this.node = node;
        this.max = max;
        this.window = window;
    }

    @Override
    public boolean tryStartCall(UserId user, Instant now) {
        return node.link.evalLong(Script.RATE, node.prefix, user.value(), Long.toString(now.toEpochMilli()),
                Long.toString(window.toMillis()), Integer.toString(max), UUID.randomUUID().toString()) == 1;
    }
}
