package dev.dialtone.conformance.internal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dialtone.conformance.internal.CaseFailure;
import dev.dialtone.conformance.internal.Kit;
import dev.dialtone.conformance.internal.KitSession;
import dev.dialtone.conformance.internal.KitUser;
import dev.dialtone.conformance.internal.model.ModelState.SessionState;
import dev.dialtone.conformance.internal.model.ModelState.Status;
import dev.dialtone.conformance.internal.model.ModelState.Timer;
import dev.dialtone.conformance.internal.wire.Ids;
import dev.dialtone.conformance.internal.wire.Json;
import dev.dialtone.conformance.internal.wire.RawConnection.Frame;
import dev.dialtone.conformance.internal.wire.Template;
import dev.dialtone.protocol.CallMachine;
import dev.dialtone.protocol.CallPolicy;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.ClientAction;
import dev.dialtone.protocol.DecodeResult;
import dev.dialtone.protocol.ErrorReported;
import dev.dialtone.protocol.Protocol;
import dev.dialtone.protocol.ServerEvent;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.StartCall;
import dev.dialtone.protocol.UserId;
import dev.dialtone.protocol.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * One try of the model-based property: real sessions on the server under test and the {@link ModelState} that says
 * what each must receive. Every step performs one action (or two racing ones), waits for the events the model
 * predicts, puts a ping barrier on every connected session, and compares exactly. Server timers are settled before
 * each step: a timer that could fire during the next step is waited for (until it surely fired) and applied first, so
 * that the outcome over a real network is deterministic.
 */
public final class ModelWorld implements AutoCloseable {

    /** A timer that could fire within this long is waited for before the next step. */
    private static final long MARGIN = TimeUnit.MILLISECONDS.toNanos(300);

    /** How late a server timer may fire after its nominal time. */
    private static final long SLACK = TimeUnit.MILLISECONDS.toNanos(250);

    /** How long after the kit closes a connection the server is taken to have noticed it. */
    private static final long DROP_NOTICED = TimeUnit.MILLISECONDS.toNanos(150);

    private static final WireCodec CODEC = WireCodec.standard();
    private static final String[] BAD_INPUTS = {
        "{", "[1,2]", "{\"action\":\"teleport\"}", "{\"action\":7}", "{\"action\":\"start_call\",\"callee_id\":true}",
        "{\"action\":\"hang_up\"}", "{\"action\":\"media_state\"}",
        "{\"action\":\"ping\",\"nonce\":\"" + "n".repeat(65) + "\"}", null};

    /** The hint an action gives about the peer ({@code caller_id}, {@code callee_id}, {@code peer_id}). */
    public enum Hint { NONE, PEER, WRONG }

    private final ModelContext context;
    private final Kit kit;
    private final CallMachine machine;
    private final Duration grace;
    private final List<KitUser> users = new ArrayList<>();
    private final Map<String, UserId> userIds = new HashMap<>();
    private final Map<String, KitSession> sockets = new LinkedHashMap<>();
    private final Map<String, Long> dropNoticedAt = new HashMap<>();
    private final Map<String, Long> closedAtNanos = new HashMap<>();
    private final List<String> steps = new ArrayList<>();
    private ModelState state = new ModelState();
    private final long born = System.nanoTime();

    private ModelWorld(ModelContext context, Kit kit, Duration ring, Duration grace) {
        this.context = context;
        this.kit = kit;
        this.grace = grace;
        this.machine = CallMachine.create(new CallPolicy(ring, grace, Protocol.DEFAULT_MAX_BUFFERED_CANDIDATES));
    }

    /** A new world: four users (the last never connects), five connected sessions. */
    public static ModelWorld open(ModelContext context) {
        if (context.finished()) {
            throw new IllegalStateException("the model run this chain belongs to is over");
        }
        Kit kit = context.newTryKit();
        ModelWorld world = new ModelWorld(context, kit, kit.facts().ringTimeout(), kit.facts().resumeGrace());
        context.opened(world);
        for (int i = 0; i < 4; i++) {
            world.users.add(kit.user("u" + i));
        }
        world.steps.add("connect u0#1, u0#2, u1#1, u1#2, u2#1");
        world.guarded(() -> {
            world.connectSession(0);
            world.connectSession(0);
            world.connectSession(1);
            world.connectSession(1);
            world.connectSession(2);
        });
        return world;
    }

    Kit kit() {
        return kit;
    }

    List<String> steps() {
        return steps;
    }

    // ---- what the generators see

    /** Labels of sessions in a status. */
    public List<String> labels(Status status) {
        List<String> labels = new ArrayList<>();
        state.sessions.forEach((label, session) -> {
            if (session.status == status) {
                labels.add(label);
            }
        });
        return labels;
    }

    /** The model keys of the calls the server named (so that actions can name them). */
    public List<String> knownCalls() {
        List<String> known = new ArrayList<>();
        for (String key : state.calls.keySet()) {
            if (kit.vars().get("@" + key) != null) {
                known.add(key);
            }
        }
        return known;
    }

    /**
     * A call the generators may aim at: its model key and, by label, the connected sessions that play a part in it.
     *
     * @param key the model key
     * @param caller the caller session's label, if it is connected; else null
     * @param callees the ringing sessions (while ringing) or the bound callee session (once connected), connected ones
     */
    public record Live(String key, String caller, List<String> callees) {
    }

    /** The ringing calls the server named. */
    public List<Live> ringingCalls() {
        return live(true);
    }

    /** The connected calls. */
    public List<Live> connectedCalls() {
        return live(false);
    }

    private List<Live> live(boolean ringing) {
        List<Live> calls = new ArrayList<>();
        for (String key : knownCalls()) {
            CallState call = state.calls.get(key);
            List<SessionRef> callees;
            SessionRef caller;
            if (ringing && call instanceof CallState.Ringing r) {
                caller = r.callerSession();
                callees = r.calleeSessions();
            } else if (!ringing && call instanceof CallState.Connected c) {
                caller = c.callerSession();
                callees = List.of(c.calleeSession());
            } else {
                continue;
            }
            List<String> labels = new ArrayList<>();
            for (SessionRef ref : callees) {
                SessionState session = state.sessionOf(ref);
                if (session != null && session.status == Status.CONNECTED) {
                    labels.add(session.label);
                }
            }
            SessionState callerSession = state.sessionOf(caller);
            String callerLabel = callerSession != null && callerSession.status == Status.CONNECTED
                    ? callerSession.label : null;
            if (callerLabel != null || !labels.isEmpty()) {
                calls.add(new Live(key, callerLabel, labels));
            }
        }
        return calls;
    }

    /** Whether a server timer is running (a ringing call, a detached session). */
    public boolean timersRunning() {
        return !state.timers.isEmpty();
    }

    /** The number of users (the last one never connects). */
    public int userCount() {
        return users.size();
    }

    @Override
    public String toString() {
        return "ModelWorld" + labels(Status.CONNECTED);
    }

    // ---- actions

    /** {@code start_call} from a session to user {@code callee} (any: itself, the offline one, a busy one). */
    public void startCall(String label, int callee, boolean video, boolean withOffer) {
        SessionState from = connected(label);
        if (from == null) {
            return;
        }
        KitUser calleeUser = users.get(callee % users.size());
        awaitDropNoticed(calleeUser);
        settle();
        ObjectNode frame = Json.object();
        frame.put("action", "start_call");
        frame.set("callee_id", calleeUser.idNode());
        if (video) {
            frame.put("call_type", "video");
        }
        if (withOffer) {
            frame.set("offer", Json.template("{'type':'offer','sdp':'v=0 kit " + label + "'}"));
        }
        String text = Json.write(frame);
        StartCall start = (StartCall) decode(text);
        ModelState next = state.copy();
        ModelState.Outcome outcome = new ModelState.Outcome();
        long now = System.nanoTime();
        next.startCall(machine, next.session(label), users.get(indexOf(from.user)).displayName(), start, now,
                Instant.now(), outcome);
        step(label + " start_call to " + calleeUser.name() + (video ? " video" : "") + (withOffer ? " with offer" : ""),
                List.of(new Alternative(next, outcome)), () -> sockets.get(label).sendRaw(text));
    }

    /** answer_call, reject_call, cancel_call or hang_up from a session about a call. */
    public void callAction(String label, String action, String callKey, Hint hint) {
        SessionState from = connected(label);
        if (from == null) {
            return;
        }
        settle();
        ObjectNode frame = Json.object();
        frame.put("action", action);
        String callId = callIdFor(callKey);
        frame.put("call_id", callId);
        String hintMember = switch (action) {
            case "answer_call", "reject_call" -> "caller_id";
            case "cancel_call" -> "callee_id";
            default -> "peer_id";
        };
        addHint(frame, hintMember, from, callKey, hint);
        if (action.equals("answer_call") && hint == Hint.PEER) {
            frame.set("answer", Json.template("{'type':'answer','sdp':'v=0 kit " + label + "'}"));
        }
        sendCallAction(label + " " + action + " " + describe(callKey) + " hint=" + hint, from, frame, callKey);
    }

    /** offer, answer, ice_candidate or media_state from a session, naming a call or not. */
    public void relay(String label, String kind, String callKey, boolean nameTheCall, Hint hint) {
        SessionState from = connected(label);
        if (from == null) {
            return;
        }
        settle();
        ObjectNode frame = Json.object();
        frame.put("action", kind);
        switch (kind) {
            case "offer" -> frame.set("offer", Json.template("{'type':'offer','sdp':'v=0 re " + steps.size() + "'}"));
            case "answer" -> frame.set("answer", Json.template("{'type':'answer','sdp':'v=0 re " + steps.size()
                    + "'}"));
            case "ice_candidate" -> frame.set("candidate", Json.template("{'candidate':'candidate:" + steps.size()
                    + " 1 udp 1 192.0.2.1 9 typ host','sdpMid':'0','sdpMLineIndex':0}"));
            default -> frame.put("audio", steps.size() % 2 == 0);
        }
        if (!kind.equals("media_state")) {
            String member = kind.equals("offer") ? "callee_id" : kind.equals("answer") ? "caller_id" : "peer_id";
            addHint(frame, member, from, callKey, hint);
        }
        String named = nameTheCall ? callKey : null;
        if (named != null) {
            frame.put("call_id", callIdFor(callKey));
        }
        sendCallAction(label + " " + kind + (named == null ? " (no call_id)" : " " + describe(callKey)) + " hint="
                + hint, from, frame, named);
    }

    /** Two actions about one call sent at once from two sessions: the server applies them in either order. */
    public void race(String labelA, String actionA, String labelB, String actionB, String callKey) {
        SessionState a = connected(labelA);
        SessionState b = connected(labelB);
        if (a == null || b == null || labelA.equals(labelB)) {
            return;
        }
        settle();
        String textA = Json.write(callFrame(actionA, callKey));
        String textB = Json.write(callFrame(actionB, callKey));
        ClientAction first = decode(textA);
        ClientAction second = decode(textB);
        boolean literal = isLiteral(callKey);
        long now = System.nanoTime();
        List<Alternative> orders = new ArrayList<>();
        for (boolean aFirst : new boolean[] {true, false}) {
            ModelState next = state.copy();
            ModelState.Outcome outcome = new ModelState.Outcome();
            if (aFirst) {
                next.callAction(machine, next.session(labelA), first, callKey, literal, now, Instant.now(), outcome);
                next.callAction(machine, next.session(labelB), second, callKey, literal, now, Instant.now(), outcome);
            } else {
                next.callAction(machine, next.session(labelB), second, callKey, literal, now, Instant.now(), outcome);
                next.callAction(machine, next.session(labelA), first, callKey, literal, now, Instant.now(), outcome);
            }
            orders.add(new Alternative(next, outcome));
        }
        step("race: " + labelA + " " + actionA + " || " + labelB + " " + actionB + " " + describe(callKey), orders,
                () -> {
                    sockets.get(labelA).sendRawUnpaced(textA);
                    sockets.get(labelB).sendRawUnpaced(textB);
                });
    }

    /** The socket of a connected session drops (R6.2). */
    public void drop(String label) {
        SessionState session = connected(label);
        if (session == null) {
            return;
        }
        settle();
        ModelState next = state.copy();
        ModelState.Outcome outcome = new ModelState.Outcome();
        long closed = System.nanoTime();
        next.detached(machine, next.session(label), closed, grace, Instant.now(), outcome);
        dropNoticedAt.put(session.user.value(), closed + DROP_NOTICED);
        closedAtNanos.put(label, closed);
        step(label + " drops its connection", List.of(new Alternative(next, outcome)),
                () -> sockets.get(label).drop());
    }

    /** A detached (or gone) session reconnects with its resume token (R6.3). */
    public void resume(String label) {
        SessionState session = state.session(label);
        if (session == null || session.status == Status.CONNECTED) {
            return;
        }
        settle();
        session = state.session(label);
        KitSession socket = sockets.get(label);
        if (session.status == Status.DETACHED) {
            ModelState next = state.copy();
            ModelState.Outcome outcome = new ModelState.Outcome();
            next.resumed(machine, next.session(label), Instant.now(), outcome);
            Long closedAt = closedAtNanos.get(label);
            long ago = closedAt == null ? -1 : (System.nanoTime() - closedAt) / 1_000_000;
            step(label + " resumes after seq " + socket.lastSeq() + " (dropped " + ago + " ms ago)",
                    List.of(new Alternative(next, outcome)), socket::resume);
        } else {
            // The grace is over: the old resume token gives a new session.
            step(label + " reconnects with its expired resume token", List.of(), () -> {
                socket.reconnect(kit.spec(socket.user()).withQuery("resume_token", socket.resumeToken())
                        .withQuery("last_seq", Long.toString(socket.lastSeq())));
                socket.expectWelcome(false);
                state.sessions.remove(label);
                register(label, socket);
            });
        }
    }

    /** A user connects one more session (it rings for no call placed before, R5.1). */
    public void connectNew(int user) {
        settle();
        int index = user % (users.size() - 1);
        step(users.get(index).name() + " connects another session", List.of(), () -> connectSession(index));
    }

    /** A frame the server must refuse without touching any call (R8.2 to R8.4). */
    public void badInput(String label, int kind) {
        SessionState from = connected(label);
        if (from == null) {
            return;
        }
        settle();
        String text = BAD_INPUTS[kind % BAD_INPUTS.length];
        ErrorReported error;
        if (text == null) {
            error = new ErrorReported(dev.dialtone.protocol.ErrorCode.BAD_JSON, "(any)", null, null, null);
        } else {
            DecodeResult<ClientAction> decoded = CODEC.decodeAction(text);
            if (decoded instanceof DecodeResult.Undecodable<ClientAction> undecodable) {
                error = undecodable.toError();
            } else {
                // A well-formed frame naming an action v1 does not know (R8.3).
                String name = ((DecodeResult.Decoded<ClientAction>) decoded).message().action();
                error = new ErrorReported(dev.dialtone.protocol.ErrorCode.UNKNOWN_ACTION, "(any)", name, null, null);
            }
        }
        ModelState next = state.copy();
        ModelState.Outcome outcome = new ModelState.Outcome();
        outcome.expect(label, error);
        step(label + " sends " + (text == null ? "a binary frame" : Json.shorten(text, 40)),
                List.of(new Alternative(next, outcome)), () -> {
                    if (text == null) {
                        sockets.get(label).sendBinary("{\"action\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
                    } else {
                        sockets.get(label).sendRaw(text);
                    }
                });
    }

    /** Waits for the next server timer (a ring timeout or a resume grace) and applies it. */
    public void waitForTimer() {
        settle();
        Timer next = null;
        for (Timer timer : state.timers) {
            if (next == null || timer.earliest() < next.earliest()) {
                next = timer;
            }
        }
        if (next != null) {
            settle(next.earliest() + 1);
        }
    }

    /** get_call_history: the user's records, as the model has them, eventually (R7.1, R7.3). */
    public void history(String label) {
        SessionState from = connected(label);
        if (from == null) {
            return;
        }
        settle();
        String description = label + " get_call_history";
        steps.add(description);
        kit.log().note("step " + steps.size() + ": " + description);
        List<CallRecord> expected = state.recordsOf(from.user);
        KitSession socket = sockets.get(label);
        long deadline = System.nanoTime() + kit.timeout().toNanos();
        String difference;
        while (true) {
            socket.send("{'action':'get_call_history'}");
            Frame frame = socket.next();
            if (frame == null || frame.isClose() || !"call_history".equals(frame.type())) {
                throw fail(description, "R7.3", label + " expected call_history; received "
                        + (frame == null ? "nothing" : frame.describe()));
            }
            difference = compareRecords(expected, frame.json());
            if (difference == null || System.nanoTime() > deadline) {
                break;
            }
            socket.expectNothingFor(Duration.ofMillis(40), "waiting for records to be saved");
        }
        if (difference != null) {
            throw fail(description, "R7.1", label + ": " + difference);
        }
        barrierAll(List.of(label));
    }

    // ---- steps

    /** One way the server may have applied a step's inputs: the model state after, and the events it predicts. */
    private record Alternative(ModelState state, ModelState.Outcome outcome) {
    }

    /**
     * Performs a step: sends, waits for the predicted events, barriers every connected session, and accepts the first
     * alternative whose predictions every session received exactly.
     */
    private void step(String description, List<Alternative> alternatives, Runnable send) {
        step(description, alternatives, send, List.of());
    }

    private void step(String description, List<Alternative> alternatives, Runnable send, List<Timer> applied) {
        long start = System.nanoTime();
        steps.add(description + " @" + TimeUnit.NANOSECONDS.toMillis(start - born) + "ms");
        kit.log().note("step " + steps.size() + ": " + description);
        send.run();
        if (alternatives.isEmpty()) {
            barrierAll(labels(Status.CONNECTED));
            state.closeWindows(System.nanoTime());
            return;
        }
        List<String> connected = new ArrayList<>();
        alternatives.get(0).state().sessions.forEach((label, session) -> {
            if (session.status == Status.CONNECTED) {
                connected.add(label);
            }
        });
        Map<String, List<Frame>> received = new LinkedHashMap<>();
        for (String label : connected) {
            int least = Integer.MAX_VALUE;
            for (Alternative alternative : alternatives) {
                least = Math.min(least, alternative.outcome().expected.getOrDefault(label, List.of()).size());
            }
            List<Frame> frames = new ArrayList<>();
            long deadline = System.nanoTime() + kit.timeout().toNanos();
            while (frames.size() < least) {
                Frame frame = sockets.get(label).next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                if (frame == null || frame.isClose()) {
                    if (frame != null) {
                        frames.add(frame);
                    }
                    break;
                }
                frames.add(frame);
            }
            received.put(label, frames);
        }
        for (String label : connected) {
            if (received.get(label).stream().noneMatch(Frame::isClose)) {
                received.get(label).addAll(sockets.get(label).drainUntilBarrier());
            }
        }
        long end = System.nanoTime();
        Difference closest = null;
        for (Alternative alternative : alternatives) {
            Template.Vars trial = kit.vars().copy();
            Difference difference = compare(received, alternative.outcome(), trial);
            if (difference == null) {
                kit.vars().replaceWith(trial);
                state = alternative.state();
                state.closeWindows(end);
                return;
            }
            if (closest == null || difference.size() < closest.size()) {
                closest = difference;
            }
        }
        if (overlapsATimer(end, applied)) {
            throw new TestAbortedException("step " + steps.size() + " took " + (end - start) / 1_000_000
                    + " ms and overlapped a server timer; the try is inconclusive");
        }
        throw fail(description, likelyRule(closest.text()), closest.text()
                + (alternatives.size() > 1 ? " (none of the " + alternatives.size() + " orders the protocol allows "
                + "matches; shown: the closest)" : ""));
    }

    /** What differs between the events received and an alternative's predictions; its size is their distance. */
    private record Difference(String text, int size) {
    }

    /**
     * Whether a server timer other than those the step applies could have fired before the step ended: then the step
     * took longer than the margin settling leaves, and its outcome is not decided by the model alone.
     */
    private boolean overlapsATimer(long end, List<Timer> applied) {
        for (Timer timer : state.timers) {
            if (!applied.contains(timer) && timer.earliest() <= end) {
                return true;
            }
        }
        return false;
    }

    /** Every session received exactly its predicted events: nothing missing, nothing extra, each call in order. */
    private Difference compare(Map<String, List<Frame>> received, ModelState.Outcome outcome, Template.Vars vars) {
        List<String> texts = new ArrayList<>();
        int size = 0;
        for (Map.Entry<String, List<Frame>> entry : received.entrySet()) {
            String label = entry.getKey();
            List<ServerEvent> expected = outcome.expected.getOrDefault(label, List.of());
            Difference difference = matchSession(label, entry.getValue(), expected, vars);
            if (difference != null) {
                texts.add(difference.text());
                size += difference.size();
            }
        }
        return texts.isEmpty() ? null : new Difference(String.join("; and ", texts), size);
    }

    private Difference matchSession(String label, List<Frame> frames, List<ServerEvent> expected, Template.Vars vars) {
        List<ObjectNode> templates = new ArrayList<>();
        for (ServerEvent event : expected) {
            templates.add(template(event));
        }
        boolean[] used = new boolean[templates.size()];
        List<String> extra = new ArrayList<>();
        for (Frame frame : frames) {
            if (frame.isClose() || frame.json() == null) {
                extra.add(frame.describe());
                continue;
            }
            boolean matched = false;
            Map<String, Boolean> blockedKeys = new HashMap<>();
            for (int i = 0; i < templates.size(); i++) {
                if (used[i]) {
                    continue;
                }
                String key = callKeyOf(templates.get(i));
                if (blockedKeys.containsKey(key)) {
                    continue;
                }
                blockedKeys.put(key, Boolean.TRUE);
                if (Template.match(templates.get(i), frame.json(), frame.text(), vars) == null) {
                    used[i] = true;
                    matched = true;
                    break;
                }
            }
            if (!matched) {
                extra.add(Json.shorten(frame.text(), 300));
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < templates.size(); i++) {
            if (!used[i]) {
                missing.add(Json.write(Template.substitute(templates.get(i), vars, false)));
            }
        }
        if (missing.isEmpty() && extra.isEmpty()) {
            return null;
        }
        List<String> expectedTexts = new ArrayList<>();
        templates.forEach(t -> expectedTexts.add(Json.shorten(Json.write(Template.substitute(t, vars, false)), 300)));
        List<String> receivedTexts = new ArrayList<>();
        frames.forEach(frame -> receivedTexts.add(frame.describe()));
        return new Difference(label + " expected " + expectedTexts + " but received " + receivedTexts
                + (missing.isEmpty() ? "" : "; missing: " + missing) + (extra.isEmpty() ? "" : "; not expected: "
                + extra), missing.size() + extra.size());
    }

    private static String callKeyOf(ObjectNode template) {
        JsonNode callId = template.get("call_id");
        return callId == null ? "-" : callId.asText();
    }

    /** An expected event as a template: model call ids become variables; the free text of errors is left out. */
    private static ObjectNode template(ServerEvent event) {
        ObjectNode node = (ObjectNode) Json.template(CODEC.encode(event));
        if (node.path("type").asText().equals("error")) {
            node.remove("message");
        }
        JsonNode callId = node.get("call_id");
        if (callId != null && callId.asText().startsWith("kitmodel-")) {
            node.put("call_id", "@" + callId.asText());
        }
        return node;
    }

    /** Applies every timer that could fire during the next step, after waiting until it surely fired. */
    private void settle() {
        settle(System.nanoTime() + MARGIN);
    }

    private void settle(long horizon) {
        while (true) {
            List<Timer> due = new ArrayList<>();
            long waitUntil = 0;
            for (Timer timer : state.timers) {
                if (timer.earliest() <= horizon) {
                    due.add(timer);
                    waitUntil = Math.max(waitUntil, timer.latest() + SLACK);
                }
            }
            if (due.isEmpty()) {
                return;
            }
            letTimePass(waitUntil);
            due.sort((a, b) -> Long.compare(a.earliest(), b.earliest()));
            List<Alternative> alternatives = new ArrayList<>();
            for (List<Timer> order : orders(due)) {
                ModelState next = state.copy();
                ModelState.Outcome outcome = new ModelState.Outcome();
                for (Timer timer : order) {
                    next.timerFired(machine, timer, Instant.now(), outcome);
                }
                alternatives.add(new Alternative(next, outcome));
            }
            List<String> names = new ArrayList<>();
            due.forEach(timer -> names.add(timer.describe()));
            step("time passes: " + String.join(", ", names), alternatives, () -> { }, due);
        }
    }

    /** The orders the server may fire these timers in: only timers of one call with overlapping windows race. */
    private static List<List<Timer>> orders(List<Timer> due) {
        List<List<Timer>> orders = new ArrayList<>();
        orders.add(due);
        for (int i = 0; i < due.size(); i++) {
            for (int j = i + 1; j < due.size(); j++) {
                Timer a = due.get(i);
                Timer b = due.get(j);
                boolean sameCall = a.callKey() != null && a.callKey().equals(b.callKey());
                if (sameCall && b.earliest() <= a.latest() + SLACK && orders.size() < 8) {
                    List<Timer> swapped = new ArrayList<>(due);
                    swapped.set(i, b);
                    swapped.set(j, a);
                    orders.add(swapped);
                }
            }
        }
        return orders;
    }

    /** Lets server time pass until {@code deadline} (nanoTime): the kit waits for the server's own timers here. */
    private static void letTimePass(long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return;
        }
        try {
            // Waiting for a moment on the clock, not for another thread: nothing will count this latch down.
            new CountDownLatch(1).await(remaining, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitDropNoticed(KitUser user) {
        Long noticed = dropNoticedAt.remove(user.id());
        if (noticed != null) {
            letTimePass(noticed);
        }
    }

    // ---- helpers

    private void sendCallAction(String description, SessionState from, ObjectNode frame, String callKey) {
        String text = Json.write(frame);
        ClientAction action = decode(text);
        ModelState next = state.copy();
        ModelState.Outcome outcome = new ModelState.Outcome();
        next.callAction(machine, next.session(from.label), action, callKey, callKey != null && isLiteral(callKey),
                System.nanoTime(), Instant.now(), outcome);
        step(description, List.of(new Alternative(next, outcome)), () -> sockets.get(from.label).sendRaw(text));
    }

    private ObjectNode callFrame(String action, String callKey) {
        ObjectNode frame = Json.object();
        frame.put("action", action);
        frame.put("call_id", callIdFor(callKey));
        if (action.equals("ice_candidate")) {
            frame.set("candidate", Json.template("{'candidate':'candidate:race 1 udp 1 192.0.2.9 9 typ host',"
                    + "'sdpMid':'0','sdpMLineIndex':0}"));
        }
        return frame;
    }

    private void addHint(ObjectNode frame, String member, SessionState from, String callKey, Hint hint) {
        if (hint == Hint.NONE) {
            return;
        }
        UserId peer = null;
        if (callKey != null && state.calls.get(callKey) != null) {
            CallState call = state.calls.get(callKey);
            dev.dialtone.protocol.CallInfo info = call instanceof CallState.Ringing r ? r.call()
                    : call instanceof CallState.Connected c ? c.call() : null;
            if (info != null && (info.callerId().equals(from.user) || info.calleeId().equals(from.user))) {
                peer = info.peerOf(from.user);
            }
        }
        KitUser named;
        if (hint == Hint.PEER && peer != null) {
            named = users.get(indexOf(peer));
        } else {
            named = users.get((indexOf(from.user) + 1 + (hint == Hint.WRONG ? 1 : 0)) % users.size());
            if (peer != null && named.id().equals(peer.value())) {
                named = users.get((indexOf(from.user) + 3) % users.size());
            }
        }
        frame.set(member, named.idNode());
    }

    private String callIdFor(String callKey) {
        if (isLiteral(callKey)) {
            return callKey;
        }
        return kit.vars().text("@" + callKey);
    }

    private static boolean isLiteral(String callKey) {
        return callKey != null && !callKey.startsWith("kitmodel-");
    }

    private static String describe(String callKey) {
        return callKey == null ? "(none)" : callKey.startsWith("kitmodel-") ? "c" + callKey.substring(9)
                : "unknown:" + callKey;
    }

    private ClientAction decode(String text) {
        DecodeResult<ClientAction> decoded = CODEC.decodeAction(text);
        if (decoded instanceof DecodeResult.Decoded<ClientAction> ok) {
            return ok.message();
        }
        throw new IllegalStateException("the kit built an invalid action: " + text);
    }

    private SessionState connected(String label) {
        SessionState session = state.session(label);
        return session != null && session.status == Status.CONNECTED ? session : null;
    }

    private int indexOf(UserId user) {
        for (int i = 0; i < users.size(); i++) {
            if (users.get(i).id().equals(user.value())) {
                return i;
            }
        }
        throw new IllegalArgumentException("no such user " + user);
    }

    private void connectSession(int userIndex) {
        KitUser user = users.get(userIndex);
        KitSession socket = kit.connect(user);
        register(socket.label(), socket);
    }

    private void register(String label, KitSession socket) {
        JsonNode id = socket.welcome().get("user_id");
        UserId user = id.isIntegralNumber() ? UserId.of(id.asLong()) : UserId.of(id.asText());
        userIds.put(label, user);
        sockets.put(label, socket);
        state.sessions.put(label, new SessionState(label, user, new SessionRef(user, socket.sessionId()),
                state.nextConnect++));
    }

    private void barrierAll(List<String> labels) {
        for (String label : labels) {
            List<Frame> extra = sockets.get(label).drainUntilBarrier();
            if (!extra.isEmpty()) {
                List<String> texts = new ArrayList<>();
                extra.forEach(frame -> texts.add(frame.describe()));
                throw fail(steps.isEmpty() ? "start" : steps.get(steps.size() - 1), "R8.12", label
                        + " received events nobody predicted: " + texts);
            }
        }
    }

    /** R7.1, R7.3: the page lists exactly the user's records (as the model saved them), newest first. */
    private String compareRecords(List<CallRecord> expected, ObjectNode page) {
        JsonNode records = page.get("records");
        if (records == null || !records.isArray()) {
            return "call_history has no records array";
        }
        List<String> problems = new ArrayList<>();
        Map<String, CallRecord> byId = new HashMap<>();
        for (CallRecord record : expected) {
            JsonNode real = kit.vars().get("@" + record.callId().value());
            if (real != null) {
                byId.put(real.asText(), record);
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        String previousStart = null;
        String previousId = null;
        for (JsonNode record : records) {
            String id = record.path("call_id").asText();
            seen.merge(id, 1, Integer::sum);
            CallRecord model = byId.get(id);
            if (model == null) {
                problems.add("record " + id + " (" + record.path("outcome").asText() + ") is not one of the user's "
                        + "calls the model knows of");
                continue;
            }
            String outcome = model.outcome().wireName();
            if (!outcome.equals(record.path("outcome").asText())) {
                problems.add("record " + id + " has outcome " + record.get("outcome") + ", expected " + outcome);
            }
            String endedBy = model.endedBy() == null ? null : model.endedBy().value();
            String actualEndedBy = record.has("ended_by") ? Ids.userText(record.get("ended_by")) : null;
            if (!java.util.Objects.equals(endedBy, actualEndedBy)) {
                problems.add("record " + id + " has ended_by " + actualEndedBy + ", expected " + endedBy);
            }
            if (!model.callerId().value().equals(Ids.userText(record.get("caller_id")))
                    || !model.calleeId().value().equals(Ids.userText(record.get("callee_id")))
                    || !model.callType().wireName().equals(record.path("call_type").asText())
                    || (model.answeredAt() != null) != record.has("answered_at")) {
                problems.add("record " + id + " differs from the model's " + model);
            }
            String started = record.path("started_at").asText();
            if (previousStart != null && (started.compareTo(previousStart) > 0
                    || (started.equals(previousStart) && id.compareTo(previousId) > 0))) {
                problems.add("records are not newest first at " + id);
            }
            previousStart = started;
            previousId = id;
        }
        for (Map.Entry<String, Integer> count : seen.entrySet()) {
            if (count.getValue() > 1) {
                problems.add("call " + count.getKey() + " has " + count.getValue() + " records (R7.1: exactly one)");
            }
        }
        for (String id : byId.keySet()) {
            if (!seen.containsKey(id)) {
                problems.add("the record of call " + id + " (" + byId.get(id).outcome().wireName() + ") is missing");
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private CaseFailure fail(String step, String rule, String difference) {
        StringBuilder chain = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            chain.append("\n    ").append(i + 1).append(". ").append(steps.get(i));
        }
        return new ModelFailure("step " + steps.size() + " (" + step + "): " + difference + " [likely " + rule
                + "]\n  steps of this try:" + chain, rule, kit);
    }

    /** The rule a difference most likely breaks, from the first event type it names. */
    static String likelyRule(String difference) {
        if (difference == null) {
            return "?";
        }
        String[][] hints = {
            {"incoming_call", "R2.3"}, {"call_ringing", "R2.4"}, {"\"reason\":\"offline\"", "R2.5"},
            {"\"reason\":\"busy\"", "R2.6"}, {"\"reason\":\"self\"", "R2.7"}, {"\"reason\":\"glare\"", "R5.4"},
            {"call_answered", "R2.10"}, {"call_offer", "R3.1"}, {"call_answer", "R3.2"},
            {"\"type\":\"ice_candidate\"", "R3.3"}, {"peer_media_state", "R3.5"}, {"call_hanged_up", "R4.1"},
            {"call_rejected", "R4.2"}, {"call_cancelled", "R4.3"}, {"call_missed", "R6.1"},
            {"answered_elsewhere", "R5.2"}, {"rejected_elsewhere", "R5.3"}, {"peer_disconnected", "R6.4"},
            {"\"code\":\"not_a_party\"", "R8.6"}, {"\"code\":\"unknown_call\"", "R8.5"},
            {"\"code\":\"invalid_state\"", "R8.7"}, {"\"code\":\"invalid_message\"", "R8.4"},
            {"\"code\":\"bad_json\"", "R8.2"}, {"\"code\":\"unknown_action\"", "R8.3"},
            {"\"code\":\"rate_limited\"", "R8.8"}, {"\"code\":\"too_large\"", "R6.5"}, {"closed with", "R8.13"},
        };
        int first = Integer.MAX_VALUE;
        String rule = "R8.12";
        String focus = difference.contains("missing: ") ? difference.substring(difference.indexOf("missing: "))
                : difference.contains("not expected: ") ? difference.substring(difference.indexOf("not expected: "))
                : difference;
        for (String[] hint : hints) {
            int at = focus.indexOf(hint[0]);
            if (at >= 0 && at < first) {
                first = at;
                rule = hint[1];
            }
        }
        return rule;
    }

    @Override
    public void close() {
        System.Logger log = System.getLogger("dev.dialtone.conformance");
        if (log.isLoggable(System.Logger.Level.DEBUG)) {
            StringBuilder text = new StringBuilder("model try " + kit.caseName() + ":");
            for (int i = 0; i < steps.size(); i++) {
                text.append("\n  ").append(i + 1).append(". ").append(steps.get(i));
            }
            log.log(System.Logger.Level.DEBUG, text.toString());
        }
        kit.close();
    }

    /** A try's failure: its rule and the try's own kit, whose wire log is the evidence. */
    static final class ModelFailure extends CaseFailure {
        private final transient Kit tryKit;
        private final String rule;

        ModelFailure(String message, String rule, Kit tryKit) {
            super(message);
            this.tryKit = tryKit;
            this.rule = rule;
        }

        Kit tryKit() {
            return tryKit;
        }

        String rule() {
            return rule;
        }
    }

    /**
     * Runs one action of a chain; a failure inside it (an event that breaks a rule every event obeys, a session that
     * cannot resume) becomes a failure of this try, with this try's wire log as the evidence.
     */
    void guarded(Runnable action) {
        try {
            action.run();
        } catch (ModelFailure | TestAbortedException e) {
            throw e;
        } catch (dev.dialtone.conformance.internal.Inconclusive e) {
            throw new TestAbortedException("inconclusive: " + e.getMessage());
        } catch (AssertionError e) {
            throw fail(steps.isEmpty() ? "start" : steps.get(steps.size() - 1), likelyRule(e.getMessage()),
                    String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            throw fail(steps.isEmpty() ? "start" : steps.get(steps.size() - 1), "?", "the kit could not perform the "
                    + "step: " + dev.dialtone.conformance.internal.wire.RawConnection.describeFailure(e));
        }
    }
}
