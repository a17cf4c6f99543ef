package dev.dialtone.conformance.internal.run;

import java.time.Duration;

/**
 * What the server announced in {@code welcome} (R1.6) and the kit times its waits by.
 *
 * @param ringTimeout {@code ring_timeout_ms}
 * @param resumeGrace {@code resume_grace_ms}
 */
public record ServerFacts(Duration ringTimeout, Duration resumeGrace) {
}
