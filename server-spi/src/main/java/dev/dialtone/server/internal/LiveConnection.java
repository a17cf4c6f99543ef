package dev.dialtone.server.internal;

import dev.dialtone.server.Connection;
import dev.dialtone.server.Transport;
import dev.dialtone.server.spi.Principal;
import dev.dialtone.server.spi.Scheduler;
import java.time.Instant;

/** One authenticated connection bound to a session; reports to the {@link EngineCore}. */
final class LiveConnection implements Connection {

    final EngineCore engine;
    final LiveSession session;
    final Principal principal;
    final Transport transport;
    final TokenBucket rate;
    private volatile Instant lastActivity;
    private volatile boolean closed;
    private volatile Scheduler.Cancellable tokenExpiry;

    LiveConnection(EngineCore engine, LiveSession session, Principal principal, Transport transport,
            int maxMessagesPerSecond, Instant now) {
        this.engine = engine;
        this.session = session;
        this.principal = principal;
        this.transport = transport;
        this.rate = new TokenBucket(maxMessagesPerSecond);
        this.lastActivity = now;
    }

    @Override
    public void receive(String frame) {
        if (!closed) {
            engine.receive(this, frame);
        }
    }

    @Override
    public void receiveBinary() {
        if (!closed) {
            engine.receiveBinary(this);
        }
    }

    @Override
    public void pongReceived() {
        lastActivity = engine.now();
    }

    @Override
    public void closed() {
        if (closed) {
            return;
        }
        closed = true;
        Scheduler.Cancellable expiry = tokenExpiry;
        if (expiry != null) {
            expiry.cancel();
        }
        engine.connectionClosed(this);
    }

    void touch(Instant now) {
        lastActivity = now;
    }

    Instant lastActivity() {
        return lastActivity;
    }

    boolean isClosed() {
        return closed;
    }

    void tokenExpiry(Scheduler.Cancellable timer) {
        tokenExpiry = timer;
    }
}
