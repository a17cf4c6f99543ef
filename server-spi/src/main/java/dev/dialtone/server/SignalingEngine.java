package dev.dialtone.server;

import dev.dialtone.protocol.CallMachine;
import dev.dialtone.protocol.CallPolicy;
import dev.dialtone.protocol.Protocol;
import dev.dialtone.protocol.WireCodec;
import dev.dialtone.server.internal.EngineConfig;
import dev.dialtone.server.internal.EngineCore;
import dev.dialtone.server.internal.ExecutorScheduler;
import dev.dialtone.server.spi.Authenticator;
import dev.dialtone.server.spi.CallRecordStore;
import dev.dialtone.server.spi.CallStore;
import dev.dialtone.server.spi.CallTimers;
import dev.dialtone.server.spi.IdGenerator;
import dev.dialtone.server.spi.Presence;
import dev.dialtone.server.spi.RateLimitPolicy;
import dev.dialtone.server.spi.Scheduler;
import dev.dialtone.server.spi.SessionHandoff;
import dev.dialtone.server.spi.SessionRouter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Dialtone signaling engine: the imperative shell around the pure {@link CallMachine}. It authenticates
 * connections, keeps sessions for resume, decodes frames, gathers the facts the machine needs (who is online, who is
 * busy), applies the machine and carries out its effects through the SPI. It never trusts a sender id inside a
 * message: identity comes from the authenticated session (R1.9).
 *
 * <p>Transport-neutral: a container adapter ({@link DialtoneEndpoint} for Jakarta WebSocket) calls
 * {@link #connect} for each new socket and reports frames and closes to the returned {@link Connection}.
 *
 * <p>Thread-safe. Build it with {@link #builder()}; only the authenticator is required.
 */
public final class SignalingEngine implements AutoCloseable {

    private final EngineCore core;

    private SignalingEngine(EngineConfig config) {
        this.core = new EngineCore(config);
    }

    /** A builder with in-memory defaults for every SPI. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Accepts a new connection. Checks the Origin (R1.3), the credential (R1.2) and the protocol version (R1.7), closing
     * the transport with the documented close code if one fails; then opens a new session, or resumes the one named by
     * the request's resume token (R6.3), and sends {@code welcome}.
     *
     * @return where to report the connection's frames and close; never null
     */
    public Connection connect(ConnectRequest request, Transport transport) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(transport, "transport");
        return core.connect(request, transport);
    }

    /** The policy calls are decided with (ring timeout, resume grace, candidate buffer). */
    public CallPolicy callPolicy() {
        return core.config().machine().policy();
    }

    /** The largest text frame accepted, in bytes. */
    public int maxFrameBytes() {
        return core.config().maxFrameBytes();
    }

    /** How many connections are open now. */
    public int openConnections() {
        return core.openConnections();
    }

    /**
     * Shuts down gracefully: every live call ends with {@code call_ended} reason {@code server_shutdown} to its parties
     * and its record is saved, then every connection is closed with 1001 (R6.6, R8.14). New connections are refused.
     * Idempotent.
     */
    public void shutdown() {
        core.shutdown();
    }

    /** Same as {@link #shutdown()}. */
    @Override
    public void close() {
        shutdown();
    }

    /** Wires an engine; {@link #build()} names whatever is missing or inconsistent. Not thread-safe. */
    public static final class Builder {
        private Authenticator authenticator;
        private Presence presence;
        private SessionRouter router;
        private CallStore calls;
        private CallRecordStore records;
        private Scheduler scheduler;
        private CallTimers timers;
        private Clock clock = Clock.systemUTC();
        private IdGenerator ids;
        private RateLimitPolicy rateLimit;
        private CallPolicy callPolicy = CallPolicy.defaults();
        private OriginPolicy origins = OriginPolicy.sameOriginOnly();
        private int maxFrameBytes = Protocol.DEFAULT_MAX_FRAME_BYTES;
        private int maxMessagesPerSecond = 100;
        private Duration pingInterval = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(90);
        private int replayWindow = 512;
        private SessionHandoff handoff;

        private Builder() {
        }

        /** Required: checks credentials, such as {@link JwtAuthenticator}. */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = authenticator;
            return this;
        }

        /** Who is online; default in memory. */
        public Builder presence(Presence presence) {
            this.presence = presence;
            return this;
        }

        /** How events reach sessions; default: every session is on this node. */
        public Builder router(SessionRouter router) {
            this.router = router;
            return this;
        }

        /** How sessions move between nodes for a resume elsewhere; default none (a single node). */
        public Builder sessionHandoff(SessionHandoff handoff) {
            this.handoff = handoff;
            return this;
        }

        /** Where live calls are kept; default in memory. */
        public Builder callStore(CallStore calls) {
            this.calls = calls;
            return this;
        }

        /** Where call records go; default in memory (lost on exit). */
        public Builder recordStore(CallRecordStore records) {
            this.records = records;
            return this;
        }

        /** Runs timers; default one daemon thread, closed with the engine. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /** Runs ring and grace timers; default on the scheduler, this node only. */
        public Builder callTimers(CallTimers timers) {
            this.timers = timers;
            return this;
        }

        /** The time source; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Chooses call ids, session ids and resume tokens; default 128 random bits each. */
        public Builder idGenerator(IdGenerator ids) {
            this.ids = ids;
            return this;
        }

        /** Limits {@code start_call}; default 10 per user per 60 s (R8.8). */
        public Builder rateLimit(RateLimitPolicy rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        /** Ring timeout, resume grace, candidate buffer; default {@link CallPolicy#defaults()}. */
        public Builder callPolicy(CallPolicy callPolicy) {
            this.callPolicy = callPolicy;
            return this;
        }

        /** Shorthand for a call policy with another ring timeout. */
        public Builder ringTimeout(Duration ringTimeout) {
            this.callPolicy = callPolicy.withRingTimeout(ringTimeout);
            return this;
        }

        /** Which Origins may connect; default no Origin or the server's own (R1.3). */
        public Builder origins(OriginPolicy origins) {
            this.origins = origins;
            return this;
        }

        /** The largest text frame, in bytes; default 64 KiB (R8.15). */
        public Builder maxFrameBytes(int maxFrameBytes) {
            this.maxFrameBytes = maxFrameBytes;
            return this;
        }

        /** Messages per second per connection before it is closed for flooding; default 100 (R8.16). */
        public Builder maxMessagesPerSecond(int maxMessagesPerSecond) {
            this.maxMessagesPerSecond = maxMessagesPerSecond;
            return this;
        }

        /** How often connections are pinged, and after how long without a sign of life they are closed (R8.17). */
        public Builder keepalive(Duration pingInterval, Duration idleTimeout) {
            this.pingInterval = pingInterval;
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** How many recent events each session keeps for a resume; default 512 (R6.3). */
        public Builder replayWindow(int replayWindow) {
            this.replayWindow = replayWindow;
            return this;
        }

        /**
         * Builds the engine.
         *
         * @throws IllegalStateException naming everything missing or out of range
         */
        public SignalingEngine build() {
            List<String> problems = new ArrayList<>();
            if (authenticator == null) {
                problems.add("authenticator is missing (for example JwtAuthenticator.builder().hmacSecret(...))");
            }
            if (clock == null) {
                problems.add("clock is null");
            }
            if (callPolicy == null) {
                problems.add("callPolicy is null");
            }
            if (origins == null) {
                problems.add("origins is null");
            }
            if (maxFrameBytes < 1024) {
                problems.add("maxFrameBytes is " + maxFrameBytes + "; at least 1024");
            }
            if (maxMessagesPerSecond < 1) {
                problems.add("maxMessagesPerSecond is " + maxMessagesPerSecond + "; at least 1");
            }
            if (pingInterval == null || idleTimeout == null || pingInterval.isZero() || pingInterval.isNegative()
                    || idleTimeout.compareTo(pingInterval) <= 0) {
                problems.add("keepalive needs a positive ping interval and a longer idle timeout");
            }
            if (replayWindow < 1) {
                problems.add("replayWindow is " + replayWindow + "; at least 1");
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("cannot build the engine: " + String.join("; ", problems));
            }
            ExecutorScheduler owned = scheduler == null ? new ExecutorScheduler() : null;
            Scheduler effectiveScheduler = owned != null ? owned : scheduler;
            EngineConfig config = new EngineConfig(
                    authenticator,
                    presence != null ? presence : Presence.inMemory(),
                    router != null ? router : SessionRouter.local(),
                    calls != null ? calls : CallStore.inMemory(),
                    records != null ? records : CallRecordStore.inMemory(),
                    effectiveScheduler,
                    timers != null ? timers : CallTimers.local(effectiveScheduler),
                    owned,
                    clock,
                    ids != null ? ids : IdGenerator.secureRandom(),
                    rateLimit != null ? rateLimit : RateLimitPolicy.perUser(10, Duration.ofSeconds(60)),
                    CallMachine.create(callPolicy),
                    WireCodec.standard(),
                    origins,
                    maxFrameBytes,
                    maxMessagesPerSecond,
                    pingInterval,
                    idleTimeout,
                    replayWindow,
                    handoff != null ? handoff : SessionHandoff.none());
            return new SignalingEngine(config);
        }
    }
}
