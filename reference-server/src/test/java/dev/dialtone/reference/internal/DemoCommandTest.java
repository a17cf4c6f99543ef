package dev.dialtone.reference.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.protocol.CallTimer;
import dev.dialtone.server.spi.CallTimers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code dialtone demo}, run in-process against its own embedded server: it passes against the reference server as it
 * is, and fails, with a readable message and exit status 1, against a server that breaks a rule.
 */
class DemoCommandTest {

    /** Generous: the machine running the tests may be busy; a passing demo never waits this long. */
    private static final Duration STEP = Duration.ofSeconds(20);

    /** What a run printed and returned. */
    private record Run(int status, String out) {
    }

    private static Run run(Duration ringTimeout, Duration step, Demo.Hooks hooks) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = new Demo(ringTimeout, step, hooks, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        return new Run(status, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void playsEveryScenarioThroughTheReferenceServerAndExitsZero() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoCommand.Options options = DemoCommand.parse(List.of("--ring-timeout-ms", "500",
                "--timeout-ms", Long.toString(STEP.toMillis())));
        int status = DemoCommand.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(0, status, out);
        for (String header : List.of("== Connect", "== 1. Audio call", "== 2. Video call", "== 3. Rejected call",
                "== 4. Missed call", "== 5. Call history")) {
            assertTrue(out.contains(header), () -> header + " missing from\n" + out);
        }
        for (String line : List.of(
                "server -> alice   welcome {user_id: 1,",
                "alice -> server   start_call {callee_id: 2, call_type: audio}",
                "server -> bob     incoming_call {call_id: ",
                "caller_id: 1, caller_username: alice, call_type: audio}",
                "server -> alice   call_ringing {call_id: ",
                "bob -> server     answer_call {call_id: ",
                "server -> alice   call_answered {callee_id: 2, call_id: ",
                "server -> bob     call_offer {caller_id: 1, call_id: ",
                "server -> alice   call_answer {callee_id: 2, call_id: ",
                "server -> bob     ice_candidate {sender_id: 1, call_id: ",
                "server -> alice   ice_candidate {sender_id: 2, call_id: ",
                "server -> alice   peer_media_state {call_id: ",
                "user_id: 2, audio: false}",
                "server -> bob     call_hanged_up {hanged_up_by: 1, call_id: ",
                "alice -> server   start_call {callee_id: 2, call_type: video, offer: {type: offer, sdp: \"v=0\\r\\n",
                "user_id: 1, video: false}",
                "user_id: 1, video: true}",
                "server -> alice   call_offer {caller_id: 2, call_id: ",
                "server -> bob     call_answer {callee_id: 1, call_id: ",
                "server -> alice   call_hanged_up {hanged_up_by: 2, call_id: ",
                "bob -> server     reject_call {call_id: ",
                "server -> alice   call_rejected {callee_id: 2, call_id: ",
                "server -> alice   call_missed {call_id: ",
                "server -> bob     call_missed {call_id: ",
                "alice#2 -> server get_call_history {limit: 10}",
                "server -> alice#2 call_history {records: [4 items]}",
                "server -> bob     pong")) {
            assertTrue(out.contains(line), () -> "'" + line + "' missing from\n" + out);
        }
        // The history's four records (the demo itself checks their order, R7.3).
        for (String record : List.of("missed     audio  1 -> 2  ended_by -", "rejected   audio  1 -> 2  ended_by 2",
                "completed  video  1 -> 2  ended_by 2", "completed  audio  1 -> 2  ended_by 1")) {
            assertTrue(out.contains(record), () -> "'" + record + "' missing from\n" + out);
        }
        assertTrue(out.matches("(?s).*\n +\\+\\d+ ms  alice -> server   start_call.*"), () -> "timed lines:\n" + out);
        assertTrue(out.contains("Every step happened as docs/protocol.md says."), out);
        assertFalse(out.contains("FAILED"), out);
        for (String line : out.split("\n")) {
            assertTrue(line.length() <= Timeline.WIDTH, () -> "longer than " + Timeline.WIDTH + ": " + line);
        }
    }

    @Test
    void aServerWhoseRingTimerNeverFiresFailsTheMissedCallWithExitOne() {
        // The server announces the ring timeout in welcome (R1.6), but never ends a ringing call (R6.1).
        CallTimers broken = new CallTimers() {
            @Override
            public void start(Listener listener) {
            }

            @Override
            public void schedule(CallTimer timer, Duration delay) {
            }

            @Override
            public void cancel(CallTimer timer) {
            }
        };
        Run run = run(Duration.ofMillis(200), Duration.ofSeconds(8),
                new Demo.Hooks(engine -> engine.callTimers(broken), (party, frame) -> frame));

        assertEquals(1, run.status(), run.out());
        assertTrue(run.out().contains("FAILED: missed call"), run.out());
        String words = run.out().replaceAll("\\s+", " "); // long messages are wrapped
        assertTrue(words.contains("alice: expected call_missed {call_id: "), run.out());
        assertTrue(words.contains("caller_id: 1, callee_id: 2} within 8200 ms; received nothing"), run.out());
        assertTrue(run.out().matches("(?s).*OK +\\d+ ms  rejected call\n.*FAILED +\\d+ ms  missed call\n"
                + " +not run +call history\n.*"), run.out());
        assertTrue(run.out().contains("FAILED: a step did not happen as docs/protocol.md says"), run.out());
        assertFalse(run.out().contains("\tat "), () -> "no stack trace:\n" + run.out());
        assertFalse(run.out().contains("Exception"), () -> "no exception names:\n" + run.out());
    }

    @Test
    void anOfferThatArrivesChangedFailsWithWhereItDiffers() {
        // Something between the server and bob changes one character of the SDP: R3.8 says it arrives unchanged.
        Run run = run(Duration.ofMillis(200), STEP, new Demo.Hooks(engine -> { },
                (party, frame) -> party.equals("bob") && frame.contains("\"call_offer\"")
                        ? frame.replace("opus/48000/2", "opus/44100/2") : frame));

        assertEquals(1, run.status(), run.out());
        assertTrue(run.out().contains("FAILED: audio call"), run.out());
        assertTrue(run.out().contains("bob: call_offer.offer: they differ at character"), run.out());
        assertTrue(run.out().contains("opus/48000/2") && run.out().contains("opus/44100/2"), run.out());
        assertTrue(run.out().matches("(?s).*OK +\\d+ ms  connect\n.*FAILED +\\d+ ms  audio call\n"
                + " +not run +video call\n.*"), run.out());
        assertFalse(run.out().contains("\tat "), () -> "no stack trace:\n" + run.out());
    }

    @Test
    void optionsAndTheirMistakes() throws Exception {
        DemoCommand.Options defaults = DemoCommand.parse(List.of());
        assertEquals(DemoCommand.DEFAULT_RING_TIMEOUT, defaults.ringTimeout());
        assertEquals(DemoCommand.DEFAULT_STEP_TIMEOUT, defaults.stepTimeout());
        assertFalse(defaults.help());
        DemoCommand.Options given = DemoCommand.parse(List.of("--ring-timeout-ms=750", "--timeout-ms", "3000",
                "--verbose"));
        assertEquals(Duration.ofMillis(750), given.ringTimeout());
        assertEquals(Duration.ofMillis(3000), given.stepTimeout());
        assertTrue(given.verbose());
        assertTrue(DemoCommand.parse(List.of("-h")).help());
        for (List<String> wrong : List.of(List.of("--ring-timeout-ms", "0"), List.of("--ring-timeout-ms", "2s"),
                List.of("--timeout-ms"), List.of("--bogus"), List.of("alice"))) {
            try {
                DemoCommand.parse(wrong);
                throw new AssertionError("accepted " + wrong);
            } catch (UsageException expected) {
                assertFalse(expected.getMessage().isEmpty());
            }
        }
    }
}
