package dev.dialtone.protocol;

import java.time.Duration;
import java.util.Objects;

/**
 * What the {@link CallMachine} asks the shell to do, as a value. The shell carries effects out in list order.
 */
public sealed interface Effect {

    /**
     * Deliver an event to one session.
     *
     * @param to the session
     * @param event the event
     */
    record Send(SessionRef to, ServerEvent event) implements Effect {
        /** Checks required parts. */
        public Send {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * Start a timer; starting one that runs already restarts it.
     *
     * @param timer which timer
     * @param delay after how long it fires; positive or zero
     */
    record StartTimer(CallTimer timer, Duration delay) implements Effect {
        /** Checks required parts. */
        public StartTimer {
            Objects.requireNonNull(timer, "timer");
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay is not negative");
            }
        }
    }

    /**
     * Cancel a timer; cancelling one that is not running does nothing.
     *
     * @param timer which timer
     */
    record CancelTimer(CallTimer timer) implements Effect {
        /** Checks required parts. */
        public CancelTimer {
            Objects.requireNonNull(timer, "timer");
        }
    }

    /**
     * Save the call's one record: emitted exactly once per call, when it ends.
     *
     * @param record the record
     */
    record SaveRecord(CallRecord record) implements Effect {
        /** Checks required parts. */
        public SaveRecord {
            Objects.requireNonNull(record, "record");
        }
    }
}
