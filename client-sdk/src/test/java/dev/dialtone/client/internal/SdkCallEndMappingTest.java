package dev.dialtone.client.internal;

import static dev.dialtone.client.internal.SdkHarness.BOB;
import static dev.dialtone.client.internal.SdkHarness.ME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.client.Call;
import dev.dialtone.client.CallEnd;
import dev.dialtone.client.CallEnd.Reason;
import dev.dialtone.client.CallEndedException;
import dev.dialtone.client.ServerRefusedException;
import dev.dialtone.protocol.CallAnswered;
import dev.dialtone.protocol.CallCancelled;
import dev.dialtone.protocol.CallEnded;
import dev.dialtone.protocol.CallHungUp;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.Outcome;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.CallMissed;
import dev.dialtone.protocol.CallRejected;
import dev.dialtone.protocol.CallRinging;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.CallUnavailable;
import dev.dialtone.protocol.EndReason;
import dev.dialtone.protocol.ErrorCode;
import dev.dialtone.protocol.ErrorReported;
import dev.dialtone.protocol.IncomingCall;
import dev.dialtone.protocol.PingAnswered;
import dev.dialtone.protocol.UnavailableReason;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How every way a call can end becomes a {@link CallEnd}: server events, local actions, the connection. */
class SdkCallEndMappingTest {

    private static final CallId CALL = CallId.of("c1");

    private static SdkHarness outgoingRinging() {
        SdkHarness h = new SdkHarness().connected();
        h.core.call(BOB, CallType.AUDIO, null);
        h.event(new CallRinging(CALL, BOB, CallType.AUDIO));
        return h;
    }

    private static SdkHarness outgoingConnected() {
        SdkHarness h = outgoingRinging();
        h.event(new CallAnswered(BOB, CALL, null));
        return h;
    }

    private static SdkHarness incomingRinging() {
        SdkHarness h = new SdkHarness().connected();
        h.event(new IncomingCall(CALL, BOB, "bob", CallType.AUDIO, null));
        return h;
    }

    private static SdkHarness incomingConnected() {
        SdkHarness h = incomingRinging();
        h.core.currentCall().orElseThrow().answer();
        return h;
    }

    /** The call ends with {@code expected}, through the future and the listener, and its futures agree. */
    private static void assertEnds(SdkHarness h, Call call, CallEnd expected) {
        assertEquals(Call.State.ENDED, call.state());
        assertEquals(expected, call.ended().join());
        String last = h.listener.events.get(h.listener.events.size() - 1);
        assertTrue(last.startsWith("ended ") && last.contains(" " + expected.reason()), last);
        if (!call.answered().isDone() || call.answered().isCompletedExceptionally()) {
            CompletionException e = assertThrows(CompletionException.class, () -> call.answered().join());
            assertEquals(expected, ((CallEndedException) e.getCause()).end());
        }
    }

    @Test
    void theEventsThatEndACallMapToReasonsAndWhoEndedIt() {
        assertEquals(CallEnd.of(Reason.HUNG_UP_BY_PEER, BOB), CallEnds.of(new CallHungUp(BOB, CALL), BOB).get());
        assertEquals(CallEnd.of(Reason.REJECTED, BOB), CallEnds.of(new CallRejected(BOB, CALL), BOB).get());
        assertEquals(CallEnd.of(Reason.CANCELLED, BOB), CallEnds.of(new CallCancelled(BOB, CALL), BOB).get());
        assertEquals(CallEnd.of(Reason.MISSED, null), CallEnds.of(new CallMissed(CALL, ME, BOB), BOB).get());
        assertEquals(CallEnd.unavailable(UnavailableReason.BUSY),
                CallEnds.of(new CallUnavailable(BOB, UnavailableReason.BUSY, CALL), BOB).get());
        assertEquals(List.of(), CallEnds.of(new PingAnswered(null), BOB).stream().toList());
    }

    @ParameterizedTest
    @EnumSource(EndReason.class)
    void everyCallEndedReasonHasItsOwnEnd(EndReason reason) {
        CallEnd end = CallEnds.of(new CallEnded(CALL, reason), BOB).orElseThrow();
        assertEquals(reason.name(), end.reason().name(), "the same name");
        assertEquals(reason == EndReason.PEER_DISCONNECTED ? BOB : null, end.endedBy());
    }

    @ParameterizedTest
    @EnumSource(UnavailableReason.class)
    void everyUnavailableReasonEndsTheOutgoingCall(UnavailableReason reason) {
        SdkHarness h = new SdkHarness().connected();
        Call call = h.core.call(BOB, CallType.AUDIO, null);
        CallId attempt = reason == UnavailableReason.BUSY || reason == UnavailableReason.OFFLINE ? CALL : null;
        h.event(new CallUnavailable(BOB, reason, attempt));
        assertEnds(h, call, CallEnd.unavailable(reason));
        if (attempt != null) {
            assertEquals(attempt, call.id().join(), "busy and offline attempts have an id (R2.5, R2.6)");
        } else {
            assertTrue(call.id().isCompletedExceptionally());
        }
    }

    @Test
    void theCallerSeesTheCalleesEndings() {
        SdkHarness rejected = outgoingRinging();
        Call call = rejected.core.currentCall().orElseThrow();
        rejected.event(new CallRejected(BOB, CALL));
        assertEnds(rejected, call, CallEnd.of(Reason.REJECTED, BOB));

        SdkHarness missed = outgoingRinging();
        call = missed.core.currentCall().orElseThrow();
        missed.event(new CallMissed(CALL, ME, BOB));
        assertEnds(missed, call, CallEnd.of(Reason.MISSED, null));

        SdkHarness hungUp = outgoingConnected();
        call = hungUp.core.currentCall().orElseThrow();
        hungUp.event(new CallHungUp(BOB, CALL));
        assertEnds(hungUp, call, CallEnd.of(Reason.HUNG_UP_BY_PEER, BOB));

        SdkHarness dropped = outgoingConnected();
        call = dropped.core.currentCall().orElseThrow();
        dropped.event(new CallEnded(CALL, EndReason.PEER_DISCONNECTED));
        assertEnds(dropped, call, CallEnd.of(Reason.PEER_DISCONNECTED, BOB));

        SdkHarness shutdown = outgoingRinging();
        call = shutdown.core.currentCall().orElseThrow();
        shutdown.event(new CallEnded(CALL, EndReason.SERVER_SHUTDOWN));
        assertEnds(shutdown, call, CallEnd.of(Reason.SERVER_SHUTDOWN, null));
    }

    @Test
    void theCalleeSeesTheCallersEndingsAndItsOtherSessions() {
        for (EndReason reason : EnumSet.of(EndReason.ANSWERED_ELSEWHERE, EndReason.REJECTED_ELSEWHERE,
                EndReason.PEER_DISCONNECTED, EndReason.SERVER_SHUTDOWN)) {
            SdkHarness h = incomingRinging();
            Call call = h.core.currentCall().orElseThrow();
            h.event(new CallEnded(CALL, reason));
            assertEnds(h, call, CallEnds.of(new CallEnded(CALL, reason), BOB).orElseThrow());
        }
        SdkHarness cancelled = incomingRinging();
        Call call = cancelled.core.currentCall().orElseThrow();
        cancelled.event(new CallCancelled(BOB, CALL));
        assertEnds(cancelled, call, CallEnd.of(Reason.CANCELLED, BOB));

        SdkHarness missed = incomingRinging();
        call = missed.core.currentCall().orElseThrow();
        missed.event(new CallMissed(CALL, BOB, ME));
        assertEnds(missed, call, CallEnd.of(Reason.MISSED, null));

        SdkHarness hungUp = incomingConnected();
        call = hungUp.core.currentCall().orElseThrow();
        hungUp.event(new CallHungUp(BOB, CALL));
        assertEnds(hungUp, call, CallEnd.of(Reason.HUNG_UP_BY_PEER, BOB));
        assertEquals(null, call.answered().join().answer(), "it was answered before it ended");
    }

    @Test
    void localActionsEndCallsAsTheirOwn() {
        SdkHarness hangUp = outgoingConnected();
        Call call = hangUp.core.currentCall().orElseThrow();
        call.hangUp();
        assertEnds(hangUp, call, CallEnd.of(Reason.HUNG_UP_BY_ME, ME));

        SdkHarness reject = incomingRinging();
        call = reject.core.currentCall().orElseThrow();
        call.reject();
        assertEnds(reject, call, CallEnd.of(Reason.REJECTED, ME));

        SdkHarness cancel = outgoingRinging();
        call = cancel.core.currentCall().orElseThrow();
        call.cancel();
        assertEnds(cancel, call, CallEnd.of(Reason.CANCELLED, ME));
    }

    @Test
    void aStartCallRefusedByTheServerFailsTheCallWithTheCode() {
        SdkHarness h = new SdkHarness().connected();
        Call call = h.core.call(BOB, CallType.AUDIO, null);
        h.event(new ErrorReported(ErrorCode.RATE_LIMITED, "too many start_call", "start_call", null, null));
        CompletionException e = assertThrows(CompletionException.class, () -> call.ended().join());
        ServerRefusedException refusal = (ServerRefusedException) e.getCause();
        assertEquals(ErrorCode.RATE_LIMITED, refusal.code());
        assertEquals("start_call", refusal.action().orElseThrow());
        assertEquals(List.of("failed rate_limited"), h.listener.since(h.listener.events.size() - 1));
        assertEquals(Call.State.ENDED, call.state());
        assertTrue(h.listener.errors.isEmpty(), "tied to the call, so not onError");
        h.core.call(BOB, CallType.AUDIO, null);
    }

    @Test
    void otherRefusalsGoToOnErrorUnlessTheirCallEndedHere() {
        SdkHarness h = outgoingConnected();
        h.event(new ErrorReported(ErrorCode.TOO_LARGE, "too many candidates", "ice_candidate", null, CALL));
        assertEquals(1, h.listener.errors.size());
        assertEquals(Set.of(CALL), Set.of(((ServerRefusedException) h.listener.errors.get(0)).callId().orElseThrow()));
        h.core.currentCall().orElseThrow().hangUp();
        h.event(new ErrorReported(ErrorCode.UNKNOWN_CALL, "ended", "hang_up", null, CALL));
        assertEquals(1, h.listener.errors.size(), "a race about a call that ended here is only logged");
    }

    @Test
    void everyCallStateHasAnEndedMirror() {
        CallInfo info = new CallInfo(CALL, ME, "me", BOB, CallType.AUDIO, Instant.parse("2026-11-20T10:00:00Z"));
        SessionRef mine = new SessionRef(ME, "s1");
        SessionRef theirs = new SessionRef(BOB, "peer");
        CallState.Ringing ringing = new CallState.Ringing(info, mine, List.of(theirs), List.of(), Set.of());
        CallState.Connected connected = new CallState.Connected(info, mine, theirs, info.startedAt(), Set.of());
        CallState ended = CallEnds.ended(connected, CallEnd.of(Reason.HUNG_UP_BY_ME, ME), info.startedAt());
        List<CallState> states = List.of(CallState.Idle.INSTANCE, ringing, connected, ended);
        Set<Class<?>> covered = new java.util.HashSet<>();
        for (CallState state : states) {
            covered.add(state.getClass());
            CallState after = CallEnds.ended(state, CallEnd.of(Reason.CONNECTION_LOST, null),
                    info.startedAt().plusSeconds(5));
            assertTrue(after instanceof CallState.Ended || after instanceof CallState.Idle, after::toString);
        }
        assertEquals(Set.of(CallState.class.getPermittedSubclasses()), covered, "every permitted state is handled");
        assertEquals(Outcome.COMPLETED, ((CallState.Ended) ended).record().outcome());
        assertEquals(Outcome.MISSED, ((CallState.Ended) CallEnds.ended(ringing, CallEnd.of(Reason.MISSED, null),
                info.startedAt())).record().outcome());
    }

    @Test
    void everyReasonIsReachable() {
        // Each reason is produced somewhere above or in the resume and reconnect tests; this keeps the list honest.
        assertEquals(12, Reason.values().length);
        assertThrows(IllegalArgumentException.class, () -> new CallEnd(Reason.UNAVAILABLE, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new CallEnd(Reason.MISSED, null, UnavailableReason.BUSY));
    }
}
