package dev.dialtone.server.spi;

import dev.dialtone.server.internal.InMemoryCallStore;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.UserId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where live calls' states are kept, and which call each user is in (R5.5). Ended calls are forgotten: the engine's
 * transitions into {@link CallState.Ended} remove them.
 *
 * <p>{@link #update} gives one caller at a time exclusive use of one call: that is what makes "the first answer wins"
 * atomic (R5.2) and keeps one call's events in order (R3.9). A clustered implementation also makes sure exactly one
 * node decides each call.
 *
 * <p>Thread-safe.
 */
public interface CallStore {

    /**
     * Runs {@code step} with exclusive use of call {@code id} and stores the state it returns.
     *
     * <p>A clustered store may give exclusive use optimistically: it runs {@code step} on the state it read and
     * stores the result only if no other node changed the call meanwhile, else runs {@code step} again on the new
     * state. Only the last run counts: the engine keeps nothing from earlier runs, and such a store, with its
     * {@link SessionRouter} and {@link CallTimers}, carries out the sends, timers and {@link #release}s made inside a
     * run only when that run's state is stored.
     *
     * @param id the call
     * @param step given the present state ({@link CallState.Idle} for a call the store does not hold), returns the
     *     state to keep ({@link CallState.Idle} or {@link CallState.Ended}: forget the call) and a value for the caller
     * @return the value {@code step} returned
     */
    <T> T update(CallId id, Function<CallState, Step<T>> step);

    /** The live call {@code user} is in, if any. */
    Optional<CallId> callOf(UserId user);

    /**
     * Marks {@code user} as being in {@code call}, unless the user is in a call already.
     *
     * @return whether the user was free and is now in {@code call}
     */
    boolean claim(UserId user, CallId call);

    /** Marks {@code user} as free again, if it is in {@code call}; otherwise does nothing. */
    void release(UserId user, CallId call);

    /** The ids of the live calls this store holds (for a cluster: those this node decides). */
    List<CallId> liveCalls();

    /**
     * What an {@link #update} step decided.
     *
     * @param next the state to keep
     * @param value the value for the caller of {@link #update}
     * @param <T> the value's type
     */
    record Step<T>(CallState next, T value) {
    }

    /** Live calls of a single node, in memory. */
    static CallStore inMemory() {
        return new InMemoryCallStore();
    }
}
