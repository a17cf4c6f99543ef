package dev.dialtone.client;

import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.ErrorCode;
import dev.dialtone.protocol.SignalingException;
import java.util.Optional;

/**
 * The server refused an action with an {@code error} event (R8.1): what {@link Call#ended()} fails with when the
 * server refuses {@code start_call}, and what {@link CallListener#onError(SignalingException)} gets for a refusal that
 * no pending operation waits for. The connection stays usable.
 */
public final class ServerRefusedException extends SignalingException {

    private static final long serialVersionUID = 1L;

    /** The refused action's name; null when the server did not say. */
    private final String action;
    /** The offending member; null when none. */
    private final String field;
    /** The call's id text; null when none. */
    private final String callId;

    /**
     * A refusal as the server reported it.
     *
     * @param code the stable code; never null
     * @param message the server's human message; never null
     * @param action the refused action's name; null when the server did not say
     * @param field the offending member for {@code invalid_message}; null otherwise
     * @param callId the call concerned; null when none
     */
    public ServerRefusedException(ErrorCode code, String message, String action, String field, CallId callId) {
        super(code, message);
        this.action = action;
        this.field = field;
        this.callId = callId == null ? null : callId.value();
    }

    /** The refused action's name ({@code "start_call"}, {@code "hang_up"}, ...), if the server said. */
    public Optional<String> action() {
        return Optional.ofNullable(action);
    }

    /** The offending member, for {@code invalid_message}. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** The call the refusal is about, if any. */
    public Optional<CallId> callId() {
        return Optional.ofNullable(callId).map(CallId::of);
    }

    @Override
    public String toString() {
        return "ServerRefusedException[" + code().wireName() + (action == null ? "" : ", action " + action)
                + (field == null ? "" : ", field " + field) + (callId == null ? "" : ", call " + callId) + "]: "
                + getMessage();
    }
}
