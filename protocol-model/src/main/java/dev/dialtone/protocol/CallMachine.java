package dev.dialtone.protocol;

import dev.dialtone.protocol.internal.DefaultCallMachine;

/**
 * The one pure function that decides every call's life: {@code (state, input) -> Applied(next, effects) |
 * Rejected(code)}. It does no I/O, reads no clock, draws no random numbers and starts no threads; the same state and
 * input always give the same transition. The server engine wraps it, the client SDK checks local actions with it, and
 * the conformance kit uses it as its oracle.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public interface CallMachine {

    /** The machine with this policy. */
    static CallMachine create(CallPolicy policy) {
        return new DefaultCallMachine(policy);
    }

    /** The machine with the protocol's default policy. */
    static CallMachine withDefaults() {
        return create(CallPolicy.defaults());
    }

    /** The settings this machine decides with. */
    CallPolicy policy();

    /**
     * Decides what {@code input} does to a call in {@code state}.
     *
     * @param state the call's present state; never null
     * @param input what happened; never null
     * @return the next state with the effects to carry out, or a refusal that changes nothing
     */
    Transition apply(CallState state, CallInput input);
}
