package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code call_hanged_up}: the peer hung up (seed 003 step 6; R4.1). The wire name keeps seed 003's spelling.
 *
 * @param hangedUpBy who hung up
 * @param callId the call; always sent by a Dialtone server, null only from a server that speaks bare seed 003
 */
public record CallHungUp(UserId hangedUpBy, CallId callId) implements ServerEvent {

    /** The wire name. */
    public static final String TYPE = "call_hanged_up";

    /** Checks required parts. */
    public CallHungUp {
        Objects.requireNonNull(hangedUpBy, "hangedUpBy");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
