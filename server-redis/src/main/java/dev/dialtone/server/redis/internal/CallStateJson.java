package dev.dialtone.server.redis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.Outcome;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.UserId;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON form of the sealed {@link CallState} records, as a call's state is kept in Redis. Lossless: user ids keep
 * their JSON type (R1.4), SDP and ICE payloads their exact text (R3.8), times their full precision.
 *
 * <pre>{@code
 * {"state":"ringing","call":{...},"caller":{"user":1,"session":"s1"},"callees":[...],"candidates":["{...}"],"detached":[...]}
 * {"state":"connected","call":{...},"caller":{...},"callee":{...},"answered_at":"...","detached":[...]}
 * {"state":"ended","record":{...}}
 * {"state":"idle"}
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class CallStateJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private CallStateJson() {
    }

    /** Writes a state. */
    public static String write(CallState state) {
        ObjectNode root = JSON.createObjectNode();
        if (state instanceof CallState.Idle) {
            root.put("state", "idle");
        } else if (state instanceof CallState.Ringing ringing) {
            root.put("state", "ringing");
            root.set("call", call(ringing.call()));
            root.set("caller", session(ringing.callerSession()));
            root.set("callees", sessions(ringing.calleeSessions()));
            ArrayNode candidates = root.putArray("candidates");
            ringing.bufferedCandidates().forEach(candidate -> candidates.add(candidate.json()));
            root.set("detached", sessions(sorted(ringing.detached())));
        } else if (state instanceof CallState.Connected connected) {
            root.put("state", "connected");
            root.set("call", call(connected.call()));
            root.set("caller", session(connected.callerSession()));
            root.set("callee", session(connected.calleeSession()));
            root.put("answered_at", connected.answeredAt().toString());
            root.set("detached", sessions(sorted(connected.detached())));
        } else if (state instanceof CallState.Ended ended) {
            root.put("state", "ended");
            root.set("record", record(ended.record()));
        } else {
            throw new AssertionError("unhandled call state " + state);
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a call state could not be written", e);
        }
    }

    /**
     * Reads a state written by {@link #write}.
     *
     * @throws IllegalArgumentException if {@code text} is not such a state
     */
    public static CallState read(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a call state is not JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a call state is a JSON object");
        }
        String kind = text(root, "state");
        switch (kind) {
            case "idle":
                return CallState.Idle.INSTANCE;
            case "ringing": {
                List<OpaqueJson> candidates = new ArrayList<>();
                for (JsonNode candidate : array(root, "candidates")) {
                    candidates.add(OpaqueJson.of(candidate.asText()));
                }
                return new CallState.Ringing(call(required(root, "call")), session(required(root, "caller")),
                        sessions(array(root, "callees")), candidates, new HashSet<>(sessions(array(root, "detached"))));
            }
            case "connected":
                return new CallState.Connected(call(required(root, "call")), session(required(root, "caller")),
                        session(required(root, "callee")), Instant.parse(text(root, "answered_at")),
                        new HashSet<>(sessions(array(root, "detached"))));
            case "ended":
                return new CallState.Ended(record(required(root, "record")));
            default:
                throw new IllegalArgumentException("unknown call state '" + kind + "'");
        }
    }

    /** The sessions that take part in a state: the caller session and the ringing or bound callee sessions. */
    public static List<SessionRef> parties(CallState state) {
        List<SessionRef> parties = new ArrayList<>();
        if (state instanceof CallState.Ringing ringing) {
            parties.add(ringing.callerSession());
            parties.addAll(ringing.calleeSessions());
        } else if (state instanceof CallState.Connected connected) {
            parties.add(connected.callerSession());
            parties.add(connected.calleeSession());
        }
        return parties;
    }

    /** A user id as JSON: a number for a numeric id, else a string (R1.4). */
    public static String userJson(UserId user) {
        if (user.numeric()) {
            return user.value();
        }
        try {
            return JSON.writeValueAsString(user.value());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads what {@link #userJson} wrote. */
    public static UserId readUser(String json) {
        try {
            return user(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a user id is not JSON: " + json, e);
        }
    }

    static UserId user(JsonNode node) {
        if (node != null && node.isIntegralNumber()) {
            return UserId.ofNumber(node.bigIntegerValue());
        }
        if (node != null && node.isTextual()) {
            return UserId.of(node.asText());
        }
        throw new IllegalArgumentException("a user id is a whole number or a string: " + node);
    }

    private static JsonNode userNode(UserId user) {
        return user.numeric() ? JSON.getNodeFactory().numberNode(new BigInteger(user.value()))
                : JSON.getNodeFactory().textNode(user.value());
    }

    private static ObjectNode call(CallInfo call) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", call.callId().value());
        node.set("caller", userNode(call.callerId()));
        node.put("caller_name", call.callerName());
        node.set("callee", userNode(call.calleeId()));
        node.put("type", call.callType().wireName());
        node.put("started_at", call.startedAt().toString());
        return node;
    }

    private static CallInfo call(JsonNode node) {
        return new CallInfo(CallId.of(text(node, "id")), user(node.get("caller")), text(node, "caller_name"),
                user(node.get("callee")), callType(text(node, "type")), Instant.parse(text(node, "started_at")));
    }

    private static ObjectNode session(SessionRef session) {
        ObjectNode node = JSON.createObjectNode();
        node.set("user", userNode(session.user()));
        node.put("session", session.sessionId());
        return node;
    }

    private static SessionRef session(JsonNode node) {
        return new SessionRef(user(node.get("user")), text(node, "session"));
    }

    private static ArrayNode sessions(Collection<SessionRef> sessions) {
        ArrayNode array = JSON.createArrayNode();
        sessions.forEach(session -> array.add(session(session)));
        return array;
    }

    private static List<SessionRef> sessions(JsonNode array) {
        List<SessionRef> sessions = new ArrayList<>();
        for (JsonNode node : array) {
            sessions.add(session(node));
        }
        return sessions;
    }

    /** A set in a stable order, so that equal states are written alike. */
    private static List<SessionRef> sorted(Set<SessionRef> sessions) {
        List<SessionRef> list = new ArrayList<>(sessions);
        list.sort((a, b) -> a.toString().compareTo(b.toString()));
        return list;
    }

    private static ObjectNode record(CallRecord record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", record.callId().value());
        node.set("caller", userNode(record.callerId()));
        node.set("callee", userNode(record.calleeId()));
        node.put("type", record.callType().wireName());
        node.put("outcome", record.outcome().wireName());
        node.put("started_at", record.startedAt().toString());
        if (record.answeredAt() != null) {
            node.put("answered_at", record.answeredAt().toString());
        }
        node.put("ended_at", record.endedAt().toString());
        if (record.endedBy() != null) {
            node.set("ended_by", userNode(record.endedBy()));
        }
        return node;
    }

    private static CallRecord record(JsonNode node) {
        JsonNode answered = node.get("answered_at");
        JsonNode endedBy = node.get("ended_by");
        return new CallRecord(CallId.of(text(node, "id")), user(node.get("caller")), user(node.get("callee")),
                callType(text(node, "type")),
                Outcome.fromWire(text(node, "outcome")).orElseThrow(
                        () -> new IllegalArgumentException("unknown outcome " + node.get("outcome"))),
                Instant.parse(text(node, "started_at")),
                answered == null || answered.isNull() ? null : Instant.parse(answered.asText()),
                Instant.parse(text(node, "ended_at")),
                endedBy == null || endedBy.isNull() ? null : user(endedBy));
    }

    private static CallType callType(String name) {
        return CallType.fromWire(name).orElseThrow(() -> new IllegalArgumentException("unknown call type " + name));
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("'" + field + "' is missing in a call state");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is not a string in a call state");
        }
        return value.asText();
    }

    private static JsonNode array(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return JSON.createArrayNode();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("'" + field + "' is not an array in a call state");
        }
        return value;
    }
}
