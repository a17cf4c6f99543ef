package dev.dialtone.bench.load;

import dev.dialtone.bench.Payloads;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.JwtAuthenticator;
import dev.dialtone.server.JwtTokens;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The load scenarios, each the same for both servers: they speak only the protocol's JSON over {@link WsClient}.
 *
 * <p>Definitions (the results file repeats them):
 * <ul>
 *   <li><b>relay</b>: P call pairs, each placed and answered first; then each caller keeps W {@code ice_candidate}s in
 *   flight: the callee echoes every candidate it receives back as its own {@code ice_candidate}, and the caller sends
 *   a new one for every echo. A relayed message is one {@code ice_candidate} event received by a client.
 *   <li><b>round trip</b>: one call pair; the caller sends an {@code ice_candidate} whose candidate object carries
 *   the send time ({@code "ts"}), the callee echoes it, and the time from send to the echo's arrival at the caller is
 *   one round trip (two relays through the server). Paced: one at a time, every {@code 1/rate} s. And the same for
 *   {@code ping} / {@code pong} on one connection (no relay).
 *   <li><b>set-up</b>: {@code start_call} .. {@code incoming_call} .. {@code answer_call} .. {@code call_answered} ..
 *   {@code offer} (4 KB SDP) .. {@code call_offer} .. {@code answer} .. {@code call_answer} .. 4 {@code ice_candidate}s
 *   each way; set-up latency is from the scheduled {@code start_call} until both parties hold the peer's 4 candidates;
 *   then the caller sends {@code hang_up} and the cycle ends when the callee has {@code call_hanged_up}. Open loop:
 *   call set-ups are started at a fixed rate on pairs that are free.
 * </ul>
 */
final class Load implements AutoCloseable {

    static final String SECRET = "dialtone-bench-secret-0123456789-abcdefghij";
    private static final String CANDIDATE_HEAD = Payloads.CANDIDATE.substring(0, Payloads.CANDIDATE.length() - 1);

    private final WsClient client;
    private final InetSocketAddress address;
    private final JwtTokens tokens = JwtTokens.builder()
            .hmacSecret(SECRET, JwtAuthenticator.Algorithm.HS256)
            .userIdClaim("user_id")
            .ttl(Duration.ofHours(12))
            .build();
    private final List<User> users = new ArrayList<>();
    private int nextUserId;

    Load(int port, int firstUserId) throws IOException {
        this.client = new WsClient("load-client");
        this.address = new InetSocketAddress("127.0.0.1", port);
        this.nextUserId = firstUserId;
    }

    /** Connects {@code count} new users and waits for each one's {@code welcome}. */
    List<User> connect(int count, Duration timeout) throws IOException {
        return connect(count, timeout, address);
    }

    /** Connects {@code count} new users to the server on {@code port} (a cluster's other node) and waits for each one's {@code welcome}. */
    List<User> connect(int count, Duration timeout, int port) throws IOException {
        return connect(count, timeout, new InetSocketAddress("127.0.0.1", port));
    }

    /**
     * {@code count} users, every other one connected to {@code calleePort}: as {@link #callPairs} pairs them, each
     * caller is on this load's server and each callee on the one of {@code calleePort}.
     */
    List<User> connectPairs(int pairs, Duration timeout, int calleePort) throws IOException {
        List<User> callers = connect(pairs, timeout);
        List<User> callees = connect(pairs, timeout, calleePort);
        List<User> people = new ArrayList<>(2 * pairs);
        for (int i = 0; i < pairs; i++) {
            people.add(callers.get(i));
            people.add(callees.get(i));
        }
        return people;
    }

    private List<User> connect(int count, Duration timeout, InetSocketAddress server) throws IOException {
        List<User> made = new ArrayList<>(count);
        CountDownLatch welcomed = new CountDownLatch(count);
        Semaphore handshakes = new Semaphore(128);
        for (int i = 0; i < count; i++) {
            User user = new User(nextUserId++, welcomed, handshakes);
            String token = tokens.mint(UserId.of(user.id), "u" + user.id);
            acquire(handshakes, timeout);
            user.conn = client.connect(server, "/ws/call/?token=" + token, user);
            made.add(user);
        }
        try {
            if (!welcomed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                long missing = welcomed.getCount();
                throw new IOException(missing + " of " + count + " connections got no welcome in " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        synchronized (users) {
            users.addAll(made);
        }
        return made;
    }

    private static void acquire(Semaphore semaphore, Duration timeout) throws IOException {
        try {
            if (!semaphore.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("handshakes stalled");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** Places and answers a call for every pair (users 2i calls 2i+1). */
    List<Pair> callPairs(List<User> people, Duration timeout) throws IOException {
        List<Pair> pairs = new ArrayList<>();
        CountDownLatch connected = new CountDownLatch(people.size() / 2);
        for (int i = 0; i + 1 < people.size(); i += 2) {
            Pair pair = new Pair(people.get(i), people.get(i + 1));
            pair.onConnected = connected;
            pairs.add(pair);
        }
        for (Pair pair : pairs) {
            pair.mode = Mode.RELAY;
            pair.caller.conn.send("{\"action\":\"start_call\",\"callee_id\":" + pair.callee.id + "}");
        }
        await(connected, timeout, "calls connected");
        return pairs;
    }

    static void await(CountDownLatch latch, Duration timeout, String what) throws IOException {
        try {
            if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("timed out waiting for " + what + " (" + latch.getCount() + " left)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** Closes every connection of this load. */
    void disconnectAll() {
        synchronized (users) {
            for (User user : users) {
                user.conn.close();
            }
            users.clear();
        }
    }

    @Override
    public void close() {
        disconnectAll();
        client.close();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Shared counters, written by the client's selector thread. */
    static final class Counters {
        final AtomicLong relayed = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong setups = new AtomicLong();
        final AtomicLong pongs = new AtomicLong();
        volatile String firstFailure;
        final Recorder relayRtt = new Recorder(3);
        /** Caller to callee, one relay: both ends are this process, so one clock times it. */
        final Recorder relayOneWay = new Recorder(3);
        final Recorder pingRtt = new Recorder(3);
        final Recorder setupLatency = new Recorder(3);
        final Recorder cycleLatency = new Recorder(3);

        void fail(String what) {
            if (failures.getAndIncrement() == 0) {
                firstFailure = what;
            }
        }
    }

    final Counters counters = new Counters();

    enum Mode { RELAY, PACED, SETUP }

    /** One connection's user; reacts to events as the scenarios define. */
    final class User implements WsClient.Listener {
        final int id;
        WsClient.Conn conn;
        Pair pair;
        private CountDownLatch welcomed;
        private Semaphore handshakes;

        User(int id, CountDownLatch welcomed, Semaphore handshakes) {
            this.id = id;
            this.welcomed = welcomed;
            this.handshakes = handshakes;
        }

        @Override
        public void onText(WsClient.Conn c, String text) {
            String type = type(text);
            if (welcomed != null) {
                if (type.equals("welcome")) {
                    CountDownLatch latch = welcomed;
                    welcomed = null;
                    handshakes.release();
                    latch.countDown();
                }
                return;
            }
            if (type.equals("pong")) {
                long sent = Long.parseLong(stringMember(text, "nonce"));
                counters.pingRtt.recordValue(System.nanoTime() - sent);
                counters.pongs.incrementAndGet();
                return;
            }
            Pair p = pair;
            if (p == null) {
                return;
            }
            p.onEvent(this, type, text);
        }

        @Override
        public void onClose(WsClient.Conn c) {
            if (welcomed != null) {
                counters.fail("user " + id + " closed before welcome");
                Semaphore permits = handshakes;
                welcomed = null;
                permits.release();
            }
        }
    }

    /** A caller and a callee. State is touched by the selector thread, and by a pacer between cycles. */
    final class Pair {
        final User caller;
        final User callee;
        volatile Mode mode = Mode.RELAY;
        volatile String callId;
        volatile boolean running;
        volatile long cycleStart;
        CountDownLatch onConnected;
        private volatile int callerCandidates;
        private volatile int calleeCandidates;
        private volatile boolean setupDone;
        ConcurrentLinkedQueue<Pair> idle;

        Pair(User caller, User callee) {
            this.caller = caller;
            this.callee = callee;
            caller.pair = this;
            callee.pair = this;
        }

        /** Sends one timed candidate from the caller. */
        void sendCandidate() {
            caller.conn.send("{\"action\":\"ice_candidate\",\"peer_id\":" + callee.id + ",\"candidate\":"
                    + CANDIDATE_HEAD + ",\"ts\":" + System.nanoTime() + "},\"call_id\":\"" + callId + "\"}");
        }

        /** Starts a set-up cycle (open or closed loop); {@code intended} is its scheduled start. */
        void startCycle(long intended) {
            cycleStart = intended;
            callerCandidates = 0;
            calleeCandidates = 0;
            setupDone = false;
            mode = Mode.SETUP;
            caller.conn.send("{\"action\":\"start_call\",\"callee_id\":" + callee.id + ",\"call_type\":\"video\"}");
        }

        void onEvent(User at, String type, String text) {
            boolean atCaller = at == caller;
            switch (type) {
                case "incoming_call" -> {
                    if (!atCaller) {
                        callId = stringMember(text, "call_id");
                        callee.conn.send("{\"action\":\"answer_call\",\"call_id\":\"" + callId + "\"}");
                    }
                }
                case "call_answered" -> {
                    if (mode == Mode.SETUP) {
                        caller.conn.send("{\"action\":\"offer\",\"callee_id\":" + callee.id + ",\"offer\":"
                                + Payloads.OFFER + ",\"call_id\":\"" + callId + "\"}");
                    } else if (onConnected != null) {
                        onConnected.countDown();
                    }
                }
                case "call_offer" -> {
                    callee.conn.send("{\"action\":\"answer\",\"caller_id\":" + caller.id + ",\"answer\":"
                            + Payloads.ANSWER + ",\"call_id\":\"" + callId + "\"}");
                    for (int i = 0; i < 4; i++) {
                        callee.conn.send(candidateFrame(caller.id, i));
                    }
                }
                case "call_answer" -> {
                    for (int i = 0; i < 4; i++) {
                        caller.conn.send(candidateFrame(callee.id, i));
                    }
                }
                case "ice_candidate" -> onCandidate(atCaller, text);
                case "call_hanged_up" -> {
                    if (!atCaller && mode == Mode.SETUP) {
                        long now = System.nanoTime();
                        counters.cycleLatency.recordValue(Math.max(0, now - cycleStart));
                        counters.setups.incrementAndGet();
                        if (running) {
                            startCycle(now);
                        } else if (idle != null) {
                            idle.add(this);
                        }
                    }
                }
                case "call_ringing" -> {
                    // the caller learns the call id; the callee's incoming_call carries it too
                }
                default -> counters.fail(type + " at user " + at.id + ": " + abbreviate(text));
            }
        }

        private void onCandidate(boolean atCaller, String text) {
            counters.relayed.incrementAndGet();
            if (mode == Mode.SETUP) {
                if (atCaller) {
                    callerCandidates++;
                } else {
                    calleeCandidates++;
                }
                if (!setupDone && callerCandidates == 4 && calleeCandidates == 4) {
                    setupDone = true;
                    counters.setupLatency.recordValue(Math.max(0, System.nanoTime() - cycleStart));
                    caller.conn.send("{\"action\":\"hang_up\",\"peer_id\":" + callee.id + ",\"call_id\":\""
                            + callId + "\"}");
                }
                return;
            }
            if (!atCaller) {
                if (mode == Mode.PACED) {
                    counters.relayOneWay.recordValue(Math.max(0, System.nanoTime() - longMember(text, "ts")));
                }
                // the callee echoes the candidate object back as its own
                int start = text.indexOf("\"candidate\":{") + 12;
                int end = text.indexOf('}', start) + 1;
                callee.conn.send("{\"action\":\"ice_candidate\",\"peer_id\":" + caller.id + ",\"candidate\":"
                        + text.substring(start, end) + ",\"call_id\":\"" + callId + "\"}");
                return;
            }
            long sent = longMember(text, "ts");
            counters.relayRtt.recordValue(Math.max(0, System.nanoTime() - sent));
            if (mode == Mode.RELAY && running) {
                sendCandidate();
            }
        }

        private String candidateFrame(int peer, int i) {
            return "{\"action\":\"ice_candidate\",\"peer_id\":" + peer + ",\"candidate\":" + CANDIDATE_HEAD
                    + ",\"ts\":" + i + "},\"call_id\":\"" + callId + "\"}";
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The event type: the value of the first "type" member (both servers write it first). */
    static String type(String text) {
        return stringMember(text, "type");
    }

    static String stringMember(String text, String name) {
        String key = "\"" + name + "\":\"";
        int at = text.indexOf(key);
        if (at < 0) {
            return "";
        }
        int start = at + key.length();
        return text.substring(start, text.indexOf('"', start));
    }

    static long longMember(String text, String name) {
        String key = "\"" + name + "\":";
        int at = text.indexOf(key) + key.length();
        long value = 0;
        for (int i = at; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /**
     * Sleeps until {@code deadline} (System.nanoTime()). Parks only, never spins: a spinning pacer would take a core
     * from the server on a 2-core machine. Late wake-ups (tens of microseconds) only delay sends.
     */
    static void parkUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** A histogram's percentiles in microseconds. */
    static double micros(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
