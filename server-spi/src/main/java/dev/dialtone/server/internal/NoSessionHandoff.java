package dev.dialtone.server.internal;

import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.spi.SessionHandoff;
import java.util.Optional;

/** The single-node hand-off: sessions stay where they were opened, and nothing is taken over. */
public final class NoSessionHandoff implements SessionHandoff {

    /** The one instance. */
    public static final NoSessionHandoff INSTANCE = new NoSessionHandoff();

    private NoSessionHandoff() {
    }

    @Override
    public void start(Holder holder) {
    }

    @Override
    public void held(SessionRef session, String resumeToken) {
    }

    @Override
    public void released(SessionRef session, String resumeToken) {
    }

    @Override
    public Optional<HandedOver> takeOver(UserId user, String resumeToken) {
        return Optional.empty();
    }
}
