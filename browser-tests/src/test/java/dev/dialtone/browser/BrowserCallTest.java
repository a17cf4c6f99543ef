package dev.dialtone.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WindowType;

/**
 * Real WebRTC calls between two headless Chromium pages through the reference server's demo page and dialtone.js:
 * alice (user 1) and bob (user 2) sign in with the dev-token buttons, call each other with audio and with video,
 * mute, turn the camera on and off, hang up, reject, miss a call, lose the socket mid-call and resume.
 *
 * <p>Everything runs in a network namespace of the test's own ({@link BrowserLab}); media stays on this machine. When
 * Chromium, its driver, {@code ip} or root is missing, the test fails: it never skips. Screenshots of both pages
 * during the video call are written to {@code <build dir>/e2e/} ({@code alice-video-call.png},
 * {@code bob-video-call.png} and the two side by side in {@code video-call.png}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserCallTest {

    private static final Duration RING_TIMEOUT = Duration.ofSeconds(6);

    private final Path artifacts = Path.of(System.getProperty("dialtone.e2e.artifacts", "target/e2e"))
            .toAbsolutePath();
    private BrowserLab lab;
    private DemoPage alice;
    private DemoPage bob;

    /** On a failure, screenshots of both pages first; then both pages back to idle for the next test. */
    @RegisterExtension
    final AfterEachCallback afterEach = context -> {
        if (context.getExecutionException().isPresent() && alice != null && bob != null) {
            String name = "failed-" + context.getRequiredTestMethod().getName();
            try {
                alice.screenshot(name + "-alice");
                bob.screenshot(name + "-bob");
            } catch (IOException | RuntimeException e) {
                System.err.println("e2e: no failure screenshot: " + e);
            }
        }
        if (alice != null && bob != null) {
            alice.resetToIdle();
            bob.resetToIdle();
        }
    };

    @BeforeAll
    void startBrowsersAndServer() throws IOException {
        BrowserLab.deleteTree(artifacts);
        Files.createDirectories(artifacts);
        lab = BrowserLab.start(artifacts, RING_TIMEOUT);
        alice = new DemoPage("alice", lab.browser("alice", true), artifacts);
        bob = new DemoPage("bob", lab.browser("bob", true), artifacts);
        alice.signInAs(lab.pageUri(), 1);
        bob.signInAs(lab.pageUri(), 2);
        assertEquals("alice", alice.myName());
        assertEquals("bob", bob.myName());
    }

    @AfterAll
    void stopEverything() {
        try {
            if (alice != null) {
                alice.saveConsoleLog();
            }
            if (bob != null) {
                bob.saveConsoleLog();
            }
        } finally {
            if (lab != null) {
                NetworkNamespace ns = lab.namespace();
                lab.close();
                if (ns != null) {
                    assertFalse(ns.exists(), "the namespace " + ns.name() + " is still there");
                }
            }
        }
    }

    @Test
    @Order(1)
    void audioCall_connectsBothWaysWithSound_muteIsSeenByThePeer_hangUpEndsBoth() {
        alice.call("2", false);
        String prompt = bob.awaitIncomingCall();
        assertTrue(prompt.contains("alice (1)") && prompt.contains("Audio call"), prompt);
        bob.answer();

        alice.awaitCallState("connected");
        bob.awaitCallState("connected");
        alice.awaitMediaConnected();
        bob.awaitMediaConnected();
        assertTrue(alice.awaitInboundFlowing("audio", "bytes") > 0);
        assertTrue(bob.awaitInboundFlowing("audio", "bytes") > 0);
        assertTrue(alice.inbound("video").isEmpty(), "an audio call has no video: " + alice.inbound("video"));

        alice.toggleMute();
        bob.awaitPeerMedia("audio", "off");
        assertTrue(bob.peerMediaText().contains("alice muted the microphone"), bob.peerMediaText());
        alice.toggleMute();
        bob.awaitPeerMedia("audio", "on");

        alice.hangUp();
        alice.awaitCallState("idle");
        bob.awaitCallState("idle");
        assertTrue(bob.awaitMessage("hangup_remote").contains("alice (1) hung up"), bob.messages()::toString);
        assertNull(alice.peerConnectionState());
        assertNull(bob.peerConnectionState());
    }

    @Test
    @Order(2)
    void videoCall_carriesPicturesBothWays_cameraOffIsSeen_screenshotsOfBothPages() throws IOException {
        alice.call("2", true);
        String prompt = bob.awaitIncomingCall();
        assertTrue(prompt.contains("alice (1)") && prompt.contains("Video call"), prompt);
        bob.answer();

        long t0 = System.nanoTime();
        alice.awaitMediaConnected();
        bob.awaitMediaConnected();
        progress("video call connected", t0);
        assertTrue(alice.awaitInboundFlowing("video", "frames") > 0);
        assertTrue(bob.awaitInboundFlowing("video", "frames") > 0);
        assertTrue(alice.awaitInboundFlowing("audio", "bytes") > 0);
        progress("video frames decoded on both sides", t0);
        assertTrue(bob.awaitVideoPlaying("remote-video") > 0);
        assertTrue(alice.awaitVideoPlaying("remote-video") > 0);
        alice.awaitVideoPlaying("local-video");
        bob.awaitVideoPlaying("local-video");
        progress("remote and local videos playing on both pages", t0);

        alice.toggleMute();
        bob.awaitPeerMedia("audio", "off");
        Path aliceShot = alice.screenshot("alice-video-call");
        Path bobShot = bob.screenshot("bob-video-call"); // shows "alice muted the microphone"
        sideBySide(aliceShot, bobShot, artifacts.resolve("video-call.png"));
        progress("screenshots taken", t0);
        alice.toggleMute();
        bob.awaitPeerMedia("audio", "on");

        bob.toggleCamera();
        alice.awaitPeerMedia("video", "off");
        assertTrue(alice.peerMediaText().contains("bob's camera is off"), alice.peerMediaText());
        bob.toggleCamera();
        alice.awaitPeerMedia("video", "on");

        bob.hangUp();
        bob.awaitCallState("idle");
        alice.awaitCallState("idle");
        assertTrue(alice.awaitMessage("hangup_remote").contains("bob (2) hung up"), alice.messages()::toString);
    }

    @Test
    @Order(3)
    void audioCall_cameraTurnedOn_renegotiatesAndThePeerReceivesVideo() {
        bob.call("1", false);
        alice.awaitIncomingCall();
        alice.answer();
        alice.awaitMediaConnected();
        bob.awaitMediaConnected();
        assertTrue(alice.inbound("video").isEmpty());

        alice.toggleCamera(); // "Turn camera on": getUserMedia for video, then offer/answer again (the callee offers)
        assertTrue(bob.awaitInboundFlowing("video", "frames") > 0);
        assertTrue(bob.awaitVideoPlaying("remote-video") > 0);
        bob.awaitPeerMedia("video", "on");

        bob.toggleCamera(); // and the other way: the caller adds its camera to the transceiver alice's offer made
        assertTrue(alice.awaitInboundFlowing("video", "frames") > 0);
        assertTrue(alice.awaitVideoPlaying("remote-video") > 0);
        assertEquals("connected", alice.peerConnectionState());
        assertEquals("connected", bob.peerConnectionState());

        alice.hangUp();
        bob.awaitCallState("idle");
    }

    @Test
    @Order(4)
    void droppedSocketMidCall_resumesTheSession_andTheCallGoesOn() {
        alice.call("2", false);
        bob.awaitIncomingCall();
        bob.answer();
        alice.awaitMediaConnected();
        bob.awaitMediaConnected();

        alice.script("window.dialtoneDemo.client.simulateNetworkDrop();");
        bob.toggleMute(); // peer_media_state for alice is kept and replayed (or delivered after the resume)
        assertEquals("info", alice.awaitMessageContaining("the session was resumed"));
        alice.awaitPeerMedia("audio", "off");
        assertEquals("connected", alice.callState());
        assertEquals("connected", alice.peerConnectionState());
        long before = alice.inboundCounter("audio", "bytes");
        alice.waiting(DemoPage.WAIT).until(d -> alice.inboundCounter("audio", "bytes") > before);

        bob.hangUp();
        alice.awaitCallState("idle");
    }

    @Test
    @Order(5)
    void rejectedCall_showsTheCallerThatItWasRejected() {
        alice.call("2", true);
        bob.awaitIncomingCall();
        bob.reject();
        String message = alice.awaitMessage("rejected");
        assertTrue(message.contains("bob (2) rejected the call"), message);
        alice.awaitCallState("idle");
        bob.awaitCallState("idle");
    }

    @Test
    @Order(6)
    void missedCall_showsBothSidesThatNobodyAnswered() {
        alice.call("2", false);
        bob.awaitIncomingCall();
        // nobody acts: the server's ring timeout (6 s here) ends the call for both
        String callerMessage = alice.awaitMessage("missed");
        String calleeMessage = bob.awaitMessage("missed");
        assertTrue(callerMessage.contains("No answer: bob (2) did not pick up"), callerMessage);
        assertTrue(calleeMessage.contains("Missed call from alice (1)"), calleeMessage);
        alice.awaitCallState("idle");
        bob.awaitCallState("idle");
    }

    @Test
    @Order(7)
    void unavailableCallee_showsWhy() {
        alice.call("3", false);
        String message = alice.awaitMessage("unavailable");
        assertTrue(message.contains("User 3 is offline"), message);
        alice.call("1", false);
        assertTrue(alice.awaitMessageContaining("You cannot call yourself").equals("error"));
    }

    @Test
    @Order(8)
    void history_listsEveryCallWithItsOutcome() {
        alice.awaitHistoryWith(List.of("completed", "rejected", "missed", "offline"));
        bob.awaitHistoryWith(List.of("completed", "rejected", "missed"));
        assertFalse(bob.historyOutcomes().contains("offline"), "bob sees only his own calls");
    }

    @Test
    @Order(9)
    void deniedCamera_showsWhyTheCallWasNotPlaced() throws IOException {
        // A third browser where the camera and microphone permission is refused; alice signs in there a second time.
        DemoPage blocked = new DemoPage("alice-blocked", lab.browser("alice-blocked", false), artifacts);
        try {
            blocked.signInAs(lab.pageUri(), 1);
            blocked.call("2", true);
            String message = blocked.awaitMessage("media_error");
            assertTrue(message.contains("Access to the camera and microphone was denied"), message);
            blocked.awaitCallState("idle");
            assertEquals("idle", bob.callState(), "nothing rang: no start_call was sent");
            blocked.screenshot("alice-camera-denied");
        } finally {
            blocked.saveConsoleLog();
            BrowserLab.quit(blocked.driver);
        }
    }

    @Test
    @Order(10)
    @SuppressWarnings("unchecked")
    void clientModule_seqResumeBackoffAndIceBuffering_withFakeSocketAndPeerConnection() throws IOException {
        // dialtone.js's protocol logic, deterministically: in a fresh tab of the page, against fakes it is handed.
        String checks;
        try (InputStream in = BrowserCallTest.class.getResourceAsStream("/dialtone-client-checks.js")) {
            checks = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String original = alice.driver.getWindowHandle();
        alice.driver.switchTo().newWindow(WindowType.TAB);
        try {
            alice.driver.get(lab.pageUri().toString());
            List<Map<String, Object>> results = (List<Map<String, Object>>) alice.driver.executeAsyncScript(checks);
            List<String> failed = results.stream().filter(r -> !Boolean.TRUE.equals(r.get("ok")))
                    .map(r -> r.get("name") + ": " + r.get("detail")).toList();
            assertTrue(results.size() >= 20, "only " + results.size() + " checks ran: " + results);
            assertTrue(failed.isEmpty(), "failed checks of dialtone.js:\n" + String.join("\n", failed));
        } finally {
            alice.driver.close();
            alice.driver.switchTo().window(original);
        }
    }

    private static void progress(String what, long since) {
        System.out.printf("e2e: %s after %.1f s%n", what, (System.nanoTime() - since) / 1e9);
    }

    /** Puts two screenshots next to each other, for the README. */
    private static void sideBySide(Path left, Path right, Path out) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage a = ImageIO.read(left.toFile());
        BufferedImage b = ImageIO.read(right.toFile());
        int gap = 16;
        BufferedImage both = new BufferedImage(a.getWidth() + gap + b.getWidth(),
                Math.max(a.getHeight(), b.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        try {
            g.setColor(new Color(0x9a, 0xa5, 0xb8));
            g.fillRect(0, 0, both.getWidth(), both.getHeight());
            g.drawImage(a, 0, 0, null);
            g.drawImage(b, a.getWidth() + gap, 0, null);
        } finally {
            g.dispose();
        }
        ImageIO.write(both, "png", out.toFile());
    }
}
