package dev.dialtone.client;

import java.time.Duration;
import java.util.Objects;

/**
 * When a {@link DialtoneClient} tries again after its connection dropped unexpectedly (R6.8): exponential backoff
 * with jitter, or never.
 *
 * <p>The delay before reconnect attempt {@code n} (1 for the first attempt after a drop) is
 * {@code min(maxDelay, initialDelay * factor^(n-1)) * (1 - jitter * r)}, with {@code r} drawn uniformly from
 * {@code [0, 1)} for each attempt: with the defaults (250 ms, 10 s, factor 2, jitter 0.5) the first attempt comes after
 * 125 to 250 ms, the second after 250 to 500 ms, and from the seventh on after 5 to 10 s. The attempt count starts
 * again after every {@code welcome}. The client never reconnects after a final close code (4001, 4003, 4006, 4009;
 * 4010 only with a new token from the token supplier; Appendix E), whatever the policy.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReconnectPolicy {

    /** The first delay unless configured. */
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(250);
    /** The longest delay unless configured. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(10);
    /** The growth factor unless configured. */
    public static final double DEFAULT_FACTOR = 2.0;
    /** The jitter unless configured: delays are cut by a random 0 to 50 %. */
    public static final double DEFAULT_JITTER = 0.5;

    private static final ReconnectPolicy NONE = new ReconnectPolicy(false, DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY,
            DEFAULT_FACTOR, DEFAULT_JITTER, 0);

    private final boolean enabled;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double factor;
    private final double jitter;
    private final int maxAttempts;

    private ReconnectPolicy(boolean enabled, Duration initialDelay, Duration maxDelay, double factor, double jitter,
            int maxAttempts) {
        this.enabled = enabled;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.factor = factor;
        this.jitter = jitter;
        this.maxAttempts = maxAttempts;
    }

    /** Exponential backoff with the defaults: 250 ms, doubling up to 10 s, jitter 0.5, attempts without limit. */
    public static ReconnectPolicy exponentialBackoff() {
        return exponentialBackoff(DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY, DEFAULT_FACTOR, DEFAULT_JITTER);
    }

    /**
     * Exponential backoff with jitter, attempts without limit (see {@link #withMaxAttempts(int)}).
     *
     * @param initialDelay the delay before the first attempt; zero or more
     * @param maxDelay the longest delay; not less than {@code initialDelay}
     * @param factor how much each delay grows; at least 1
     * @param jitter the largest random cut of a delay, from 0 (none) to 1 (a delay may shrink to nothing)
     * @throws IllegalArgumentException if a value is out of range
     */
    public static ReconnectPolicy exponentialBackoff(Duration initialDelay, Duration maxDelay, double factor,
            double jitter) {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay is not negative: " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay " + maxDelay + " is less than initialDelay " + initialDelay);
        }
        if (!(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor is at least 1: " + factor);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter is from 0 to 1: " + jitter);
        }
        return new ReconnectPolicy(true, initialDelay, maxDelay, factor, jitter, Integer.MAX_VALUE);
    }

    /** Never reconnect: the first unexpected drop closes the client, and its live calls end with CONNECTION_LOST. */
    public static ReconnectPolicy none() {
        return NONE;
    }

    /**
     * This policy, giving up after {@code maxAttempts} failed attempts in a row; the client then closes with the
     * last failure.
     *
     * @param maxAttempts at least 1
     * @throws IllegalStateException on {@link #none()}
     */
    public ReconnectPolicy withMaxAttempts(int maxAttempts) {
        if (!enabled) {
            throw new IllegalStateException("ReconnectPolicy.none() makes no attempts");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts is at least 1: " + maxAttempts);
        }
        return new ReconnectPolicy(true, initialDelay, maxDelay, factor, jitter, maxAttempts);
    }

    /** Whether the client reconnects at all. */
    public boolean isEnabled() {
        return enabled;
    }

    /** How many failed attempts in a row the client makes before it gives up; 0 for {@link #none()}. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The delay before the first attempt. */
    public Duration initialDelay() {
        return initialDelay;
    }

    /** The longest delay. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** How much each delay grows. */
    public double factor() {
        return factor;
    }

    /** The largest random cut of a delay. */
    public double jitter() {
        return jitter;
    }

    /**
     * The delay before attempt {@code attempt}, for the random draw {@code random}.
     *
     * @param attempt 1 for the first attempt after a drop
     * @param random a number in {@code [0, 1)}
     * @return the delay; never negative
     * @throws IllegalArgumentException if {@code attempt} is below 1 or {@code random} is outside {@code [0, 1)}
     * @throws IllegalStateException on {@link #none()}
     */
    public Duration delayBeforeAttempt(int attempt, double random) {
        if (!enabled) {
            throw new IllegalStateException("ReconnectPolicy.none() makes no attempts");
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1: " + attempt);
        }
        if (!(random >= 0.0 && random < 1.0)) {
            throw new IllegalArgumentException("random is in [0, 1): " + random);
        }
        double maxNanos = maxDelay.toNanos();
        double base = initialDelay.toNanos() * Math.pow(factor, attempt - 1.0);
        double capped = Math.min(maxNanos, base);
        double jittered = capped * (1.0 - jitter * random);
        return Duration.ofNanos(Math.max(0L, Math.round(jittered)));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReconnectPolicy that && enabled == that.enabled
                && initialDelay.equals(that.initialDelay) && maxDelay.equals(that.maxDelay)
                && Double.compare(factor, that.factor) == 0 && Double.compare(jitter, that.jitter) == 0
                && maxAttempts == that.maxAttempts;
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, initialDelay, maxDelay, factor, jitter, maxAttempts);
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "ReconnectPolicy.none()";
        }
        return "ReconnectPolicy[initialDelay=" + initialDelay + ", maxDelay=" + maxDelay + ", factor=" + factor
                + ", jitter=" + jitter + (maxAttempts == Integer.MAX_VALUE ? "" : ", maxAttempts=" + maxAttempts)
                + "]";
    }
}
