package dev.dialtone.server.internal;

import dev.dialtone.server.Connection;

/** A connection the engine closed at once (authentication, origin, version): whatever else arrives is ignored. */
public enum RefusedConnection implements Connection {
    INSTANCE;

    @Override
    public void receive(String frame) {
    }

    @Override
    public void receiveBinary() {
    }

    @Override
    public void pongReceived() {
    }

    @Override
    public void closed() {
    }
}
