package dev.dialtone.server.redis.internal;

import dev.dialtone.protocol.CallId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one run of a call's step did, held back until its state is stored: the events it sent, the timers it started
 * or cancelled, the users it released. The store commits them in the same Redis script as the state, or drops them
 * when another node changed the call first and the step runs again. Bound to the thread that runs the step.
 */
final class Transaction {

    private static final ThreadLocal<Transaction> CURRENT = new ThreadLocal<>();

    final CallId callId;
    /** The call's Redis hash as it was read: the state, its version and its running timers. */
    final Map<String, String> fields;
    /** {session id, user JSON, event JSON}, in the order sent. */
    final List<String[]> events = new ArrayList<>();
    /** {"S", member, delay ms} or {"C", member}, in the order made. */
    final List<Object[]> timerOps = new ArrayList<>();
    /** Users released from this call (their text). */
    final Set<String> releases = new LinkedHashSet<>();

    Transaction(CallId callId, Map<String, String> fields) {
        this.callId = callId;
        this.fields = fields;
    }

    /** The transaction of the step running on this thread, if any. */
    static Transaction current() {
        return CURRENT.get();
    }

    void enter() {
        CURRENT.set(this);
    }

    void exit() {
        CURRENT.remove();
    }

    boolean hasEffects() {
        return !events.isEmpty() || !timerOps.isEmpty() || !releases.isEmpty();
    }
}
