package dev.dialtone.conformance.internal.run;

import dev.dialtone.conformance.internal.Kit;
import dev.dialtone.conformance.internal.KitSession;
import dev.dialtone.conformance.internal.KitUser;
import java.time.Duration;

/**
 * Learns the server's announced timers from a {@code welcome} (the preflight of every run); against a cluster, from
 * one on every node, which must all announce the same.
 */
public final class Probe {

    private Probe() {
    }

    /**
     * Connects one user and reads its welcome.
     *
     * @throws AssertionError (a {@code CaseFailure}) with a readable reason when the server does not answer like a
     *     Dialtone server
     */
    public static ServerFacts learn(RunEnvironment env) {
        try (Kit kit = new Kit(env, "preflight")) {
            ServerFacts first = null;
            for (int node = 0; node < env.endpoints().size(); node++) {
                KitUser user = kit.user("probe" + node);
                KitSession session = kit.open(user, kit.specAt(node, user));
                session.expectWelcome();
                Duration ring = Duration.ofMillis(session.welcome().get("ring_timeout_ms").asLong());
                Duration grace = Duration.ofMillis(session.welcome().get("resume_grace_ms").asLong());
                ServerFacts facts = new ServerFacts(ring, grace);
                if (first == null) {
                    first = facts;
                } else {
                    kit.check(facts.equals(first), env.endpoints().get(node) + " announces ring_timeout_ms "
                            + ring.toMillis() + " and resume_grace_ms " + grace.toMillis() + ", "
                            + env.endpoints().get(0) + " " + first.ringTimeout().toMillis() + " and "
                            + first.resumeGrace().toMillis() + ": the nodes of one server announce the same (R1.6)");
                }
            }
            return first;
        }
    }
}
