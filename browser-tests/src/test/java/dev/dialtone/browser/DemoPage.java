package dev.dialtone.browser;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The reference server's demo page in one browser, used as a person would: buttons, fields and what it shows. */
final class DemoPage {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);

    /** The page's peer connection's inbound RTP counters per kind (audio, video), or null without a call. */
    private static final String INBOUND_STATS = """
            const done = arguments[arguments.length - 1];
            const pc = window.dialtoneDemo && window.dialtoneDemo.client && window.dialtoneDemo.client.pc;
            if (!pc) { done(null); return; }
            pc.getStats().then((stats) => {
              const out = {};
              stats.forEach((s) => {
                if (s.type === 'inbound-rtp') {
                  const kind = s.kind || s.mediaType;
                  out[kind] = { bytes: s.bytesReceived || 0, packets: s.packetsReceived || 0,
                                frames: s.framesDecoded || 0, samples: s.totalSamplesReceived || 0 };
                }
              });
              done(out);
            }, () => done(null));
            """;

    final String user;
    final RemoteWebDriver driver;
    private final Path artifacts;

    DemoPage(String user, RemoteWebDriver driver, Path artifacts) {
        this.user = user;
        this.driver = driver;
        this.artifacts = artifacts;
    }

    WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, POLL);
        wait.ignoring(StaleElementReferenceException.class); // the page re-renders lists while they are read
        wait.withMessage(() -> user + "'s page: call state " + callStateOrUnknown() + ", messages " + messages());
        return wait;
    }

    /** Opens the page and signs in with the dev-token button of a user. */
    void signInAs(URI page, long userId) {
        driver.get(page.toString());
        waiting(WAIT).until(ExpectedConditions.elementToBeClickable(By.id("sign-in-" + userId))).click();
        waiting(WAIT).until(d -> "open".equals(body().getAttribute("data-connection"))
                && String.valueOf(userId).equals(d.findElement(By.id("me-id")).getText()));
    }

    String myName() {
        return driver.findElement(By.id("me-name")).getText();
    }

    void call(String callee, boolean video) {
        WebElement input = waiting(WAIT).until(ExpectedConditions.elementToBeClickable(By.id("callee-input")));
        input.clear();
        input.sendKeys(callee);
        driver.findElement(By.id(video ? "video-call" : "audio-call")).click();
    }

    /** Waits for the incoming-call prompt and returns what it says. */
    String awaitIncomingCall() {
        WebElement panel = waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("incoming-panel")));
        return panel.getText();
    }

    void answer() {
        waiting(WAIT).until(ExpectedConditions.elementToBeClickable(By.id("answer"))).click();
    }

    void reject() {
        waiting(WAIT).until(ExpectedConditions.elementToBeClickable(By.id("reject"))).click();
    }

    void hangUp() {
        waiting(WAIT).until(ExpectedConditions.elementToBeClickable(By.id("hangup"))).click();
    }

    void toggleMute() {
        waiting(WAIT).until(ExpectedConditions.elementToBeClickable(By.id("mute"))).click();
    }

    void toggleCamera() {
        waiting(WAIT).until(ExpectedConditions.elementToBeClickable(By.id("camera"))).click();
    }

    String callState() {
        return body().getAttribute("data-call-state");
    }

    private String callStateOrUnknown() {
        try {
            return callState();
        } catch (RuntimeException e) {
            return "unknown (" + e.getClass().getSimpleName() + ")";
        }
    }

    void awaitCallState(String state) {
        waiting(WAIT).until(d -> state.equals(callState()));
    }

    /** The state of the page's RTCPeerConnection, or null when it has none. */
    Object peerConnectionState() {
        return script("const c = window.dialtoneDemo.client; return c && c.pc ? c.pc.connectionState : null;");
    }

    /** Waits until the page's RTCPeerConnection is {@code connected} (media flows between the browsers). */
    void awaitMediaConnected() {
        waiting(WAIT).until(d -> "connected".equals(peerConnectionState()));
        waiting(WAIT).until(d -> "connected".equals(d.findElement(By.id("media-status")).getAttribute("data-state")));
    }

    /** The inbound RTP counters of a kind (bytes, packets, frames, samples), empty when there are none. */
    @SuppressWarnings("unchecked")
    Map<String, Number> inbound(String kind) {
        Object stats = driver.executeAsyncScript(INBOUND_STATS);
        if (!(stats instanceof Map<?, ?> byKind) || !(byKind.get(kind) instanceof Map<?, ?> counters)) {
            return Map.of();
        }
        return (Map<String, Number>) counters;
    }

    long inboundCounter(String kind, String counter) {
        Number value = inbound(kind).get(counter);
        return value == null ? 0 : value.longValue();
    }

    /**
     * Waits until media of a kind arrives and keeps arriving: the counter is positive, and then grows.
     *
     * @param counter {@code bytes} or {@code packets} for audio, {@code frames} (decoded) for video
     * @return the last value seen
     */
    long awaitInboundFlowing(String kind, String counter) {
        long first = waiting(WAIT).until(d -> {
            long value = inboundCounter(kind, counter);
            return value > 0 ? value : null;
        });
        return waiting(WAIT).until(d -> {
            long value = inboundCounter(kind, counter);
            return value > first ? value : null;
        });
    }

    /** Waits until a video element shows pictures: it has a size and its time advances. */
    long awaitVideoPlaying(String elementId) {
        String size = "return document.getElementById('" + elementId + "').videoWidth;";
        String time = "return document.getElementById('" + elementId + "').currentTime;";
        long width = waiting(WAIT).until(d -> {
            Object w = script(size);
            return w instanceof Number n && n.longValue() > 0 ? n.longValue() : null;
        });
        double start = ((Number) script(time)).doubleValue();
        waiting(WAIT).until(d -> ((Number) script(time)).doubleValue() > start);
        return width;
    }

    /** Waits for a message of the given reason (the ended call's reason) and returns its text. */
    String awaitMessage(String reason) {
        return waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#messages li.message[data-reason='" + reason + "']"))).getText();
    }

    /** Waits for a message that contains a text and returns the message's kind ({@code info}, {@code error}). */
    String awaitMessageContaining(String text) {
        return waiting(WAIT).until(d -> d.findElements(By.cssSelector("#messages li.message")).stream()
                .filter(m -> m.getText().contains(text)).map(m -> m.getAttribute("data-kind")).findFirst()
                .orElse(null));
    }

    List<String> messages() {
        try {
            return driver.findElements(By.cssSelector("ul.messages li.message")).stream().map(WebElement::getText)
                    .toList();
        } catch (RuntimeException e) {
            return List.of("(unreadable: " + e.getClass().getSimpleName() + ")");
        }
    }

    /** What the page shows of the peer's microphone or camera: {@code on}, {@code off} (or {@code unknown}). */
    String peerMedia(String which) {
        return driver.findElement(By.id("peer-media")).getAttribute("data-" + which);
    }

    void awaitPeerMedia(String which, String value) {
        waiting(WAIT).until(d -> value.equals(peerMedia(which)));
    }

    String peerMediaText() {
        return driver.findElement(By.id("peer-media")).getText();
    }

    /** The outcomes the history list shows, newest first. */
    @SuppressWarnings("unchecked")
    List<String> historyOutcomes() {
        // Read in one script: the list is re-rendered when a refresh answer arrives, so element handles taken one
        // call earlier can go stale between finding and reading them.
        Object outcomes = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return Array.from(document.querySelectorAll('#history li'), li => li.getAttribute('data-outcome'));");
        return outcomes == null ? List.of() : new java.util.ArrayList<>((List<String>) outcomes);
    }

    void awaitHistoryWith(List<String> outcomes) {
        new WebDriverWait(driver, WAIT, Duration.ofMillis(500)).until(d -> {
            d.findElement(By.id("history-refresh")).click();
            return historyOutcomes().containsAll(outcomes);
        });
    }

    /** Ends whatever call the page is in and waits until it is idle. */
    void resetToIdle() {
        script("const c = window.dialtoneDemo && window.dialtoneDemo.client; if (c) { c.hangUp(); }");
        waiting(WAIT).until(d -> "idle".equals(callState()));
    }

    Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    /** Saves a screenshot of the page to the artifacts folder. */
    Path screenshot(String name) throws IOException {
        Path file = artifacts.resolve(name + ".png");
        Files.createDirectories(artifacts);
        Path taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.move(taken, file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    /** Saves the browser's console log so far to the artifacts folder (best effort). */
    void saveConsoleLog() {
        try {
            List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
            Files.createDirectories(artifacts);
            Files.writeString(artifacts.resolve(user + "-console.log"), entries.stream()
                    .map(e -> e.getTimestamp() + " " + e.getLevel() + " " + e.getMessage())
                    .collect(Collectors.joining("\n", "", "\n")), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            System.err.println("e2e: cannot save " + user + "'s console log: " + e);
        }
    }

    private WebElement body() {
        return driver.findElement(By.tagName("body"));
    }
}
