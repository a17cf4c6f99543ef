package dev.dialtone.reference.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Short, readable text for the frames of the demo's timeline: {@code start_call {callee_id: 2, call_type: audio}}.
 * The message's name comes first, then its members without {@code action}, {@code type} and {@code seq}; plain words
 * are written bare, other strings quoted and cut after a few characters (an SDP shows its first line or two), call and
 * session ids are shortened, an ICE candidate is summed up as {@code <host 192.168.1.20 46154>}, and the resume token,
 * a secret (R6.9), is never shown. Plain members come before objects and arrays (payloads), so that when the timeline
 * cuts a long line, it cuts the payload.
 */
final class FrameText {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_.@:/+~-]+");
    private static final Pattern NUMBER_LIKE = Pattern.compile("-?[0-9]+(\\.[0-9]+)?|true|false|null");
    /** An ICE candidate attribute: its address, port and type are what a reader wants to see. */
    private static final Pattern CANDIDATE =
            Pattern.compile("candidate:\\S+ \\d+ \\S+ \\d+ (\\S+) (\\d+) typ (\\S+).*");
    private static final int MAX_STRING = 24;
    private static final int MAX_ID = 8;

    private FrameText() {
    }

    /** The frame parsed, or null when it is not one JSON object. */
    static JsonNode parse(String frame) {
        try {
            JsonNode node = JSON.readTree(frame);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The frame as one short line; a frame that is not a JSON object is shown as its text, quoted and cut. */
    static String of(String frame) {
        JsonNode node = parse(frame);
        return node == null ? "(not a JSON object) " + string(frame, MAX_STRING * 2) : of(node);
    }

    /** A parsed frame as one short line. */
    static String of(JsonNode frame) {
        String name = frame.path("action").isTextual() ? frame.get("action").asText()
                : frame.path("type").isTextual() ? frame.get("type").asText() : "?";
        StringBuilder text = new StringBuilder(name);
        String members = members(frame, true);
        if (!members.isEmpty()) {
            text.append(' ').append(members);
        }
        return text.toString();
    }

    /** A value as the timeline shows it, for messages about one member. */
    static String value(String member, JsonNode value) {
        return value == null ? "nothing" : value(member, value, false);
    }

    /** The members, plain values first and objects and arrays (payloads) last, so that a cut line loses payload. */
    private static String members(JsonNode object, boolean top) {
        StringBuilder text = new StringBuilder();
        for (boolean containers : new boolean[] {false, true}) {
            for (Map.Entry<String, JsonNode> member : object.properties()) {
                String name = member.getKey();
                if (member.getValue().isContainerNode() != containers
                        || top && (name.equals("action") || name.equals("type") || name.equals("seq"))) {
                    continue;
                }
                text.append(text.length() == 0 ? "{" : ", ").append(name).append(": ")
                        .append(value(name, member.getValue(), true));
            }
        }
        return text.length() == 0 ? (top ? "" : "{}") : text.append('}').toString();
    }

    private static String value(String member, JsonNode value, boolean nested) {
        if (value.isObject()) {
            Matcher candidate = CANDIDATE.matcher(value.path("candidate").asText(""));
            if (nested && member.equals("candidate") && candidate.matches()) {
                // An ICE candidate, summed up: its type, address and port (the demo checks the whole of it).
                return "<" + candidate.group(3) + " " + candidate.group(1) + " " + candidate.group(2) + ">";
            }
            return members(value, false);
        }
        if (value.isArray()) {
            if (value.size() > 0 && value.get(0).isContainerNode()) {
                return "[" + value.size() + (value.size() == 1 ? " item]" : " items]");
            }
            StringBuilder text = new StringBuilder("[");
            for (JsonNode item : value) {
                text.append(text.length() == 1 ? "" : ", ").append(value(member, item, nested));
            }
            return text.append(']').toString();
        }
        if (!value.isTextual()) {
            return value.toString();
        }
        String text = value.asText();
        if (member.equals("resume_token")) {
            return "(secret)";
        }
        int max = member.equals("call_id") || member.equals("session_id") || member.equals("before")
                || member.equals("next_before") ? MAX_ID : MAX_STRING;
        return string(text, nested ? max : Integer.MAX_VALUE);
    }

    private static String string(String text, int max) {
        boolean cut = text.length() > max;
        String shown = cut ? text.substring(0, max) : text;
        if (BARE.matcher(text).matches() && !NUMBER_LIKE.matcher(text).matches()) {
            return shown + (cut ? ".." : "");
        }
        String quoted = new TextNode(shown).toString();
        return cut ? quoted.substring(0, quoted.length() - 1) + "...\"" : quoted;
    }

    /** {@code line} cut to at most {@code width} characters, ending with "..." when cut. */
    static String fit(String line, int width) {
        return line.length() <= width ? line : line.substring(0, width - 3) + "...";
    }
}
