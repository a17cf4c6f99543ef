package dev.dialtone.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code dialtone demo} as the launcher reaches it, through {@link Main#run}: listed in the usage, its help, and its
 * mistakes. (The demo itself is run by {@code DemoCommandTest}, without {@link Main}'s global logging setup.)
 */
class DemoMainTest {

    /** What a run printed and returned. */
    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theUsageListsDemo() {
        Run usage = run("--help");
        assertEquals(0, usage.status());
        assertTrue(usage.out().contains("  demo "), usage::out);
    }

    @Test
    void demoHelpNamesItsOptionsAndExitStatus() {
        Run help = run("demo", "--help");
        assertEquals(0, help.status(), help::err);
        for (String text : List.of("Usage: dialtone demo", "--ring-timeout-ms", "--timeout-ms", "--verbose",
                "Exit status", "docs/protocol.md")) {
            assertTrue(help.out().contains(text), () -> text + " missing from " + help.out());
        }
        assertEquals("", help.err());
    }

    @Test
    void aBadOptionIsExitTwoWithOneLineAndNoStackTrace() {
        Run bad = run("demo", "--ring-timeout-ms", "soon");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("dialtone demo: --ring-timeout-ms 'soon' is not a whole number"), bad::err);
        assertFalse(bad.err().contains("\tat "), bad::err);
        Run unknown = run("demo", "--ring-timeout", "100");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("unknown option '--ring-timeout'"), unknown::err);
    }
}
