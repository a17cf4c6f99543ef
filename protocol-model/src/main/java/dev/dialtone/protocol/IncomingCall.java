package dev.dialtone.protocol;

import java.util.Objects;

/**
 * {@code incoming_call}: a call rings; sent to every session of the callee (seed 003 step 2; R2.3, R5.1).
 *
 * @param callId the call
 * @param callerId who calls
 * @param callerUsername the caller's display name (the token's {@code username} or {@code name}, else the id)
 * @param callType audio or video; always sent by a Dialtone server, null only from a bare seed-003 server (then audio)
 * @param offer the caller's SDP offer if {@code start_call} carried one; null otherwise
 */
public record IncomingCall(CallId callId, UserId callerId, String callerUsername, CallType callType, OpaqueJson offer)
        implements ServerEvent {

    /** The wire name. */
    public static final String TYPE = "incoming_call";

    /** Checks required parts. */
    public IncomingCall {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(callerId, "callerId");
        Objects.requireNonNull(callerUsername, "callerUsername");
    }

    /** The call type: the one sent, or audio. */
    public CallType effectiveCallType() {
        return callType == null ? CallType.AUDIO : callType;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
