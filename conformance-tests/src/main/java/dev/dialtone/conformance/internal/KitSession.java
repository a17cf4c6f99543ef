package dev.dialtone.conformance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dialtone.conformance.internal.wire.ConnectSpec;
import dev.dialtone.conformance.internal.wire.Ids;
import dev.dialtone.conformance.internal.wire.Json;
import dev.dialtone.conformance.internal.wire.RawConnection;
import dev.dialtone.conformance.internal.wire.RawConnection.Frame;
import dev.dialtone.conformance.internal.wire.Template;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Dialtone session of a case as the kit sees it: its present connection, and every event it took, checked on the
 * way against the rules every event obeys (one JSON object, {@code seq} rising by exactly one (0.5, R6.3), ids in
 * their formats (R1.5), no {@code null} members (0.3)). A resume moves the session to a new connection.
 */
public final class KitSession {

    private static final AtomicLong NONCES = new AtomicLong();

    private final Kit kit;
    private final KitUser user;
    private final String label;
    private RawConnection connection;
    private ObjectNode welcome;
    private String sessionId;
    private String resumeToken;
    private long lastSeq;
    private long resumeFloor = -1;
    private boolean gapAllowed;
    private long startCallSent;
    private long droppedAt;

    KitSession(Kit kit, KitUser user, String label, RawConnection connection) {
        this.kit = kit;
        this.user = user;
        this.label = label;
        this.connection = connection;
    }

    /** The label in reports ({@code alice#1}). */
    public String label() {
        return label;
    }

    /** Whose session this is. */
    public KitUser user() {
        return user;
    }

    /** The session id from the last welcome. */
    public String sessionId() {
        return sessionId;
    }

    /** The resume token from the last welcome. */
    public String resumeToken() {
        return resumeToken;
    }

    /** The highest seq taken so far. */
    public long lastSeq() {
        return lastSeq;
    }

    /** The last welcome. */
    public ObjectNode welcome() {
        return welcome;
    }

    /** The present connection. */
    public RawConnection connection() {
        return connection;
    }

    // ---- sending

    /** Sends a template (single quotes allowed, variables substituted), as compact JSON. */
    public void send(String template) {
        sendRaw(kit.render(template));
    }

    /** Sends text exactly as given. */
    public void sendRaw(String text) {
        noteStartCall(text);
        connection.send(text);
    }

    /** Sends text exactly as given, at once (no pacing). */
    public void sendRawUnpaced(String text) {
        noteStartCall(text);
        connection.sendUnpaced(text);
    }

    private void noteStartCall(String text) {
        if (text.contains("\"start_call\"")) {
            startCallSent = System.nanoTime();
        }
    }

    /** Sends a binary frame. */
    public void sendBinary(byte[] bytes) {
        connection.sendBinary(bytes);
    }

    // ---- receiving

    /** The next frame within the kit's timeout, checked; null if none arrived. */
    public Frame next() {
        return next(kit.timeout());
    }

    /** The next frame within {@code timeout}, checked; null if none arrived. */
    public Frame next(Duration timeout) {
        Frame frame = connection.next(timeout);
        if (frame != null) {
            inspect(frame);
        }
        return frame;
    }

    /**
     * Takes the next frame and checks that it matches {@code template} (see {@link Template}).
     *
     * @return the event
     */
    public ObjectNode expect(String template) {
        return expect(template, kit.timeout());
    }

    /** Like {@link #expect(String)} with another timeout. */
    public ObjectNode expect(String template, Duration timeout) {
        return expect(template, timeout, true);
    }

    /**
     * Takes the next frame and checks that it has every member of {@code template} with an equal value, allowing
     * members the template leaves out (Appendix A: a Dialtone server adds members to the seed-003 shapes).
     */
    public ObjectNode expectContaining(String template) {
        return expect(template, kit.timeout(), false);
    }

    private ObjectNode expect(String template, Duration timeout, boolean strict) {
        JsonNode parsed = Json.template(template);
        Frame frame = next(timeout);
        String shown = Json.write(Template.substitute(parsed, kit.vars(), false));
        if (frame == null) {
            throw kit.failure(label + ": expected " + Json.shorten(shown, 300) + " within " + timeout.toMillis()
                    + " ms; nothing arrived", shown, "(nothing)");
        }
        if (frame.isClose()) {
            throw kit.failure(label + ": expected " + Json.shorten(shown, 300) + "; instead " + frame.describe(),
                    shown, frame.describe());
        }
        if (frame.json() == null) {
            throw kit.failure(label + ": expected " + Json.shorten(shown, 300) + "; received "
                    + frame.describe() + ", which is not a JSON object (0.3)", shown, frame.describe());
        }
        String difference = Template.match(parsed, frame.json(), frame.text(), kit.vars(), strict);
        if (difference != null) {
            throw kit.failureOrTimingIssue(label + ": expected " + Json.shorten(shown, 300) + "; received "
                    + Json.shorten(frame.text(), 400) + " (" + difference + ")", shown, frame);
        }
        return frame.json();
    }

    /** Expects an {@code error} with this code and action (null: absent), and no field or call id. */
    public ObjectNode expectError(String code, String action) {
        return expectError(code, action, null, null);
    }

    /**
     * Expects an {@code error}: code, and exactly these optional members (null: must be absent).
     *
     * @param callVar a call variable ({@code @c1}) or literal call id for {@code call_id}
     */
    public ObjectNode expectError(String code, String action, String field, String callVar) {
        ObjectNode template = Json.object();
        template.put("type", "error");
        template.put("code", code);
        if (action != null) {
            template.put("action", action);
        }
        if (field != null) {
            template.put("field", field);
        }
        if (callVar != null) {
            template.put("call_id", callVar);
        }
        return expect(Json.write(template));
    }

    /**
     * A barrier: sends {@code ping} with a fresh nonce and expects its {@code pong} as the very next event. Events to a
     * session arrive in order (Appendix G), so nothing else was sent to this session before the ping was handled.
     */
    public void quiet() {
        quiet("nothing else");
    }

    /** {@link #quiet()} with a description of what should (not) have arrived, for the failure message. */
    public void quiet(String what) {
        String nonce = "k" + NONCES.incrementAndGet();
        connection.send("{\"action\":\"ping\",\"nonce\":\"" + nonce + "\"}");
        Frame frame = next(kit.timeout());
        String expected = "{\"type\":\"pong\",\"nonce\":\"" + nonce + "\"}";
        if (frame == null) {
            throw kit.failure(label + ": sent a ping to check that " + what + " arrived, but no pong came within "
                    + kit.timeout().toMillis() + " ms (R8.17)", expected, "(nothing)");
        }
        if (frame.isClose()) {
            throw kit.failure(label + ": sent a ping to check that " + what + " arrived, but " + frame.describe(),
                    expected, frame.describe());
        }
        if (!"pong".equals(frame.type()) || !nonce.equals(frame.json().path("nonce").asText(null))) {
            throw kit.failureOrTimingIssue(label + ": expected " + what + ", but received "
                    + Json.shorten(frame.text(), 400) + " (before the pong of a barrier ping)", expected, frame);
        }
    }

    /**
     * A barrier that collects: sends {@code ping} with a fresh nonce and returns every event that arrived before its
     * {@code pong} (checked like every event), in order.
     */
    public List<Frame> drainUntilBarrier() {
        String nonce = "k" + NONCES.incrementAndGet();
        connection.send("{\"action\":\"ping\",\"nonce\":\"" + nonce + "\"}");
        List<Frame> before = new ArrayList<>();
        while (true) {
            Frame frame = next(kit.timeout());
            if (frame == null) {
                throw kit.failure(label + ": no pong within " + kit.timeout().toMillis() + " ms after a barrier ping"
                        + (before.isEmpty() ? "" : "; before it: " + describe(before)) + " (R8.17)",
                        "pong " + nonce, "(nothing)");
            }
            if (frame.isClose()) {
                throw kit.failure(label + ": waiting for the pong of a barrier ping, " + frame.describe(),
                        "pong " + nonce, frame.describe());
            }
            if ("pong".equals(frame.type()) && nonce.equals(frame.json().path("nonce").asText(null))) {
                return before;
            }
            before.add(frame);
        }
    }

    /**
     * Lets {@code duration} pass while watching this session: nothing may arrive meanwhile. The kit's one way to let
     * a server timer run out, and it checks something while it waits.
     */
    public void expectNothingFor(java.time.Duration duration, String why) {
        Frame frame = next(duration);
        if (frame != null) {
            throw kit.failureOrTimingIssue(label + ": expected nothing for " + duration.toMillis() + " ms (" + why
                    + "); received " + frame.describe(), "nothing", frame);
        }
    }

    /** Waits for the server to close the connection with {@code code}, ignoring the frames before the close. */
    public CloseReason expectClose(int code) {
        return expectClose(code, kit.timeout(), false);
    }

    /** Waits for the close with {@code code}, and checks that no frame at all came before it. */
    public CloseReason expectClosedBeforeAnyEvent(int code) {
        return expectClose(code, kit.timeout(), true);
    }

    /** Waits for the close with {@code code} within {@code timeout}. */
    public CloseReason expectClose(int code, Duration timeout, boolean noFramesBefore) {
        CloseReason reason = connection.awaitClose(timeout);
        List<Frame> before = new ArrayList<>();
        for (Frame frame : connection.pending()) {
            if (!frame.isClose()) {
                before.add(frame);
            }
        }
        if (reason == null) {
            throw kit.failure(label + ": expected the server to close the connection with " + code + " within "
                    + timeout.toMillis() + " ms; it is still open" + (before.isEmpty() ? ""
                    : "; it sent " + describe(before)), "close " + code, "open");
        }
        if (reason.getCloseCode().getCode() != code) {
            throw kit.failure(label + ": expected close code " + code + ", the server closed with "
                    + reason.getCloseCode().getCode() + describeReason(reason) + (before.isEmpty() ? ""
                    : " after sending " + describe(before)), "close " + code,
                    "close " + reason.getCloseCode().getCode());
        }
        if (noFramesBefore && !before.isEmpty()) {
            throw kit.failure(label + ": expected the close " + code + " before any event, but the server first sent "
                    + describe(before), "close " + code + " before any event", describe(before));
        }
        return reason;
    }

    /** Checks that the connection is still open (the server did not close it), after a barrier. */
    public void expectOpen() {
        CloseReason reason = connection.closeReason();
        if (reason != null) {
            throw kit.failure(label + ": the server closed the connection with " + reason.getCloseCode().getCode()
                    + describeReason(reason) + ", but it must stay open (R8.1)", "open",
                    "close " + reason.getCloseCode().getCode());
        }
    }

    private static String describeReason(CloseReason reason) {
        String phrase = reason.getReasonPhrase();
        return phrase == null || phrase.isEmpty() ? "" : " \"" + phrase + "\"";
    }

    private static String describe(List<Frame> frames) {
        StringBuilder text = new StringBuilder();
        for (Frame frame : frames) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(frame.describe());
            if (text.length() > 600) {
                text.append(" ...");
                break;
            }
        }
        return text.toString();
    }

    // ---- welcome, drop and resume

    /** Expects {@code welcome} as the first event of a new session (R1.6) and remembers it. */
    public ObjectNode expectWelcome() {
        return expectWelcome(false);
    }

    /**
     * Expects {@code welcome} with every member of R1.6: the user's id in the right JSON type (R1.4), a session id, the
     * protocol version 1, the timers, a resume token, and {@code resumed}.
     */
    public ObjectNode expectWelcome(boolean resumed) {
        Frame frame = connection.next(kit.timeout());
        String expected = "welcome {user_id: " + Json.write(user.rendered()) + ", resumed: " + resumed + ", ...}";
        if (frame == null) {
            throw kit.failure(label + ": expected welcome as the first event (R1.6) within " + kit.timeout().toMillis()
                    + " ms; nothing arrived", expected, "(nothing)");
        }
        if (frame.isClose()) {
            throw kit.failure(label + ": expected welcome as the first event (R1.6); instead " + frame.describe(),
                    expected, frame.describe());
        }
        ObjectNode event = frame.json();
        if (event == null || !"welcome".equals(frame.type())) {
            throw kit.failure(label + ": expected welcome as the first event (R1.6); received "
                    + frame.describe(), expected, frame.describe());
        }
        List<String> problems = new ArrayList<>();
        if (!event.has("user_id") || !Json.canonical(event.get("user_id")).equals(Json.canonical(user.rendered()))) {
            problems.add("user_id is " + event.get("user_id") + ", expected " + Json.write(user.rendered())
                    + " (R1.4: the token's id, in the claim's JSON type)");
        }
        if (!event.path("session_id").isTextual() || event.get("session_id").asText().isEmpty()) {
            problems.add("session_id is not a non-empty string");
        }
        if (!event.path("protocol_version").isIntegralNumber() || event.get("protocol_version").asInt() != 1) {
            problems.add("protocol_version is " + event.get("protocol_version") + ", expected 1");
        }
        if (!event.path("ring_timeout_ms").isIntegralNumber() || event.get("ring_timeout_ms").asLong() <= 0) {
            problems.add("ring_timeout_ms is " + event.get("ring_timeout_ms") + ", expected a positive integer");
        }
        if (!event.path("resume_grace_ms").isIntegralNumber() || event.get("resume_grace_ms").asLong() < 0) {
            problems.add("resume_grace_ms is " + event.get("resume_grace_ms") + ", expected an integer >= 0");
        }
        if (!event.path("resume_token").isTextual() || event.get("resume_token").asText().isEmpty()) {
            problems.add("resume_token is not a non-empty string");
        }
        if (!event.path("resumed").isBoolean() || event.get("resumed").asBoolean() != resumed) {
            problems.add("resumed is " + event.get("resumed") + ", expected " + resumed);
        }
        if (event.has("seq")) {
            problems.add("welcome carries seq " + event.get("seq") + " (R1.6: welcome has no seq)");
        }
        if (!problems.isEmpty()) {
            throw kit.failure(label + ": welcome is wrong: " + String.join("; ", problems), expected, frame.text());
        }
        welcome = event;
        if (!resumed) {
            lastSeq = 0;
            resumeFloor = -1;
        }
        sessionId = event.get("session_id").asText();
        resumeToken = event.get("resume_token").asText();
        return event;
    }

    /** Closes this session's connection from the client side (a dropped socket, R6.2). */
    public void drop() {
        droppedAt = System.nanoTime();
        connection.close();
        connection.awaitClose(kit.timeout());
    }

    /**
     * Resumes this session on a new connection with {@code resume_token} and {@code last_seq} = the highest seq taken
     * (R6.3), and expects {@code welcome} with the same session id and {@code resumed: true}.
     */
    public ObjectNode resume() {
        return resume(lastSeq);
    }

    /** Resumes with an explicit {@code last_seq}. */
    public ObjectNode resume(long lastSeqToSend) {
        ConnectSpec spec = kit.spec(user).withQuery("resume_token", resumeToken)
                .withQuery("last_seq", Long.toString(lastSeqToSend));
        String previousSession = sessionId;
        reconnect(spec);
        ObjectNode event = expectResumedWelcome();
        if (!previousSession.equals(sessionId)) {
            throw kit.failure(label + ": the resumed welcome names session " + sessionId + ", expected the resumed "
                    + "session " + previousSession + " (R6.3)", previousSession, sessionId);
        }
        lastSeq = lastSeqToSend;
        resumeFloor = lastSeqToSend;
        return event;
    }

    /**
     * Resumes with {@code last_seq} given as arbitrary text, expecting the server to treat it as {@code floor}
     * (R6.3: absent or not a non-negative integer counts as 0).
     */
    public ObjectNode resumeWithLastSeqText(String lastSeqText, long floor) {
        ConnectSpec spec = kit.spec(user).withQuery("resume_token", resumeToken);
        if (lastSeqText != null) {
            spec = spec.withQuery("last_seq", lastSeqText);
        }
        String previousSession = sessionId;
        reconnect(spec);
        ObjectNode event = expectResumedWelcome();
        if (!previousSession.equals(sessionId)) {
            throw kit.failure(label + ": the resumed welcome names session " + sessionId + ", expected "
                    + previousSession + " (R6.3)", previousSession, sessionId);
        }
        lastSeq = floor;
        resumeFloor = floor;
        return event;
    }

    /**
     * The welcome of a resume; if it is not resumed and the kit took longer than the resume grace to come back (a
     * slow machine), the case is inconclusive rather than failed.
     */
    private ObjectNode expectResumedWelcome() {
        try {
            return expectWelcome(true);
        } catch (CaseFailure failure) {
            long awayMs = droppedAt == 0 ? -1 : (System.nanoTime() - droppedAt) / 1_000_000;
            long graceMs = kit.facts().resumeGrace().toMillis();
            if (awayMs >= graceMs - 5 && String.valueOf(failure.getMessage()).contains("resumed is false")) {
                throw new dev.dialtone.conformance.internal.Inconclusive("the kit came back " + awayMs + " ms after "
                        + "the drop, past the resume grace of " + graceMs + " ms");
            }
            throw failure;
        }
    }

    /** Moves this session to a new connection opened with {@code spec} (the welcome is not taken). */
    public void reconnect(ConnectSpec spec) {
        connection = kit.openConnection(label, user, spec);
    }

    /** Lets the next event skip seqs (R6.10: events no longer kept are not replayed). */
    public void allowSeqGap() {
        gapAllowed = true;
    }

    // ---- the rules every event obeys

    private void inspect(Frame frame) {
        ObjectNode event = frame.json();
        if (event == null) {
            return;
        }
        String type = frame.type();
        if (type == null) {
            throw kit.failure(label + ": received " + frame.describe() + ", which has no string member type (0.3)",
                    "an event with a type", frame.text());
        }
        for (Map.Entry<String, JsonNode> member : Json.members(event).entrySet()) {
            if (member.getValue().isNull()) {
                throw kit.failure(label + ": " + type + " has member " + member.getKey() + " = null; senders must "
                        + "leave absent members out (0.3)", "no null members", frame.text());
            }
        }
        checkIds(event, type, frame);
        if ((type.equals("call_ringing") || type.equals("incoming_call")) && event.path("call_id").isTextual()) {
            long since = type.equals("call_ringing") && startCallSent != 0 ? startCallSent
                    : kit.log().nanoTimeOf(frame.atMillis());
            kit.ringingNoLaterThan(event.get("call_id").asText(), since);
        }
        boolean noSeq = type.equals("welcome")
                || (type.equals("error") && "unsupported_version".equals(event.path("code").asText()));
        if (noSeq) {
            return;
        }
        JsonNode seq = event.get("seq");
        if (seq == null || !seq.isIntegralNumber() || seq.asLong() < 1) {
            throw kit.failure(label + ": " + type + " has no positive integer seq (0.5, R6.3): " + Json.shorten(
                    frame.text(), 300), "seq " + (lastSeq + 1), String.valueOf(seq));
        }
        long value = seq.asLong();
        if (resumeFloor >= 0) {
            boolean fine = gapAllowed ? value > resumeFloor : value == resumeFloor + 1;
            if (!fine) {
                throw kit.failure(label + ": after resuming with last_seq=" + resumeFloor + " the first event has seq "
                        + value + ", expected " + (resumeFloor + 1) + " (R6.3: replay every kept event after "
                        + "last_seq, in order)", "seq " + (resumeFloor + 1), "seq " + value);
            }
            resumeFloor = -1;
            gapAllowed = false;
        } else if (value != lastSeq + 1) {
            throw kit.failure(label + ": " + type + " has seq " + value + " after seq " + lastSeq + "; seq rises by "
                    + "exactly 1 per event of a session, with no gaps and no reuse (0.5, R6.3)",
                    "seq " + (lastSeq + 1), "seq " + value);
        }
        lastSeq = value;
    }

    private void checkIds(ObjectNode event, String type, Frame frame) {
        for (Map.Entry<String, JsonNode> member : Json.members(event).entrySet()) {
            String name = member.getKey();
            JsonNode value = member.getValue();
            if (Ids.USER_ID_MEMBERS.contains(name) && !Ids.isUserId(value)) {
                throw kit.failure(label + ": " + type + "." + name + " is " + Json.shorten(Json.write(value), 80)
                        + ", not a well-formed user id (R1.5, 0.4)", "a user id", frame.text());
            }
            if (Ids.CALL_ID_MEMBERS.contains(name) && !(value.isTextual() && Ids.isCallId(value.asText()))) {
                throw kit.failure(label + ": " + type + "." + name + " is " + Json.shorten(Json.write(value), 80)
                        + ", not a well-formed call id (R1.5, 0.4)", "a call id", frame.text());
            }
        }
    }

    /** Closes the connection (end of the case). */
    void closeQuietly() {
        connection.close();
    }
}
