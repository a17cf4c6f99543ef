package dev.dialtone.server.redis.internal;

import dev.dialtone.protocol.CallTimer;
import dev.dialtone.server.spi.CallTimers;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The call machine's timers, once for the whole cluster. A running timer is a field of its call's hash (its
 * generation and due time, written by the transition that started it) and a member of one sorted set by due time.
 * Every node polls the set; a Lua script hands each due timer to one poller and moves it a lease ahead (so that if
 * that node dies before firing it, another fires it after the lease). The firing is claimed inside the call's
 * transaction: it stands only if the call still has that generation of the timer, and the same commit removes it. So a
 * timer fires at most once per start, a cancelled or restarted one never, and one whose node died still fires.
 */
final class RedisCallTimers implements CallTimers {

    private static final int BATCH = 64;

    private final ClusterNode node;
    private volatile Listener listener;
    private volatile ScheduledFuture<?> polling;

    RedisCallTimers(ClusterNode node) {
        this.node = node;
    }

    @Override
    public void start(Listener target) {
        this.listener = target;
        long period = Math.max(1, node.settings.timerPollInterval().toMillis());
        polling = node.ticks.scheduleWithFixedDelay(this::poll, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void schedule(CallTimer timer, Duration delay) {
        String member = TimerKeys.member(timer);
        Transaction tx = Transaction.current();
        if (tx != null && tx.callId.equals(timer.callId())) {
            tx.timerOps.add(new Object[] {"S", member, delay.toMillis()});
            return;
        }
        node.link.evalLong(Script.TIMER_OP, node.prefix, timer.callId().value(), member, "S",
                Long.toString(delay.toMillis()));
    }

    @Override
    public void cancel(CallTimer timer) {
        String member = TimerKeys.member(timer);
        Transaction tx = Transaction.current();
        if (tx != null && tx.callId.equals(timer.callId())) {
            tx.timerOps.add(new Object[] {"C", member});
            return;
        }
        node.link.evalLong(Script.TIMER_OP, node.prefix, timer.callId().value(), member, "C", "0");
    }

    @Override
    public void stop() {
        ScheduledFuture<?> running = polling;
        if (running != null) {
            running.cancel(false);
        }
    }

    private void poll() {
        Listener target = listener;
        if (target == null || node.closed()) {
            return;
        }
        List<Object> due;
        try {
            due = node.link.evalList(Script.POP_TIMERS, node.prefix, Integer.toString(BATCH),
                    Long.toString(node.settings.timerLease().toMillis()));
        } catch (RuntimeException e) {
            node.failure("polling the call timers", e);
            return;
        }
        for (int i = 0; i + 1 < due.size(); i += 2) {
            String member = (String) due.get(i);
            String generation = (String) due.get(i + 1);
            CallTimer timer;
            try {
                timer = TimerKeys.timer(member);
            } catch (IllegalArgumentException e) {
                ClusterNode.LOG.log(Level.WARNING, "node {0}: unknown timer {1} ignored", node.me, member);
                continue;
            }
            try {
                node.workers.execute(() -> fire(target, timer, member, generation));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return;
            }
        }
    }

    private void fire(Listener target, CallTimer timer, String member, String generation) {
        try {
            target.fired(timer, () -> claim(timer, member, generation));
        } catch (RuntimeException e) {
            // The timer stays in Redis a lease ahead: it fires again then, unless a transition removed it.
            node.failure("firing " + timer, e);
        }
    }

    /** Inside the call's transaction: does this firing still stand? If so, the commit removes the timer. */
    private static boolean claim(CallTimer timer, String member, String generation) {
        Transaction tx = Transaction.current();
        if (tx == null || !tx.callId.equals(timer.callId()) || !generation.equals(tx.fields.get("t:" + member))) {
            return false;
        }
        tx.timerOps.add(new Object[] {"C", member});
        return true;
    }
}
