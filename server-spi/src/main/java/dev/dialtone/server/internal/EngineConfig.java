package dev.dialtone.server.internal;

import dev.dialtone.protocol.CallMachine;
import dev.dialtone.protocol.WireCodec;
import dev.dialtone.server.OriginPolicy;
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

/** Everything an engine is wired with, checked by the public builder. */
public record EngineConfig(
        Authenticator authenticator,
        Presence presence,
        SessionRouter router,
        CallStore calls,
        CallRecordStore records,
        Scheduler scheduler,
        CallTimers timers,
        AutoCloseable ownedScheduler,
        Clock clock,
        IdGenerator ids,
        RateLimitPolicy rateLimit,
        CallMachine machine,
        WireCodec codec,
        OriginPolicy origins,
        int maxFrameBytes,
        int maxMessagesPerSecond,
        Duration pingInterval,
        Duration idleTimeout,
        int replayWindow,
        SessionHandoff handoff) {
}
