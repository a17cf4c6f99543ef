package dev.dialtone.server.spi;

import java.time.Duration;
import dev.dialtone.server.internal.SlidingWindowRateLimit;
import dev.dialtone.protocol.UserId;
import java.time.Instant;

/**
 * Decides whether a user may place another call now (R8.8; seed 004 asks for rate limiting of call initiation).
 *
 * <p>Thread-safe.
 */
@FunctionalInterface
public interface RateLimitPolicy {

    /**
     * Counts one {@code start_call} of {@code user} at {@code now} if allowed.
     *
     * @return whether the call may be placed; when false the engine answers {@code rate_limited}
     */
    boolean tryStartCall(UserId user, Instant now);

    /** A policy that never limits. */
    static RateLimitPolicy unlimited() {
        return (user, now) -> true;
    }

    /** At most {@code max} calls per user in any sliding window of {@code window}, counted in memory on this node. */
    static RateLimitPolicy perUser(int max, Duration window) {
        return new SlidingWindowRateLimit(max, window);
    }
}
