package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code start_call}: call a user (seed 003 step 1; R2.1). The caller learns the call id from {@code call_ringing}.
 *
 * @param calleeId whom to call; never null
 * @param callType audio or video; null when the message names none, which means audio
 * @param offer the SDP offer, for clients that send it with the call request; null when absent
 */
public record StartCall(UserId calleeId, CallType callType, OpaqueJson offer) implements ClientAction {

    /** The wire name. */
    public static final String ACTION = "start_call";

    /** Checks required parts. */
    public StartCall {
        Objects.requireNonNull(calleeId, "calleeId");
    }

    /** A seed-003 {@code start_call}: callee only. */
    public static StartCall to(UserId calleeId) {
        return new StartCall(calleeId, null, null);
    }

    /** The call type to use: the one named, or audio. */
    public CallType effectiveCallType() {
        return callType == null ? CallType.AUDIO : callType;
    }

    @Override
    public String action() {
        return ACTION;
    }
}
