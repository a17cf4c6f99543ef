package dev.dialtone.conformance.internal.model;

import dev.dialtone.conformance.internal.model.ModelState.Status;
import dev.dialtone.conformance.internal.model.ModelWorld.Hint;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * The model-based property, run by jqwik (stateful testing with {@link ActionChain}): random chains of actions by
 * several users with several sessions, each step checked against the call machine's predictions. Launched by the
 * kit's {@code required_model_...} case; not meant to be discovered on its own.
 */
public class ModelProperty {

    /** For jqwik. */
    public ModelProperty() {
    }

    @Property
    @AddLifecycleHook(ModelHook.class)
    void everySessionGetsWhatTheCallMachinePredicts(@ForAll("chains") ActionChain<ModelWorld> chain) {
        try {
            chain.run();
        } finally {
            ModelContext.closeWorldsOfThisThread();
        }
    }

    @Provide
    Arbitrary<ActionChain<ModelWorld>> chains() {
        ModelContext context = ModelContext.current();
        return ActionChain.startWith(() -> ModelWorld.open(context))
                .withAction(new RandomStep())
                .withMaxTransformations(context.maxActions);
    }

    /** One random step, drawn from what the world looks like now. */
    static final class RandomStep implements Action.Dependent<ModelWorld> {

        private static final String[] CALL_ACTIONS = {"answer_call", "reject_call", "cancel_call", "hang_up"};
        private static final String[] RELAYS = {"offer", "answer", "ice_candidate", "media_state"};
        private static final String[][] RACES = {
            {"answer_call", "answer_call"}, {"answer_call", "cancel_call"}, {"answer_call", "reject_call"},
            {"hang_up", "hang_up"}, {"reject_call", "cancel_call"}, {"hang_up", "ice_candidate"}};

        @Override
        public Arbitrary<Transformer<ModelWorld>> transformer(ModelWorld world) {
            List<String> connected = world.labels(Status.CONNECTED);
            List<String> away = new ArrayList<>(world.labels(Status.DETACHED));
            away.addAll(world.labels(Status.GONE));
            List<String> calls = world.knownCalls();
            List<Tuple.Tuple2<Integer, Arbitrary<Transformer<ModelWorld>>>> choices = new ArrayList<>();
            choices.add(Tuple.of(2, Arbitraries.just(Transformer.mutate("wait for the next server timer",
                    w -> w.guarded(w::waitForTimer)))));
            choices.add(Tuple.of(1, Arbitraries.integers().between(0, world.userCount() - 2).map(user ->
                    Transformer.mutate("u" + user + " connects another session",
                            w -> w.guarded(() -> w.connectNew(user))))));
            if (!connected.isEmpty()) {
                Arbitrary<String> session = Arbitraries.of(connected);
                choices.add(Tuple.of(9, Combinators.combine(session, Arbitraries.integers().between(0,
                        world.userCount() - 1), Arbitraries.of(false, true), Arbitraries.of(false, true))
                        .as((label, callee, video, offer) -> Transformer.mutate(label + " start_call to u" + callee
                                + (video ? " video" : "") + (offer ? " with offer" : ""),
                                w -> w.guarded(() -> w.startCall(label, callee, video, offer))))));
                Arbitrary<String> call = calls.isEmpty() ? Arbitraries.just("kit-unknown-call")
                        : Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(calls)),
                                Tuple.of(1, Arbitraries.just("kit-unknown-call")));
                choices.add(Tuple.of(10, Combinators.combine(session, Arbitraries.of(CALL_ACTIONS), call,
                        Arbitraries.of(Hint.NONE, Hint.NONE, Hint.PEER, Hint.WRONG))
                        .as((label, action, key, hint) -> Transformer.mutate(label + " " + action + " " + key
                                + " hint=" + hint, w -> w.guarded(() -> w.callAction(label, action, key, hint))))));
                choices.add(Tuple.of(8, Combinators.combine(session, Arbitraries.of(RELAYS), call,
                        Arbitraries.of(false, true), Arbitraries.of(Hint.NONE, Hint.NONE, Hint.PEER, Hint.WRONG))
                        .as((label, kind, key, named, hint) -> Transformer.mutate(label + " " + kind
                                + (named ? " " + key : " (no call_id)") + " hint=" + hint,
                                w -> w.guarded(() -> w.relay(label, kind, key, named, hint))))));
                choices.add(Tuple.of(2, Combinators.combine(session, Arbitraries.integers().between(0, 8))
                        .as((label, kind) -> Transformer.mutate(label + " sends bad input #" + kind,
                                w -> w.guarded(() -> w.badInput(label, kind))))));
                choices.add(Tuple.of(2, session.map(label -> Transformer.mutate(label + " drops its connection",
                        w -> w.guarded(() -> w.drop(label))))));
                choices.add(Tuple.of(1, session.map(label -> Transformer.mutate(label + " get_call_history",
                        w -> w.guarded(() -> w.history(label))))));
                if (connected.size() >= 2 && !calls.isEmpty()) {
                    choices.add(Tuple.of(4, Combinators.combine(session, session, Arbitraries.of(RACES),
                            Arbitraries.of(calls)).as((a, b, race, key) -> Transformer.mutate("race " + a + " "
                                    + race[0] + " || " + b + " " + race[1] + " " + key,
                                    w -> w.guarded(() -> w.race(a, race[0], b, race[1], key))))));
                }
            }
            if (!away.isEmpty()) {
                choices.add(Tuple.of(4, Arbitraries.of(away).map(label -> Transformer.mutate(label + " resumes",
                        w -> w.guarded(() -> w.resume(label))))));
            }
            // Aimed actions: they move calls on (answer, relay, end, race) instead of being refused.
            List<ModelWorld.Live> ringing = world.ringingCalls();
            List<ModelWorld.Live> connectedCalls = world.connectedCalls();
            List<Arbitrary<Transformer<ModelWorld>>> aimed = new ArrayList<>();
            for (ModelWorld.Live call : ringing) {
                for (String callee : call.callees()) {
                    aimed.add(Arbitraries.of(Hint.NONE, Hint.PEER).map(hint -> Transformer.mutate(callee
                            + " answer_call " + call.key() + " hint=" + hint,
                            w -> w.guarded(() -> w.callAction(callee, "answer_call", call.key(), hint)))));
                    aimed.add(Arbitraries.just(Transformer.mutate(callee + " reject_call " + call.key(),
                            w -> w.guarded(() -> w.callAction(callee, "reject_call", call.key(), Hint.NONE)))));
                }
                if (call.caller() != null) {
                    aimed.add(Arbitraries.just(Transformer.mutate(call.caller() + " cancel_call " + call.key(),
                            w -> w.guarded(() -> w.callAction(call.caller(), "cancel_call", call.key(), Hint.NONE)))));
                    aimed.add(Arbitraries.of(false, true).map(named -> Transformer.mutate(call.caller()
                            + " ice_candidate while ringing " + call.key(),
                            w -> w.guarded(() -> w.relay(call.caller(), "ice_candidate", call.key(), named,
                                    Hint.NONE)))));
                }
                if (call.callees().size() >= 2) {
                    String a = call.callees().get(0);
                    String b = call.callees().get(1);
                    aimed.add(Arbitraries.of("answer_call", "reject_call").map(other -> Transformer.mutate("race "
                            + a + " answer_call || " + b + " " + other + " " + call.key(),
                            w -> w.guarded(() -> w.race(a, "answer_call", b, other, call.key())))));
                }
                if (call.caller() != null && !call.callees().isEmpty()) {
                    String callee = call.callees().get(0);
                    aimed.add(Arbitraries.just(Transformer.mutate("race " + callee + " answer_call || "
                            + call.caller() + " cancel_call " + call.key(),
                            w -> w.guarded(() -> w.race(callee, "answer_call", call.caller(), "cancel_call",
                                    call.key())))));
                }
            }
            for (ModelWorld.Live call : connectedCalls) {
                List<String> bound = new ArrayList<>(call.callees());
                if (call.caller() != null) {
                    bound.add(call.caller());
                }
                for (String party : bound) {
                    aimed.add(Combinators.combine(Arbitraries.of(RELAYS), Arbitraries.of(false, true),
                            Arbitraries.of(Hint.NONE, Hint.PEER)).as((kind, named, hint) -> Transformer.mutate(party
                                    + " " + kind + " in " + call.key() + (named ? "" : " (no call_id)") + " hint="
                                    + hint, w -> w.guarded(() -> w.relay(party, kind, call.key(), named, hint)))));
                    aimed.add(Arbitraries.just(Transformer.mutate(party + " hang_up " + call.key(),
                            w -> w.guarded(() -> w.callAction(party, "hang_up", call.key(), Hint.PEER)))));
                }
                if (bound.size() == 2) {
                    aimed.add(Arbitraries.of("hang_up", "ice_candidate").map(other -> Transformer.mutate("race "
                            + bound.get(0) + " hang_up || " + bound.get(1) + " " + other + " " + call.key(),
                            w -> w.guarded(() -> w.race(bound.get(0), "hang_up", bound.get(1), other, call.key())))));
                }
            }
            if (!aimed.isEmpty()) {
                choices.add(Tuple.of(24, Arbitraries.oneOf(aimed)));
            }
            if (world.timersRunning()) {
                choices.add(Tuple.of(3, Arbitraries.just(Transformer.mutate("wait for the next server timer",
                        w -> w.guarded(w::waitForTimer)))));
            }
            return Arbitraries.frequencyOf(choices);
        }
    }
}
