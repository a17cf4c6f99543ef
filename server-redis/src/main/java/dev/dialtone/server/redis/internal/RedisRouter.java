package dev.dialtone.server.redis.internal;

import dev.dialtone.protocol.ServerEvent;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.server.spi.SessionRouter;
import java.lang.System.Logger.Level;

/**
 * Routing over Redis pub/sub, one channel per node. Events a call's transition sends are published by the same Redis
 * script that stores the transition, each to the node that holds its session at that moment, so every node receives
 * them in the one order the call's transitions were decided in (R3.9, Appendix G); the receiving node hands them to
 * its engine on one thread, in that order. Other events (answers to a connection's own actions) go straight to the
 * local session, or through Redis when the session is elsewhere.
 */
final class RedisRouter implements SessionRouter {

    private final ClusterNode node;
    private volatile LocalDelivery local;

    RedisRouter(ClusterNode node) {
        this.node = node;
    }

    @Override
    public void start(LocalDelivery delivery) {
        this.local = delivery;
    }

    @Override
    public void deliver(SessionRef to, ServerEvent event) {
        Transaction tx = Transaction.current();
        if (tx != null) {
            tx.events.add(new String[] {to.sessionId(), CallStateJson.userJson(to.user()), node.codec.encode(event)});
            return;
        }
        if (deliverLocally(to, event)) {
            return;
        }
        try {
            long routed = node.link.evalLong(Script.ROUTE, node.prefix, to.sessionId(),
                    CallStateJson.userJson(to.user()), node.codec.encode(event), node.newEpoch());
            if (routed == 0) {
                ClusterNode.LOG.log(Level.DEBUG, "node {0}: {1} for {2} dropped: the session is gone", node.me,
                        event.type(), to);
            }
        } catch (RuntimeException e) {
            // Not silent: nobody else can tell the session, so it is logged as an error.
            ClusterNode.LOG.log(Level.ERROR, "node {0}: {1} for {2} could not be sent through Redis: {3}", node.me,
                    event.type(), to, String.valueOf(e));
        }
    }

    /** Hands an event to this node's engine; false if the engine does not hold the session. */
    boolean deliverLocally(SessionRef to, ServerEvent event) {
        LocalDelivery delivery = local;
        return delivery != null && delivery.deliver(to, event);
    }

    /**
     * Hands an event written without its seq to this node's engine; false if the engine does not hold the session.
     *
     * @throws IllegalArgumentException if the text is not such an event
     */
    boolean deliverLocally(SessionRef to, String eventJson) {
        LocalDelivery delivery = local;
        return delivery != null && delivery.deliverEncoded(to, eventJson);
    }
}
