package dev.dialtone.protocol;

import java.util.Optional;

/**
 * The stable codes of the {@code error} event (protocol section 8). The same enum is what a
 * {@link SignalingException} carries and what a rejected transition of the {@link CallMachine} names.
 */
public enum ErrorCode implements WireNamed {
    /** The frame is not one JSON object (R8.2). */
    BAD_JSON("bad_json"),
    /** The frame has no {@code action} string, or names an action this server does not know (R8.3). */
    UNKNOWN_ACTION("unknown_action"),
    /** A known action with a missing, mistyped or out-of-range field; the error names the field (R8.4). */
    INVALID_MESSAGE("invalid_message"),
    /** No such call, the call has ended, or the sender has no call with the named peer (R8.5). */
    UNKNOWN_CALL("unknown_call"),
    /** The sender is not the party of the call that this action needs (R8.6). */
    NOT_A_PARTY("not_a_party"),
    /** The action is not allowed in the call's present state (R8.7). */
    INVALID_STATE("invalid_state"),
    /** Too many {@code start_call}s in the current window (R8.8); message floods close the connection instead (R8.16). */
    RATE_LIMITED("rate_limited"),
    /** A value or a buffer over its documented limit, such as the ICE candidates buffered while ringing (R8.9). */
    TOO_LARGE("too_large"),
    /** The client asked for a protocol version this server does not speak (R8.10). */
    UNSUPPORTED_VERSION("unsupported_version"),
    /** The server failed; the action may or may not have taken effect (R8.11). */
    INTERNAL("internal");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The code with this wire name, if any. */
    public static Optional<ErrorCode> fromWire(String name) {
        return WireNamed.lookup(ErrorCode.class, name);
    }
}
