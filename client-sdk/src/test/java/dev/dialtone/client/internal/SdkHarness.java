package dev.dialtone.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.client.Call;
import dev.dialtone.client.CallEnd;
import dev.dialtone.client.CallListener;
import dev.dialtone.client.CloseInfo;
import dev.dialtone.client.ConnectionState;
import dev.dialtone.client.MediaState;
import dev.dialtone.client.ReconnectPolicy;
import dev.dialtone.protocol.ClientAction;
import dev.dialtone.protocol.DecodeResult;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.ServerEvent;
import dev.dialtone.protocol.SignalingException;
import dev.dialtone.protocol.UserId;
import dev.dialtone.protocol.Welcome;
import dev.dialtone.protocol.WireCodec;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * A {@link ClientCore} wired to in-memory fakes: a dialer whose connections the test opens, feeds and closes by hand,
 * links that record what is sent, timers that fire only when the test says, a fixed random draw, and callbacks run
 * in the calling thread once the core's lock is released. No network, no threads, no sleeps.
 */
final class SdkHarness {

    static final WireCodec CODEC = WireCodec.standard();
    static final URI URI_BASE = URI.create("ws://server.test/ws/call/");
    static final UserId ME = UserId.of(1);
    static final UserId BOB = UserId.of(2);
    static final UserId CAROL = UserId.of(3);
    static final OpaqueJson OFFER = OpaqueJson.of("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
    static final OpaqueJson ANSWER = OpaqueJson.of("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}");
    static final OpaqueJson CANDIDATE = OpaqueJson.of(
            "{\"candidate\":\"candidate:1 1 udp 2122260223 192.0.2.1 5000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");

    final FakeDialer dialer = new FakeDialer();
    final ManualTimers timers = new ManualTimers();
    final Recorder listener = new Recorder();
    final List<Double> randoms = new ArrayList<>();
    final ClientCore core;
    private long seq;

    SdkHarness() {
        this(new Options());
    }

    SdkHarness(Options options) {
        this(options, Runnable::run);
    }

    SdkHarness(Options options, Executor callbacks) {
        ClientSettings settings = new ClientSettings(URI_BASE, options.tokens, listener, options.answerGlare,
                options.reconnect, options.keepalive);
        core = new ClientCore(settings, dialer, timers, callbacks,
                Clock.fixed(Instant.parse("2026-11-20T10:15:30Z"), ZoneOffset.UTC),
                () -> randoms.isEmpty() ? 0.0 : randoms.remove(0), () -> { });
    }

    /** What the core is built with. */
    static final class Options {
        TokenSource tokens = TokenSource.fixed("token-1");
        boolean answerGlare = true;
        ReconnectPolicy reconnect = ReconnectPolicy.exponentialBackoff();
        Duration keepalive = Duration.ZERO;

        Options tokens(TokenSource value) {
            tokens = value;
            return this;
        }

        Options answerGlare(boolean value) {
            answerGlare = value;
            return this;
        }

        Options reconnect(ReconnectPolicy value) {
            reconnect = value;
            return this;
        }

        Options keepalive(Duration value) {
            keepalive = value;
            return this;
        }
    }

    /** Connects: dial, open, welcome (user 1, session s1, resume token r1). */
    SdkHarness connected() {
        core.connect();
        openAndWelcome("s1", "r1", false);
        return this;
    }

    /** Opens the latest dial and sends a welcome on it. */
    FakeLink openAndWelcome(String sessionId, String resumeToken, boolean resumed) {
        FakeLink link = dialer.last().open();
        link.receive(CODEC.encode(new Welcome(ME, sessionId, 1, 30_000, resumeToken, 20_000, resumed)));
        if (!resumed) {
            seq = 0;
        }
        return link;
    }

    /** The open link of the latest dial. */
    FakeLink link() {
        return dialer.last().link;
    }

    /** Delivers an event with the next seq. */
    void event(ServerEvent event) {
        link().receive(CODEC.encode(event, ++seq));
    }

    /** Delivers an event with this seq (which becomes the last one). */
    void event(ServerEvent event, long withSeq) {
        seq = Math.max(seq, withSeq);
        link().receive(CODEC.encode(event, withSeq));
    }

    long seq() {
        return seq;
    }

    /** Everything sent on every link so far, decoded. */
    List<ClientAction> sent() {
        List<ClientAction> all = new ArrayList<>();
        for (FakeDialer.Dial dial : dialer.dials) {
            if (dial.link != null) {
                all.addAll(dial.link.actions());
            }
        }
        return all;
    }

    /** The actions sent of this type. */
    <T extends ClientAction> List<T> sent(Class<T> type) {
        List<T> matching = new ArrayList<>();
        for (ClientAction action : sent()) {
            if (type.isInstance(action)) {
                matching.add(type.cast(action));
            }
        }
        return matching;
    }

    /** Runs {@code action}, expects the local refusal with {@code code}, and checks that nothing was sent. */
    static SignalingException assertRefusedLocally(SdkHarness harness, dev.dialtone.protocol.ErrorCode code,
            Runnable action) {
        int before = harness.sent().size();
        int eventsBefore = harness.listener.events.size();
        SignalingException e = org.junit.jupiter.api.Assertions.assertThrows(SignalingException.class, action::run);
        assertEquals(code, e.code(), e::getMessage);
        assertEquals(before, harness.sent().size(), () -> "sent after a local refusal: " + harness.sent());
        assertEquals(eventsBefore, harness.listener.events.size(), "callbacks after a local refusal");
        return e;
    }

    /** A dialer whose attempts the test completes by hand. */
    static final class FakeDialer implements Dialer {
        final List<Dial> dials = new ArrayList<>();
        int shutdowns;

        @Override
        public void dial(URI uri, Callable<String> token, LinkListener listener) {
            dials.add(new Dial(uri, token, listener));
        }

        @Override
        public void shutdown(Duration timeout) {
            shutdowns++;
        }

        Dial last() {
            assertFalse(dials.isEmpty(), "nothing was dialed");
            return dials.get(dials.size() - 1);
        }

        /** One connection attempt. */
        static final class Dial {
            final URI uri;
            final Callable<String> token;
            final LinkListener listener;
            FakeLink link;
            String tokenUsed;

            Dial(URI uri, Callable<String> token, LinkListener listener) {
                this.uri = uri;
                this.token = token;
                this.listener = listener;
            }

            /** Takes the token (as the real dialer does first) and opens the connection. */
            FakeLink open() {
                try {
                    tokenUsed = token.call();
                } catch (Exception e) {
                    throw new AssertionError("the token source failed: " + e, e);
                }
                link = new FakeLink(listener);
                listener.opened(link);
                return link;
            }

            /** The attempt fails the way the real dialer reports it: the token source, then the handshake. */
            void fail(Throwable failure) {
                listener.failed(failure);
            }

            /** Takes the token; if the token source refuses, reports that as the real dialer does. */
            boolean takeToken() {
                try {
                    tokenUsed = token.call();
                    return true;
                } catch (Exception e) {
                    listener.failed(e);
                    return false;
                }
            }
        }
    }

    /** A connection that records what the core sends. */
    static final class FakeLink implements Link {
        final LinkListener listener;
        final List<String> frames = new ArrayList<>();
        Integer closedWith;

        FakeLink(LinkListener listener) {
            this.listener = listener;
        }

        @Override
        public void send(String frame) {
            assertTrue(closedWith == null, "sent on a closed link: " + frame);
            frames.add(frame);
        }

        @Override
        public void close(int code, String reason) {
            if (closedWith == null) {
                closedWith = code;
            }
        }

        void receive(String frame) {
            listener.received(frame);
        }

        /** The server closes the connection. */
        void serverCloses(int code, String reason) {
            listener.closed(code, reason);
        }

        List<ClientAction> actions() {
            List<ClientAction> actions = new ArrayList<>();
            for (String frame : frames) {
                DecodeResult<ClientAction> decoded = CODEC.decodeAction(frame);
                assertTrue(decoded instanceof DecodeResult.Decoded, () -> "not an action: " + frame);
                actions.add(((DecodeResult.Decoded<ClientAction>) decoded).message());
            }
            return actions;
        }
    }

    /** Timers that fire when the test says. */
    static final class ManualTimers implements Timers {
        final List<Scheduled> scheduled = new ArrayList<>();

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            Scheduled entry = new Scheduled(delay, task);
            scheduled.add(entry);
            return () -> entry.cancelled = true;
        }

        /** The timers not yet fired or cancelled. */
        List<Scheduled> pending() {
            List<Scheduled> pending = new ArrayList<>();
            for (Scheduled entry : scheduled) {
                if (!entry.cancelled && !entry.fired) {
                    pending.add(entry);
                }
            }
            return pending;
        }

        /** Fires the one pending timer, checking its delay. */
        void fire(Duration expectedDelay) {
            List<Scheduled> pending = pending();
            assertEquals(1, pending.size(), () -> "pending timers: " + pending);
            Scheduled entry = pending.get(0);
            assertEquals(expectedDelay, entry.delay, "timer delay");
            entry.fired = true;
            entry.task.run();
        }

        /** A scheduled task. */
        static final class Scheduled {
            final Duration delay;
            final Runnable task;
            boolean cancelled;
            boolean fired;

            Scheduled(Duration delay, Runnable task) {
                this.delay = delay;
                this.task = task;
            }

            @Override
            public String toString() {
                return "timer(" + delay + ")";
            }
        }
    }

    /** Records every callback as a line of text, and keeps the objects. */
    static final class Recorder implements CallListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Call> incoming = new CopyOnWriteArrayList<>();
        final List<SignalingException> errors = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile CloseInfo closed;

        private void record(String line) {
            events.add(line);
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void onConnectionStateChanged(ConnectionState state) {
            record("state " + state);
        }

        @Override
        public void onIncomingCall(Call call) {
            incoming.add(call);
            record("incoming " + id(call) + " from " + call.peer());
        }

        @Override
        public void onCallRinging(Call call) {
            record("ringing " + id(call));
        }

        @Override
        public void onCallAnswered(Call call) {
            record("answered " + id(call));
        }

        @Override
        public void onOffer(Call call, OpaqueJson offer) {
            record("offer " + id(call) + " " + offer);
        }

        @Override
        public void onAnswer(Call call, OpaqueJson answer) {
            record("answer " + id(call) + " " + answer);
        }

        @Override
        public void onIceCandidate(Call call, OpaqueJson candidate) {
            record("candidate " + id(call) + " " + candidate);
        }

        @Override
        public void onPeerMediaState(Call call, MediaState state) {
            record("media " + id(call) + " audio=" + state.audio() + " video=" + state.video());
        }

        @Override
        public void onCallEnded(Call call, CallEnd end) {
            record("ended " + id(call) + " " + end.reason()
                    + (end.unavailableReason() == null ? "" : "/" + end.unavailableReason())
                    + (end.endedBy() == null ? "" : " by " + end.endedBy()));
        }

        @Override
        public void onCallFailed(Call call, SignalingException error) {
            record("failed " + error.code().wireName());
        }

        @Override
        public void onError(SignalingException error) {
            errors.add(error);
            record("error " + error.code().wireName());
        }

        @Override
        public void onClosed(CloseInfo info) {
            closed = info;
            record("closed " + info.code());
        }

        private static String id(Call call) {
            return call.id().handle((id, failure) -> id == null ? "-" : id.value()).getNow("?");
        }

        /** The recorded lines from {@code from} on. */
        List<String> since(int from) {
            return List.copyOf(events.subList(from, events.size()));
        }
    }
}
