package dev.dialtone.server.internal;

import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.spi.CallStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Live calls of one node, in memory. Each call has its own monitor, so that a slow step of one call never holds up
 * another (unlike {@code ConcurrentHashMap.compute}, whose lock covers a whole bin).
 */
public final class InMemoryCallStore implements CallStore {

    private final ConcurrentHashMap<CallId, Slot> calls = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UserId, CallId> userCalls = new ConcurrentHashMap<>();

    @Override
    public <T> T update(CallId id, Function<CallState, Step<T>> step) {
        while (true) {
            Slot slot = calls.get(id);
            if (slot == null) {
                Slot fresh = new Slot();
                synchronized (fresh) {
                    if (calls.putIfAbsent(id, fresh) != null) {
                        continue;
                    }
                    return run(id, fresh, step);
                }
            }
            synchronized (slot) {
                if (slot.removed) {
                    // Another thread forgot this call between our lookup and our lock; look again.
                    continue;
                }
                return run(id, slot, step);
            }
        }
    }

    private <T> T run(CallId id, Slot slot, Function<CallState, Step<T>> step) {
        Step<T> result;
        try {
            result = step.apply(slot.state);
        } catch (RuntimeException | Error e) {
            forgetIfIdle(id, slot);
            throw e;
        }
        slot.state = result.next();
        forgetIfIdle(id, slot);
        return result.value();
    }

    private void forgetIfIdle(CallId id, Slot slot) {
        if (slot.state instanceof CallState.Idle || slot.state instanceof CallState.Ended) {
            slot.removed = true;
            calls.remove(id, slot);
        }
    }

    @Override
    public Optional<CallId> callOf(UserId user) {
        return Optional.ofNullable(userCalls.get(user));
    }

    @Override
    public boolean claim(UserId user, CallId call) {
        CallId existing = userCalls.putIfAbsent(user, call);
        return existing == null || existing.equals(call);
    }

    @Override
    public void release(UserId user, CallId call) {
        userCalls.remove(user, call);
    }

    @Override
    public List<CallId> liveCalls() {
        return List.copyOf(calls.keySet());
    }

    /** One call's state and monitor. */
    private static final class Slot {
        CallState state = CallState.Idle.INSTANCE;
        boolean removed;
    }
}
