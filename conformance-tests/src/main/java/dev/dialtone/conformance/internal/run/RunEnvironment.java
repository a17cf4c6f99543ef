package dev.dialtone.conformance.internal.run;

import dev.dialtone.conformance.TokenSource;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One run of the kit against one server: where it is, how to get tokens, the timeouts, and the facts learned from the
 * server. Shared by every case of the run; thread-safe.
 */
public final class RunEnvironment {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<URI> endpoints;
    private final TokenSource tokens;
    private final Duration timeout;
    private final Duration ringTimeoutHint;
    private final Path replayDirectory;
    private final long idBase;
    private final String tag;
    private final AtomicLong nextId = new AtomicLong();
    private final Supplier<ServerFacts> factsProbe;
    private volatile ServerFacts facts;

    /**
     * @param endpoints the WebSocket URLs, {@code ws://host:port/ws/call/}: one, or each node's of a cluster
     * @param tokens where tokens come from
     * @param timeout how long any expected event may take
     * @param ringTimeoutHint the ring timeout the user says the server has; null when not given
     * @param replayDirectory where failing cases write replay files
     * @param factsProbe learns the facts when no preflight did (connects one user)
     */
    public RunEnvironment(List<URI> endpoints, TokenSource tokens, Duration timeout, Duration ringTimeoutHint,
            Path replayDirectory, Supplier<ServerFacts> factsProbe) {
        this.endpoints = List.copyOf(endpoints);
        if (this.endpoints.isEmpty()) {
            throw new IllegalArgumentException("no endpoint");
        }
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.ringTimeoutHint = ringTimeoutHint;
        this.replayDirectory = replayDirectory;
        this.factsProbe = factsProbe;
        // Ids of this run: 12-digit numbers from a random base, so that runs against one long-lived server (and its
        // stored call records) never share a user.
        this.idBase = 100_000_000_000L + (long) (RANDOM.nextDouble() * 800_000_000_000L);
        this.tag = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }

    /** The first (or only) endpoint. */
    public URI endpoint() {
        return endpoints.get(0);
    }

    /** Every endpoint: one for a single server, each node's for a cluster. */
    public List<URI> endpoints() {
        return endpoints;
    }

    /** The endpoint a case's {@code n}th connection (from 0) goes to: the endpoints in turn. */
    public URI endpointOfConnection(int n) {
        return endpoints.get(Math.floorMod(n, endpoints.size()));
    }

    public TokenSource tokens() {
        return tokens;
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration ringTimeoutHint() {
        return ringTimeoutHint;
    }

    public Path replayDirectory() {
        return replayDirectory;
    }

    /** A new numeric user id text, unique in this run. */
    public String newNumericId() {
        return Long.toString(idBase + nextId.incrementAndGet() * 7);
    }

    /** A new string user id, unique in this run. */
    public String newStringId(String name) {
        return "k" + tag + "-" + name + "-" + nextId.incrementAndGet();
    }

    /** The facts announced by the server, learned once. */
    public ServerFacts facts() {
        ServerFacts known = facts;
        if (known == null) {
            synchronized (this) {
                if (facts == null) {
                    facts = factsProbe.get();
                }
                known = facts;
            }
        }
        return known;
    }

    /** Records the facts (from the preflight). */
    public void learned(ServerFacts learned) {
        this.facts = learned;
    }
}
