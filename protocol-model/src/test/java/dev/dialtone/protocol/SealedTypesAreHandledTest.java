package dev.dialtone.protocol;

import static dev.dialtone.protocol.CallFixtures.A1;
import static dev.dialtone.protocol.CallFixtures.A2;
import static dev.dialtone.protocol.CallFixtures.ALICE;
import static dev.dialtone.protocol.CallFixtures.ANSWER;
import static dev.dialtone.protocol.CallFixtures.B1;
import static dev.dialtone.protocol.CallFixtures.B2;
import static dev.dialtone.protocol.CallFixtures.B9;
import static dev.dialtone.protocol.CallFixtures.BOB;
import static dev.dialtone.protocol.CallFixtures.CAND1;
import static dev.dialtone.protocol.CallFixtures.CALL;
import static dev.dialtone.protocol.CallFixtures.E1;
import static dev.dialtone.protocol.CallFixtures.EVE;
import static dev.dialtone.protocol.CallFixtures.ID;
import static dev.dialtone.protocol.CallFixtures.MACHINE;
import static dev.dialtone.protocol.CallFixtures.OFFER;
import static dev.dialtone.protocol.CallFixtures.OTHER_ID;
import static dev.dialtone.protocol.CallFixtures.T0;
import static dev.dialtone.protocol.CallFixtures.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Java 17 has no exhaustive {@code switch}, so the machine dispatches with {@code instanceof} chains that end in an
 * {@link AssertionError}. This test fails when a sealed type of the machine gains a subtype that the machine does not
 * handle: it applies a sample of every input kind to a sample of every state kind, and checks that every kind of
 * effect, signal, timer and transition is produced by some transition.
 */
class SealedTypesAreHandledTest {

    private static final List<SessionRef> SENDERS = List.of(A1, A2, B1, B2, B9, E1);
    private static final List<UserId> HINTS = Arrays.asList(null, ALICE, BOB, EVE);

    /** Samples of every state kind, including the less travelled corners (dropped sessions, a full buffer). */
    private static Map<Class<?>, List<CallState>> states() {
        Map<Class<?>, List<CallState>> states = new LinkedHashMap<>();
        states.put(CallState.Idle.class, List.of(CallState.Idle.INSTANCE));
        states.put(CallState.Ringing.class, List.of(
                CallFixtures.ringing(),
                new CallState.Ringing(CALL, A1, List.of(B1, B2), List.of(CAND1, CallFixtures.CAND2), Set.of(A1)),
                new CallState.Ringing(CALL, A1, List.of(B1),
                        List.of(CAND1, CallFixtures.CAND2, CallFixtures.CAND3), Set.of(B1))));
        states.put(CallState.Connected.class, List.of(
                CallFixtures.connected(),
                new CallState.Connected(CALL, A1, B1, t(5), Set.of(A1, B1))));
        states.put(CallState.Ended.class, List.of(
                CallFixtures.ended(),
                new CallState.Ended(CallFixtures.record(Outcome.MISSED, null, t(30), null))));
        return states;
    }

    /** Samples of every input kind, from parties, other sessions and strangers, with and without peer ids. */
    private static Map<Class<?>, List<CallInput>> inputs() {
        Map<Class<?>, List<CallInput>> inputs = new LinkedHashMap<>();
        CallInfo self = new CallInfo(ID, ALICE, "Alice", ALICE, CallType.AUDIO, T0);
        inputs.put(CallInput.StartRequested.class, List.of(
                new CallInput.StartRequested(CALL, A1, OFFER, PlacementFacts.online(List.of(B1, B2))),
                new CallInput.StartRequested(CALL, A1, null, PlacementFacts.online(List.of())),
                new CallInput.StartRequested(CALL, A1, null, new PlacementFacts(List.of(B1), true, false, null)),
                new CallInput.StartRequested(CALL, A1, null, new PlacementFacts(List.of(B1), false, true, null)),
                new CallInput.StartRequested(CALL, A1, null, new PlacementFacts(List.of(B1), false, false, OTHER_ID)),
                new CallInput.StartRequested(self, A1, null, PlacementFacts.online(List.of(A1)))));
        List<CallInput> answers = new ArrayList<>();
        List<CallInput> rejects = new ArrayList<>();
        List<CallInput> cancels = new ArrayList<>();
        List<CallInput> signals = new ArrayList<>();
        List<CallInput> hangUps = new ArrayList<>();
        List<CallInput> detaches = new ArrayList<>();
        List<CallInput> resumes = new ArrayList<>();
        List<CallInput> graceEnds = new ArrayList<>();
        for (SessionRef from : SENDERS) {
            for (UserId hint : HINTS) {
                answers.add(new CallInput.AnswerRequested(from, hint, ANSWER, t(5)));
                rejects.add(new CallInput.RejectRequested(from, hint, t(6)));
                cancels.add(new CallInput.CancelRequested(from, hint, t(7)));
                for (Signal signal : signals()) {
                    signals.add(new CallInput.SignalRequested(from, hint, signal, t(8)));
                }
                hangUps.add(new CallInput.HangUpRequested(from, hint, t(60)));
            }
            detaches.add(new CallInput.SessionDetached(from, t(10)));
            resumes.add(new CallInput.SessionResumed(from, t(12)));
            graceEnds.add(new CallInput.ResumeGraceExpired(from, t(30)));
        }
        inputs.put(CallInput.AnswerRequested.class, answers);
        inputs.put(CallInput.RejectRequested.class, rejects);
        inputs.put(CallInput.CancelRequested.class, cancels);
        inputs.put(CallInput.SignalRequested.class, signals);
        inputs.put(CallInput.HangUpRequested.class, hangUps);
        inputs.put(CallInput.RingTimeoutFired.class, List.of(new CallInput.RingTimeoutFired(t(30))));
        inputs.put(CallInput.SessionDetached.class, detaches);
        inputs.put(CallInput.SessionResumed.class, resumes);
        inputs.put(CallInput.ResumeGraceExpired.class, graceEnds);
        inputs.put(CallInput.ShutdownStarted.class, List.of(new CallInput.ShutdownStarted(t(90))));
        return inputs;
    }

    /** One signal of every kind, with the event each becomes when relayed. */
    private static Map<Signal, Class<? extends ServerEvent>> relays() {
        Map<Signal, Class<? extends ServerEvent>> relays = new LinkedHashMap<>();
        relays.put(new Signal.Offer(OFFER), OfferRelayed.class);
        relays.put(new Signal.Answer(ANSWER), AnswerRelayed.class);
        relays.put(new Signal.Candidate(CAND1), IceCandidateRelayed.class);
        relays.put(new Signal.Media(true, false), PeerMediaChanged.class);
        return relays;
    }

    private static List<Signal> signals() {
        return new ArrayList<>(relays().keySet());
    }

    /** Every sampled input applied to every sampled state. */
    private static List<Transition> tour() {
        List<Transition> transitions = new ArrayList<>();
        for (List<CallState> states : states().values()) {
            for (CallState state : states) {
                for (List<CallInput> inputs : inputs().values()) {
                    for (CallInput input : inputs) {
                        Transition transition;
                        try {
                            transition = MACHINE.apply(state, input);
                        } catch (AssertionError | ClassCastException | IllegalArgumentException
                                | IllegalStateException | NullPointerException e) {
                            throw new AssertionError("the machine threw on " + state + " + " + input, e);
                        }
                        assertNotNull(transition, () -> state + " + " + input);
                        transitions.add(transition);
                    }
                }
            }
        }
        return transitions;
    }

    private static List<Effect> effectsOf(List<Transition> transitions) {
        List<Effect> effects = new ArrayList<>();
        for (Transition transition : transitions) {
            if (transition instanceof Transition.Applied applied) {
                effects.addAll(applied.effects());
            }
        }
        return effects;
    }

    @Test
    void everyCallStateAndEveryCallInputKindIsSampled() {
        assertEquals(Set.of(CallState.class.getPermittedSubclasses()), states().keySet());
        assertEquals(Set.of(CallInput.class.getPermittedSubclasses()), inputs().keySet());
    }

    @Test
    void everyInputKindInEveryStateKindGivesATransitionAndNeverThrows() {
        List<Transition> transitions = tour();
        int expected = 0;
        for (List<CallState> states : states().values()) {
            for (List<CallInput> inputs : inputs().values()) {
                expected += states.size() * inputs.size();
            }
        }
        assertEquals(expected, transitions.size());
    }

    @Test
    void everyTransitionKindIsProduced() {
        Set<Class<?>> produced = new HashSet<>();
        for (Transition transition : tour()) {
            produced.add(transition.getClass());
        }
        assertEquals(Set.of(Transition.class.getPermittedSubclasses()), produced);
    }

    @Test
    void everyEffectKindIsProduced() {
        Set<Class<?>> produced = new HashSet<>();
        for (Effect effect : effectsOf(tour())) {
            produced.add(effect.getClass());
        }
        assertEquals(Set.of(Effect.class.getPermittedSubclasses()), produced);
    }

    @Test
    void everyTimerKindIsStartedAndCancelled() {
        Set<Class<?>> started = new HashSet<>();
        Set<Class<?>> cancelled = new HashSet<>();
        for (Effect effect : effectsOf(tour())) {
            if (effect instanceof Effect.StartTimer start) {
                started.add(start.timer().getClass());
            } else if (effect instanceof Effect.CancelTimer cancel) {
                cancelled.add(cancel.timer().getClass());
            }
        }
        Set<Class<?>> timers = Set.of(CallTimer.class.getPermittedSubclasses());
        assertEquals(timers, started);
        assertEquals(timers, cancelled);
    }

    @Test
    void everySignalKindIsRelayedAsItsEvent() {
        Map<Signal, Class<? extends ServerEvent>> relays = relays();
        Set<Class<?>> kinds = new HashSet<>();
        for (Signal signal : relays.keySet()) {
            kinds.add(signal.getClass());
        }
        assertEquals(Set.of(Signal.class.getPermittedSubclasses()), kinds);
        for (Map.Entry<Signal, Class<? extends ServerEvent>> relay : relays.entrySet()) {
            Transition.Applied applied = assertInstanceOf(Transition.Applied.class, MACHINE.apply(
                    CallFixtures.connected(), new CallInput.SignalRequested(A1, null, relay.getKey(), t(8))));
            Effect.Send send = assertInstanceOf(Effect.Send.class, applied.effects().get(0));
            assertInstanceOf(relay.getValue(), send.event());
        }
    }

    @Test
    void everyEventTheMachineSendsAndEveryOutcomeAndReasonIsProduced() {
        Set<Class<?>> events = new HashSet<>();
        Set<Outcome> outcomes = EnumSet.noneOf(Outcome.class);
        Set<EndReason> endReasons = EnumSet.noneOf(EndReason.class);
        Set<UnavailableReason> unavailableReasons = EnumSet.noneOf(UnavailableReason.class);
        for (Effect effect : effectsOf(tour())) {
            if (effect instanceof Effect.Send send) {
                events.add(send.event().getClass());
                if (send.event() instanceof CallEnded ended) {
                    endReasons.add(ended.reason());
                } else if (send.event() instanceof CallUnavailable unavailable) {
                    unavailableReasons.add(unavailable.reason());
                }
            } else if (effect instanceof Effect.SaveRecord save) {
                outcomes.add(save.record().outcome());
            } else if (!(effect instanceof Effect.StartTimer || effect instanceof Effect.CancelTimer)) {
                fail("unhandled effect " + effect);
            }
        }
        assertEquals(Set.of(IncomingCall.class, CallRinging.class, CallAnswered.class, OfferRelayed.class,
                AnswerRelayed.class, IceCandidateRelayed.class, CallHungUp.class, CallRejected.class,
                CallCancelled.class, CallUnavailable.class, CallMissed.class, CallEnded.class,
                PeerMediaChanged.class), events);
        // interrupted is written by a durable record store after a crash (R7.5), never by the machine
        assertEquals(EnumSet.complementOf(EnumSet.of(Outcome.INTERRUPTED)), outcomes);
        assertEquals(EnumSet.allOf(EndReason.class), endReasons);
        assertEquals(EnumSet.allOf(UnavailableReason.class), unavailableReasons);
    }

    @Test
    void everyRefusalCodeTheMachineUsesIsProduced() {
        Set<ErrorCode> codes = EnumSet.noneOf(ErrorCode.class);
        for (Transition transition : tour()) {
            if (transition instanceof Transition.Rejected rejected) {
                codes.add(rejected.code());
            }
        }
        // The others belong to the codec (bad_json, unknown_action, invalid_message, unsupported_version) and to the
        // shell (rate_limited, internal).
        assertEquals(EnumSet.of(ErrorCode.UNKNOWN_CALL, ErrorCode.NOT_A_PARTY, ErrorCode.INVALID_STATE,
                ErrorCode.TOO_LARGE), codes);
    }
}
