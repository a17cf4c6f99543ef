package dev.dialtone.conformance;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The server under test: its WebSocket URL and where the kit gets tokens for the users it makes up.
 *
 * <pre>{@code
 * ConformanceTarget target = ConformanceTarget.of("ws://127.0.0.1:8080/ws/call/",
 *         TokenSource.hmacSecret(System.getenv("JWT_SECRET")));
 * }</pre>
 *
 * <p>Immutable.
 */
public final class ConformanceTarget {

    private final URI url;
    private final TokenSource tokens;
    private final Duration ringTimeout;

    private ConformanceTarget(URI url, TokenSource tokens, Duration ringTimeout) {
        this.url = url;
        this.tokens = tokens;
        this.ringTimeout = ringTimeout;
    }

    /**
     * A target.
     *
     * @param url the WebSocket URL, {@code ws://host:port/ws/call/} (no query)
     * @param tokens the token source
     * @throws IllegalArgumentException if the URL is not a ws or wss URL without a query
     */
    public static ConformanceTarget of(URI url, TokenSource tokens) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(tokens, "tokens");
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("ws") || scheme.equals("wss"))) {
            throw new IllegalArgumentException("the server's URL is a ws:// or wss:// URL, like "
                    + "ws://127.0.0.1:8080/ws/call/; not " + url);
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("the URL has no host: " + url);
        }
        if (url.getRawQuery() != null) {
            throw new IllegalArgumentException("give the URL without a query (the kit adds ?token=...): " + url);
        }
        return new ConformanceTarget(url, tokens, null);
    }

    /** A target from URL text; see {@link #of(URI, TokenSource)}. */
    public static ConformanceTarget of(String url, TokenSource tokens) {
        try {
            return of(URI.create(url), tokens);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("the") ? e.getMessage()
                    : "not a URL: " + url, e);
        }
    }

    /**
     * This target, telling the kit the ring timeout the server is configured with; the kit checks that
     * {@code welcome.ring_timeout_ms} says the same (R1.6). Servers announce it anyway; give it so that a misconfigured
     * server (30 s) is caught before missed-call cases wait that long.
     */
    public ConformanceTarget withRingTimeout(Duration ringTimeout) {
        Objects.requireNonNull(ringTimeout, "ringTimeout");
        if (ringTimeout.isNegative() || ringTimeout.isZero()) {
            throw new IllegalArgumentException("the ring timeout is positive");
        }
        return new ConformanceTarget(url, tokens, ringTimeout);
    }

    /** The WebSocket URL. */
    public URI url() {
        return url;
    }

    /** The token source. */
    public TokenSource tokens() {
        return tokens;
    }

    /** The ring timeout the server is said to have, if given. */
    public Optional<Duration> ringTimeout() {
        return Optional.ofNullable(ringTimeout);
    }

    @Override
    public String toString() {
        return url + " (" + tokens + ")";
    }
}
