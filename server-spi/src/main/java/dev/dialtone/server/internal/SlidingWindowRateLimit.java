package dev.dialtone.server.internal;

import dev.dialtone.protocol.UserId;
import dev.dialtone.server.spi.RateLimitPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/** At most {@code max} calls per user in any window of {@code window}, counted in memory. */
public final class SlidingWindowRateLimit implements RateLimitPolicy {

    private final int max;
    private final Duration window;
    private final ConcurrentHashMap<UserId, ArrayDeque<Instant>> starts = new ConcurrentHashMap<>();

    public SlidingWindowRateLimit(int max, Duration window) {
        if (max < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("max >= 1 and a positive window");
        }
        this.max = max;
        this.window = window;
    }

    @Override
    public boolean tryStartCall(UserId user, Instant now) {
        boolean[] allowed = new boolean[1];
        starts.compute(user, (u, times) -> {
            ArrayDeque<Instant> recent = times == null ? new ArrayDeque<>() : times;
            Instant horizon = now.minus(window);
            while (!recent.isEmpty() && !recent.peekFirst().isAfter(horizon)) {
                recent.pollFirst();
            }
            allowed[0] = recent.size() < max;
            if (allowed[0]) {
                recent.addLast(now);
            }
            return recent.isEmpty() ? null : recent;
        });
        return allowed[0];
    }
}
