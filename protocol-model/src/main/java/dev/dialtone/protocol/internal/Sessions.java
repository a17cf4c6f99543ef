package dev.dialtone.protocol.internal;

import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallTimer;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.UserId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Small operations on sessions that the per-state transition classes share. */
final class Sessions {

    private Sessions() {
    }

    /**
     * Whether a peer id the sender named is acceptable (R2.11): absent, or the sender's other party. Call only once
     * {@code sender} is known to be the caller or the callee.
     */
    static boolean peerHintFits(CallInfo call, UserId sender, UserId peerHint) {
        return peerHint == null || peerHint.equals(call.peerOf(sender));
    }

    /**
     * The sessions of {@code set} in a stable order: those in {@code known} first, in that order, then any others by
     * their text. A state's {@code detached} set is a {@code Set.copyOf}, whose iteration order may differ from one JVM
     * run to the next; effects derived from it must not, or the machine would not be deterministic across processes
     * (the conformance kit compares a server with this machine).
     */
    static List<SessionRef> inStableOrder(Set<SessionRef> set, List<SessionRef> known) {
        List<SessionRef> ordered = new ArrayList<>(set.size());
        for (SessionRef session : known) {
            if (set.contains(session) && !ordered.contains(session)) {
                ordered.add(session);
            }
        }
        List<SessionRef> rest = new ArrayList<>();
        for (SessionRef session : set) {
            if (!ordered.contains(session)) {
                rest.add(session);
            }
        }
        rest.sort(Comparator.comparing((SessionRef s) -> s.user().value()).thenComparing(SessionRef::sessionId));
        ordered.addAll(rest);
        return ordered;
    }

    /** The resume-grace timers of {@code sessions}, in that order. */
    static List<CallTimer.ResumeGrace> graceTimers(CallId callId, List<SessionRef> sessions) {
        List<CallTimer.ResumeGrace> timers = new ArrayList<>(sessions.size());
        for (SessionRef session : sessions) {
            timers.add(new CallTimer.ResumeGrace(callId, session));
        }
        return timers;
    }

    /** {@code list} without {@code removed}. */
    static List<SessionRef> without(List<SessionRef> list, SessionRef removed) {
        List<SessionRef> rest = new ArrayList<>(list);
        rest.remove(removed);
        return rest;
    }

    /** {@code list} without duplicates, first occurrence kept. */
    static List<SessionRef> distinct(List<SessionRef> list) {
        return List.copyOf(new LinkedHashSet<>(list));
    }

    /** {@code set} with {@code added}. */
    static Set<SessionRef> with(Set<SessionRef> set, SessionRef added) {
        Set<SessionRef> result = new HashSet<>(set);
        result.add(added);
        return result;
    }

    /** {@code set} without {@code removed}. */
    static Set<SessionRef> without(Set<SessionRef> set, SessionRef removed) {
        Set<SessionRef> result = new HashSet<>(set);
        result.remove(removed);
        return result;
    }
}
