package dev.dialtone.conformance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dialtone.conformance.internal.run.RunEnvironment;
import dev.dialtone.conformance.internal.run.ServerFacts;
import dev.dialtone.conformance.internal.wire.ConnectSpec;
import dev.dialtone.conformance.internal.wire.Json;
import dev.dialtone.conformance.internal.wire.RawConnection;
import dev.dialtone.conformance.internal.wire.Template;
import dev.dialtone.conformance.internal.wire.WireLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one case works with: fresh users, their sessions, variables for templates ({@code @alice}, {@code @c1}), and
 * one wire log of everything sent and received. Cases are written against this class; everything is closed when the
 * case ends.
 */
public final class Kit implements AutoCloseable {

    private final RunEnvironment env;
    private final String caseName;
    private final WireLog log = new WireLog();
    private final Template.Vars vars = new Template.Vars();
    private final List<KitSession> sessions = new ArrayList<>();
    private final List<RawConnection> connections = new ArrayList<>();
    private final List<ReplayConnect> connects = new ArrayList<>();
    private final Map<String, AtomicInteger> labels = new ConcurrentHashMap<>();
    private final Map<String, KitUser> tokensToUsers = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger specs = new AtomicInteger();
    private final Map<String, Long> ringingSince = new ConcurrentHashMap<>();

    /**
     * How one connection of the case was opened, for the replay file: query and headers, with a valid token of the
     * case's user written as {@code {token}} (a replay mints a fresh one) and any other token kept as it was.
     *
     * @param label the session label
     * @param atMillis when, on the wire log's clock
     * @param userId whose token {@code {token}} stands for; null when none
     * @param userName the kit's name of that user
     * @param numeric whether the user id is numeric
     * @param endpointIndex which of the run's endpoints (a cluster's nodes) it went to, from 0
     * @param query the query parameters
     * @param headers the headers (null value: removed)
     */
    public record ReplayConnect(String label, double atMillis, String userId, String userName, boolean numeric,
            int endpointIndex, Map<String, String> query, Map<String, String> headers) {
    }

    public Kit(RunEnvironment env, String caseName) {
        this.env = env;
        this.caseName = caseName;
    }

    /** The case's name. */
    public String caseName() {
        return caseName;
    }

    /** The run. */
    public RunEnvironment env() {
        return env;
    }

    /** How long any expected event may take. */
    public Duration timeout() {
        return env.timeout();
    }

    /**
     * How long a WebSocket handshake may take: the timeout, but at least 5 s (a slow handshake on a loaded machine is
     * not what the kit checks).
     */
    public Duration handshakeTimeout() {
        return env.timeout().compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : env.timeout();
    }

    /** What the server announced (ring timeout, resume grace). */
    public ServerFacts facts() {
        return env.facts();
    }

    /** The wire log of the case. */
    public WireLog log() {
        return log;
    }

    /** The template variables of the case. */
    public Template.Vars vars() {
        return vars;
    }

    /** Takes over another kit's wire log and connections (a model try's, for the failing case's evidence). */
    public void adopt(Kit other) {
        log.replaceWith(other.log);
        synchronized (this) {
            connects.clear();
            connects.addAll(other.connects());
        }
    }

    /** The connections opened for the replay file. */
    public synchronized List<ReplayConnect> connects() {
        return List.copyOf(connects);
    }

    // ---- users and sessions

    /** A new user with a numeric id (a {@code user_id} claim), bound as template variable {@code @name}. */
    public KitUser user(String name) {
        return newUser(name, env.newNumericId(), true);
    }

    /** A new user with a string id (a {@code sub} claim), bound as {@code @name}. */
    public KitUser stringUser(String name) {
        return newUser(name, env.newStringId(name), false);
    }

    private KitUser newUser(String name, String id, boolean numeric) {
        KitUser user = new KitUser(env.tokens(), name, id, numeric);
        vars.bind("@" + name, user.idNode());
        vars.bind("@" + name + ".rendered", user.rendered());
        vars.bind("@" + name + ".name", TextNode.valueOf(user.displayName()));
        tokensToUsers.put(user.token(), user);
        return user;
    }

    /**
     * The default way to connect as {@code user}: its token in the {@code token} query parameter, no Origin. Against a
     * cluster, each spec of the case names the next node, in turn, so that the case's users and sessions are spread
     * over the nodes.
     */
    public ConnectSpec spec(KitUser user) {
        return ConnectSpec.to(nextEndpoint()).withQuery("token", user.token());
    }

    /** {@link #spec(KitUser)} on one endpoint of the run (a cluster's node), by its index from 0. */
    public ConnectSpec specAt(int endpointIndex, KitUser user) {
        return ConnectSpec.to(env.endpoints().get(endpointIndex)).withQuery("token", user.token());
    }

    /** A connection spec without any credential (on the next node, against a cluster). */
    public ConnectSpec bareSpec() {
        return ConnectSpec.to(nextEndpoint());
    }

    /** The endpoint of the case's next connection: the run's endpoints in turn. */
    private java.net.URI nextEndpoint() {
        return env.endpointOfConnection(specs.getAndIncrement());
    }

    /** Connects as {@code user} and expects {@code welcome} (R1.6). */
    public KitSession connect(KitUser user) {
        KitSession session = open(user, spec(user));
        session.expectWelcome();
        return session;
    }

    /** Opens a connection as {@code user} with {@code spec}; the welcome (or close) is left to the case. */
    public KitSession open(KitUser user, ConnectSpec spec) {
        String label = user.name() + "#" + labels.computeIfAbsent(user.name(), key -> new AtomicInteger())
                .incrementAndGet();
        KitSession session = new KitSession(this, user, label, openConnection(label, user, spec));
        synchronized (this) {
            sessions.add(session);
        }
        return session;
    }

    /** Opens a raw connection, logging it and keeping it for the replay file. */
    RawConnection openConnection(String label, KitUser user, ConnectSpec spec) {
        Map<String, String> query = new java.util.LinkedHashMap<>(spec.query());
        Map<String, String> headers = new java.util.LinkedHashMap<>(spec.headers());
        KitUser tokenUser = null;
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            KitUser owner = parameter.getValue() == null ? null : tokensToUsers.get(parameter.getValue());
            if (parameter.getKey().equals("token") && owner != null) {
                tokenUser = owner;
                parameter.setValue("{token}");
            }
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String value = header.getValue();
            if (value != null && value.startsWith("Bearer ")) {
                KitUser owner = tokensToUsers.get(value.substring(7));
                if (owner != null) {
                    tokenUser = owner;
                    header.setValue("Bearer {token}");
                }
            }
        }
        synchronized (this) {
            connects.add(new ReplayConnect(label, log.nowMillis(), tokenUser == null ? null : tokenUser.id(),
                    tokenUser == null ? null : tokenUser.name(), tokenUser != null && tokenUser.idNode().isNumber(),
                    Math.max(0, env.endpoints().indexOf(spec.endpoint())), query, headers));
        }
        try {
            RawConnection connection = RawConnection.open(label, spec, log, handshakeTimeout());
            synchronized (this) {
                connections.add(connection);
            }
            return connection;
        } catch (RawConnection.ConnectFailed e) {
            throw failure(label + ": cannot connect to " + spec.endpoint() + ": " + e.getMessage(), "a WebSocket "
                    + "connection", e.getMessage());
        }
    }

    // ---- calls

    /** A new call variable name ({@code @c1}, {@code @c2}, ...). */
    public String newCallVar() {
        return "@c" + calls.incrementAndGet();
    }

    /**
     * Places a call and checks that it rings: {@code start_call} from {@code caller} to {@code callee}, then
     * {@code call_ringing} to the caller (R2.4) and {@code incoming_call} to each of {@code ringing} (R2.3).
     *
     * @return the call's variable, bound to the call id the server chose
     */
    public String ring(KitSession caller, KitUser callee, KitSession... ringing) {
        String call = newCallVar();
        caller.send("{'action':'start_call','callee_id':'@" + callee.name() + "'}");
        caller.expect("{'type':'call_ringing','call_id':'" + call + "','callee_id':'@" + callee.name()
                + "','call_type':'audio'}");
        for (KitSession session : ringing) {
            session.expect("{'type':'incoming_call','call_id':'" + call + "','caller_id':'@" + caller.user().name()
                    + ".rendered','caller_username':'@" + caller.user().name() + ".name','call_type':'audio'}");
        }
        return call;
    }

    /** Places a call from {@code caller} to {@code answering}'s user, rings {@code ringing}, and answers it. */
    public String connectCall(KitSession caller, KitSession answering, KitSession... alsoRinging) {
        KitSession[] all = new KitSession[alsoRinging.length + 1];
        all[0] = answering;
        System.arraycopy(alsoRinging, 0, all, 1, alsoRinging.length);
        String call = ring(caller, answering.user(), all);
        answering.send("{'action':'answer_call','call_id':'" + call + "'}");
        caller.expect("{'type':'call_answered','callee_id':'@" + answering.user().name() + "','call_id':'" + call
                + "'}");
        for (KitSession other : alsoRinging) {
            other.expect("{'type':'call_ended','call_id':'" + call + "','reason':'answered_elsewhere'}");
        }
        return call;
    }

    /**
     * The end of every hostile case: two fresh users still place, answer, relay and end a normal call, so the
     * hostile input did not break the server for anyone else (R8.12).
     */
    public void serverStillServesACall() {
        KitUser caller = user("after" + calls.incrementAndGet());
        KitUser callee = user("after" + calls.incrementAndGet());
        KitSession a = connect(caller);
        KitSession b = connect(callee);
        String call = connectCall(a, b);
        a.send("{'action':'ice_candidate','candidate':{'candidate':'candidate:1 1 udp 1 192.0.2.1 9 typ host',"
                + "'sdpMid':'0','sdpMLineIndex':0}}");
        b.expect("{'type':'ice_candidate','candidate':{'candidate':'candidate:1 1 udp 1 192.0.2.1 9 typ host',"
                + "'sdpMid':'0','sdpMLineIndex':0},'sender_id':'@" + caller.name() + ".rendered','call_id':'" + call
                + "'}");
        b.send("{'action':'hang_up','call_id':'" + call + "'}");
        a.expect("{'type':'call_hanged_up','hanged_up_by':'@" + callee.name() + ".rendered','call_id':'" + call
                + "'}");
    }

    // ---- templates and verdicts

    /** A template as compact JSON with every variable substituted. */
    public String render(String template) {
        return Json.write(Template.substitute(Json.template(template), vars, true));
    }

    /** The value of a bound variable. */
    public JsonNode var(String name) {
        JsonNode value = vars.get(name);
        if (value == null) {
            throw new IllegalStateException("variable " + name + " is not bound");
        }
        return value;
    }

    /** A failure of this case. */
    public CaseFailure failure(String message, String expected, String received) {
        return new CaseFailure(message, expected, received);
    }

    /**
     * A failure, unless what arrived instead is the {@code call_missed} of a call that has rung for the whole ring
     * timeout: then the kit was too slow for the server's short ring timeout, and the case is inconclusive.
     */
    public AssertionError failureOrTimingIssue(String message, String expected, RawConnection.Frame received) {
        if (received != null && "call_missed".equals(received.type())) {
            Long since = ringingSince.get(received.json().path("call_id").asText(""));
            if (since != null) {
                long rangMs = (System.nanoTime() - since) / 1_000_000;
                if (rangMs >= facts().ringTimeout().toMillis() - 5) {
                    return new Inconclusive("the call was missed after ringing " + rangMs + " ms (ring timeout "
                            + facts().ringTimeout().toMillis() + " ms) while the case still needed it: the kit "
                            + "was too slow for the server's ring timeout");
                }
            }
        }
        return new CaseFailure(message, expected, received == null ? "(nothing)" : received.describe());
    }

    /**
     * Notes a moment before which a call did not ring: when the caller sent its start_call, or else when its
     * incoming_call arrived. A call_missed that comes at least the ring timeout after it is a slow kit's doing (an
     * early miss is what the R6.1 case checks).
     */
    void ringingNoLaterThan(String callId, long nanoTime) {
        ringingSince.merge(callId, nanoTime, Math::min);
    }

    /**
     * Lets the server notice a connection the kit just closed: a server learns of a close a moment after the kit
     * sends it, and nothing in the protocol tells the kit when (a watcher session must stay quiet meanwhile).
     */
    public void letTheServerNoticeTheDrop(KitSession watcher) {
        watcher.expectNothingFor(java.time.Duration.ofMillis(150), "letting the server notice the dropped "
                + "connection");
    }

    /** Fails the case unless {@code condition}. */
    public void check(boolean condition, String message) {
        if (!condition) {
            throw new CaseFailure(message);
        }
    }

    /** Marks the case untested for this target. */
    public Untested untested(String reason) {
        return new Untested(reason);
    }

    /** The case needs to sign tokens itself (R1.2 attacks, R1.4 claims, R1.8 expiry). */
    public void requireSigningKey(String forWhat) {
        if (!env.tokens().canSign()) {
            throw new Untested(forWhat + " needs a key to sign tokens with (--jwt-secret or --jwt-private-key); the "
                    + "token source is a " + env.tokens());
        }
    }

    /** The ring timeout, or untested if it is too long to wait for. */
    public Duration ringTimeout() {
        Duration ring = facts().ringTimeout();
        if (ring.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new Untested("the server's ring timeout is " + ring.toMillis() + " ms: too long to wait for; start "
                    + "it with a short one (a few seconds) and tell the kit --ring-timeout-ms");
        }
        return ring;
    }

    /** The resume grace, or untested if it is zero or too long to wait for. */
    public Duration resumeGrace() {
        Duration grace = facts().resumeGrace();
        if (grace.isZero()) {
            throw new Untested("the server announces resume_grace_ms 0: resuming is disabled");
        }
        if (grace.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new Untested("the server's resume grace is " + grace.toMillis() + " ms: too long to wait for");
        }
        return grace;
    }

    /** Every session of the case, in the order opened. */
    public synchronized List<KitSession> sessions() {
        return List.copyOf(sessions);
    }

    @Override
    public void close() {
        List<RawConnection> all;
        synchronized (this) {
            all = List.copyOf(connections);
        }
        for (RawConnection connection : all) {
            connection.close();
        }
    }
}
