package dev.dialtone.conformance.internal.run;

import dev.dialtone.conformance.ConformanceFailure;
import dev.dialtone.conformance.ConformanceOptions;
import dev.dialtone.conformance.Requirement;
import dev.dialtone.conformance.WireRecord;
import dev.dialtone.conformance.internal.CaseFailure;
import dev.dialtone.conformance.internal.Inconclusive;
import dev.dialtone.conformance.internal.Kit;
import dev.dialtone.conformance.internal.Untested;
import dev.dialtone.conformance.internal.wire.RawConnection;
import dev.dialtone.conformance.internal.wire.WireLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one case: a fresh {@link Kit}, the case's body, then the verdict as JUnit sees it: a normal return (OK), a
 * {@link ConformanceFailure} (FAILED), an {@link Untested} abort, or {@link Outcomes.NonStrict} for an optional case
 * that failed. A failure writes a replay file. A case that could not decide for timing reasons is run again, twice
 * at most.
 */
public final class CaseRunner {

    private static final int ATTEMPTS = 3;

    private CaseRunner() {
    }

    /** A case's body. */
    @FunctionalInterface
    public interface Body {
        /** Runs the case; throws {@link CaseFailure} (or an {@link AssertionError}) if the server breaks the rule. */
        void run(Kit kit) throws Exception;
    }

    /** Runs {@code body} as case {@code caseName}. */
    public static void run(RunEnvironment env, ConformanceOptions options, String caseName, Body body) {
        Requirement requirement = Requirement.ofCaseName(caseName);
        boolean known = options.isKnownFailing(caseName);
        Kit kit = null;
        Throwable failure = null;
        String inconclusive = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            kit = new Kit(env, caseName);
            failure = null;
            try {
                body.run(kit);
                inconclusive = null;
                break;
            } catch (Untested untested) {
                kit.close();
                throw untested;
            } catch (Inconclusive e) {
                inconclusive = e.getMessage();
                kit.log().note("inconclusive (attempt " + attempt + " of " + ATTEMPTS + "): " + e.getMessage());
                failure = e;
            } catch (AssertionError | Exception e) {
                failure = e;
                break;
            } finally {
                kit.close();
            }
        }
        if (failure == null) {
            if (known) {
                throw new Outcomes.StaleKnownFailing(caseName);
            }
            return;
        }
        String message;
        String expected = null;
        String received = null;
        if (inconclusive != null) {
            message = "inconclusive after " + ATTEMPTS + " attempts: " + inconclusive;
        } else if (failure instanceof CaseFailure caseFailure) {
            message = caseFailure.getMessage();
            expected = caseFailure.expectedText();
            received = caseFailure.receivedText();
        } else if (failure instanceof AssertionError) {
            message = String.valueOf(failure.getMessage());
        } else {
            message = "the case could not run: " + RawConnection.describeFailure(failure);
        }
        List<WireRecord> log = records(kit.log());
        Path replay = Replays.write(env, kit, caseName, message, expected, received);
        if (replay != null) {
            StringBuilder urls = new StringBuilder();
            env.endpoints().forEach(endpoint -> urls.append(" --url ").append(endpoint));
            message = message + "\n  replay: ./dialtone conformance --replay " + replay + urls;
        }
        Evidence evidence = new Evidence(message, expected, received, log, replay);
        if (requirement == Requirement.OPTIONAL) {
            throw new Outcomes.NonStrict(evidence);
        }
        if (known) {
            throw new Outcomes.KnownFailure(evidence);
        }
        ConformanceFailure thrown = new ConformanceFailure(caseName, message, expected, received, log, replay);
        if (!(failure instanceof AssertionError) && !(failure instanceof Inconclusive)) {
            thrown.initCause(failure);
        }
        throw thrown;
    }

    /** The wire log as public records. */
    public static List<WireRecord> records(WireLog log) {
        List<WireRecord> records = new ArrayList<>();
        for (WireLog.Entry entry : log.snapshot()) {
            records.add(new WireRecord(entry.atMillis(), entry.session(), entry.kind().name(), entry.text(),
                    entry.closeCode()));
        }
        return records;
    }
}
