package dev.dialtone.server.jdbc;

import static dev.dialtone.server.jdbc.Records.ALICE;
import static dev.dialtone.server.jdbc.Records.BOB;
import static dev.dialtone.server.jdbc.Records.CAROL;
import static dev.dialtone.server.jdbc.Records.call;
import static dev.dialtone.server.jdbc.Records.completed;
import static dev.dialtone.server.jdbc.Records.missed;
import static dev.dialtone.server.jdbc.Records.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server process killed with SIGKILL mid-call, and a new one started on the same H2 folder: the finished calls are
 * there, the live ones are closed as interrupted, nothing is there twice (R7.1, R7.5).
 */
class CrashRecoveryTest {

    private static final long WAIT_SECONDS = 120;
    /** Exit status of a process killed by signal 9. */
    private static final int KILLED_BY_SIGKILL = 128 + 9;

    @TempDir
    Path folder;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly().waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void R7_5_aServerKilledMidCallLeavesItInterruptedAndNothingTwice() throws Exception {
        Child child = start("calls");
        child.awaitLine("READY");
        child.kill();

        CallRecord done1 = completed("done-1", ALICE, BOB, t(10));
        CallRecord done2 = missed("done-2", BOB, ALICE, t(20));
        CallRecord live = new CallRecord(call("live", ALICE, BOB, t(30)).callId(), ALICE, BOB, CallType.VIDEO,
                Outcome.INTERRUPTED, t(30), t(35), t(35), null);
        CallRecord ringing = new CallRecord(call("ringing", CAROL, ALICE, t(40)).callId(), CAROL, ALICE,
                CallType.VIDEO, Outcome.INTERRUPTED, t(40), null, t(42), null);
        for (int restart = 1; restart <= 2; restart++) {
            try (JdbcCallRecordStore store = JdbcCallRecordStore.openH2(folder)) {
                assertEquals(List.of(ringing, live, done2, done1), store.history(ALICE, 50, null),
                        "after restart " + restart);
                assertEquals(List.of(live, done2, done1), store.history(BOB, 50, null));
                assertEquals(List.of(ringing), store.history(CAROL, 50, null));
                assertEquals(List.of(), store.recoverInterrupted());
            }
        }
    }

    @Test
    void R7_1_recordsSavedBeforeASigkillSurviveItOnceEach() throws Exception {
        Child child = start("stream");
        Set<String> saved = new HashSet<>();
        while (saved.size() < 40) {
            String line = child.awaitLine("SAVED ");
            saved.add(line.substring("SAVED ".length()));
        }
        child.kill();
        child.drain(saved);

        try (JdbcCallRecordStore store = JdbcCallRecordStore.openH2(folder)) {
            List<CallRecord> history = RecordStoreContract.pages(store, BOB, 7);
            Set<String> listed = new HashSet<>(RecordStoreContract.ids(history));
            assertEquals(listed.size(), history.size(), "no record twice");
            assertTrue(listed.containsAll(saved), "every save that returned before the kill is kept");
            for (CallRecord record : history) {
                Outcome expected = saved.contains(record.callId().value()) ? Outcome.COMPLETED : record.outcome();
                assertEquals(expected, record.outcome(), record.toString());
            }
            assertTrue(history.size() <= saved.size() + 1, "at most the call in flight besides");
        }
    }

    private Child start(String mode) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashingServer.class.getName(), mode, folder.toString())
                .redirectErrorStream(true)
                .start();
        children.add(process);
        return new Child(process);
    }

    /** A child JVM and the lines it prints, read by a thread of their own. */
    private static final class Child {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder transcript = new StringBuilder();

        Child(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("READ FAILED " + e);
                }
                lines.add("<end>");
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next line starting with {@code prefix}; fails if the child ends or stays silent too long. */
        String awaitLine(String prefix) throws InterruptedException {
            while (true) {
                String line = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                assertNotNull(line, "the child printed no '" + prefix + "' in " + WAIT_SECONDS + " s:\n" + transcript);
                if (line.startsWith(prefix)) {
                    return line;
                }
                if (line.equals("<end>")) {
                    throw new AssertionError("the child ended before '" + prefix + "':\n" + transcript);
                }
                transcript.append(line).append('\n');
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Linux
            assertTrue(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "the child did not die");
            assertEquals(KILLED_BY_SIGKILL, process.exitValue(), "killed by SIGKILL:\n" + transcript);
        }

        /** Adds the saves the child reported after the ones awaited, up to its end of output. */
        void drain(Set<String> saved) throws InterruptedException {
            while (true) {
                String line = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                assertNotNull(line, "the dead child's output did not end");
                if (line.equals("<end>")) {
                    return;
                }
                if (line.startsWith("SAVED ")) {
                    saved.add(line.substring("SAVED ".length()));
                }
            }
        }
    }
}
