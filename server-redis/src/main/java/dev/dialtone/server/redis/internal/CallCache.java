package dev.dialtone.server.redis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.SessionRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last known state of every live call one of whose party sessions this node holds. Every transition is published,
 * with its events, to the nodes that hold a party session, so each such node knows the call's latest version. It
 * serves two purposes: which calls this node's shutdown ends ({@code CallStore.liveCalls}), and putting calls back
 * when Redis restarted without its data.
 */
final class CallCache {

    /**
     * A call as Redis had it.
     *
     * @param callId the call
     * @param version its version
     * @param state its state as JSON
     * @param parsed the state, read once when the snapshot arrives (a step may run on it); null if unreadable
     * @param timers its running timers: member to "generation due-ms"
     * @param parties the ids of its party sessions
     */
    record Snapshot(String callId, long version, String state, CallState parsed, Map<String, String> timers,
            Set<String> parties) {

        static Snapshot of(String callId, long version, String state, Map<String, String> timers) {
            Set<String> parties = new java.util.HashSet<>();
            CallState parsed = null;
            try {
                parsed = CallStateJson.read(state);
                for (SessionRef party : CallStateJson.parties(parsed)) {
                    parties.add(party.sessionId());
                }
            } catch (IllegalArgumentException e) {
                // an unreadable state: no party, so it is dropped at the next prune
            }
            return new Snapshot(callId, version, state, parsed, Map.copyOf(timers), Set.copyOf(parties));
        }
    }

    private final ConcurrentHashMap<String, Snapshot> calls = new ConcurrentHashMap<>();

    /** Applies a snapshot published with a transition: {@code {id, v, s, t}} or, for an ended call, {@code {id, v, e}}. */
    void apply(JsonNode snapshot) {
        String id = snapshot.path("id").asText();
        long version = snapshot.path("v").asLong();
        if (snapshot.has("e")) {
            calls.computeIfPresent(id, (key, known) -> known.version() <= version ? null : known);
            return;
        }
        Map<String, String> timers = new LinkedHashMap<>();
        JsonNode t = snapshot.path("t");
        if (t.isObject()) {
            t.fields().forEachRemaining(entry -> timers.put(entry.getKey(), entry.getValue().asText()));
        }
        Snapshot next = Snapshot.of(id, version, snapshot.path("s").asText(), timers);
        calls.merge(id, next, (known, fresh) -> fresh.version() > known.version() ? fresh : known);
    }

    /** Replaces or drops a call after reading it from Redis again (null hash: the call is over). */
    void refreshed(String id, Map<String, String> hash) {
        if (hash == null || hash.isEmpty() || hash.containsKey("e") || !hash.containsKey("s")) {
            calls.remove(id);
            return;
        }
        Map<String, String> timers = new LinkedHashMap<>();
        hash.forEach((field, value) -> {
            if (field.startsWith("t:")) {
                timers.put(field.substring(2), value);
            }
        });
        long version = Long.parseLong(hash.getOrDefault("v", "0"));
        calls.put(id, Snapshot.of(id, version, hash.get("s"), timers));
    }

    /** The call as last published, or null when this node has no snapshot of it. */
    Snapshot get(String id) {
        return calls.get(id);
    }

    Collection<Snapshot> all() {
        return List.copyOf(calls.values());
    }

    Set<String> ids() {
        return Set.copyOf(calls.keySet());
    }

    /**
     * Forgets the calls none of whose party sessions is among {@code sessionIds}: this node no longer gets their
     * transitions, so what it knows of them goes stale (and must never be put back after a Redis restart).
     */
    void retainWithPartyAmong(Set<String> sessionIds) {
        calls.values().removeIf(snapshot -> java.util.Collections.disjoint(snapshot.parties(), sessionIds));
    }

    /** The calls one of whose party sessions is among {@code sessionIds}. */
    List<CallId> withPartyAmong(Set<String> sessionIds) {
        List<CallId> live = new ArrayList<>();
        for (Snapshot snapshot : calls.values()) {
            if (!java.util.Collections.disjoint(snapshot.parties(), sessionIds)) {
                live.add(CallId.of(snapshot.callId()));
            }
        }
        return live;
    }
}
