package dev.dialtone.protocol;

import static dev.dialtone.protocol.CallFixtures.A2;
import static dev.dialtone.protocol.CallFixtures.ALICE;
import static dev.dialtone.protocol.CallFixtures.B9;
import static dev.dialtone.protocol.CallFixtures.E1;
import static dev.dialtone.protocol.CallFixtures.ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the call machine over random sequences of every input, from the parties, their other sessions and a
 * stranger (see {@link CallScenario}). A {@link Run} feeds the inputs one by one, keeps the state when an input is
 * refused, and checks every transition against what the protocol promises.
 */
class CallMachineProperties {

    @Provide
    Arbitrary<CallScenario> scenarios() {
        return CallScenario.any();
    }

    @Provide
    Arbitrary<CallScenario> races() {
        return CallScenario.racesToDecide();
    }

    /**
     * Every transition keeps the invariants checked in {@link Run#apply}: records, timers, who is sent what, who may
     * act, the candidate buffer, and that the first answer binds the call for good.
     */
    @Property
    void everyTransitionKeepsTheProtocolInvariants(@ForAll("scenarios") CallScenario scenario) {
        Run run = new Run(scenario);
        run.applyAll(scenario.inputs());
        // The generator must reach the interesting places often enough for the checks to mean something.
        Statistics.label("state at the end").collect(run.state.getClass().getSimpleName());
        Statistics.label("answered").collect(run.answered);
        Statistics.label("answered").coverage(coverage -> coverage.check(true).percentage(percent -> percent > 20));
        Statistics.label("candidates flushed on answer").collect(run.flushed > 0);
        Statistics.label("candidates flushed on answer").coverage(coverage ->
                coverage.check(true).percentage(percent -> percent > 1.5));
        Statistics.label("refused").collect(run.refusals > 0 ? "some" : "none");
    }

    /** R7.1: once the server shuts down, every call that issued an id has left exactly one record. */
    @Property
    void everyIssuedCallIdLeavesExactlyOneRecord(@ForAll("scenarios") CallScenario scenario) {
        Run run = new Run(scenario);
        run.applyAll(scenario.inputs());
        run.apply(new CallInput.ShutdownStarted(run.lastAt().plusSeconds(1)));
        if (run.issued) {
            assertInstanceOf(CallState.Ended.class, run.state);
            assertEquals(1, run.saved.size(), run.saved::toString);
            assertEquals(((CallState.Ended) run.state).record(), run.saved.get(0));
            assertEquals(ID, run.saved.get(0).callId());
        } else {
            assertEquals(CallState.Idle.INSTANCE, run.state);
            assertEquals(List.of(), run.saved);
        }
    }

    /** R4.5: after the end every input is refused as unknown_call, with no effect. */
    @Property
    void afterTheEndEveryInputIsRefused(@ForAll("scenarios") CallScenario scenario) {
        Run run = new Run(scenario);
        List<CallInput> inputs = scenario.inputs();
        run.applyAll(inputs);
        if (!(run.state instanceof CallState.Ended)) {
            run.apply(new CallInput.ShutdownStarted(run.lastAt().plusSeconds(1)));
        }
        if (run.state instanceof CallState.Ended ended) {
            CallMachine machine = CallMachine.create(scenario.policy());
            for (CallInput input : inputs) {
                Transition transition = machine.apply(ended, input);
                assertEquals(ErrorCode.UNKNOWN_CALL, assertInstanceOf(Transition.Rejected.class, transition).code());
            }
        }
    }

    /** The machine is a function: the same inputs in the same order give equal transitions, machine after machine. */
    @Property
    void sameInputsGiveTheSameTransitions(@ForAll("scenarios") CallScenario scenario) {
        Run first = new Run(scenario);
        first.applyAll(scenario.inputs());
        Run second = new Run(scenario);
        second.applyAll(scenario.inputs());
        assertEquals(first.transitions, second.transitions);
        assertEquals(first.state, second.state);
    }

    /** A refused input changes nothing: leaving all of them out gives the same applied transitions and end state. */
    @Property
    void refusedInputsChangeNothing(@ForAll("scenarios") CallScenario scenario) {
        Run full = new Run(scenario);
        full.applyAll(scenario.inputs());
        Run appliedOnly = new Run(scenario);
        appliedOnly.applyAll(full.appliedInputs);
        assertEquals(0, appliedOnly.refusals);
        assertEquals(full.applied(), appliedOnly.applied());
        assertEquals(full.state, appliedOnly.state);
    }

    /**
     * R5.2: against any interleaving of answers, rejects, cancels, timeouts, drops, resumes and grace ends, the first
     * input that decides a ringing call decides it for good; when that is an answer, its session is bound.
     */
    @Property
    void firstAnswerWinsAgainstAnyInterleaving(@ForAll("races") CallScenario scenario) {
        Run run = new Run(scenario);
        CallInput decisive = null;
        Transition.Applied decision = null;
        for (CallInput input : scenario.inputs()) {
            CallState before = run.state;
            Transition transition = run.apply(input);
            if (decisive == null && before instanceof CallState.Ringing
                    && transition instanceof Transition.Applied applied
                    && !(applied.next() instanceof CallState.Ringing)) {
                decisive = input;
                decision = applied;
            }
        }
        if (decisive == null) {
            assertInstanceOf(CallState.Ringing.class, run.state);
            return;
        }
        Statistics.label("decided by").collect(decisive.getClass().getSimpleName());
        if (decisive instanceof CallInput.AnswerRequested answer) {
            CallState.Connected connected = assertInstanceOf(CallState.Connected.class, decision.next());
            assertEquals(answer.from(), connected.calleeSession());
            // Bound for good: whatever came later, the call is still, or ended as, this binding.
            if (run.state instanceof CallState.Connected now) {
                assertEquals(answer.from(), now.calleeSession());
            } else {
                assertEquals(Outcome.COMPLETED, assertInstanceOf(CallState.Ended.class, run.state).record().outcome());
            }
        } else {
            CallState.Ended ended = assertInstanceOf(CallState.Ended.class, decision.next());
            assertEquals(ended, run.state);
            assertEquals(expectedOutcome(decisive), ended.record().outcome());
        }
    }

    private static Outcome expectedOutcome(CallInput decisive) {
        if (decisive instanceof CallInput.RejectRequested) {
            return Outcome.REJECTED;
        } else if (decisive instanceof CallInput.CancelRequested) {
            return Outcome.CANCELLED;
        } else if (decisive instanceof CallInput.RingTimeoutFired) {
            return Outcome.MISSED;
        } else if (decisive instanceof CallInput.ResumeGraceExpired) {
            return Outcome.FAILED;
        }
        throw new AssertionError("this input does not decide a ringing call: " + decisive);
    }

    /**
     * Feeds inputs to the machine like a shell would (keeping the state when one is refused) and checks every
     * transition. It also plays the timers: it knows which ones run, from the effects.
     */
    static final class Run {

        /** Sessions that are never parties of the call: Alice's other session, Bob's late one, Eve's. */
        private static final Set<SessionRef> STRANGERS = Set.of(A2, B9, E1);

        final CallScenario scenario;
        final CallMachine machine;
        CallState state = CallState.Idle.INSTANCE;
        final List<Transition> transitions = new ArrayList<>();
        final List<CallInput> appliedInputs = new ArrayList<>();
        final List<CallRecord> saved = new ArrayList<>();
        int refusals;
        boolean issued;
        boolean answered;
        int flushed;
        private boolean ringTimerRunning;
        private final Set<SessionRef> graceRunning = new HashSet<>();
        /** The caller candidates the machine took while ringing, in order. */
        private final List<OpaqueJson> buffered = new ArrayList<>();
        private java.time.Instant lastAt = CallFixtures.T0;

        Run(CallScenario scenario) {
            this.scenario = scenario;
            this.machine = CallMachine.create(scenario.policy());
        }

        void applyAll(List<CallInput> inputs) {
            for (CallInput input : inputs) {
                apply(input);
            }
        }

        java.time.Instant lastAt() {
            return lastAt;
        }

        List<Transition> applied() {
            return transitions.stream().filter(t -> t instanceof Transition.Applied).toList();
        }

        Transition apply(CallInput input) {
            CallState before = state;
            lastAt = input.at();
            Transition transition = machine.apply(before, input);
            transitions.add(transition);
            String context = before + " + " + input + " -> " + transition;
            assertEquals(transition, machine.apply(before, input), "the machine is pure: " + context);
            if (before instanceof CallState.Ended) {
                Transition.Rejected rejected = assertInstanceOf(Transition.Rejected.class, transition, context);
                assertEquals(ErrorCode.UNKNOWN_CALL, rejected.code(), context);
            }
            if (transition instanceof Transition.Rejected rejected) {
                refusals++;
                checkRefusal(before, input, rejected, context);
                return transition;
            }
            Transition.Applied applied = (Transition.Applied) transition;
            appliedInputs.add(input);
            checkActor(before, input, context);
            checkSends(before, input, applied, context);
            checkOrderAndRecord(before, applied, context);
            checkTimers(before, input, applied, context);
            checkBufferAndBinding(before, input, applied, context);
            if (before instanceof CallState.Idle && !(applied.next() instanceof CallState.Idle)) {
                issued = true;
            }
            state = applied.next();
            return transition;
        }

        /** Refusals the protocol rules out: a lost answer, a candidate refused below the bound, a stranger let in. */
        private void checkRefusal(CallState before, CallInput input, Transition.Rejected rejected, String context) {
            SessionRef actor = actorOf(input);
            if (before instanceof CallState.Ringing ringing && input instanceof CallInput.AnswerRequested answer
                    && ringing.calleeSessions().contains(answer.from())
                    && (answer.peerHint() == null || answer.peerHint().equals(ALICE))) {
                fail("a valid answer to a ringing call is never lost: " + context);
            }
            if (rejected.code() == ErrorCode.TOO_LARGE) {
                assertInstanceOf(CallState.Ringing.class, before, context);
                assertEquals(scenario.maxBufferedCandidates(), buffered.size(), context);
            }
            if (actor != null && actor.equals(E1) && !(input instanceof CallInput.StartRequested)
                    && (before instanceof CallState.Ringing || before instanceof CallState.Connected)) {
                assertEquals(ErrorCode.NOT_A_PARTY, rejected.code(), "a stranger is not a party: " + context);
            }
            assertFalse(rejected.message().isBlank(), context);
        }

        /** Only the two parties' sessions ever cause an applied transition (R2.12, R3.6, R5.6, R8.12). */
        private void checkActor(CallState before, CallInput input, String context) {
            SessionRef actor = actorOf(input);
            if (actor == null) {
                return;
            }
            assertFalse(STRANGERS.contains(actor), "a stranger's input was applied: " + context);
            assertTrue(partiesOf(before, input).contains(actor), "a non-party's input was applied: " + context);
        }

        /** Sends go to parties only: ringing, every ringing session; after the answer, the bound two (R3.6, R5.6). */
        private void checkSends(CallState before, CallInput input, Transition.Applied applied, String context) {
            Set<SessionRef> parties = partiesOf(before, input);
            for (Effect effect : applied.effects()) {
                if (effect instanceof Effect.Send send) {
                    assertTrue(parties.contains(send.to()), "sent to a non-party: " + context);
                    assertFalse(STRANGERS.contains(send.to()), "sent to a stranger: " + context);
                    boolean answeredElsewhere = send.event() instanceof CallEnded ended
                            && ended.reason() == EndReason.ANSWERED_ELSEWHERE;
                    if (applied.next() instanceof CallState.Connected connected && !answeredElsewhere) {
                        assertTrue(send.to().equals(connected.callerSession())
                                || send.to().equals(connected.calleeSession()), "sent past the bound two: " + context);
                    }
                    if (answeredElsewhere) {
                        assertInstanceOf(CallState.Ringing.class, before, context);
                    }
                }
            }
        }

        /** Effects come cancels, sends, starts, record; one SaveRecord exactly on entering Ended (R7.1). */
        private void checkOrderAndRecord(CallState before, Transition.Applied applied, String context) {
            List<Effect> effects = applied.effects();
            int rank = 0;
            List<CallRecord> records = new ArrayList<>();
            for (Effect effect : effects) {
                int next = rankOf(effect);
                assertTrue(next >= rank, "effects out of order: " + context);
                rank = next;
                if (effect instanceof Effect.SaveRecord save) {
                    records.add(save.record());
                }
            }
            boolean entersEnded = applied.next() instanceof CallState.Ended && !(before instanceof CallState.Ended);
            if (entersEnded) {
                CallRecord record = ((CallState.Ended) applied.next()).record();
                assertEquals(List.of(record), records, context);
                assertEquals(new Effect.SaveRecord(record), effects.get(effects.size() - 1), context);
                assertEquals(ID, record.callId(), context);
                saved.add(record);
            } else {
                assertEquals(List.of(), records, "a record saved without the call ending: " + context);
            }
        }

        /**
         * The ring timer starts exactly on entering Ringing and is cancelled on leaving it, unless it fired; grace
         * timers start only for a dropped session; only running timers are cancelled; none runs after the end.
         */
        private void checkTimers(CallState before, CallInput input, Transition.Applied applied, String context) {
            CallState next = applied.next();
            boolean wasRinging = before instanceof CallState.Ringing;
            boolean isRinging = next instanceof CallState.Ringing;
            CallTimer ring = new CallTimer.RingTimeout(ID);
            List<Effect> effects = applied.effects();
            assertEquals(!wasRinging && isRinging,
                    effects.contains(new Effect.StartTimer(ring, scenario.policy().ringTimeout())), context);
            assertEquals(wasRinging && !isRinging && !(input instanceof CallInput.RingTimeoutFired),
                    effects.contains(new Effect.CancelTimer(ring)), context);
            if (input instanceof CallInput.RingTimeoutFired) {
                ringTimerRunning = false;
            }
            if (input instanceof CallInput.ResumeGraceExpired expired
                    && detachedOf(before).contains(expired.session())) {
                // Its timer fired. (A ringing session's grace may end without one: R6.7, applied with no effect.)
                assertTrue(graceRunning.remove(expired.session()), "a grace ended that never ran: " + context);
            }
            for (Effect effect : effects) {
                if (effect instanceof Effect.CancelTimer cancel) {
                    if (cancel.timer() instanceof CallTimer.ResumeGrace grace) {
                        assertTrue(graceRunning.remove(grace.session()), "cancelled a grace not running: " + context);
                    } else {
                        assertTrue(ringTimerRunning, "cancelled a ring timer not running: " + context);
                        ringTimerRunning = false;
                    }
                } else if (effect instanceof Effect.StartTimer start) {
                    assertEquals(ID, start.timer().callId(), context);
                    if (start.timer() instanceof CallTimer.ResumeGrace grace) {
                        assertEquals(new CallInput.SessionDetached(grace.session(), input.at()), input, context);
                        assertEquals(scenario.policy().resumeGrace(), start.delay(), context);
                        assertTrue(graceRunning.add(grace.session()), "a grace started twice: " + context);
                    } else {
                        assertFalse(ringTimerRunning, context);
                        ringTimerRunning = true;
                    }
                }
            }
            if (next instanceof CallState.Ended) {
                assertFalse(ringTimerRunning, "the ring timer outlived the call: " + context);
                assertEquals(Set.of(), graceRunning, "a grace timer outlived the call: " + context);
            }
            Set<SessionRef> detached = detachedOf(next);
            assertEquals(graceRunning, detached, "a grace timer runs exactly for each detached party: " + context);
        }

        /** R6.5: the buffer holds the caller's candidates in order, within the bound; R5.2: the first answer binds. */
        private void checkBufferAndBinding(CallState before, CallInput input, Transition.Applied applied,
                String context) {
            CallState next = applied.next();
            if (before instanceof CallState.Ringing ringing && next instanceof CallState.Ringing nextRinging) {
                if (input instanceof CallInput.SignalRequested signal
                        && signal.signal() instanceof Signal.Candidate candidate) {
                    assertEquals(ringing.callerSession(), signal.from(), context);
                    buffered.add(candidate.candidate());
                }
                assertEquals(buffered, nextRinging.bufferedCandidates(), context);
                assertTrue(buffered.size() <= scenario.maxBufferedCandidates(), context);
                assertEquals(List.of(), applied.effects().stream().filter(e -> e instanceof Effect.Send).toList(),
                        "nothing is sent while the call keeps ringing: " + context);
            }
            if (before instanceof CallState.Ringing ringing && next instanceof CallState.Connected connected) {
                CallInput.AnswerRequested answer = assertInstanceOf(CallInput.AnswerRequested.class, input, context);
                assertEquals(answer.from(), connected.calleeSession(), context);
                assertEquals(ringing.callerSession(), connected.callerSession(), context);
                List<OpaqueJson> flushed = new ArrayList<>();
                for (Effect effect : applied.effects()) {
                    if (effect instanceof Effect.Send send && send.event() instanceof IceCandidateRelayed relayed) {
                        assertEquals(answer.from(), send.to(), context);
                        assertEquals(ringing.call().callerId(), relayed.senderId(), context);
                        flushed.add(relayed.candidate());
                    }
                }
                assertEquals(buffered, flushed, "the buffer is flushed in order to the answering session: " + context);
                answered = true;
                this.flushed += flushed.size();
            }
            if (!(next instanceof CallState.Ringing)) {
                buffered.clear();
            }
            if (before instanceof CallState.Connected was) {
                assertFalse(input instanceof CallInput.AnswerRequested, context);
                if (next instanceof CallState.Connected is) {
                    assertEquals(was.callerSession(), is.callerSession(), context);
                    assertEquals(was.calleeSession(), is.calleeSession(), context);
                    assertEquals(was.answeredAt(), is.answeredAt(), context);
                }
            }
        }

        private static int rankOf(Effect effect) {
            if (effect instanceof Effect.CancelTimer) {
                return 0;
            } else if (effect instanceof Effect.Send) {
                return 1;
            } else if (effect instanceof Effect.StartTimer) {
                return 2;
            } else if (effect instanceof Effect.SaveRecord) {
                return 3;
            }
            throw new AssertionError("unhandled effect " + effect);
        }

        /** The session an input comes from or is about; null for timers and shutdown. */
        static SessionRef actorOf(CallInput input) {
            if (input instanceof CallInput.StartRequested start) {
                return start.callerSession();
            } else if (input instanceof CallInput.AnswerRequested answer) {
                return answer.from();
            } else if (input instanceof CallInput.RejectRequested reject) {
                return reject.from();
            } else if (input instanceof CallInput.CancelRequested cancel) {
                return cancel.from();
            } else if (input instanceof CallInput.SignalRequested signal) {
                return signal.from();
            } else if (input instanceof CallInput.HangUpRequested hangUp) {
                return hangUp.from();
            } else if (input instanceof CallInput.SessionDetached detached) {
                return detached.session();
            } else if (input instanceof CallInput.SessionResumed resumed) {
                return resumed.session();
            } else if (input instanceof CallInput.ResumeGraceExpired expired) {
                return expired.session();
            } else if (input instanceof CallInput.RingTimeoutFired || input instanceof CallInput.ShutdownStarted) {
                return null;
            }
            throw new AssertionError("unhandled input " + input);
        }

        /** The sessions that are parties of the call in {@code state}; for a start, the caller and the sessions to ring. */
        static Set<SessionRef> partiesOf(CallState state, CallInput input) {
            Set<SessionRef> parties = new HashSet<>();
            if (state instanceof CallState.Idle && input instanceof CallInput.StartRequested start) {
                parties.add(start.callerSession());
                parties.addAll(start.facts().calleeSessions());
            } else if (state instanceof CallState.Ringing ringing) {
                parties.add(ringing.callerSession());
                parties.addAll(ringing.calleeSessions());
            } else if (state instanceof CallState.Connected connected) {
                parties.add(connected.callerSession());
                parties.add(connected.calleeSession());
            }
            return parties;
        }

        private static Set<SessionRef> detachedOf(CallState state) {
            if (state instanceof CallState.Ringing ringing) {
                return ringing.detached();
            } else if (state instanceof CallState.Connected connected) {
                return connected.detached();
            }
            return Set.of();
        }
    }
}
