package dev.dialtone.server.redis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.spi.CallStore;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Live calls in Redis, decided by whichever node an input arrives at, with optimistic transactions: a step runs on
 * the state read (with its version), and one Lua script stores the result only if the version is unchanged, together
 * with everything the step did: the events it sent (published to the nodes of their sessions), the timers it started
 * or cancelled, the users it released. If another node changed the call first, nothing of the run is kept and the
 * step runs again on the new state. So each call's inputs are applied one at a time in one order across the cluster;
 * the first answer wins (R5.2); the transition into {@code Ended} is stored exactly once, and only the node that
 * stored it saves the record (R7.1).
 *
 * <p>A relay (an offer, answer, candidate or media state passed on in a ringing or connected call) leaves the call as
 * it is: it is committed without a new version or state and without a snapshot to the nodes, still checked against the
 * version it ran on and published in the same one order. So relays from both parties never conflict with each other,
 * and a step may run on the snapshot this node's cache holds instead of reading Redis first: the commit's version
 * check catches a stale snapshot, and then the step runs again on a fresh read.
 *
 * <p>A commit carries an id; if Lettuce sends a commit again after a dropped connection, the script recognises it and
 * does nothing twice.
 */
final class RedisCallStore implements CallStore {

    /** More conflicts than this in a row: something is wrong (many nodes hammering one call). */
    private static final int MAX_RUNS = 64;

    private final ClusterNode node;

    RedisCallStore(ClusterNode node) {
        this.node = node;
    }

    @Override
    public <T> T update(CallId id, Function<CallState, Step<T>> step) {
        if (Transaction.current() != null) {
            throw new IllegalStateException("call " + id + " is updated inside the step of call "
                    + Transaction.current().callId);
        }
        boolean fresh = false;
        for (int run = 1; ; run++) {
            // What this node's cache holds is as good as a read while no other node has changed the call: the commit
            // checks the version. A step that would commit nothing, or a conflict, reads Redis itself.
            Read read = fresh ? null : cached(id);
            if (read == null) {
                read = read(id);
                fresh = true;
            }
            CallState state = read.state();
            Transaction tx = new Transaction(id, read.fields);
            Step<T> result;
            tx.enter();
            try {
                result = step.apply(state);
            } finally {
                tx.exit();
            }
            CallState next = result.next();
            if (!tx.hasEffects() && next.equals(state)) {
                if (!fresh) {
                    fresh = true; // nothing to commit, so nothing to check the cached state against
                    continue;
                }
                node.awaitHandled(read.epoch, read.count);
                return result.value();
            }
            Commit commit = commit(tx, state, next, read.version);
            if (commit.conflict) {
                fresh = true;
                if (run >= MAX_RUNS) {
                    throw new IllegalStateException("call " + id + " changed under " + MAX_RUNS + " runs in a row");
                }
                continue;
            }
            if (commit.dropped > 0) {
                ClusterNode.LOG.log(Level.DEBUG, "call {0}: {1} event(s) for sessions that are gone were dropped",
                        id, commit.dropped);
            }
            node.awaitHandled(commit.epoch, commit.count);
            return result.value();
        }
    }

    /** The call as this node's cache has it, in the form of a read; null when the cache does not know it. */
    private Read cached(CallId id) {
        CallCache.Snapshot snapshot = node.cache.get(id.value());
        if (snapshot == null || snapshot.parsed() == null) {
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        fields.put("s", snapshot.state());
        fields.put("v", Long.toString(snapshot.version()));
        snapshot.timers().forEach((member, value) -> fields.put("t:" + member, value));
        return new Read(null, 0, fields, snapshot.parsed());
    }

    /** The call's hash, read with this node's message count; recovers first if Redis lost its data. */
    private Read read(CallId id) {
        for (int attempt = 0; ; attempt++) {
            List<Object> reply = node.link.evalList(Script.READ_CALL, node.prefix, id.value(), node.me,
                    node.newEpoch());
            String epoch = (String) reply.get(0);
            if (!node.sameEpoch(epoch) && attempt < 2) {
                continue;
            }
            long count = Long.parseLong((String) reply.get(1));
            @SuppressWarnings("unchecked")
            List<Object> flat = (List<Object>) reply.get(2);
            Map<String, String> fields = new HashMap<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                fields.put((String) flat.get(i), (String) flat.get(i + 1));
            }
            return new Read(epoch, count, fields, null);
        }
    }

    private Commit commit(Transaction tx, CallState state, CallState next, String version) {
        String kind;
        String stateJson = "";
        Set<String> persist = new LinkedHashSet<>();
        if ((next instanceof CallState.Ringing || next instanceof CallState.Connected) && next.equals(state)
                && tx.timerOps.isEmpty() && tx.releases.isEmpty()) {
            // A relay (R3.x) or an error to one session: the call stays as it is, only events go out.
            kind = "R";
        } else if (next instanceof CallState.Ended) {
            kind = "E";
        } else if (next instanceof CallState.Idle) {
            kind = state instanceof CallState.Idle ? "N" : "E";
        } else {
            kind = "K";
            stateJson = CallStateJson.write(next);
            UserId caller = next instanceof CallState.Ringing r ? r.call().callerId()
                    : ((CallState.Connected) next).call().callerId();
            UserId callee = next instanceof CallState.Ringing r ? r.call().calleeId()
                    : ((CallState.Connected) next).call().calleeId();
            persist.add(caller.value());
            persist.add(callee.value());
        }
        // The nodes of the parties' sessions get the call's snapshot, which only a stored state (K) or an end (E) sends.
        Set<String> parties = new LinkedHashSet<>();
        if (kind.equals("K") || kind.equals("E")) {
            for (SessionRef party : CallStateJson.parties(state)) {
                parties.add(party.sessionId());
            }
            for (SessionRef party : CallStateJson.parties(next)) {
                parties.add(party.sessionId());
            }
        }
        List<String> args = new ArrayList<>(11 + 2 * tx.events.size());
        Collections.addAll(args, node.prefix, tx.callId.value(), node.me, version, node.newCommitId(), kind,
                stateJson, kind.equals("R") ? "" : opsJson(tx, persist), json(parties),
                Long.toString(ClusterNode.TOMBSTONE_MS), node.newEpoch());
        for (String[] event : tx.events) {
            args.add(event[0]);
            args.add(json(event));
        }
        List<Object> reply;
        try {
            reply = node.link.evalList(Script.COMMIT, args.toArray(String[]::new));
        } catch (RuntimeException e) {
            throw new IllegalStateException("call " + tx.callId + " could not be stored in Redis: " + e.getMessage(),
                    e);
        }
        String outcome = (String) reply.get(0);
        String epoch = (String) reply.get(1);
        if (!node.sameEpoch(epoch) && "conflict".equals(outcome)) {
            return new Commit(true, epoch, 0, 0);
        }
        return new Commit("conflict".equals(outcome), epoch, Long.parseLong(String.valueOf(reply.get(2))),
                ((Long) reply.get(3)).intValue());
    }

    /** The timers, releases and claims to keep of a commit that writes the call: {t: [...], rel: [...], per: [...]}. */
    private static String opsJson(Transaction tx, Set<String> persist) {
        ObjectNode ops = CallStateJson.JSON.createObjectNode();
        ArrayNode timers = ops.putArray("t");
        for (Object[] op : tx.timerOps) {
            ArrayNode entry = timers.addArray().add((String) op[0]).add((String) op[1]);
            if (op.length > 2) {
                entry.add((Long) op[2]);
            }
        }
        ArrayNode release = ops.putArray("rel");
        tx.releases.forEach(release::add);
        ArrayNode persistNode = ops.putArray("per");
        persist.forEach(persistNode::add);
        return json(ops);
    }

    private static String json(Object node) {
        try {
            return CallStateJson.JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<CallId> callOf(UserId user) {
        String call = node.link.sync().get(node.prefix + ":claim:" + user.value());
        return call == null ? Optional.empty() : Optional.of(CallId.of(call));
    }

    @Override
    public boolean claim(UserId user, CallId call) {
        return node.link.evalLong(Script.CLAIM, node.prefix, user.value(), call.value(),
                Long.toString(ClusterNode.PENDING_CLAIM_MS)) == 1;
    }

    @Override
    public void release(UserId user, CallId call) {
        Transaction tx = Transaction.current();
        if (tx != null && tx.callId.equals(call)) {
            tx.releases.add(user.value());
            return;
        }
        node.link.evalLong(Script.RELEASE, node.prefix, user.value(), call.value());
    }

    /** The live calls one of whose party sessions this node holds: those its shutdown ends (R6.6). */
    @Override
    public List<CallId> liveCalls() {
        return node.cache.withPartyAmong(node.handoff.heldSessionIds());
    }

    /** A call's hash as read. */
    private static final class Read {
        final String epoch;
        final long count;
        final Map<String, String> fields;
        final String version;
        /** The state already read (a cached snapshot's), or null to read it from {@link #fields}. */
        private final CallState parsed;

        Read(String epoch, long count, Map<String, String> fields, CallState parsed) {
            this.epoch = epoch;
            this.count = count;
            this.fields = fields;
            this.version = fields.getOrDefault("v", "0");
            this.parsed = parsed;
        }

        CallState state() {
            if (parsed != null) {
                return parsed;
            }
            String json = fields.get("s");
            if (json == null || fields.containsKey("e")) {
                return CallState.Idle.INSTANCE;
            }
            return CallStateJson.read(json);
        }
    }

    /** What a commit script answered. */
    private record Commit(boolean conflict, String epoch, long count, int dropped) {
    }
}
