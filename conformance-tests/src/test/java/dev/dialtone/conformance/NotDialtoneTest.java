package dev.dialtone.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.glassfish.tyrus.server.Server;
import org.junit.jupiter.api.Test;

/**
 * Pointed at a server that is not Dialtone, the command line exits 1 with readable failures: what was expected and
 * what arrived, never a stack trace.
 */
class NotDialtoneTest {

    private static final String SECRET = "not-dialtone-test-secret-0123456789abcdef";

    /** A bare WebSocket echo server. */
    @ServerEndpoint("/ws/call/")
    public static final class Echo {
        @OnMessage
        public String echo(String text) {
            return text;
        }
    }

    @Test
    void anEchoServerFailsReadably() throws Exception {
        int port = freePort();
        Server server = new Server("127.0.0.1", port, "/", Map.of(), Echo.class);
        server.start();
        try {
            Run run = cli("--url", "ws://127.0.0.1:" + port + "/ws/call/", "--jwt-secret", SECRET, "--timeout-ms",
                    "500");
            assertEquals(1, run.status, run.out);
            assertTrue(run.out.contains("did not answer like a Dialtone server"), run.out);
            assertTrue(run.out.contains("expected welcome"), run.out);
            assertReadable(run);
        } finally {
            server.stop();
        }
    }

    @Test
    void nothingListeningFailsReadably() throws Exception {
        Run run = cli("--url", "ws://127.0.0.1:" + freePort() + "/ws/call/", "--jwt-secret", SECRET, "--timeout-ms",
                "500");
        assertEquals(1, run.status, run.out);
        assertTrue(run.out.contains("cannot connect"), run.out);
        assertReadable(run);
    }

    @Test
    void aPlainTcpServerThatNeverAnswersFailsReadably() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Run run = cli("--url", "ws://127.0.0.1:" + silent.getLocalPort() + "/ws/call/", "--jwt-secret", SECRET,
                    "--timeout-ms", "300");
            assertEquals(1, run.status, run.out);
            assertTrue(run.out.contains("no WebSocket handshake within"), run.out);
            assertReadable(run);
        }
    }

    @Test
    void badCommandLinesExitWith2() {
        assertEquals(2, cli("--bogus").status);
        assertEquals(2, cli("--url", "ws://127.0.0.1:1/ws/call/").status, "a URL needs a token source");
        assertEquals(2, cli("--url", "http://x/", "--jwt-secret", SECRET).status);
        assertEquals(2, cli("--jwt-secret", "short", "--url", "ws://127.0.0.1:1/ws/call/").status);
        assertEquals(2, cli("--profile", "huge").status);
        assertEquals(2, cli("--tries", "0").status);
        Run twice = cli("--url", "ws://127.0.0.1:1/ws/call/", "--url", "ws://127.0.0.1:1/ws/call/", "--jwt-secret",
                SECRET);
        assertEquals(2, twice.status, "the same node twice");
        assertTrue(twice.out.contains("given twice"), twice.out);
        Run help = cli("--help");
        assertEquals(0, help.status);
        assertTrue(help.out.contains("--token-command"));
        Run list = cli("--list");
        assertEquals(0, list.status);
        assertTrue(list.out.contains("required_R2_5_offlineCalleeIsUnavailable"));
    }

    private static void assertReadable(Run run) {
        for (String line : run.out.split("\n")) {
            assertFalse(line.trim().startsWith("at ") && line.contains("("), "a stack trace line: " + line);
        }
        assertFalse(run.out.contains("Exception in thread"), run.out);
        assertTrue(run.out.contains("FAILED"), run.out);
    }

    record Run(int status, String out) {
    }

    static Run cli(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = Main.run(List.of(args), out, out);
        return new Run(status, bytes.toString(StandardCharsets.UTF_8));
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
