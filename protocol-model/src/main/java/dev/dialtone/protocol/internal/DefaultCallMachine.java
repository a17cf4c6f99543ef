package dev.dialtone.protocol.internal;

import dev.dialtone.protocol.CallInput;
import dev.dialtone.protocol.CallMachine;
import dev.dialtone.protocol.CallPolicy;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.Transition;
import java.util.Objects;

/** IN PROGRESS. */
public final class DefaultCallMachine implements CallMachine {

    private final CallPolicy policy;

    public DefaultCallMachine(CallPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public CallPolicy policy() {
        return policy;
    }

    @Override
    public Transition apply(CallState state, CallInput input) {
        throw new UnsupportedOperationException("in progress");
    }
}
