package dev.dialtone.server.redis.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One message of a node's channel, {@code "count epoch\n{json}"}, as the scripts publish it: events for the node's
 * sessions ({@code ev}), a call's snapshot ({@code c}), a request for a session it holds ({@code take}) or the answer to
 * its own ({@code given}). The events are read with a streaming parser, straight into their three strings, because
 * they are most of the traffic; the rest, rare, as trees.
 *
 * @param count the message's number among this node's messages, or -1 if the header could not be read
 * @param epoch the Redis epoch it was published in
 * @param events {session id, user JSON, event JSON}, in order
 * @param snapshot the call's snapshot, or null
 * @param take a hand-over request, or null
 * @param given a hand-over answer, or null
 * @param problem why the message could not be read, or null
 */
record NodeMessage(long count, String epoch, List<Event> events, JsonNode snapshot, JsonNode take, JsonNode given,
        String problem) {

    /** An event for a session of the node, written by the codec without its seq. */
    record Event(String sessionId, String userJson, String eventJson) {
    }

    static NodeMessage read(String message) {
        int newline = message.indexOf('\n');
        if (newline < 0) {
            return unreadable(-1, "", "a message without a header");
        }
        int space = message.indexOf(' ');
        boolean hasEpoch = space >= 0 && space < newline;
        long count;
        try {
            count = Long.parseLong(message, 0, hasEpoch ? space : newline, 10);
        } catch (NumberFormatException e) {
            return unreadable(-1, "", "a message with a bad header");
        }
        String epoch = hasEpoch ? message.substring(space + 1, newline) : "";
        try (JsonParser json = CallStateJson.JSON.createParser(message.substring(newline + 1))) {
            return body(count, epoch, json);
        } catch (IOException | RuntimeException e) {
            return unreadable(count, epoch, "a message that could not be read (" + e.getMessage() + ")");
        }
    }

    private static NodeMessage body(long count, String epoch, JsonParser json) throws IOException {
        expect(json.nextToken(), JsonToken.START_OBJECT);
        List<Event> events = List.of();
        JsonNode snapshot = null;
        JsonNode take = null;
        JsonNode given = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            switch (name) {
                case "ev" -> events = events(json, value);
                case "c" -> snapshot = object(json);
                case "take" -> take = object(json);
                case "given" -> given = object(json);
                default -> json.skipChildren();
            }
        }
        expect(json.currentToken(), JsonToken.END_OBJECT);
        return new NodeMessage(count, epoch, events, snapshot, take, given, null);
    }

    /** [[session, user, event]...]; an empty object is what Lua's cjson writes for an empty list. */
    private static List<Event> events(JsonParser json, JsonToken value) throws IOException {
        if (value == JsonToken.START_OBJECT) {
            expect(json.nextToken(), JsonToken.END_OBJECT);
            return List.of();
        }
        expect(value, JsonToken.START_ARRAY);
        List<Event> events = new ArrayList<>(1);
        while (json.nextToken() == JsonToken.START_ARRAY) {
            Event event = new Event(text(json), text(json), text(json));
            expect(json.nextToken(), JsonToken.END_ARRAY);
            events.add(event);
        }
        expect(json.currentToken(), JsonToken.END_ARRAY);
        return events;
    }

    private static JsonNode object(JsonParser json) throws IOException {
        JsonNode node = json.readValueAsTree();
        return node != null && node.isObject() ? node : null;
    }

    private static String text(JsonParser json) throws IOException {
        expect(json.nextToken(), JsonToken.VALUE_STRING);
        return json.getText();
    }

    private static void expect(JsonToken found, JsonToken expected) throws IOException {
        if (found != expected) {
            throw new IOException("expected " + expected + ", found " + found);
        }
    }

    private static NodeMessage unreadable(long count, String epoch, String problem) {
        return new NodeMessage(count, epoch, List.of(), null, null, null, problem);
    }

    /** Handling it never waits: no hand-over, which talks to Redis. */
    boolean light() {
        return take == null && given == null;
    }
}
