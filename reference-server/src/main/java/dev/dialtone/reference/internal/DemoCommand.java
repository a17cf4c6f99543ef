package dev.dialtone.reference.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code dialtone demo}: plays a complete audio call, a video call, a rejected and a missed call between two SDK
 * clients through an embedded reference server, prints the timeline of every frame, and checks each step against
 * docs/protocol.md. Exit status 0 when every step happened as the protocol says, 1 otherwise.
 */
public final class DemoCommand {

    /** The server's ring timeout unless {@code --ring-timeout-ms} says otherwise: short, for the missed call. */
    public static final Duration DEFAULT_RING_TIMEOUT = Duration.ofSeconds(2);

    /** How long each expected event may take unless {@code --timeout-ms} says otherwise. */
    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(10);

    private static final Set<String> VALUED = Set.of("--ring-timeout-ms", "--timeout-ms");
    private static final Set<String> FLAGS = Set.of("--verbose");

    /** The usage text of {@code demo}. */
    public static final String USAGE = """
            Usage: dialtone demo [--ring-timeout-ms N] [--timeout-ms N] [--verbose]

            Starts a Dialtone server on a free loopback port and two SDK clients, alice (user 1) and bob
            (user 2), and plays through it: a full audio call, a full video call (offer with the call, ICE both
            ways, camera off and on, renegotiation), a rejected call and a missed call, then reads alice's call
            history. Prints every frame each side sends and receives, with the time since the start, and checks
            each step against docs/protocol.md.

            Exit status: 0 when every step happened as the protocol says; 1 when one did not (what was expected
            and what was received are printed); 2 for a bad option.

            Options:
              --ring-timeout-ms N   the server's ring timeout, which the missed call waits for (default 2000)
              --timeout-ms N        how long each expected event may take to arrive (default 10000)
              --verbose             also print the server's and the clients' debug log (on stderr)
              -h, --help            this text
            """;

    private DemoCommand() {
    }

    /**
     * What {@code demo} was asked to do.
     *
     * @param help whether only the usage is wanted
     * @param verbose whether debug lines are logged
     * @param ringTimeout the server's ring timeout
     * @param stepTimeout how long each expected event may take
     */
    public record Options(boolean help, boolean verbose, Duration ringTimeout, Duration stepTimeout) {
    }

    /**
     * Reads the options.
     *
     * @throws UsageException if an option is unknown or a value malformed
     */
    public static Options parse(List<String> args) throws UsageException {
        CommandLine line = CommandLine.parse("demo", args, VALUED, Set.of(), FLAGS);
        return new Options(line.has("--help"), line.has("--verbose"),
                millis(line, "--ring-timeout-ms", DEFAULT_RING_TIMEOUT),
                millis(line, "--timeout-ms", DEFAULT_STEP_TIMEOUT));
    }

    private static Duration millis(CommandLine line, String option, Duration fallback) throws UsageException {
        String text = line.value(option);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= 1 && value <= 600_000) {
                return Duration.ofMillis(value);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " '" + text + "' is not a whole number of milliseconds from 1 to 600000");
    }

    /**
     * Runs the demo, printing the timeline and the summary to {@code out}.
     *
     * @return 0 when every step happened as docs/protocol.md says, else 1
     */
    public static int run(Options options, PrintStream out) {
        return new Demo(options.ringTimeout(), options.stepTimeout(), Demo.Hooks.none(), out).run();
    }
}
