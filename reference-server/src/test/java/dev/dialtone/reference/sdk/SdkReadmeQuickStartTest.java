package dev.dialtone.reference.sdk;

import static dev.dialtone.reference.sdk.SdkEvents.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.client.Call;
import dev.dialtone.client.CallEnd;
import dev.dialtone.client.CallEnd.Reason;
import dev.dialtone.client.DialtoneClient;
import dev.dialtone.client.MediaState;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.UserId;
import dev.dialtone.reference.sdk.SdkServer.User;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's "Place a call from Java" snippet, compiled and run against a real server: {@link #placeACall} holds
 * exactly the snippet's lines, and a check compares them with the README's, so the README cannot rot.
 */
class SdkReadmeQuickStartTest {

    private static final String HEADING = "## Place a call from Java";
    private static final String BEGIN = "// README snippet begin";
    private static final String END = "// README snippet end";

    /** The snippet, with what it needs in scope as parameters. */
    static void placeACall(URI serverUri, String aliceToken, UserId bob) throws Exception {
        // README snippet begin
        DialtoneClient client = DialtoneClient.builder()
                .uri(serverUri)                          // ws://host:port/ws/call/
                .token(aliceToken)                       // a JWT from your login system
                .build();
        client.connect().get(10, TimeUnit.SECONDS);
        Call call = client.call(bob, CallType.AUDIO);
        call.answered().get(30, TimeUnit.SECONDS);       // Bob picked up
        call.setMediaState(false, null);                 // mute the microphone
        call.hangUp();
        System.out.println(call.ended().get(10, TimeUnit.SECONDS).reason()); // HUNG_UP_BY_ME
        client.close();
        // README snippet end
    }

    @Test
    void theSnippetPlacesACallThatBobAnswers() throws Exception {
        try (SdkServer server = SdkServer.start()) {
            User alice = SdkServer.user("alice");
            User bob = SdkServer.user("bob");
            SdkEvents bobEvents = new SdkEvents() {
                @Override
                public void onIncomingCall(Call call) {
                    super.onIncomingCall(call);
                    call.answer();
                }
            };
            server.connect(bob, bobEvents);

            PrintStream out = System.out;
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                placeACall(server.uri(), alice.token(), bob.id());
            } finally {
                System.setOut(out);
            }

            assertEquals("HUNG_UP_BY_ME", printed.toString(StandardCharsets.UTF_8).strip());
            Call incoming = bobEvents.next("incoming").call();
            assertEquals(alice.id(), incoming.peer());
            assertEquals(new MediaState(false, null), bobEvents.next("media").value());
            assertEquals(CallEnd.of(Reason.HUNG_UP_BY_PEER, alice.id()), await(incoming.ended()));
        }
    }

    @Test
    void theReadmeShowsExactlyTheSnippetThatRuns() throws IOException {
        List<String> inReadme = javaBlockUnder(HEADING, Files.readAllLines(readme(), StandardCharsets.UTF_8));
        List<String> inTest = between(BEGIN, END, Files.readAllLines(thisSource(), StandardCharsets.UTF_8));
        assertFalse(inTest.isEmpty());
        assertEquals(inTest, inReadme, "README.md's snippet under '" + HEADING + "' differs from the one this test runs "
                + "(lines compared without their indentation)");
        assertTrue(inReadme.size() <= 12, "about ten lines: " + inReadme.size());
    }

    /** The lines of the first java code block after {@code heading}, stripped. */
    static List<String> javaBlockUnder(String heading, List<String> lines) {
        int at = lines.indexOf(heading);
        assertTrue(at >= 0, "README.md has no '" + heading + "' section");
        List<String> block = new ArrayList<>();
        boolean inside = false;
        for (int i = at + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!inside && line.startsWith("## ")) {
                break;
            }
            if (!inside && line.strip().equals("```java")) {
                inside = true;
            } else if (inside && line.strip().equals("```")) {
                return block;
            } else if (inside) {
                block.add(line.strip());
            }
        }
        throw new AssertionError("no complete ```java block under '" + heading + "' in README.md");
    }

    private static List<String> between(String begin, String end, List<String> lines) {
        List<String> block = new ArrayList<>();
        boolean inside = false;
        for (String line : lines) {
            String stripped = line.strip();
            if (stripped.equals(begin)) {
                inside = true;
            } else if (stripped.equals(end)) {
                return block;
            } else if (inside) {
                block.add(stripped);
            }
        }
        throw new AssertionError("markers not found in the test source");
    }

    private static Path readme() {
        return findUp("README.md");
    }

    private static Path thisSource() {
        return findUp("reference-server/src/test/java/dev/dialtone/reference/sdk/SdkReadmeQuickStartTest.java");
    }

    /** {@code relative}, resolved against the working directory or one of its parents (the module or the root). */
    private static Path findUp(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(relative);
            if (Files.isRegularFile(candidate) && (!relative.equals("README.md")
                    || Files.isRegularFile(dir.resolve("docs/protocol.md")))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new AssertionError(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
