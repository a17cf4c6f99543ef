package dev.dialtone.client.internal;

import dev.dialtone.client.Answered;
import dev.dialtone.client.Call;
import dev.dialtone.client.Call.Direction;
import dev.dialtone.client.Call.State;
import dev.dialtone.client.CallEnd;
import dev.dialtone.client.CallEnd.Reason;
import dev.dialtone.client.CallEndedException;
import dev.dialtone.client.CallListener;
import dev.dialtone.client.CloseInfo;
import dev.dialtone.client.ConnectionClosedException;
import dev.dialtone.client.ConnectionState;
import dev.dialtone.client.MediaState;
import dev.dialtone.client.ReconnectPolicy;
import dev.dialtone.client.ServerRefusedException;
import dev.dialtone.client.SessionInfo;
import dev.dialtone.protocol.AnswerCall;
import dev.dialtone.protocol.AnswerRelayed;
import dev.dialtone.protocol.CallAnswered;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallInput;
import dev.dialtone.protocol.CallMachine;
import dev.dialtone.protocol.CallPolicy;
import dev.dialtone.protocol.CallRinging;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.CallUnavailable;
import dev.dialtone.protocol.CancelCall;
import dev.dialtone.protocol.ClientAction;
import dev.dialtone.protocol.CloseCode;
import dev.dialtone.protocol.DecodeResult;
import dev.dialtone.protocol.CallHistoryListed;
import dev.dialtone.protocol.ErrorReported;
import dev.dialtone.protocol.GetCallHistory;
import dev.dialtone.protocol.HangUp;
import dev.dialtone.protocol.IceCandidateRelayed;
import dev.dialtone.protocol.IncomingCall;
import dev.dialtone.protocol.OfferRelayed;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.PeerMediaChanged;
import dev.dialtone.protocol.Ping;
import dev.dialtone.protocol.PingAnswered;
import dev.dialtone.protocol.PlacementFacts;
import dev.dialtone.protocol.RejectCall;
import dev.dialtone.protocol.SendAnswer;
import dev.dialtone.protocol.SendIceCandidate;
import dev.dialtone.protocol.SendOffer;
import dev.dialtone.protocol.ServerEvent;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.SetMediaState;
import dev.dialtone.protocol.SignalingException;
import dev.dialtone.protocol.StartCall;
import dev.dialtone.protocol.Transition;
import dev.dialtone.protocol.UnavailableReason;
import dev.dialtone.protocol.UserId;
import dev.dialtone.protocol.Welcome;
import dev.dialtone.protocol.WireCodec;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * The client's state and logic: connection, session, resume and calls, as one actor behind one lock.
 *
 * <p>Inputs come from the application's threads (actions), the dialer's threads (connections and frames) and the
 * timers (reconnect, keepalive); each takes the lock, decides, and leaves two kinds of output: frames queued on the
 * {@link Link} (which sends them one at a time, in order, on its own thread) and tasks queued on the
 * {@link CallbackQueue} (listener callbacks and future completions, run on the callback executor once the lock is
 * released). No application code and no network I/O ever runs under the lock.
 *
 * <p>Every call keeps a mirror of its state as the {@link CallMachine} sees it from this client's session; local
 * actions are applied to the mirror first and sent only when the machine applies them.
 */
public final class ClientCore {

    private static final System.Logger LOG = System.getLogger("dev.dialtone.client");
    private static final WireCodec CODEC = WireCodec.standard();

    /** Stands for an outgoing call's id until {@code call_ringing} brings the real one. */
    static final CallId PLACEHOLDER_ID = CallId.of("not-ringing-yet");
    /** Stands for the peer's session, which the server never names. */
    static final String PEER_SESSION = "peer";
    /** How many ended calls are remembered, to recognise late events about them. */
    private static final int RECENTLY_ENDED = 32;
    /** Clients must accept event messages of at least 1 MiB (R8.15). */
    public static final int MIN_EVENT_BYTES = 1 << 20;

    private enum Phase { NEW, CONNECTING, CONNECTED, RECONNECTING, CLOSED }

    private final Object lock = new Object();
    private final ClientSettings settings;
    private final CallListener listener;
    private final Dialer dialer;
    private final Timers timers;
    private final CallbackQueue callbacks;
    private final Clock clock;
    private final DoubleSupplier random;
    private final Runnable afterClosed;
    private final CompletableFuture<CloseInfo> closedFuture = new CompletableFuture<>();

    // Everything below is guarded by lock.
    private Phase phase = Phase.NEW;
    private CompletableFuture<SessionInfo> connectFuture;
    /** The connection attempt in flight, or the open connection; null between attempts. */
    private Connection current;
    /** Failed reconnect attempts since the last welcome. */
    private int attempt;
    private CloseInfo lastDrop;
    private boolean releaseDialer;
    private CallMachine machine = CallMachine.create(localPolicy(CallPolicy.defaults()));
    private SessionRef me;
    private SessionInfo session;
    private String resumeToken;
    /** The highest seq processed in this session (R6.3). */
    private long lastSeq;
    /** Set by a resumed welcome: the next event shows whether events were lost (R6.10). */
    private boolean checkGap;
    /** Frames taken while not connected, sent once connected. */
    private final List<Held> held = new ArrayList<>();
    /** Live calls, oldest first. */
    private final List<LocalCall> live = new ArrayList<>();
    /** Live calls by id. */
    private final Map<CallId, LocalCall> byId = new HashMap<>();
    private final LinkedHashMap<CallId, LocalCall> recentlyEnded = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<CallId, LocalCall> eldest) {
            return size() > RECENTLY_ENDED;
        }
    };
    /** The outgoing call whose start_call awaits call_ringing, call_unavailable or error. */
    private LocalCall placing;
    private final Map<String, PendingPing> pings = new LinkedHashMap<>();
    /** get_call_history requests in the order sent: call_history answers carry no id and come back in that order. */
    private final java.util.ArrayDeque<CompletableFuture<CallHistoryListed>> histories = new java.util.ArrayDeque<>();
    private String syncNonce;
    private LocalCall syncFor;
    private long nonces;
    private Timers.Cancellable reconnectTimer;
    private Timers.Cancellable keepaliveTimer;
    private boolean heardSinceKeepalive;
    private boolean keepaliveOutstanding;

    /**
     * A core.
     *
     * @param settings what the client was built with
     * @param dialer opens connections
     * @param timers runs reconnect and keepalive timers
     * @param callbackExecutor runs listener callbacks and future completions (serialized here)
     * @param clock the time of local actions
     * @param random draws the reconnect jitter, in [0, 1)
     * @param afterClosed run on the callback executor after {@code onClosed}, to release the client's own threads
     */
    public ClientCore(ClientSettings settings, Dialer dialer, Timers timers, Executor callbackExecutor, Clock clock,
            DoubleSupplier random, Runnable afterClosed) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = settings.listener();
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.callbacks = new CallbackQueue(Objects.requireNonNull(callbackExecutor, "callbackExecutor"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.afterClosed = Objects.requireNonNull(afterClosed, "afterClosed");
    }

    // ------------------------------------------------------------------------------------------------------------
    // The application's side

    /** Opens the first connection; the same future (a copy) on every call. */
    public CompletableFuture<SessionInfo> connect() {
        try {
            synchronized (lock) {
                if (connectFuture != null) {
                    return connectFuture.copy();
                }
                connectFuture = new CompletableFuture<>();
                if (phase == Phase.CLOSED) {
                    connectFuture.completeExceptionally(new IllegalStateException("the client is closed"));
                    return connectFuture.copy();
                }
                phase = Phase.CONNECTING;
                postState(ConnectionState.CONNECTING);
                dial();
                return connectFuture.copy();
            }
        } finally {
            afterUnlock();
        }
    }

    /** Places a call after checking it with the machine (R2.8, R5.5). */
    public Call call(UserId callee, CallType type, OpaqueJson offer) {
        Objects.requireNonNull(callee, "callee");
        Objects.requireNonNull(type, "type");
        try {
            synchronized (lock) {
                requireSession();
                Instant now = clock.instant();
                LocalCall glare = ringingIncomingFrom(callee);
                boolean busy = placing != null || live.stream().anyMatch(c -> c != glare);
                SessionRef peerSession = peerSession(callee);
                CallInfo info = new CallInfo(PLACEHOLDER_ID, me.user(), me.user().value(), callee, type, now);
                PlacementFacts facts = new PlacementFacts(List.of(peerSession), false, busy,
                        glare == null ? null : glare.id);
                Transition transition = machine.apply(CallState.Idle.INSTANCE,
                        new CallInput.StartRequested(info, me, offer, facts));
                if (transition instanceof Transition.Rejected rejected) {
                    throw refusedLocally(StartCall.ACTION, rejected);
                }
                CallState next = ((Transition.Applied) transition).next();
                LocalCall call = new LocalCall(this, Direction.OUTGOING, callee, null, type, offer);
                // Calling oneself or glare leaves no call (the server answers call_unavailable): the mirror stays idle.
                call.mirror = next;
                call.state = State.PLACING;
                live.add(call);
                placing = call;
                transmit(new StartCall(callee, type, offer), true, call);
                LOG.log(Level.DEBUG, "calling {0} ({1})", callee, type.wireName());
                return call;
            }
        } finally {
            afterUnlock();
        }
    }

    /** Sends {@code ping}; completes with the round trip when its {@code pong} arrives. */
    public CompletableFuture<Duration> ping() {
        try {
            synchronized (lock) {
                CompletableFuture<Duration> future = new CompletableFuture<>();
                if (phase == Phase.CLOSED) {
                    future.completeExceptionally(new ConnectionClosedException(lastDrop != null ? lastDrop
                            : new CloseInfo(1000, "closed", true, null)));
                    return future;
                }
                if (phase == Phase.NEW) {
                    throw new IllegalStateException("not connected: call connect() first");
                }
                String nonce = "p" + (++nonces);
                PendingPing pending = new PendingPing(future, clock.instant());
                pings.put(nonce, pending);
                pending.sent = transmit(new Ping(nonce), true, null);
                return future.copy();
            }
        } finally {
            afterUnlock();
        }
    }

    /** Sends {@code get_call_history}; completes with the page when {@code call_history} arrives (R7.3). */
    public CompletableFuture<CallHistoryListed> callHistory(Integer limit, CallId before) {
        GetCallHistory request = new GetCallHistory(limit, before);
        try {
            synchronized (lock) {
                CompletableFuture<CallHistoryListed> future = new CompletableFuture<>();
                if (phase == Phase.CLOSED) {
                    future.completeExceptionally(new ConnectionClosedException(lastDrop != null ? lastDrop
                            : new CloseInfo(1000, "closed", true, null)));
                    return future;
                }
                if (phase == Phase.NEW) {
                    throw new IllegalStateException("not connected: call connect() first");
                }
                histories.addLast(future);
                // Kept across a resume: the server's answer, if it made one, is replayed in order (R6.3).
                transmit(request, true, null);
                return future.copy();
            }
        } finally {
            afterUnlock();
        }
    }

    /** Closes the client: ends live calls politely, closes the connection, reports onClosed last. */
    public void close() {
        try {
            synchronized (lock) {
                if (phase == Phase.CLOSED) {
                    return;
                }
                for (LocalCall call : List.copyOf(live)) {
                    UserId by = null;
                    // R6.2: a call is ended on purpose with hang_up or cancel_call before closing, so the peer learns
                    // at once. A call ringing here is left to ring at this user's other sessions.
                    if (call.state == State.CONNECTED && connected()) {
                        send(new HangUp(call.peer, call.id));
                        by = me.user();
                    } else if (call.state == State.RINGING && call.direction == Direction.OUTGOING && connected()) {
                        send(new CancelCall(call.id, call.peer));
                        by = me.user();
                    }
                    end(call, CallEnd.of(Reason.CLIENT_CLOSED, by));
                }
                closeFinally(new CloseInfo(1000, "closed by the client", true, null), Reason.CLIENT_CLOSED);
            }
        } finally {
            afterUnlock();
        }
    }

    /** Completes (on the callback executor, right after onClosed) with why the client closed. */
    public CompletableFuture<CloseInfo> closed() {
        return closedFuture.copy();
    }

    /** The present connection state. */
    public ConnectionState connectionState() {
        synchronized (lock) {
            switch (phase) {
                case NEW:
                case CONNECTING:
                    return ConnectionState.CONNECTING;
                case CONNECTED:
                    return ConnectionState.CONNECTED;
                case RECONNECTING:
                    return ConnectionState.RECONNECTING;
                case CLOSED:
                    return ConnectionState.CLOSED;
                default:
                    throw new AssertionError("unhandled phase " + phase);
            }
        }
    }

    /** The facts of the latest welcome, once there was one. */
    public Optional<SessionInfo> session() {
        synchronized (lock) {
            return Optional.ofNullable(session);
        }
    }

    /** The live call: a connected one first, then one being placed or ringing. */
    public Optional<Call> currentCall() {
        synchronized (lock) {
            for (LocalCall call : live) {
                if (call.state == State.CONNECTED) {
                    return Optional.of(call);
                }
            }
            for (LocalCall call : live) {
                if (call.state != State.ENDED) {
                    return Optional.of(call);
                }
            }
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Call actions: checked with the machine against the call's mirror, then sent

    State stateOf(LocalCall call) {
        synchronized (lock) {
            return call.state;
        }
    }

    String describe(LocalCall call) {
        synchronized (lock) {
            return "Call[" + call.direction.name().toLowerCase(java.util.Locale.ROOT)
                    + (call.direction == Direction.OUTGOING ? " to " : " from ") + call.peer
                    + (call.id == null ? "" : ", " + call.id) + ", " + call.state + "]";
        }
    }

    void answer(LocalCall call, OpaqueJson sdpAnswer) {
        try {
            synchronized (lock) {
                answerLocked(call, sdpAnswer);
            }
        } finally {
            afterUnlock();
        }
    }

    void reject(LocalCall call) {
        try {
            synchronized (lock) {
                RejectCall reject = new RejectCall(idOf(call), call.peer);
                check(call, reject);
                transmitFor(call, id -> new RejectCall(id, call.peer));
                end(call, CallEnd.of(Reason.REJECTED, me.user()));
            }
        } finally {
            afterUnlock();
        }
    }

    void cancel(LocalCall call) {
        try {
            synchronized (lock) {
                check(call, new CancelCall(idOf(call), call.peer));
                if (call.id == null) {
                    // No id to name yet: cancel_call goes out with call_ringing's id, and the call ends then.
                    call.cancelWhenRinging = true;
                    call.state = State.ENDED;
                    call.heldUntilId.clear();
                    return;
                }
                transmit(new CancelCall(call.id, call.peer), false, null);
                end(call, CallEnd.of(Reason.CANCELLED, me.user()));
            }
        } finally {
            afterUnlock();
        }
    }

    void hangUp(LocalCall call) {
        try {
            synchronized (lock) {
                check(call, new HangUp(call.peer, idOf(call)));
                transmitFor(call, id -> new HangUp(call.peer, id));
                end(call, CallEnd.of(Reason.HUNG_UP_BY_ME, me.user()));
            }
        } finally {
            afterUnlock();
        }
    }

    void sendOffer(LocalCall call, OpaqueJson offer) {
        relay(call, id -> new SendOffer(call.peer, offer, id));
    }

    void sendAnswer(LocalCall call, OpaqueJson answer) {
        relay(call, id -> new SendAnswer(call.peer, answer, id));
    }

    void sendIceCandidate(LocalCall call, OpaqueJson candidate) {
        relay(call, id -> new SendIceCandidate(call.peer, candidate, id));
    }

    void setMediaState(LocalCall call, Boolean audio, Boolean video) {
        relay(call, id -> new SetMediaState(id, audio, video));
    }

    private void relay(LocalCall call, Function<CallId, ClientAction> action) {
        try {
            synchronized (lock) {
                check(call, action.apply(idOf(call)));
                transmitFor(call, action);
            }
        } finally {
            afterUnlock();
        }
    }

    private void answerLocked(LocalCall call, OpaqueJson sdpAnswer) {
        check(call, new AnswerCall(idOf(call), call.peer, sdpAnswer));
        transmit(new AnswerCall(call.id, call.peer, sdpAnswer), false, null);
        call.state = State.CONNECTED;
        post(() -> {
            call.answeredFuture.complete(new Answered(sdpAnswer));
            listener.onCallAnswered(call);
        });
    }

    /**
     * Applies a local action to the call's mirror: throws the machine's refusal, with nothing sent, or moves the
     * mirror on.
     */
    private void check(LocalCall call, ClientAction action) {
        if (me == null) {
            throw new IllegalStateException("not connected: call connect() first");
        }
        CallInput input = CallInput.of(me, action, clock.instant())
                .orElseThrow(() -> new IllegalArgumentException("not a call action: " + action.action()));
        Transition transition = machine.apply(call.mirror, input);
        if (transition instanceof Transition.Rejected rejected) {
            throw refusedLocally(action.action(), rejected);
        }
        call.mirror = ((Transition.Applied) transition).next();
    }

    private static SignalingException refusedLocally(String action, Transition.Rejected rejected) {
        LOG.log(Level.DEBUG, "{0} refused locally, nothing sent: {1} ({2})", action, rejected.code().wireName(),
                rejected.message());
        return new SignalingException(rejected.code(), rejected.message());
    }

    private static CallId idOf(LocalCall call) {
        return call.id != null ? call.id : PLACEHOLDER_ID;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Sending

    private boolean connected() {
        return phase == Phase.CONNECTED && current != null && current.link != null && current.welcomed;
    }

    /** Sends now when connected, else keeps the frame for the next connection; true when sent now. */
    private boolean transmit(ClientAction action, boolean survivesNewSession, LocalCall startOf) {
        if (connected()) {
            send(action);
            if (startOf != null) {
                startOf.startSent = true;
            }
            return true;
        }
        held.add(new Held(action, survivesNewSession, startOf));
        return false;
    }

    /** A call's action, sent with its id, or once call_ringing brings the id. */
    private void transmitFor(LocalCall call, Function<CallId, ClientAction> action) {
        if (call.id == null) {
            call.heldUntilId.add(action);
        } else {
            transmit(action.apply(call.id), false, null);
        }
    }

    private void send(ClientAction action) {
        current.link.send(CODEC.encode(action));
    }

    private void sendHeld() {
        List<Held> frames = List.copyOf(held);
        held.clear();
        for (Held frame : frames) {
            send(frame.action());
            if (frame.startOf() != null) {
                frame.startOf().startSent = true;
            }
            if (frame.action() instanceof Ping ping) {
                PendingPing pending = pings.get(ping.nonce());
                if (pending != null) {
                    pending.sent = true;
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Connections

    private void dial() {
        Connection connection = new Connection();
        current = connection;
        URI uri = resumeToken == null ? settings.uri()
                : withQuery(settings.uri(), "resume_token", resumeToken, "last_seq", Long.toString(lastSeq));
        LOG.log(Level.DEBUG, resumeToken == null ? "connecting to {0}" : "reconnecting to {0} to resume session {1}",
                settings.uri(), me == null ? "" : me.sessionId());
        dialer.dial(uri, settings.tokens()::next, connection);
    }

    /** {@code base} with these query parameters added (names and values alternating), URL-encoded. */
    static URI withQuery(URI base, String... namesAndValues) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        String text = base.toString();
        int fragment = text.indexOf('#');
        String head = fragment < 0 ? text : text.substring(0, fragment);
        String tail = fragment < 0 ? "" : text.substring(fragment);
        String separator = base.getRawQuery() == null ? "?" : head.endsWith("?") || head.endsWith("&") ? "" : "&";
        return URI.create(head + separator + query + tail);
    }

    private void linkOpened(Connection connection, Link link) {
        boolean unwanted;
        synchronized (lock) {
            unwanted = connection != current || phase == Phase.CLOSED;
            if (!unwanted) {
                connection.link = link;
            }
        }
        if (unwanted) {
            link.close(1000, "not needed");
        }
    }

    private void frameReceived(Connection connection, String frame) {
        try {
            synchronized (lock) {
                if (connection != current || connection.link == null) {
                    return;
                }
                heardSinceKeepalive = true;
                handleFrame(connection, frame);
            }
        } finally {
            afterUnlock();
        }
    }

    private void linkClosed(Connection connection, CloseInfo info) {
        try {
            synchronized (lock) {
                if (connection != current) {
                    return;
                }
                current = null;
                dropped(info);
            }
        } finally {
            afterUnlock();
        }
    }

    private void linkFailed(Connection connection, Throwable failure) {
        try {
            synchronized (lock) {
                if (connection != current) {
                    return;
                }
                current = null;
                if (connection.link != null) {
                    connection.link.close(1001, "connection failed");
                }
                if (failure instanceof TokenSource.TokenUnavailableException token && token.isFinal()) {
                    boolean expired = lastDrop != null && lastDrop.code() == CloseCode.TOKEN_EXPIRED.code();
                    LOG.log(Level.INFO, "not reconnecting: {0}", token.getMessage());
                    closeFinally(new CloseInfo(expired ? CloseCode.TOKEN_EXPIRED.code()
                            : CloseCode.AUTHENTICATION_FAILED.code(), token.getMessage(), false, token),
                            Reason.CONNECTION_LOST);
                    return;
                }
                dropped(new CloseInfo(1006, describe(failure), false, failure));
            }
        } finally {
            afterUnlock();
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    /** The current connection ended (closed, failed, or abandoned): reconnect, or close for good. */
    private void dropped(CloseInfo info) {
        cancelKeepalive();
        failSentPings(info);
        syncNonce = null;
        syncFor = null;
        if (phase == Phase.CLOSED) {
            return;
        }
        lastDrop = info;
        if (phase == Phase.CONNECTING) {
            // The first connection is not retried: connect() fails with the reason.
            LOG.log(Level.INFO, "could not connect to {0}: {1}", settings.uri(), info);
            closeFinally(info, Reason.CONNECTION_LOST);
            return;
        }
        if (isFinal(info)) {
            LOG.log(Level.INFO, "connection closed for good: {0}", info);
            closeFinally(info, Reason.CONNECTION_LOST);
            return;
        }
        if (!settings.reconnect().isEnabled()) {
            LOG.log(Level.INFO, "connection closed ({0}); not reconnecting: reconnecting is turned off", info);
            closeFinally(info, Reason.CONNECTION_LOST);
            return;
        }
        if (phase == Phase.CONNECTED) {
            LOG.log(Level.INFO, "connection dropped ({0}); reconnecting to resume session {1}", info,
                    me.sessionId());
            phase = Phase.RECONNECTING;
            postState(ConnectionState.RECONNECTING);
        }
        scheduleReconnect(info);
    }

    /** R6.8, Appendix E: no reconnect after 4001, 4003, 4006, 4009, nor after 4010 without a new token. */
    private boolean isFinal(CloseInfo info) {
        Optional<CloseCode> code = CloseCode.fromCode(info.code());
        if (code.isEmpty() || !code.get().isFinal()) {
            return false;
        }
        if (code.get() == CloseCode.TOKEN_EXPIRED && settings.tokens().refreshable()) {
            // Reconnect with a fresh token; TokenSource refuses to give the expired one again.
            settings.tokens().lastExpired();
            return false;
        }
        return true;
    }

    private void scheduleReconnect(CloseInfo cause) {
        ReconnectPolicy policy = settings.reconnect();
        attempt++;
        if (!policy.isEnabled() || attempt > policy.maxAttempts()) {
            LOG.log(Level.INFO, "not reconnecting: gave up after {0} attempts",
                    String.valueOf(policy.maxAttempts()));
            closeFinally(cause, Reason.CONNECTION_LOST);
            return;
        }
        Duration delay = policy.delayBeforeAttempt(attempt, random.getAsDouble());
        LOG.log(Level.DEBUG, "reconnect attempt {0} in {1} ms", String.valueOf(attempt),
                String.valueOf(delay.toMillis()));
        reconnectTimer = timers.schedule(delay, this::reconnectNow);
    }

    private void reconnectNow() {
        try {
            synchronized (lock) {
                reconnectTimer = null;
                if (phase != Phase.RECONNECTING || current != null) {
                    return;
                }
                dial();
            }
        } finally {
            afterUnlock();
        }
    }

    private void handleFrame(Connection connection, String frame) {
        DecodeResult<ServerEvent> decoded = CODEC.decodeEvent(frame);
        if (decoded instanceof DecodeResult.Undecodable<ServerEvent> bad) {
            LOG.log(Level.WARNING, "ignoring an event the server sent that cannot be read: {0}: {1}",
                    bad.code().wireName(), bad.message());
            return;
        }
        DecodeResult.Decoded<ServerEvent> event = (DecodeResult.Decoded<ServerEvent>) decoded;
        if (event.message() instanceof Welcome welcome) {
            welcome(connection, welcome);
            return;
        }
        if (!connection.welcomed) {
            // Only the error of R1.7 comes before welcome, and the close that follows says the rest.
            LOG.log(Level.DEBUG, "event before welcome: {0}", event.message());
            return;
        }
        long seq = event.seq();
        if (seq > 0) {
            if (!acceptSeq(seq)) {
                return;
            }
        }
        dispatch(event.message());
    }

    /** R6.3: events whose seq is not above the highest processed are dropped; R6.10: a gap after a resume. */
    private boolean acceptSeq(long seq) {
        if (seq <= lastSeq) {
            LOG.log(Level.DEBUG, "dropping event seq {0}: already processed up to {1}", String.valueOf(seq),
                    String.valueOf(lastSeq));
            return false;
        }
        boolean gap = checkGap && seq > lastSeq + 1;
        checkGap = false;
        if (gap) {
            LOG.log(Level.INFO, "events {0} to {1} were lost during the resume; live calls are taken as lost",
                    String.valueOf(lastSeq + 1), String.valueOf(seq - 1));
        }
        lastSeq = seq;
        if (gap) {
            lostCallState();
        }
        return true;
    }

    /**
     * R6.10: events were lost, so the state of every call known here is unknown: end each with hang_up or cancel_call
     * where the protocol allows (a refusal of it then only means the call was over already) and locally with
     * CONNECTION_LOST.
     */
    private void lostCallState() {
        for (LocalCall call : List.copyOf(live)) {
            if (call.state == State.CONNECTED) {
                transmit(new HangUp(call.peer, call.id), false, null);
            } else if (call.state == State.RINGING && call.direction == Direction.OUTGOING) {
                transmit(new CancelCall(call.id, call.peer), false, null);
            }
            if (call != placing) {
                end(call, CallEnd.of(Reason.CONNECTION_LOST, null));
            }
        }
    }

    private void welcome(Connection connection, Welcome welcome) {
        if (connection.welcomed) {
            LOG.log(Level.WARNING, "ignoring a second welcome on one connection");
            return;
        }
        connection.welcomed = true;
        attempt = 0;
        cancelReconnect();
        SessionRef session = new SessionRef(welcome.userId(), welcome.sessionId());
        boolean resumed = welcome.resumed() && session.equals(me);
        if (me != null && !resumed) {
            lostSession(session);
            failHistories(new ConnectionClosedException(new CloseInfo(1006, "the session was not resumed", false,
                    null)));
        }
        boolean resync = resumed && placing != null && placing.startSent;
        me = session;
        resumeToken = welcome.resumeToken();
        if (!resumed) {
            lastSeq = 0;
        }
        checkGap = resumed;
        machine = CallMachine.create(localPolicy(new CallPolicy(Duration.ofMillis(welcome.ringTimeoutMs()),
                Duration.ofMillis(welcome.resumeGraceMs()), 0)));
        SessionInfo info = new SessionInfo(welcome.userId(), welcome.sessionId(),
                Duration.ofMillis(welcome.ringTimeoutMs()), Duration.ofMillis(welcome.resumeGraceMs()), resumed);
        this.session = info;
        Phase before = phase;
        phase = Phase.CONNECTED;
        startKeepalive();
        if (resync) {
            // Was the start_call sent before the drop received? Its answer, if any, is among the replayed events,
            // which all come before the pong of a ping sent now (Appendix G).
            syncFor = placing;
            syncNonce = "s" + (++nonces);
            send(new Ping(syncNonce));
        }
        sendHeld();
        LOG.log(Level.DEBUG, "session {0} of {1} {2}", welcome.sessionId(), welcome.userId(),
                resumed ? "resumed" : "opened");
        if (before == Phase.CONNECTING) {
            CompletableFuture<SessionInfo> future = connectFuture;
            post(() -> {
                future.complete(info);
                listener.onConnectionStateChanged(ConnectionState.CONNECTED);
            });
        } else {
            postState(ConnectionState.CONNECTED);
        }
    }

    /** A reconnection got a new session: the server no longer knows this client's calls (R6.3). */
    private void lostSession(SessionRef newSession) {
        LOG.log(Level.INFO, "session {0} could not be resumed; its live calls are lost", me.sessionId());
        for (LocalCall call : List.copyOf(live)) {
            if (call == placing && !call.startSent) {
                // Never reached the server: it goes out on the new session, as this session's caller.
                if (call.mirror instanceof CallState.Ringing ringing) {
                    call.mirror = new CallState.Ringing(ringing.call(), newSession, ringing.calleeSessions(),
                            ringing.bufferedCandidates(), ringing.detached());
                }
                continue;
            }
            end(call, call.cancelWhenRinging ? CallEnd.of(Reason.CANCELLED, me.user())
                    : CallEnd.of(Reason.CONNECTION_LOST, null));
        }
        held.removeIf(frame -> !frame.survivesNewSession());
    }

    private void closeFinally(CloseInfo info, Reason callReason) {
        if (phase == Phase.CLOSED) {
            return;
        }
        Phase before = phase;
        phase = Phase.CLOSED;
        lastDrop = info;
        cancelReconnect();
        cancelKeepalive();
        Connection connection = current;
        current = null;
        if (connection != null && connection.link != null) {
            connection.link.close(info.byClient() ? 1000 : 1001, info.byClient() ? "closed by the client"
                    : "closing");
        }
        for (LocalCall call : List.copyOf(live)) {
            end(call, CallEnd.of(callReason, null));
        }
        held.clear();
        ConnectionClosedException closedException = new ConnectionClosedException(info);
        for (PendingPing pending : pings.values()) {
            CompletableFuture<Duration> future = pending.future;
            post(() -> future.completeExceptionally(closedException));
        }
        pings.clear();
        failHistories(closedException);
        if (before == Phase.CONNECTING && connectFuture != null) {
            CompletableFuture<SessionInfo> future = connectFuture;
            post(() -> future.completeExceptionally(closedException));
        }
        postState(ConnectionState.CLOSED);
        post(() -> {
            try {
                listener.onClosed(info);
            } finally {
                closedFuture.complete(info);
                afterClosed.run();
            }
        });
        releaseDialer = true;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Keepalive

    private void startKeepalive() {
        cancelKeepalive();
        heardSinceKeepalive = false;
        keepaliveOutstanding = false;
        Duration interval = settings.keepalive();
        if (!interval.isZero()) {
            keepaliveTimer = timers.schedule(interval, this::keepaliveTick);
        }
    }

    private void cancelKeepalive() {
        if (keepaliveTimer != null) {
            keepaliveTimer.cancel();
            keepaliveTimer = null;
        }
    }

    private void cancelReconnect() {
        if (reconnectTimer != null) {
            reconnectTimer.cancel();
            reconnectTimer = null;
        }
    }

    /** R8.17: a ping every interval; a whole interval without any frame after a ping means the link is dead. */
    private void keepaliveTick() {
        try {
            synchronized (lock) {
                keepaliveTimer = null;
                if (!connected()) {
                    return;
                }
                if (keepaliveOutstanding && !heardSinceKeepalive) {
                    Connection dead = current;
                    current = null;
                    LOG.log(Level.INFO, "no answer to ping within {0} ms: the connection is taken for dead",
                            String.valueOf(settings.keepalive().toMillis()));
                    dead.link.close(1001, "no answer to ping");
                    dropped(new CloseInfo(1006, "no answer to ping within " + settings.keepalive().toMillis()
                            + " ms", false, null));
                    return;
                }
                heardSinceKeepalive = false;
                keepaliveOutstanding = true;
                send(new Ping("k" + (++nonces)));
                keepaliveTimer = timers.schedule(settings.keepalive(), this::keepaliveTick);
            }
        } finally {
            afterUnlock();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Events

    private void dispatch(ServerEvent event) {
        if (event instanceof IncomingCall incoming) {
            incoming(incoming);
        } else if (event instanceof CallRinging ringing) {
            ringing(ringing);
        } else if (event instanceof CallUnavailable unavailable) {
            unavailable(unavailable);
        } else if (event instanceof CallAnswered answered) {
            answered(answered);
        } else if (event instanceof OfferRelayed offer) {
            relayed(offer.callId(), call -> listener.onOffer(call, offer.offer()));
        } else if (event instanceof AnswerRelayed answer) {
            relayed(answer.callId(), call -> listener.onAnswer(call, answer.answer()));
        } else if (event instanceof IceCandidateRelayed candidate) {
            relayed(candidate.callId(), call -> listener.onIceCandidate(call, candidate.candidate()));
        } else if (event instanceof PeerMediaChanged media) {
            MediaState state = new MediaState(media.audio(), media.video());
            relayed(media.callId(), call -> listener.onPeerMediaState(call, state));
        } else if (event instanceof PingAnswered pong) {
            pong(pong);
        } else if (event instanceof CallHistoryListed page) {
            CompletableFuture<CallHistoryListed> future = histories.pollFirst();
            if (future != null) {
                post(() -> future.complete(page));
            }
        } else if (event instanceof ErrorReported error) {
            error(error);
        } else {
            LocalCall call = callFor(CallEnds.callIdOf(event));
            Optional<CallEnd> end = call == null ? Optional.empty() : CallEnds.of(event, call.peer);
            if (end.isPresent()) {
                end(call, end.get());
            } else {
                // Unknown types (R1.10), call_history, and endings of calls this client no longer has.
                LOG.log(Level.DEBUG, "ignoring {0}", event.type());
            }
        }
    }

    private void incoming(IncomingCall event) {
        if (byId.containsKey(event.callId()) || recentlyEnded.containsKey(event.callId())) {
            return;
        }
        CallType type = event.effectiveCallType();
        CallInfo info = new CallInfo(event.callId(), event.callerId(), event.callerUsername(), me.user(), type,
                clock.instant());
        LocalCall call = new LocalCall(this, Direction.INCOMING, event.callerId(), event.callerUsername(), type,
                event.offer());
        call.id = event.callId();
        call.mirror = new CallState.Ringing(info, peerSession(event.callerId()), List.of(me), List.of(), Set.of());
        call.state = State.RINGING;
        live.add(call);
        byId.put(call.id, call);
        CallId id = call.id;
        post(() -> {
            call.idFuture.complete(id);
            listener.onIncomingCall(call);
        });
    }

    private void ringing(CallRinging event) {
        LocalCall call = placing;
        if (call == null || !call.peer.equals(event.calleeId())) {
            LOG.log(Level.DEBUG, "ignoring call_ringing for a call this client is not placing: {0}", event.callId());
            return;
        }
        placing = null;
        CallId id = event.callId();
        call.id = id;
        byId.put(id, call);
        if (call.mirror instanceof CallState.Ringing ringing) {
            CallInfo was = ringing.call();
            CallInfo info = new CallInfo(id, was.callerId(), was.callerName(), was.calleeId(), was.callType(),
                    was.startedAt());
            call.mirror = new CallState.Ringing(info, ringing.callerSession(), ringing.calleeSessions(),
                    ringing.bufferedCandidates(), ringing.detached());
        }
        if (call.cancelWhenRinging) {
            transmit(new CancelCall(id, call.peer), false, null);
            end(call, CallEnd.of(Reason.CANCELLED, me.user()));
            return;
        }
        call.state = State.RINGING;
        for (Function<CallId, ClientAction> action : call.heldUntilId) {
            transmit(action.apply(id), false, null);
        }
        call.heldUntilId.clear();
        post(() -> {
            call.idFuture.complete(id);
            listener.onCallRinging(call);
        });
    }

    private void unavailable(CallUnavailable event) {
        LocalCall call = placing;
        if (call == null || !call.peer.equals(event.calleeId())) {
            LOG.log(Level.DEBUG, "ignoring call_unavailable for a call this client is not placing");
            return;
        }
        placing = null;
        boolean glare = event.reason() == UnavailableReason.GLARE;
        if (event.callId() != null && !glare) {
            // Busy and offline attempts have an id of their own (R2.5, R2.6); glare names the other call.
            call.id = event.callId();
        }
        end(call, CallEnd.unavailable(event.reason()));
        if (glare) {
            glare(event);
        }
    }

    /** R5.4: the peer is calling this user right now; answer that call instead, unless told not to. */
    private void glare(CallUnavailable event) {
        if (!settings.answerGlare() || event.callId() == null) {
            return;
        }
        LocalCall pending = byId.get(event.callId());
        if (pending == null || pending.direction != Direction.INCOMING || pending.state != State.RINGING) {
            LOG.log(Level.DEBUG, "glare with {0}: no call of theirs rings here to answer", event.calleeId());
            return;
        }
        LOG.log(Level.DEBUG, "glare with {0}: answering their call {1}", event.calleeId(), event.callId());
        try {
            answerLocked(pending, null);
        } catch (SignalingException e) {
            LOG.log(Level.DEBUG, "glare: could not answer {0}: {1}", event.callId(), e.getMessage());
        }
    }

    private void answered(CallAnswered event) {
        LocalCall call = callFor(event.callId());
        if (call == null) {
            LocalCall ended = event.callId() == null ? null : recentlyEnded.get(event.callId());
            if (ended != null && ended.direction == Direction.OUTGOING && ended.end != null
                    && ended.end.reason() == Reason.CANCELLED) {
                // The callee answered before our cancel_call arrived, which the server then refuses: the call is
                // connected there. This client is done with it, so it ends it properly.
                LOG.log(Level.DEBUG, "call {0} was answered while being cancelled: hanging up", event.callId());
                transmit(new HangUp(ended.peer, event.callId()), false, null);
            }
            return;
        }
        if (call.direction != Direction.OUTGOING || !(call.mirror instanceof CallState.Ringing ringing)) {
            return;
        }
        call.mirror = new CallState.Connected(ringing.call(), ringing.callerSession(),
                ringing.calleeSessions().get(0), laterOf(clock.instant(), ringing.call().startedAt()), Set.of());
        call.state = State.CONNECTED;
        OpaqueJson answer = event.answer();
        post(() -> {
            call.answeredFuture.complete(new Answered(answer));
            listener.onCallAnswered(call);
        });
    }

    private void relayed(CallId callId, Consumer<Call> callback) {
        LocalCall call = callFor(callId);
        if (call == null || call.state != State.CONNECTED) {
            LOG.log(Level.DEBUG, "ignoring a relay for call {0}, which is not connected here", callId);
            return;
        }
        post(() -> callback.accept(call));
    }

    private void pong(PingAnswered pong) {
        String nonce = pong.nonce();
        if (nonce == null) {
            return;
        }
        keepaliveOutstanding = false;
        PendingPing pending = pings.remove(nonce);
        if (pending != null) {
            Duration rtt = Duration.between(pending.sentAt, clock.instant());
            Duration roundTrip = rtt.isNegative() ? Duration.ZERO : rtt;
            post(() -> pending.future.complete(roundTrip));
        }
        if (nonce.equals(syncNonce)) {
            LocalCall lost = syncFor;
            syncNonce = null;
            syncFor = null;
            if (lost != null && placing == lost) {
                // Every answer to what the server received came before this pong: the start_call never arrived.
                LOG.log(Level.INFO, "the call to {0} was lost with the old connection", lost.peer);
                placing = null;
                end(lost, lost.cancelWhenRinging ? CallEnd.of(Reason.CANCELLED, me.user())
                        : CallEnd.of(Reason.CONNECTION_LOST, null));
            }
        }
    }

    private void error(ErrorReported error) {
        ServerRefusedException refusal = new ServerRefusedException(error.code(), error.message(), error.action(),
                error.field(), error.callId());
        if (GetCallHistory.ACTION.equals(error.action()) && !histories.isEmpty()) {
            CompletableFuture<CallHistoryListed> future = histories.pollFirst();
            post(() -> future.completeExceptionally(refusal));
            return;
        }
        if (StartCall.ACTION.equals(error.action()) && placing != null) {
            LocalCall call = placing;
            placing = null;
            // A client's mistake or a race, reported by the server: one line, no stack trace.
            LOG.log(Level.INFO, "the server refused the call to {0}: {1} ({2})", call.peer,
                    error.code().wireName(), error.message());
            fail(call, refusal);
            return;
        }
        if (error.callId() != null && !byId.containsKey(error.callId())) {
            LOG.log(Level.DEBUG, "the server refused {0} for call {1}, which already ended here: {2}",
                    error.action(), error.callId(), error.code().wireName());
            return;
        }
        LOG.log(Level.INFO, "the server refused {0}: {1} ({2})", error.action() == null ? "a message"
                : error.action(), error.code().wireName(), error.message());
        post(() -> listener.onError(refusal));
    }

    /** The live call {@code id} names; when the server named none (a bare seed-003 server), the one live call. */
    private LocalCall callFor(CallId id) {
        if (id != null) {
            return byId.get(id);
        }
        LocalCall only = null;
        for (LocalCall call : live) {
            if (call.id != null) {
                if (only != null) {
                    return null;
                }
                only = call;
            }
        }
        return only;
    }

    private LocalCall ringingIncomingFrom(UserId user) {
        for (LocalCall call : live) {
            if (call.direction == Direction.INCOMING && call.state == State.RINGING && call.peer.equals(user)) {
                return call;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Ending calls

    /** Ends a call here: its mirror refuses every later action, and its futures and onCallEnded follow. */
    private void end(LocalCall call, CallEnd end) {
        if (call.over) {
            return;
        }
        call.over = true;
        call.end = end;
        call.state = State.ENDED;
        call.mirror = CallEnds.ended(call.mirror, end, clock.instant());
        call.heldUntilId.clear();
        forget(call);
        CallId knownId = call.id;
        post(() -> {
            if (knownId != null) {
                call.idFuture.complete(knownId);
            } else {
                call.idFuture.completeExceptionally(new CallEndedException(end));
            }
            call.answeredFuture.completeExceptionally(new CallEndedException(end));
            call.endedFuture.complete(end);
            listener.onCallEnded(call, end);
        });
    }

    /** The server refused to place the call: it never existed. */
    private void fail(LocalCall call, ServerRefusedException refusal) {
        if (call.over) {
            return;
        }
        call.over = true;
        call.state = State.ENDED;
        call.mirror = CallState.Idle.INSTANCE;
        call.heldUntilId.clear();
        forget(call);
        post(() -> {
            call.idFuture.completeExceptionally(refusal);
            call.answeredFuture.completeExceptionally(refusal);
            call.endedFuture.completeExceptionally(refusal);
            listener.onCallFailed(call, refusal);
        });
    }

    private void forget(LocalCall call) {
        live.remove(call);
        if (placing == call) {
            placing = null;
        }
        if (call.id != null) {
            byId.remove(call.id, call);
            recentlyEnded.put(call.id, call);
        }
    }

    private void failHistories(Throwable failure) {
        while (!histories.isEmpty()) {
            CompletableFuture<CallHistoryListed> future = histories.pollFirst();
            post(() -> future.completeExceptionally(failure));
        }
    }

    private void failSentPings(CloseInfo info) {
        ConnectionClosedException closed = new ConnectionClosedException(info);
        for (Iterator<PendingPing> it = pings.values().iterator(); it.hasNext();) {
            PendingPing pending = it.next();
            if (pending.sent) {
                it.remove();
                CompletableFuture<Duration> future = pending.future;
                post(() -> future.completeExceptionally(closed));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Helpers

    private void requireSession() {
        if (phase == Phase.CLOSED) {
            throw new IllegalStateException("the client is closed");
        }
        if (me == null) {
            throw new IllegalStateException("not connected yet: wait for connect() to complete");
        }
    }

    private void post(Runnable task) {
        callbacks.post(task);
    }

    private void postState(ConnectionState state) {
        post(() -> listener.onConnectionStateChanged(state));
    }

    /** Runs with no lock held, after every entry: runs the callbacks, and lets the dialer go once closed. */
    private void afterUnlock() {
        callbacks.flush();
        boolean release;
        synchronized (lock) {
            release = releaseDialer;
            releaseDialer = false;
        }
        if (release) {
            dialer.shutdown(Duration.ZERO);
        }
    }

    private static SessionRef peerSession(UserId peer) {
        return new SessionRef(peer, PEER_SESSION);
    }

    /**
     * The policy local checks use: the server's timers from welcome, and no bound on the ICE candidates buffered while
     * ringing, which the server does not announce: it enforces its own (R6.5).
     */
    private static CallPolicy localPolicy(CallPolicy announced) {
        return announced.withMaxBufferedCandidates(Integer.MAX_VALUE);
    }

    private static Instant laterOf(Instant at, Instant floor) {
        return at.isBefore(floor) ? floor : at;
    }

    /** A frame taken while not connected. */
    private record Held(ClientAction action, boolean survivesNewSession, LocalCall startOf) {
    }

    private static final class PendingPing {
        final CompletableFuture<Duration> future;
        final Instant sentAt;
        boolean sent;

        PendingPing(CompletableFuture<Duration> future, Instant sentAt) {
            this.future = future;
            this.sentAt = sentAt;
        }
    }

    /** One connection attempt and, once open, its connection. */
    private final class Connection implements LinkListener {
        Link link;
        boolean welcomed;

        @Override
        public void opened(Link opened) {
            linkOpened(this, opened);
        }

        @Override
        public void received(String frame) {
            frameReceived(this, frame);
        }

        @Override
        public void closed(int code, String reason) {
            linkClosed(this, new CloseInfo(code, reason == null ? "" : reason, false, null));
        }

        @Override
        public void failed(Throwable failure) {
            linkFailed(this, failure);
        }
    }
}
