package dev.dialtone.server.redis.internal;

import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.spi.Presence;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence for the whole cluster: each user's connected sessions, with the node each is on, in a Redis hash. Entries
 * of a node whose heartbeat has expired are left out at once (and removed when the node is cleaned up); a node removes
 * only entries it wrote, so that a session that resumed on another node stays present there.
 */
final class RedisPresence implements Presence {

    private final ClusterNode node;
    /** What this node has added, to write again after Redis lost its data. */
    private final ConcurrentHashMap<String, SessionRef> mine = new ConcurrentHashMap<>();

    RedisPresence(ClusterNode node) {
        this.node = node;
    }

    /** Removals that failed (Redis unreachable), retried by the heartbeat. */
    private final ConcurrentHashMap<String, SessionRef> unremoved = new ConcurrentHashMap<>();

    /**
     * Records a connected session. If Redis is unreachable, the session is kept here and written when Redis is back
     * (the heartbeat retries), so that a connection is not refused for a short outage.
     */
    @Override
    public void add(SessionRef session) {
        mine.put(session.sessionId(), session);
        unremoved.remove(session.sessionId());
        try {
            write(session);
        } catch (RuntimeException e) {
            node.failure("recording presence of " + session, e);
            node.markDirty();
        }
    }

    private void write(SessionRef session) {
        node.link.evalLong(Script.PRESENCE_ADD, node.prefix, session.sessionId(), node.me, session.user().value(),
                CallStateJson.userJson(session.user()));
    }

    /** Removes a session; if Redis is unreachable, the removal is retried by the heartbeat. */
    @Override
    public void remove(SessionRef session) {
        mine.remove(session.sessionId());
        try {
            erase(session);
        } catch (RuntimeException e) {
            node.failure("removing presence of " + session, e);
            unremoved.put(session.sessionId(), session);
            node.markDirty();
        }
    }

    private void erase(SessionRef session) {
        node.link.evalLong(Script.PRESENCE_REMOVE, node.prefix, session.sessionId(), node.me, session.user().value());
    }

    @Override
    public List<SessionRef> sessionsOf(UserId user) {
        List<Object> flat = node.link.evalList(Script.SESSIONS_OF, node.prefix, user.value());
        List<long[]> order = new ArrayList<>();
        List<SessionRef> sessions = new ArrayList<>();
        for (int i = 0; i + 2 < flat.size(); i += 3) {
            order.add(new long[] {Long.parseLong((String) flat.get(i)), sessions.size()});
            sessions.add(new SessionRef(CallStateJson.readUser((String) flat.get(i + 2)), (String) flat.get(i + 1)));
        }
        order.sort((a, b) -> Long.compare(a[0], b[0]));
        List<SessionRef> oldestFirst = new ArrayList<>(sessions.size());
        for (long[] entry : order) {
            oldestFirst.add(sessions.get((int) entry[1]));
        }
        return oldestFirst;
    }

    /** Writes this node's entries again, and makes the removals that failed. */
    void reregister() {
        for (SessionRef session : mine.values()) {
            write(session);
        }
        for (SessionRef session : unremoved.values()) {
            erase(session);
            unremoved.remove(session.sessionId(), session);
        }
    }
}
