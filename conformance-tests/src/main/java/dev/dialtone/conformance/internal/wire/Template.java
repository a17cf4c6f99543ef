package dev.dialtone.conformance.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Expected events written as JSON with variables, matched against what a server sent.
 *
 * <p>A string value {@code "@name"} is a variable: a bound variable stands for its value (a user's id in the JSON
 * type the server must echo it in, a call id learned earlier); an unbound one matches any well-formed value of its
 * member (a call id for {@code call_id}) and is bound to it when the whole event matches. {@code "@any"} matches any
 * present value.
 *
 * <p>Matching is what the protocol fixes and nothing more: every member the template names must be present with an
 * equal value (numbers compared by their text, R3.8); every member the protocol defines for the event's type that
 * the template leaves out must be absent ("present exactly when", R2.3, R2.10, ...), except {@code message} (any
 * non-empty string) and {@code seq} (checked by the session for every event, 0.5); members the protocol does not define
 * are ignored, as every receiver ignores them (R1.10).
 */
public final class Template {

    /** The members the protocol defines for each event type (section 0.8), besides {@code type} and {@code seq}. */
    public static final Map<String, Set<String>> EVENT_MEMBERS = Map.ofEntries(
            Map.entry("welcome", Set.of("user_id", "session_id", "protocol_version", "ring_timeout_ms",
                    "resume_token", "resume_grace_ms", "resumed")),
            Map.entry("incoming_call", Set.of("call_id", "caller_id", "caller_username", "call_type", "offer")),
            Map.entry("call_ringing", Set.of("call_id", "callee_id", "call_type")),
            Map.entry("call_unavailable", Set.of("callee_id", "reason", "call_id")),
            Map.entry("call_answered", Set.of("callee_id", "call_id", "answer")),
            Map.entry("call_offer", Set.of("offer", "caller_id", "call_id")),
            Map.entry("call_answer", Set.of("answer", "callee_id", "call_id")),
            Map.entry("ice_candidate", Set.of("candidate", "sender_id", "call_id")),
            Map.entry("peer_media_state", Set.of("call_id", "user_id", "audio", "video")),
            Map.entry("call_hanged_up", Set.of("hanged_up_by", "call_id")),
            Map.entry("call_rejected", Set.of("callee_id", "call_id")),
            Map.entry("call_cancelled", Set.of("caller_id", "call_id")),
            Map.entry("call_missed", Set.of("call_id", "caller_id", "callee_id")),
            Map.entry("call_ended", Set.of("call_id", "reason")),
            Map.entry("pong", Set.of("nonce")),
            Map.entry("call_history", Set.of("records", "next_before")),
            Map.entry("error", Set.of("code", "message", "action", "field", "call_id")));

    /** The members of a call record (R7.2). */
    public static final Set<String> RECORD_MEMBERS = Set.of("call_id", "caller_id", "callee_id", "call_type",
            "outcome", "started_at", "answered_at", "ended_at", "ended_by", "duration_ms");

    private Template() {
    }

    /** Variables: names (with their {@code @}) to values. Thread-safe. */
    public static final class Vars {
        private final Map<String, JsonNode> values = new HashMap<>();

        /** Binds a variable. */
        public synchronized void bind(String name, JsonNode value) {
            values.put(name, value);
        }

        /** A variable's value, or null when unbound. */
        public synchronized JsonNode get(String name) {
            return values.get(name);
        }

        /** The text of a bound variable. */
        public synchronized String text(String name) {
            JsonNode value = values.get(name);
            if (value == null) {
                throw new IllegalStateException("variable " + name + " is not bound yet");
            }
            return value.asText();
        }

        /** An independent copy (to try matches without binding). */
        public synchronized Vars copy() {
            Vars copy = new Vars();
            copy.values.putAll(values);
            return copy;
        }

        /** Takes over every binding of {@code other}. */
        public void replaceWith(Vars other) {
            Map<String, JsonNode> taken;
            synchronized (other) {
                taken = new HashMap<>(other.values);
            }
            synchronized (this) {
                values.clear();
                values.putAll(taken);
            }
        }

        synchronized void putAll(Map<String, JsonNode> more) {
            values.putAll(more);
        }
    }

    /**
     * The template with every bound variable replaced (for sending, and for showing what was expected).
     *
     * @throws IllegalStateException if a variable is unbound and {@code requireBound}
     */
    public static JsonNode substitute(JsonNode template, Vars vars, boolean requireBound) {
        if (template.isTextual() && template.asText().startsWith("@") && !template.asText().equals("@any")) {
            JsonNode value = vars.get(template.asText());
            if (value == null) {
                if (requireBound) {
                    throw new IllegalStateException("variable " + template.asText() + " is not bound");
                }
                return template;
            }
            return value;
        }
        if (template instanceof ObjectNode object) {
            ObjectNode copy = Json.object();
            object.properties().forEach(member ->
                    copy.set(member.getKey(), substitute(member.getValue(), vars, requireBound)));
            return copy;
        }
        if (template instanceof ArrayNode array) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            array.forEach(element -> copy.add(substitute(element, vars, requireBound)));
            return copy;
        }
        return template;
    }

    /**
     * Matches an event against a template; binds the template's unbound variables when it matches.
     *
     * @return null when it matches, else what differs
     */
    public static String match(JsonNode template, ObjectNode actual, String actualText, Vars vars) {
        return match(template, actual, actualText, vars, true);
    }

    /**
     * Like {@link #match(JsonNode, ObjectNode, String, Vars)}; when not {@code strict}, members the template leaves out
     * may be present (for the seed-003 shapes of Appendix A, which a Dialtone server sends with added members).
     */
    public static String match(JsonNode template, ObjectNode actual, String actualText, Vars vars, boolean strict) {
        Map<String, JsonNode> bindings = new HashMap<>();
        Map<String, String> raw = Json.canonicalMembers(actualText);
        String difference = matchObject((ObjectNode) template, actual, raw, vars, bindings, "", strict);
        if (difference == null) {
            vars.putAll(bindings);
        }
        return difference;
    }

    private static String matchObject(ObjectNode template, ObjectNode actual, Map<String, String> raw, Vars vars,
            Map<String, JsonNode> bindings, String path, boolean strict) {
        String type = template.path("type").asText(null);
        for (Map.Entry<String, JsonNode> member : Json.members(template).entrySet()) {
            String name = member.getKey();
            JsonNode value = actual.get(name);
            if (value == null || value.isNull()) {
                return "member " + path + name + " is missing";
            }
            String difference = matchValue(name, member.getValue(), value, path.isEmpty() ? raw.get(name) : null,
                    vars, bindings, path + name);
            if (difference != null) {
                return difference;
            }
        }
        if (strict && type != null && EVENT_MEMBERS.containsKey(type) && path.isEmpty()) {
            for (String defined : EVENT_MEMBERS.get(type)) {
                if (!template.has(defined) && actual.has(defined)) {
                    if (defined.equals("message")) {
                        if (!actual.get(defined).isTextual() || actual.get(defined).asText().isEmpty()) {
                            return "member message is not a non-empty string";
                        }
                        continue;
                    }
                    return "member " + defined + " is present but must be absent here (" + Json.shorten(
                            Json.write(actual.get(defined)), 80) + ")";
                }
            }
            if (type.equals("error") && !actual.has("message")) {
                return "member message is missing (R8.1: every error has a human message)";
            }
        }
        return null;
    }

    private static String matchValue(String member, JsonNode expected, JsonNode actual, String rawActual, Vars vars,
            Map<String, JsonNode> bindings, String path) {
        if (expected.isTextual() && expected.asText().startsWith("@")) {
            String name = expected.asText();
            if (name.equals("@any")) {
                return null;
            }
            JsonNode bound = vars.get(name);
            if (bound == null) {
                bound = bindings.get(name);
            }
            if (bound == null) {
                if (Ids.CALL_ID_MEMBERS.contains(member) && !(actual.isTextual() && Ids.isCallId(actual.asText()))) {
                    return "member " + path + " is not a well-formed call id: " + Json.write(actual);
                }
                bindings.put(name, actual);
                return null;
            }
            expected = bound;
        }
        if (expected instanceof ObjectNode object && actual instanceof ObjectNode actualObject
                && !isOpaque(member)) {
            return matchObject(object, actualObject, Map.of(), vars, bindings, path + ".", true);
        }
        String actualCanonical = rawActual != null ? rawActual : Json.canonical(actual);
        if (!Json.canonical(expected).equals(actualCanonical)) {
            return "member " + path + " is " + Json.shorten(Json.write(actual), 200) + ", expected "
                    + Json.shorten(Json.write(expected), 200);
        }
        return null;
    }

    /** Opaque payloads are compared whole and exactly (R3.8). */
    private static boolean isOpaque(String member) {
        return member.equals("offer") || member.equals("answer") || member.equals("candidate");
    }
}
