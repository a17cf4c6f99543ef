package dev.dialtone.server.spi;

import dev.dialtone.server.internal.InMemoryPresence;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.UserId;
import java.util.List;

/**
 * Which sessions each user has connected now (R1.11, R2.3). A session is present while it has a live connection;
 * a dropped session waiting for its resume is absent. A clustered implementation answers for every node.
 *
 * <p>Thread-safe; called on every {@code start_call} and every connect and disconnect.
 */
public interface Presence {

    /** Records that {@code session} has a live connection. */
    void add(SessionRef session);

    /** Records that {@code session} has no live connection any more; unknown sessions are ignored. */
    void remove(SessionRef session);

    /** The user's present sessions, oldest first; empty when the user is offline. */
    List<SessionRef> sessionsOf(UserId user);

    /** Presence of a single node, in memory. */
    static Presence inMemory() {
        return new InMemoryPresence();
    }
}
