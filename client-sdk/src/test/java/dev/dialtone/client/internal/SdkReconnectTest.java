package dev.dialtone.client.internal;

import static dev.dialtone.client.internal.SdkHarness.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.client.CallEnd;
import dev.dialtone.client.ConnectionClosedException;
import dev.dialtone.client.ConnectionState;
import dev.dialtone.client.ReconnectPolicy;
import dev.dialtone.client.SessionInfo;
import dev.dialtone.protocol.CallAnswered;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallRinging;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.Ping;
import dev.dialtone.protocol.PingAnswered;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Reconnect with backoff and jitter (R6.8), final close codes (Appendix E), keepalive (R8.17). */
class SdkReconnectTest {

    @Test
    void theDefaultPolicyDoublesFrom250MsUpTo10SecondsWithJitterHalvingAtMost() {
        ReconnectPolicy policy = ReconnectPolicy.exponentialBackoff();
        List<Long> noJitter = new ArrayList<>();
        List<Long> mostJitter = new ArrayList<>();
        for (int attempt = 1; attempt <= 9; attempt++) {
            noJitter.add(policy.delayBeforeAttempt(attempt, 0.0).toMillis());
            mostJitter.add(policy.delayBeforeAttempt(attempt, 0.999_999_999).toMillis());
        }
        assertEquals(List.of(250L, 500L, 1000L, 2000L, 4000L, 8000L, 10_000L, 10_000L, 10_000L), noJitter);
        assertEquals(List.of(125L, 250L, 500L, 1000L, 2000L, 4000L, 5000L, 5000L, 5000L), mostJitter);
        assertEquals(Duration.ofMillis(375), policy.delayBeforeAttempt(2, 0.5));
        assertEquals(Duration.ofSeconds(10), policy.delayBeforeAttempt(Integer.MAX_VALUE, 0.0), "no overflow");
    }

    @Test
    void policiesCheckTheirArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> ReconnectPolicy.exponentialBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> ReconnectPolicy.exponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> ReconnectPolicy.exponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 1.5));
        assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.exponentialBackoff().withMaxAttempts(0));
        assertThrows(IllegalStateException.class, () -> ReconnectPolicy.none().delayBeforeAttempt(1, 0));
        assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.exponentialBackoff()
                .delayBeforeAttempt(1, 1.0));
    }

    @Test
    void attemptsFollowTheScheduleWithTheInjectedRandomAndStartOverAfterAWelcome() {
        SdkHarness h = new SdkHarness().connected();
        h.randoms.addAll(List.of(0.0, 0.5, 0.2, 0.0));
        h.link().serverCloses(1006, "network");
        h.timers.fire(Duration.ofMillis(250));
        h.dialer.last().fail(new IOException("connection refused"));
        h.timers.fire(Duration.ofMillis(375));
        h.dialer.last().fail(new IOException("connection refused"));
        h.timers.fire(Duration.ofMillis(900));
        h.openAndWelcome("s1", "r1", true);
        assertEquals(4, h.dialer.dials.size(), "the first connection and three attempts");
        h.link().serverCloses(1011, "server error");
        h.timers.fire(Duration.ofMillis(250));
        assertEquals(List.of("state CONNECTING", "state CONNECTED", "state RECONNECTING", "state CONNECTED",
                "state RECONNECTING"), h.listener.events);
    }

    @Test
    void givingUpAfterMaxAttemptsClosesWithTheLastFailureAndEndsCalls() {
        SdkHarness h = new SdkHarness(new SdkHarness.Options()
                .reconnect(ReconnectPolicy.exponentialBackoff().withMaxAttempts(2))).connected();
        var call = h.core.call(BOB, CallType.AUDIO, null);
        h.link().serverCloses(1006, "network");
        h.timers.fire(Duration.ofMillis(250));
        h.dialer.last().fail(new IOException("refused 1"));
        h.timers.fire(Duration.ofMillis(500));
        IOException last = new IOException("refused 2");
        h.dialer.last().fail(last);
        assertEquals(List.of(), h.timers.pending());
        assertEquals(ConnectionState.CLOSED, h.core.connectionState());
        assertEquals(CallEnd.Reason.CONNECTION_LOST, call.ended().join().reason());
        assertEquals(last, h.listener.closed.failure());
        assertEquals(List.of("ended - CONNECTION_LOST", "state CLOSED", "closed 1006"),
                h.listener.since(h.listener.events.size() - 3));
    }

    @Test
    void reconnectNoneClosesAtTheFirstDrop() {
        SdkHarness h = new SdkHarness(new SdkHarness.Options().reconnect(ReconnectPolicy.none())).connected();
        h.link().serverCloses(1001, "going away");
        assertEquals(List.of(), h.timers.pending());
        assertEquals(List.of("state CONNECTING", "state CONNECTED", "state CLOSED", "closed 1001"),
                h.listener.events);
    }

    @ParameterizedTest
    @ValueSource(ints = {4001, 4003, 4006, 4009})
    void noReconnectAfterAFinalCloseCode(int code) {
        SdkHarness h = new SdkHarness().connected();
        h.link().serverCloses(code, "final");
        assertEquals(List.of(), h.timers.pending());
        assertEquals(1, h.dialer.dials.size());
        assertEquals(List.of("state CONNECTING", "state CONNECTED", "state CLOSED", "closed " + code),
                h.listener.events);
        assertEquals(1, h.dialer.shutdowns, "the client's threads are released");
    }

    @Test
    void aTokenExpiryWithAFixedTokenIsFinal() {
        SdkHarness h = new SdkHarness().connected();
        h.link().serverCloses(4010, "token expired");
        assertEquals(List.of(), h.timers.pending());
        assertEquals(4010, h.listener.closed.code());
    }

    @Test
    void aTokenExpiryWithASupplierReconnectsOnceWithANewToken() {
        AtomicInteger calls = new AtomicInteger();
        SdkHarness h = new SdkHarness(new SdkHarness.Options()
                .tokens(TokenSource.supplier(() -> "token-" + calls.incrementAndGet()))).connected();
        assertEquals("token-1", h.dialer.last().tokenUsed);
        h.link().serverCloses(4010, "token expired");
        h.timers.fire(Duration.ofMillis(250));
        h.openAndWelcome("s1", "r1", true);
        assertEquals("token-2", h.dialer.last().tokenUsed);
        assertEquals(ConnectionState.CONNECTED, h.core.connectionState());
    }

    @Test
    void aSupplierThatOnlyHasTheExpiredTokenEndsTheClient() {
        SdkHarness h = new SdkHarness(new SdkHarness.Options()
                .tokens(TokenSource.supplier(() -> "always-the-same"))).connected();
        h.link().serverCloses(4010, "token expired");
        h.timers.fire(Duration.ofMillis(250));
        h.dialer.last().takeToken();
        assertEquals(ConnectionState.CLOSED, h.core.connectionState());
        assertEquals(4010, h.listener.closed.code());
        assertEquals(List.of(), h.timers.pending());
    }

    @Test
    void aSupplierThatThrowsFailsOnlyThatAttempt() {
        AtomicInteger calls = new AtomicInteger();
        SdkHarness h = new SdkHarness(new SdkHarness.Options().tokens(TokenSource.supplier(() -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("login service down");
            }
            return "token-" + calls.get();
        }))).connected();
        h.link().serverCloses(1006, "network");
        h.timers.fire(Duration.ofMillis(250));
        h.dialer.last().takeToken();
        h.timers.fire(Duration.ofMillis(500));
        h.openAndWelcome("s1", "r1", true);
        assertEquals("token-3", h.dialer.last().tokenUsed);
    }

    @Test
    void aRefusedTokenOnReconnectIsFinal() {
        SdkHarness h = new SdkHarness().connected();
        h.link().serverCloses(1006, "network");
        h.timers.fire(Duration.ofMillis(250));
        h.dialer.last().open().serverCloses(4001, "authentication failed");
        assertEquals(List.of(), h.timers.pending());
        assertEquals(2, h.dialer.dials.size());
        assertEquals(4001, h.listener.closed.code());
    }

    @Test
    void theFirstConnectionIsNotRetried() {
        SdkHarness h = new SdkHarness();
        CompletableFuture<SessionInfo> connected = h.core.connect();
        h.dialer.last().open().serverCloses(4001, "authentication failed");
        CompletionException failure = assertThrows(CompletionException.class, connected::join);
        assertTrue(failure.getCause() instanceof ConnectionClosedException, () -> "failed with " + failure);
        assertEquals(4001, ((ConnectionClosedException) failure.getCause()).closeInfo().code());
        assertEquals(List.of("state CONNECTING", "state CLOSED", "closed 4001"), h.listener.events);
        assertEquals(List.of(), h.timers.pending());
    }

    @Test
    void connectCompletesWithTheWelcome() {
        SdkHarness h = new SdkHarness();
        CompletableFuture<SessionInfo> connected = h.core.connect();
        h.openAndWelcome("s1", "r1", false);
        SessionInfo session = connected.join();
        assertEquals(new SessionInfo(SdkHarness.ME, "s1", Duration.ofSeconds(30), Duration.ofSeconds(20), false),
                session);
        assertEquals(session, h.core.connect().join(), "the same outcome again");
    }

    @Test
    void keepaliveSendsPingsAndTakesASilentConnectionForDead() {
        SdkHarness h = new SdkHarness(new SdkHarness.Options().keepalive(Duration.ofSeconds(25))).connected();
        h.timers.fire(Duration.ofSeconds(25));
        Ping first = (Ping) h.link().actions().get(0);
        h.event(new PingAnswered(first.nonce()));
        h.timers.fire(Duration.ofSeconds(25));
        assertEquals(2, h.link().actions().size(), "answered: another ping");
        SdkHarness.FakeLink silent = h.link();
        h.timers.fire(Duration.ofSeconds(25));
        assertEquals(1001, silent.closedWith, "nothing for a whole interval: abandoned");
        assertEquals(ConnectionState.RECONNECTING, h.core.connectionState());
        h.timers.fire(Duration.ofMillis(250));
        assertEquals(2, h.dialer.dials.size(), "a new attempt");
    }

    @Test
    void closeHangsUpAndReportsOnClosedLast() {
        SdkHarness h = new SdkHarness().connected();
        var call = h.core.call(BOB, CallType.AUDIO, null);
        h.event(new CallRinging(CallId.of("c1"), BOB, CallType.AUDIO));
        h.event(new CallAnswered(BOB, CallId.of("c1"), null));
        SdkHarness.FakeLink link = h.link();
        h.core.close();
        h.core.close();
        assertEquals(List.of(new dev.dialtone.protocol.StartCall(BOB, CallType.AUDIO, null),
                new dev.dialtone.protocol.HangUp(BOB, CallId.of("c1"))), link.actions());
        assertEquals(1000, link.closedWith);
        assertEquals(CallEnd.of(CallEnd.Reason.CLIENT_CLOSED, SdkHarness.ME), call.ended().join());
        assertEquals(List.of("ended c1 CLIENT_CLOSED by 1", "state CLOSED", "closed 1000"),
                h.listener.since(h.listener.events.size() - 3));
        assertTrue(h.listener.closed.byClient());
        assertTrue(h.core.closed().isDone());
    }
}
