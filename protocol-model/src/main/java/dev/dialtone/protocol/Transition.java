package dev.dialtone.protocol;

import java.util.List;
import java.util.Objects;

/** The {@link CallMachine}'s answer to one input: applied, with the next state and effects, or rejected. */
public sealed interface Transition {

    /**
     * The input was applied.
     *
     * @param next the call's next state
     * @param effects what the shell must do, in order
     */
    record Applied(CallState next, List<Effect> effects) implements Transition {
        /** Copies the effects. */
        public Applied {
            Objects.requireNonNull(next, "next");
            effects = List.copyOf(Objects.requireNonNull(effects, "effects"));
        }
    }

    /**
     * The input was refused: the state does not change and nothing happens, except that a client's action is answered
     * with an {@code error} event carrying this code.
     *
     * @param code the stable code
     * @param message a human explanation
     */
    record Rejected(ErrorCode code, String message) implements Transition {
        /** Checks required parts. */
        public Rejected {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
