package dev.dialtone.server.internal;

import dev.dialtone.protocol.ServerEvent;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.server.spi.SessionRouter;

/** Routing for a single node: every session is local. */
public final class LocalRouter implements SessionRouter {

    private volatile LocalDelivery local;

    @Override
    public void start(LocalDelivery delivery) {
        this.local = delivery;
    }

    @Override
    public void deliver(SessionRef to, ServerEvent event) {
        LocalDelivery delivery = local;
        if (delivery == null) {
            throw new IllegalStateException("the router has not been started");
        }
        delivery.deliver(to, event);
    }
}
