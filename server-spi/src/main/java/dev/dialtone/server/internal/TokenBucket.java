package dev.dialtone.server.internal;

import java.time.Instant;

/** A token bucket for one connection's message rate (R8.16); guarded by the caller's serial use. */
final class TokenBucket {

    private final double perSecond;
    private final double capacity;
    private double tokens;
    private long lastNanos;
    private boolean started;

    TokenBucket(int perSecond) {
        this.perSecond = perSecond;
        // One second's worth of burst on top of the steady rate absorbs a browser's burst of ICE candidates.
        this.capacity = perSecond;
        this.tokens = perSecond;
    }

    synchronized boolean tryTake(Instant now) {
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        if (started) {
            double elapsed = Math.max(0, nanos - lastNanos) / 1e9;
            tokens = Math.min(capacity, tokens + elapsed * perSecond);
        }
        started = true;
        lastNanos = nanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
