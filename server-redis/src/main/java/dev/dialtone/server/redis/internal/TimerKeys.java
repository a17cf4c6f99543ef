package dev.dialtone.server.redis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallTimer;
import dev.dialtone.protocol.SessionRef;

/**
 * A call timer's identity as a member of the timers' sorted set: {@code ["R","<call>"]} for the ring timeout,
 * {@code ["G","<call>","<session>",<user>]} for a session's resume grace. The same timer always gives the same text,
 * so that starting it again replaces it.
 */
final class TimerKeys {

    private TimerKeys() {
    }

    static String member(CallTimer timer) {
        ArrayNode array = CallStateJson.JSON.createArrayNode();
        if (timer instanceof CallTimer.RingTimeout ring) {
            array.add("R").add(ring.callId().value());
        } else if (timer instanceof CallTimer.ResumeGrace grace) {
            array.add("G").add(grace.callId().value()).add(grace.session().sessionId());
            array.add(userNode(grace.session()));
        } else {
            throw new AssertionError("unhandled timer " + timer);
        }
        try {
            return CallStateJson.JSON.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode userNode(SessionRef session) {
        try {
            return CallStateJson.JSON.readTree(CallStateJson.userJson(session.user()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The timer a member names; throws {@link IllegalArgumentException} for one this version does not know. */
    static CallTimer timer(String member) {
        JsonNode array;
        try {
            array = CallStateJson.JSON.readTree(member);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a timer: " + member, e);
        }
        if (array == null || !array.isArray() || array.size() < 2) {
            throw new IllegalArgumentException("not a timer: " + member);
        }
        CallId callId = CallId.of(array.get(1).asText());
        switch (array.get(0).asText()) {
            case "R":
                return new CallTimer.RingTimeout(callId);
            case "G":
                if (array.size() == 4) {
                    return new CallTimer.ResumeGrace(callId,
                            new SessionRef(CallStateJson.user(array.get(3)), array.get(2).asText()));
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException("not a timer: " + member);
    }
}
