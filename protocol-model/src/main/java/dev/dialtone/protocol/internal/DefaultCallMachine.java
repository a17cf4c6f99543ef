package dev.dialtone.protocol.internal;

import dev.dialtone.protocol.CallInput;
import dev.dialtone.protocol.CallMachine;
import dev.dialtone.protocol.CallPolicy;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.Transition;
import java.util.Objects;

/**
 * The protocol's call machine: picks the handling of the call's present state, which decides the input.
 *
 * <p>Pure: no I/O, clock, randomness, threads or logging; the same state and input always give an equal transition,
 * in every JVM. Effects come in one fixed order: timer cancellations, then sends, then timer starts, then the one
 * {@code SaveRecord} of a transition into {@code Ended}.
 *
 * <p>A refusal ({@link Transition.Rejected}) is the answer to anything a client or a late timer can cause. An input
 * that contradicts itself (placement facts listing a session of another user as the callee's) is the shell's bug and
 * throws {@link IllegalArgumentException}.
 */
public final class DefaultCallMachine implements CallMachine {

    private final CallPolicy policy;
    private final IdleTransitions idle;
    private final RingingTransitions ringing;
    private final ConnectedTransitions connected;

    /**
     * The machine deciding with {@code policy}.
     *
     * @param policy ring timeout, resume grace and candidate buffer bound; never null
     */
    public DefaultCallMachine(CallPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.idle = new IdleTransitions(policy);
        this.ringing = new RingingTransitions(policy);
        this.connected = new ConnectedTransitions(policy);
    }

    @Override
    public CallPolicy policy() {
        return policy;
    }

    @Override
    public Transition apply(CallState state, CallInput input) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(input, "input");
        if (state instanceof CallState.Idle) {
            return idle.apply(input);
        } else if (state instanceof CallState.Ringing r) {
            return ringing.apply(r, input);
        } else if (state instanceof CallState.Connected c) {
            return connected.apply(c, input);
        } else if (state instanceof CallState.Ended e) {
            // R4.5: an ended call is unknown to every action, and timers or drops that arrive late change nothing.
            return Refusals.ended(e.record(), input);
        }
        throw new AssertionError("unhandled call state " + state.getClass().getName());
    }

    @Override
    public String toString() {
        return "CallMachine" + policy;
    }
}
