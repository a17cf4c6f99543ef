package dev.dialtone.conformance.internal.run;

import dev.dialtone.conformance.internal.Kit;
import dev.dialtone.conformance.internal.KitSession;
import dev.dialtone.conformance.internal.KitUser;
import java.time.Duration;

/** Learns the server's announced timers from one {@code welcome} (the preflight of every run). */
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
            KitUser user = kit.user("probe");
            KitSession session = kit.connect(user);
            Duration ring = Duration.ofMillis(session.welcome().get("ring_timeout_ms").asLong());
            Duration grace = Duration.ofMillis(session.welcome().get("resume_grace_ms").asLong());
            return new ServerFacts(ring, grace);
        }
    }
}
