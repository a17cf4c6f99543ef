package dev.dialtone.client;

import dev.dialtone.client.internal.ClientCore;
import dev.dialtone.client.internal.ClientSettings;
import dev.dialtone.client.internal.JakartaDialer;
import dev.dialtone.client.internal.TokenSource;
import dev.dialtone.protocol.CallHistoryListed;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.SignalingException;
import dev.dialtone.protocol.UserId;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A Dialtone signaling client: one session with a Dialtone server (docs/protocol.md), and the calls it places and
 * receives.
 *
 * <pre>{@code
 * DialtoneClient client = DialtoneClient.builder()
 *         .uri(URI.create("wss://chat.example.com/ws/call/"))
 *         .tokenSupplier(myLogin::currentJwt)
 *         .listener(myListener)
 *         .build();
 * SessionInfo session = client.connect().get(10, TimeUnit.SECONDS);
 * Call call = client.call(UserId.of(2), CallType.VIDEO, sdpOffer);
 * call.answered().thenAccept(answered -> ...);
 * }</pre>
 *
 * <h2>Connection, reconnect and resume</h2>
 * {@link #connect()} opens the connection and completes with the server's {@code welcome}. The token goes in an
 * {@code Authorization: Bearer} header (R1.1). When the connection later drops unexpectedly, the client reconnects
 * following its {@link ReconnectPolicy} (backoff with jitter), asks the token supplier for a token again, and resumes
 * its session with {@code resume_token} and {@code last_seq} (R6.3): live calls go on, the events missed meanwhile are
 * replayed, and every event is applied once (the client drops events whose {@code seq} it has processed). When the
 * server answers with a new session instead, live calls end with {@link CallEnd.Reason#CONNECTION_LOST}. The client
 * never reconnects after a final close code (4001, 4003, 4006, 4009; 4010 only when the token supplier gives a new
 * token); it closes and reports {@link CallListener#onClosed(CloseInfo)}. While connected it sends a {@code ping}
 * every keepalive interval (R8.17) and takes a connection that answers nothing for a whole interval for dead.
 *
 * <h2>Threading</h2>
 * Thread-safe: every method may be called from any thread, including listener callbacks. State is kept behind one
 * lock; frames are sent one at a time, in order, from the client's own I/O thread; listener callbacks and future
 * completions run serialized on the callback executor, never on a WebSocket I/O thread (see {@link CallListener}).
 *
 * <p>Runs on any Jakarta WebSocket 2.x client container: the one given to {@link Builder#container}, else the one
 * {@link ContainerProvider#getWebSocketContainer()} finds (Tyrus on Grizzly is this artifact's run-time default).
 */
public final class DialtoneClient implements AutoCloseable {

    /** How long {@link #close()} waits for the last frames and the close frame to go out. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(3);
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final ClientCore core;
    private final JakartaDialer dialer;

    private DialtoneClient(ClientCore core, JakartaDialer dialer) {
        this.core = core;
        this.dialer = dialer;
    }

    /** A builder; {@link Builder#uri} and a token ({@link Builder#token} or {@link Builder#tokenSupplier}) are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the connection. Completes, on the callback executor, with the {@code welcome}'s facts, just before
     * {@link CallListener#onConnectionStateChanged} reports {@link ConnectionState#CONNECTED}. The first connection is
     * not retried: the future fails with a {@link ConnectionClosedException} when it cannot be opened or is closed
     * before the {@code welcome} (4001 for a refused token), and the client is then closed. Calling it again returns
     * the same outcome.
     *
     * @return the session's facts
     */
    public CompletableFuture<SessionInfo> connect() {
        return core.connect();
    }

    /**
     * Calls {@code callee} ({@code start_call}, R2.1). Returns at once; the call's id, answer and end come through its
     * futures and the listener.
     *
     * @param callee whom to call; never null
     * @param type audio or video; never null
     * @return the call, {@link Call.State#PLACING}
     * @throws SignalingException {@code invalid_state}, with nothing sent, when this client is in a live call already
     *     (R5.5): one call at a time. Calling the peer whose call rings here is allowed (glare, R5.4, see
     *     {@link Builder#answerGlare(boolean)}).
     * @throws IllegalStateException before {@link #connect()} has completed, or once closed
     */
    public Call call(UserId callee, CallType type) {
        return core.call(callee, type, null);
    }

    /**
     * Calls {@code callee} with the SDP offer in the call request ({@code start_call} with {@code offer}, R2.1): the
     * callee finds it in {@link Call#offer()} of its incoming call.
     *
     * @param callee whom to call; never null
     * @param type audio or video; never null
     * @param sdpOffer the SDP offer object; never null
     * @return the call, {@link Call.State#PLACING}
     * @throws SignalingException {@code invalid_state}, with nothing sent, when this client is in a live call already
     * @throws IllegalStateException before {@link #connect()} has completed, or once closed
     */
    public Call call(UserId callee, CallType type, OpaqueJson sdpOffer) {
        return core.call(callee, type, Objects.requireNonNull(sdpOffer, "sdpOffer"));
    }

    /**
     * Sends a {@code ping} (R8.17) and completes with the round-trip time when its {@code pong} arrives. Since the
     * server answers one connection's messages in order (Appendix G), every refusal of an action taken before the
     * ping has reached {@link CallListener#onError} by then: a way to know that earlier actions were applied.
     *
     * @return the round trip; fails with {@link ConnectionClosedException} when the connection drops first
     * @throws IllegalStateException before {@link #connect()}
     */
    public CompletableFuture<Duration> ping() {
        return core.ping();
    }

    /**
     * Asks for this user's call records, newest first (R7.3): only calls the user took part in.
     *
     * @param limit how many at most, 1 to 200; null for the server's default (50)
     * @param before the {@code nextBefore} of the previous page; null for the newest records
     * @return completes on the callback executor with the page, or exceptionally with a
     *     {@link ServerRefusedException} (for example {@code invalid_message}) or a {@link ConnectionClosedException}
     *     if the session is lost before the answer
     * @throws IllegalStateException if {@link #connect()} was never called
     */
    public CompletableFuture<CallHistoryListed> callHistory(Integer limit, CallId before) {
        return core.callHistory(limit, before);
    }

    /** The connection's present state; {@link ConnectionState#CONNECTING} also before {@link #connect()}. */
    public ConnectionState connectionState() {
        return core.connectionState();
    }

    /** The facts of the latest {@code welcome}; empty until the first one. */
    public Optional<SessionInfo> session() {
        return core.session();
    }

    /**
     * The live call, if any: a connected call first, else one being placed or ringing. After glare (R5.4) this is
     * the incoming call the client answered.
     */
    public Optional<Call> currentCall() {
        return core.currentCall();
    }

    /**
     * Completes, on the callback executor right after {@link CallListener#onClosed(CloseInfo)}, when the client has
     * closed for good.
     */
    public CompletableFuture<CloseInfo> closed() {
        return core.closed();
    }

    /**
     * Closes the client for good. A connected call is hung up and an outgoing ringing call cancelled first (so the
     * peer learns at once, R6.2); an incoming call that rings here is left ringing at this user's other sessions, and a
     * call still being placed (no {@code call_ringing} yet, so it cannot be named) rings until the server ends it when
     * this session's resume grace runs out (R6.4). Live
     * calls end with {@link CallEnd.Reason#CLIENT_CLOSED}, then {@link ConnectionState#CLOSED} and
     * {@link CallListener#onClosed(CloseInfo)} (code 1000) are reported. Waits a few seconds at most for the last
     * frames to be sent; does not wait for the callbacks. Idempotent.
     */
    @Override
    public void close() {
        core.close();
        dialer.shutdown(CLOSE_WAIT);
    }

    @Override
    public String toString() {
        Optional<SessionInfo> session = core.session();
        return "DialtoneClient[" + core.connectionState().name().toLowerCase(Locale.ROOT)
                + session.map(s -> ", user " + s.userId() + ", session " + s.sessionId()).orElse("") + "]";
    }

    /**
     * Configures a {@link DialtoneClient}; {@link #build()} names whatever is missing. Not thread-safe: configure it on
     * one thread.
     */
    public static final class Builder {
        private URI uri;
        private String token;
        private Supplier<String> tokenSupplier;
        private CallListener listener;
        private Executor callbackExecutor;
        private boolean answerGlare = true;
        private ReconnectPolicy reconnect = ReconnectPolicy.exponentialBackoff();
        private Duration keepalive = Duration.ofSeconds(25);
        private WebSocketContainer container;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Required: the server's WebSocket URI, {@code ws://} or {@code wss://}, such as
         * {@code wss://chat.example.com/ws/call/} (R1.1). Query parameters it has are kept.
         */
        public Builder uri(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /**
         * The token (a JWT) to present on every connection; replaces a token supplier. The server closes with 4010 when
         * it expires (R1.8), and with a fixed token the client cannot reconnect then: prefer
         * {@link #tokenSupplier(Supplier)} for long sessions.
         */
        public Builder token(String token) {
            this.token = Objects.requireNonNull(token, "token");
            this.tokenSupplier = null;
            return this;
        }

        /**
         * Gives the token for each connection attempt, the first and every reconnect, so that tokens can be refreshed;
         * replaces a fixed token. Called on the client's I/O thread, never under a lock; it may block for a network
         * refresh. A supplier that throws fails that attempt (the client tries again with backoff); one that returns
         * null or an empty string, or after a 4010 the token that expired, ends the client ({@code onClosed}).
         */
        public Builder tokenSupplier(Supplier<String> tokenSupplier) {
            this.tokenSupplier = Objects.requireNonNull(tokenSupplier, "tokenSupplier");
            this.token = null;
            return this;
        }

        /** What happens, reported to this listener; default: a listener that ignores everything. */
        public Builder listener(CallListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Where listener callbacks and future completions run. Whatever the executor, they run one at a time, in order
         * (see {@link CallListener}). Default: one daemon thread of the client's own, stopped after
         * {@link CallListener#onClosed(CloseInfo)}. An executor given here is not shut down by the client.
         */
        public Builder callbackExecutor(Executor callbackExecutor) {
            this.callbackExecutor = Objects.requireNonNull(callbackExecutor, "callbackExecutor");
            return this;
        }

        /**
         * Whether to answer the peer's call on glare (R5.4); default true. Glare: this client calls a user whose call to
         * this user rings already. The server makes no second call and answers {@code call_unavailable} with reason
         * {@code glare}. What the application sees, in this order: {@link CallListener#onIncomingCall} for the peer's
         * call (when its {@code incoming_call} arrived, before or after the {@code call()}); the outgoing call's
         * {@link Call#ended()} completing with {@link CallEnd.Reason#UNAVAILABLE} and
         * {@link dev.dialtone.protocol.UnavailableReason#GLARE}, with {@link CallListener#onCallEnded}; then, when true,
         * the client answers the incoming call without an SDP answer ({@code answer_call}), its {@link Call#answered()}
         * completes and {@link CallListener#onCallAnswered} reports it: one call, connected, which
         * {@link DialtoneClient#currentCall()} returns. Send the SDP answer to its offer with
         * {@link Call#sendAnswer(OpaqueJson)}, or your own offer with {@link Call#sendOffer(OpaqueJson)}. When false,
         * the incoming call keeps ringing for the application to answer or reject.
         */
        public Builder answerGlare(boolean answerGlare) {
            this.answerGlare = answerGlare;
            return this;
        }

        /** When to reconnect after an unexpected drop; default {@link ReconnectPolicy#exponentialBackoff()}. */
        public Builder reconnect(ReconnectPolicy reconnect) {
            this.reconnect = Objects.requireNonNull(reconnect, "reconnect");
            return this;
        }

        /**
         * How often to send a {@code ping} action while connected (R8.17); default 25 s; {@link Duration#ZERO} for
         * never. A connection from which nothing at all arrives for a whole interval after a ping is taken for dead and
         * reconnected.
         */
        public Builder keepalive(Duration keepalive) {
            this.keepalive = Objects.requireNonNull(keepalive, "keepalive");
            return this;
        }

        /**
         * The Jakarta WebSocket client container to connect with; default the one
         * {@link ContainerProvider#getWebSocketContainer()} finds at the first connection.
         */
        public Builder container(WebSocketContainer container) {
            this.container = Objects.requireNonNull(container, "container");
            return this;
        }

        /** The clock local actions are stamped with, for the local call machine; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The client, not connected yet.
         *
         * @throws IllegalStateException naming everything missing or out of range
         */
        public DialtoneClient build() {
            List<String> problems = new ArrayList<>();
            if (uri == null) {
                problems.add("uri is missing (for example ws://localhost:8080/ws/call/)");
            } else if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("ws")
                    || uri.getScheme().equalsIgnoreCase("wss")) || uri.getHost() == null) {
                problems.add("uri " + uri + " is not a ws:// or wss:// URI with a host");
            }
            if (token == null && tokenSupplier == null) {
                problems.add("a token is missing (token(String) or tokenSupplier(Supplier))");
            }
            if (keepalive.isNegative()) {
                problems.add("keepalive is " + keepalive + "; zero (none) or more");
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("cannot build the client: " + String.join("; ", problems));
            }
            TokenSource tokens = token != null ? TokenSource.fixed(token) : TokenSource.supplier(tokenSupplier);
            ClientSettings settings = new ClientSettings(uri, tokens,
                    listener != null ? listener : new CallListener() { }, answerGlare, reconnect, keepalive);
            JakartaDialer dialer = new JakartaDialer(container);
            Executor callbacks = callbackExecutor;
            Runnable afterClosed = () -> { };
            if (callbacks == null) {
                int number = CLIENTS.incrementAndGet();
                ExecutorService own = Executors.newSingleThreadExecutor(task -> {
                    Thread thread = new Thread(task, "dialtone-client-callbacks-" + number);
                    thread.setDaemon(true);
                    return thread;
                });
                callbacks = own;
                afterClosed = own::shutdown;
            }
            ClientCore core = new ClientCore(settings, dialer, dialer, callbacks, clock,
                    () -> ThreadLocalRandom.current().nextDouble(), afterClosed);
            return new DialtoneClient(core, dialer);
        }
    }
}
