package dev.dialtone.browser;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * Everything one end-to-end run needs, inside a {@link NetworkNamespace} of its own: the reference server (in its own
 * JVM, from this module's test classpath, with a made-up secret so that it serves its dev tokens and a short ring
 * timeout) and one Debian chromedriver per user, each starting Debian's Chromium with fake camera and microphone.
 * The test JVM stays outside and drives the chromedrivers over the veth link; the browsers open the page at
 * {@code http://localhost:8080/} inside the namespace (a secure context, so {@code getUserMedia} works) and find each
 * other through host ICE candidates on the namespace's own private address.
 *
 * <p>The drivers are remote ones: Selenium never looks for a driver or a browser itself (Selenium Manager does not
 * run, nothing is downloaded), and the version check in {@link #start} proves the browser is the system's Chromium.
 */
final class BrowserLab implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final int SERVER_PORT = 8080;
    private static final int FIRST_DRIVER_PORT = 9515;
    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+\\.\\d+)");

    private final Path artifacts;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();
    private NetworkNamespace ns;
    private ManagedProcess server;
    private String chromiumVersion;

    private BrowserLab(Path artifacts) {
        this.artifacts = artifacts;
    }

    /**
     * Creates the namespace and starts the server in it.
     *
     * @param ringTimeout the server's ring timeout (short, for the missed-call case)
     * @throws IllegalStateException when anything cannot start: the browser, its driver, {@code ip}, the server;
     *     what was started is stopped first
     */
    static BrowserLab start(Path artifacts, Duration ringTimeout) throws IOException {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing: install Debian's packages chromium and "
                        + "chromium-driver (apt-get install -y chromium chromium-driver; .ci/run does)");
            }
        }
        BrowserLab lab = new BrowserLab(artifacts);
        try {
            lab.chromiumVersion = version(NetworkNamespace.run(List.of(CHROMIUM.toString(), "--version"), true));
            lab.ns = NetworkNamespace.create();
            lab.startServer(ringTimeout);
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private void startServer(Duration ringTimeout) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = ns.inside(List.of(java, "-cp", classpath, "dev.dialtone.reference.Main", "serve",
                "--bind", "0.0.0.0", "--port", String.valueOf(SERVER_PORT),
                "--ring-timeout-ms", String.valueOf(ringTimeout.toMillis())));
        // No configured secret: the server makes one up and serves its dev tokens, as './dialtone serve' does.
        List<String> removeEnv = System.getenv().keySet().stream().filter(k -> k.startsWith("DIALTONE_")).toList();
        server = ManagedProcess.start("server", command, artifacts.resolve("server.log"), removeEnv);
        toClose.add(server);
        server.awaitLine(line -> line.contains("Dialtone signaling server is running"), Duration.ofSeconds(90));
    }

    /** The demo page as the browsers inside the namespace open it. */
    URI pageUri() {
        return URI.create("http://localhost:" + SERVER_PORT + "/");
    }

    /** The namespace, for its name and addresses. */
    NetworkNamespace namespace() {
        return ns;
    }

    /** The version {@code chromium --version} printed. */
    String chromiumVersion() {
        return chromiumVersion;
    }

    /** The server's output so far. */
    List<String> serverOutput() {
        return server.lines();
    }

    /**
     * Starts a chromedriver inside the namespace and a Chromium session through it.
     *
     * @param user a name for the logs and the profile folder
     * @param mediaAllowed whether the page may use the (fake) camera and microphone; false denies the permission
     *     as a person who clicks "Block" does
     * @throws IllegalStateException when the driver or the browser cannot start (the test then fails)
     */
    RemoteWebDriver browser(String user, boolean mediaAllowed) throws IOException {
        int port = FIRST_DRIVER_PORT + profiles.size();
        // A fresh profile in the build folder: removed at the end, and with the folder on the next run after an abort.
        Path profile = artifacts.resolve("profiles").resolve(user);
        deleteTree(profile);
        Files.createDirectories(profile);
        profiles.add(profile);
        ManagedProcess driverProcess = ManagedProcess.start("chromedriver-" + user,
                ns.inside(List.of(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=" + ns.hostAddress())),
                artifacts.resolve("chromedriver-" + user + ".log"), List.of());
        toClose.add(driverProcess);
        driverProcess.awaitLine(line -> line.contains("started successfully"), Duration.ofSeconds(30));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--use-fake-device-for-media-stream",
                mediaAllowed ? "--use-fake-ui-for-media-stream" : "--deny-permission-prompts",
                "--disable-features=WebRtcHideLocalIpsWithMdns",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--disable-dev-shm-usage",
                "--autoplay-policy=no-user-gesture-required",
                "--window-size=1280,900",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        RemoteWebDriver driver = new RemoteWebDriver(new URL("http://" + ns.address() + ":" + port), options);
        toClose.add(() -> quit(driver));
        Object browserVersion = driver.getCapabilities().getCapability("browserVersion");
        if (!String.valueOf(browserVersion).equals(chromiumVersion)) {
            throw new IllegalStateException("the session runs browser version " + browserVersion + ", not the "
                    + "system's Chromium " + chromiumVersion + " from " + CHROMIUM);
        }
        return driver;
    }

    /** Ends a browser session; again later (at {@link #close()}) does nothing. */
    static void quit(RemoteWebDriver driver) {
        if (driver.getSessionId() != null) {
            driver.quit();
        }
    }

    private static String version(String text) {
        Matcher matcher = VERSION.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("cannot read a version from: " + text.strip());
        }
        return matcher.group(1);
    }

    /** Quits the browsers, stops the drivers and the server, removes the namespace and the profiles. Idempotent. */
    @Override
    public void close() {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                System.err.println("e2e cleanup: " + e);
            }
        }
        toClose.clear();
        if (ns != null) {
            ns.close();
        }
        for (Path profile : profiles) {
            deleteTree(profile);
        }
        profiles.clear();
        try {
            Files.deleteIfExists(artifacts.resolve("profiles"));
        } catch (IOException e) {
            // not empty: a profile Chromium still held; the next run removes it
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a file Chromium still held; /tmp is cleaned eventually
                }
            });
        } catch (IOException e) {
            // as above
        }
    }

    /** For messages: what runs where. */
    Map<String, String> describe() {
        return Map.of("namespace", ns.name(), "address", ns.address(), "host", ns.hostAddress(),
                "chromium", chromiumVersion);
    }
}
