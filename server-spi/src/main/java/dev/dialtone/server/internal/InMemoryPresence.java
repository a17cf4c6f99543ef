package dev.dialtone.server.internal;

import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.spi.Presence;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Presence of one node, in memory. */
public final class InMemoryPresence implements Presence {

    private final ConcurrentHashMap<UserId, CopyOnWriteArrayList<SessionRef>> sessions = new ConcurrentHashMap<>();

    @Override
    public void add(SessionRef session) {
        sessions.compute(session.user(), (user, list) -> {
            CopyOnWriteArrayList<SessionRef> result = list == null ? new CopyOnWriteArrayList<>() : list;
            result.addIfAbsent(session);
            return result;
        });
    }

    @Override
    public void remove(SessionRef session) {
        // Removing the emptied list inside compute keeps add and remove of one user atomic with each other.
        sessions.computeIfPresent(session.user(), (user, list) -> {
            list.remove(session);
            return list.isEmpty() ? null : list;
        });
    }

    @Override
    public List<SessionRef> sessionsOf(UserId user) {
        List<SessionRef> list = sessions.get(user);
        return list == null ? List.of() : List.copyOf(list);
    }
}
