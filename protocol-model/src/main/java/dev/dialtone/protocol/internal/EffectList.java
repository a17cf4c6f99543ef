package dev.dialtone.protocol.internal;

import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.CallTimer;
import dev.dialtone.protocol.Effect;
import dev.dialtone.protocol.ServerEvent;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the effects of one transition and hands them out in the machine's one effect order, whatever order the
 * transition code added them in:
 *
 * <ol>
 *   <li>{@code CancelTimer}s (the ring timer first, then resume-grace timers), so that a stale timer is stopped before
 *       anything is sent;
 *   <li>{@code Send}s, in the order added (per session, that is the order the session must see them in);
 *   <li>{@code StartTimer}s;
 *   <li>the {@code SaveRecord}, at most one, always last: the record is saved once every party has been told.
 * </ol>
 *
 * <p>Keeping the order here, in one place, is what lets the tests compare whole effect lists.
 */
final class EffectList {

    private final List<Effect> cancels = new ArrayList<>();
    private final List<Effect> sends = new ArrayList<>();
    private final List<Effect> starts = new ArrayList<>();
    private Effect.SaveRecord save;

    EffectList cancel(CallTimer timer) {
        cancels.add(new Effect.CancelTimer(timer));
        return this;
    }

    EffectList cancelEach(List<? extends CallTimer> timers) {
        for (CallTimer timer : timers) {
            cancel(timer);
        }
        return this;
    }

    EffectList send(SessionRef to, ServerEvent event) {
        sends.add(new Effect.Send(to, event));
        return this;
    }

    EffectList sendEach(List<SessionRef> to, ServerEvent event) {
        for (SessionRef session : to) {
            send(session, event);
        }
        return this;
    }

    EffectList start(CallTimer timer, Duration delay) {
        starts.add(new Effect.StartTimer(timer, delay));
        return this;
    }

    /** The transition to {@code next} with the effects collected so far. */
    Transition applied(CallState next) {
        if (save != null) {
            throw new IllegalStateException("a saved record belongs to a transition into Ended: use ended()");
        }
        return new Transition.Applied(next, build());
    }

    /** The transition into {@code Ended(record)}: the collected effects, then the one {@code SaveRecord} (R7.1). */
    Transition ended(CallRecord record) {
        if (save != null) {
            throw new IllegalStateException("a call saves exactly one record");
        }
        save = new Effect.SaveRecord(record);
        return new Transition.Applied(new CallState.Ended(record), build());
    }

    private List<Effect> build() {
        List<Effect> all = new ArrayList<>(cancels.size() + sends.size() + starts.size() + 1);
        all.addAll(cancels);
        all.addAll(sends);
        all.addAll(starts);
        if (save != null) {
            all.add(save);
        }
        return all;
    }
}
