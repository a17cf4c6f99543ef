package dev.dialtone.conformance;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The server under test: its WebSocket URL, or the URLs of the nodes of a cluster that acts as one server, and where
 * the kit gets tokens for the users it makes up.
 *
 * <pre>{@code
 * ConformanceTarget target = ConformanceTarget.of("ws://127.0.0.1:8080/ws/call/",
 *         TokenSource.hmacSecret(System.getenv("JWT_SECRET")));
 * // a cluster: the kit spreads its users' sessions over the nodes
 * ConformanceTarget cluster = ConformanceTarget.of(List.of(URI.create("ws://10.0.0.1:8081/ws/call/"),
 *         URI.create("ws://10.0.0.2:8081/ws/call/")), TokenSource.hmacSecret(System.getenv("JWT_SECRET")));
 * }</pre>
 *
 * <p>With several URLs, every case opens its connections on the URLs in turn (the first connection of a case on the
 * first URL, the next on the second, and so on), so a caller and a callee are on different nodes, so are a user's two
 * sessions, and a resume goes to another node than the one that dropped. Every node must answer exactly as one server
 * would.
 *
 * <p>Immutable.
 */
public final class ConformanceTarget {

    private final List<URI> urls;
    private final TokenSource tokens;
    private final Duration ringTimeout;

    private ConformanceTarget(List<URI> urls, TokenSource tokens, Duration ringTimeout) {
        this.urls = urls;
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
        return of(List.of(url), tokens);
    }

    /**
     * A target of several nodes that act as one server (a cluster behind no shared address).
     *
     * @param urls each node's WebSocket URL, {@code ws://host:port/ws/call/} (no query); at least one, no repeats
     * @param tokens the token source, accepted by every node
     * @throws IllegalArgumentException if the list is empty, repeats a URL, or a URL is not a ws or wss URL without a
     *     query
     */
    public static ConformanceTarget of(List<URI> urls, TokenSource tokens) {
        Objects.requireNonNull(urls, "urls");
        Objects.requireNonNull(tokens, "tokens");
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("give the server's URL, or each node's");
        }
        List<URI> checked = new ArrayList<>();
        for (URI url : urls) {
            requireEndpoint(Objects.requireNonNull(url, "urls contains null"));
            if (checked.contains(url)) {
                throw new IllegalArgumentException("the URL " + url + " is given twice");
            }
            checked.add(url);
        }
        return new ConformanceTarget(List.copyOf(checked), tokens, null);
    }

    private static void requireEndpoint(URI url) {
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
        return new ConformanceTarget(urls, tokens, ringTimeout);
    }

    /** The WebSocket URL; the first node's when there are several. */
    public URI url() {
        return urls.get(0);
    }

    /** Every node's WebSocket URL, in the order given; one for a single server. */
    public List<URI> urls() {
        return urls;
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
        String where = urls.size() == 1 ? urls.get(0).toString()
                : urls.stream().map(URI::toString).collect(java.util.stream.Collectors.joining(" + "));
        return where + " (" + tokens + ")";
    }
}
