package dev.dialtone.reference.internal;

import dev.dialtone.protocol.SignalingException;
import dev.dialtone.protocol.UserId;
import dev.dialtone.reference.DialtoneServer;
import dev.dialtone.server.JwtAuthenticator;
import dev.dialtone.server.JwtAuthenticator.Algorithm;
import dev.dialtone.server.JwtTokens;
import dev.dialtone.server.SignalingEngine;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One run of {@code dialtone demo}: an embedded reference server on an ephemeral loopback port with a secret of its
 * own, two SDK clients (alice and bob), the {@link DemoScript}'s scenarios in order with their timeline, and a
 * summary. The first scenario that fails stops the run: the later ones would only fail because of it.
 */
final class Demo {

    /**
     * Ways for tests to break the demo on purpose, to see it fail.
     *
     * @param engine configures the server's engine further, after the demo's own settings
     * @param received changes a frame (the second argument) that a party (named by the first) receives, before the
     *     party's client and the timeline see it; returns the frame to deliver
     */
    record Hooks(Consumer<SignalingEngine.Builder> engine, BiFunction<String, String, String> received) {

        /** Checks that both are given. */
        Hooks {
            Objects.requireNonNull(engine, "engine");
            Objects.requireNonNull(received, "received");
        }

        /** The real thing: nothing changed. */
        static Hooks none() {
            return new Hooks(engine -> { }, (party, frame) -> frame);
        }
    }

    /** How one scenario went. */
    private enum Outcome { OK, FAILED, NOT_RUN }

    /**
     * One scenario's outcome.
     *
     * @param outcome how it went
     * @param millis how long it took
     */
    private record Result(Outcome outcome, long millis) {
    }

    private final Duration ringTimeout;
    private final Duration step;
    private final Hooks hooks;
    private final PrintStream out;
    private Timeline timeline;

    /**
     * @param ringTimeout the server's ring timeout
     * @param step how long each expected event may take
     * @param hooks {@link Hooks#none()} but in tests
     * @param out where the timeline and the summary go
     */
    Demo(Duration ringTimeout, Duration step, Hooks hooks, PrintStream out) {
        this.ringTimeout = ringTimeout;
        this.step = step;
        this.hooks = hooks;
        this.out = out;
    }

    /** Runs everything; returns 0 when every step happened as docs/protocol.md says, else 1. */
    int run() {
        String secret = randomSecret();
        SignalingEngine.Builder engine = SignalingEngine.builder()
                .authenticator(JwtAuthenticator.builder().hmacSecret(secret, Algorithm.HS256).build())
                .ringTimeout(ringTimeout);
        hooks.engine().accept(engine);
        DialtoneServer server;
        try {
            server = DialtoneServer.builder().engine(engine).host("127.0.0.1").port(0).build().start();
        } catch (IOException | RuntimeException e) {
            out.println("dialtone demo: cannot start the server on 127.0.0.1: " + e.getMessage());
            return 1;
        }
        timeline = new Timeline(out); // times count from here: the server is listening
        List<Result> results = new ArrayList<>();
        List<DemoScript.Scenario> scenarios;
        List<DemoParty> parties = new ArrayList<>();
        try {
            URI uri = server.webSocketUri();
            JwtTokens tokens = JwtTokens.builder().hmacSecret(secret, Algorithm.HS256).userIdClaim("user_id").build();
            DemoParty alice = party("alice", UserId.of(1), tokens, parties);
            DemoParty bob = party("bob", UserId.of(2), tokens, parties);
            DemoScript script = new DemoScript(uri, ringTimeout, step, timeline, alice, bob,
                    () -> party("alice#2", alice.user(), tokens, parties));
            scenarios = script.scenarios();
            timeline.line("Dialtone demo: a reference server at " + uri + " (ring timeout " + ringTimeout.toMillis()
                    + " ms),");
            timeline.line("two SDK clients, alice (user 1) and bob (user 2); each step may take " + step.toMillis()
                    + " ms. Every frame, as sent and received:");
            boolean failed = false;
            for (DemoScript.Scenario scenario : scenarios) {
                if (failed) {
                    results.add(new Result(Outcome.NOT_RUN, 0));
                    continue;
                }
                timeline.header(scenario.title());
                long start = timeline.elapsedMillis();
                Outcome outcome = play(scenario);
                results.add(new Result(outcome, timeline.elapsedMillis() - start));
                failed = outcome == Outcome.FAILED;
            }
        } finally {
            timeline.stopFrames();
            // The clients first, so that they leave on their own (1000) rather than be shut out (1001).
            for (DemoParty party : parties) {
                party.close();
            }
            server.close();
        }
        return summary(scenarios, results);
    }

    private DemoParty party(String name, UserId user, JwtTokens tokens, List<DemoParty> parties) {
        String displayName = name.contains("#") ? name.substring(0, name.indexOf('#')) : name;
        DemoParty party = new DemoParty(name, user, tokens.mint(user, displayName), timeline,
                frame -> hooks.received().apply(name, frame));
        parties.add(party);
        return party;
    }

    private Outcome play(DemoScript.Scenario scenario) {
        String failure;
        try {
            scenario.body().run();
            return Outcome.OK;
        } catch (DemoFailure e) {
            failure = e.getMessage();
        } catch (SignalingException e) {
            failure = "the SDK refused an action before sending it: " + e.code().wireName() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            failure = "unexpected " + e;
        }
        timeline.blank();
        timeline.line("FAILED: " + scenario.name());
        for (String line : failure.split("\n")) {
            wrap("  " + line);
        }
        return Outcome.FAILED;
    }

    /** Prints a long line as several, none wider than the timeline. */
    private void wrap(String line) {
        String rest = line;
        while (rest.length() > Timeline.WIDTH) {
            int cut = rest.lastIndexOf(' ', Timeline.WIDTH);
            if (cut <= 4) {
                cut = Timeline.WIDTH;
            }
            timeline.line(rest.substring(0, cut));
            rest = "    " + rest.substring(cut).stripLeading();
        }
        timeline.line(rest);
    }

    private int summary(List<DemoScript.Scenario> scenarios, List<Result> results) {
        timeline.blank();
        timeline.line("Summary");
        boolean ok = true;
        for (int i = 0; i < scenarios.size(); i++) {
            Result result = results.get(i);
            ok &= result.outcome() == Outcome.OK;
            String shown = switch (result.outcome()) {
                case OK -> String.format("OK       %5d ms", result.millis());
                case FAILED -> String.format("FAILED   %5d ms", result.millis());
                case NOT_RUN -> "not run          ";
            };
            timeline.line("  " + shown + "  " + scenarios.get(i).name());
        }
        timeline.line(ok ? "Every step happened as docs/protocol.md says. Total " + timeline.elapsedMillis() + " ms."
                : "FAILED: a step did not happen as docs/protocol.md says (see above). Total "
                        + timeline.elapsedMillis() + " ms.");
        return ok ? 0 : 1;
    }

    /** 32 random bytes as base64url text, whose UTF-8 bytes are the HS256 secret. */
    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
