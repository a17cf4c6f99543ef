package dev.dialtone.protocol;

import java.util.List;
import java.util.Objects;

/**
 * What the shell knows, at the moment of a {@code start_call}, about the two users: gathered from presence and the
 * live calls, and handed to the {@link CallMachine}, which reads nothing itself.
 *
 * @param calleeSessions the callee's connected sessions, in the order they connected; empty when offline
 * @param calleeBusy whether the callee is in a call (ringing or connected), other than a glare call
 * @param callerBusy whether the caller is already in a call, other than a glare call
 * @param glareCallId the call from the callee to the caller that is ringing now, if there is one; else null
 */
public record PlacementFacts(List<SessionRef> calleeSessions, boolean calleeBusy, boolean callerBusy,
        CallId glareCallId) {

    /** Copies the session list. */
    public PlacementFacts {
        calleeSessions = List.copyOf(Objects.requireNonNull(calleeSessions, "calleeSessions"));
    }

    /** Facts for a callee that is online with these sessions and nobody busy. */
    public static PlacementFacts online(List<SessionRef> calleeSessions) {
        return new PlacementFacts(calleeSessions, false, false, null);
    }
}
