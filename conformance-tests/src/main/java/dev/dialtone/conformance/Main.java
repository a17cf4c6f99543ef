package dev.dialtone.conformance;

import dev.dialtone.conformance.internal.run.EmbeddedReference;
import dev.dialtone.conformance.internal.run.Replayer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The command line of the kit: {@code ./dialtone conformance [options]}. Exit status 0 when every required case
 * passed, 1 when one failed (or the server could not be tested), 2 for a command line it cannot understand. It never
 * prints a stack trace: failures are reported as what was expected and what arrived.
 */
public final class Main {

    static final String USAGE = """
            Usage: dialtone conformance [options]

            Checks a Dialtone signaling server, rule by rule, against docs/protocol.md. Without --url it
            starts the reference server on a free loopback port (with a short ring timeout) and checks that.

            Target:
              --url URL                the server's WebSocket URL, like ws://127.0.0.1:8080/ws/call/; give it
                                       once per node for a cluster (--url A --url B): each case opens its
                                       connections on the nodes in turn, so callers, callees, a user's sessions
                                       and resumes are spread over them
              --jwt-secret S           the server's HS256 secret: the kit mints its users' tokens, and hostile ones
              --jwt-private-key FILE   PEM private key (RSA: RS256, EC P-256: ES256) the server's key pairs with
              --token-command 'CMD {user}'
                                       a shell command printing a token for a user id ({user}); the JWT attacks
                                       that need a key are then reported as UNTESTED
              --ring-timeout-ms N      the server's ring timeout (checked against welcome); without --url, the
                                       embedded server's (default 1000)

            Selection and timing:
              --profile core|full      core leaves out the slow cases and runs short model chains (default full)
              --tries N                random chains the model-based property tries (default 10)
              --seed S                 the model's seed, to repeat a run a report printed
              --cases GLOB             run only the cases matching (repeatable or comma-separated; * and ?)
              --exclude GLOB           leave out the cases matching (repeatable or comma-separated)
              --known-failing FILE     cases (names, globs or rules like R8.16), one per line, known to fail:
                                       reported, not failing the run; one that passes fails the run as stale
              --timeout-ms N           how long any expected event may take (default 3000)
              --parallel N             cases run at a time (default 8)

            Output:
              --report DIR             write TEST-dialtone-conformance.xml (JUnit), dialtone-conformance.json and
                                       dialtone-conformance.html (with sequence diagrams), and replay files
              --replay FILE            replay a failure's recorded frames against --url and show what came back
              --list                   list the cases and exit
              -h, --help               this text

            Exit status: 0 every required case passed; 1 a required case failed; 2 bad command line.
            """;

    private static final Set<String> VALUED = Set.of("--url", "--jwt-secret", "--jwt-private-key", "--token-command",
            "--profile", "--tries", "--seed", "--cases", "--exclude", "--known-failing", "--timeout-ms", "--report",
            "--ring-timeout-ms", "--replay", "--parallel");
    private static final Set<String> REPEATABLE = Set.of("--cases", "--exclude", "--url");
    private static final Set<String> FLAGS = Set.of("--help", "--list");

    private Main() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        quietLogging();
        int status = run(List.of(args), System.out, System.err);
        System.exit(status);
    }

    /** Runs the command line; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Map<String, List<String>> options;
        try {
            options = parse(args);
        } catch (UsageError e) {
            err.println("dialtone conformance: " + e.getMessage());
            err.println("Run 'dialtone conformance --help' for the options.");
            return 2;
        }
        if (options.containsKey("--help")) {
            out.print(USAGE);
            return 0;
        }
        if (options.containsKey("--list")) {
            Conformance.caseNames().forEach(out::println);
            return 0;
        }
        try {
            return execute(options, out, err);
        } catch (UsageError e) {
            err.println("dialtone conformance: " + e.getMessage());
            err.println("Run 'dialtone conformance --help' for the options.");
            return 2;
        } catch (UncheckedIOException e) {
            err.println("dialtone conformance: " + e.getMessage() + (e.getCause() == null ? "" : ": "
                    + e.getCause().getMessage()));
            return 1;
        } catch (IllegalStateException e) {
            err.println("dialtone conformance: " + e.getMessage());
            return 1;
        }
    }

    private static int execute(Map<String, List<String>> options, PrintStream out, PrintStream err)
            throws UsageError {
        List<String> urls = options.getOrDefault("--url", List.of());
        String url = urls.isEmpty() ? null : String.join(" + ", urls);
        Duration ringTimeout = positiveMillis(options, "--ring-timeout-ms");
        ConformanceOptions settings = settings(options);
        TokenSource tokens = tokenSource(options, url != null);
        if (options.containsKey("--replay")) {
            Path file = Path.of(single(options, "--replay"));
            if (url == null) {
                throw new UsageError("--replay needs --url (the server to replay against) and its token source");
            }
            return Replayer.replay(file, target(urls, tokens, ringTimeout), settings.timeout(), out);
        }
        ConformanceReport report;
        if (url == null) {
            out.println("No --url: starting the embedded reference server (ring timeout "
                    + (ringTimeout == null ? EmbeddedReference.DEFAULT_RING_TIMEOUT : ringTimeout).toMillis()
                    + " ms) ...");
            out.println("Running " + describe(settings) + " ...");
            out.flush();
            report = Conformance.runAgainstEmbeddedReferenceServer(settings, ringTimeout);
        } else {
            out.println("Running " + describe(settings) + " against " + url + " ...");
            out.flush();
            report = Conformance.run(target(urls, tokens, ringTimeout), settings);
        }
        out.println();
        report.printConsole(out);
        settings.reportDirectory().ifPresent(dir -> out.println("Reports: " + dir.resolve(ConformanceReport.HTML)
                + ", " + dir.resolve(ConformanceReport.JSON) + ", " + dir.resolve(ConformanceReport.JUNIT_XML)));
        return report.passed() ? 0 : 1;
    }

    private static String describe(ConformanceOptions settings) {
        return "the conformance kit (" + settings + ")";
    }

    private static ConformanceTarget target(List<String> urls, TokenSource tokens, Duration ringTimeout)
            throws UsageError {
        ConformanceTarget target;
        try {
            List<URI> endpoints = new ArrayList<>();
            for (String url : urls) {
                try {
                    endpoints.add(URI.create(url));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("not a URL: " + url, e);
                }
            }
            target = ConformanceTarget.of(endpoints, tokens);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--url: " + e.getMessage());
        }
        return ringTimeout == null ? target : target.withRingTimeout(ringTimeout);
    }

    private static ConformanceOptions settings(Map<String, List<String>> options) throws UsageError {
        ConformanceOptions settings = ConformanceOptions.defaults();
        String profile = single(options, "--profile");
        if (profile != null) {
            switch (profile.toLowerCase(Locale.ROOT)) {
                case "core" -> settings = settings.withProfile(Profile.CORE);
                case "full" -> settings = settings.withProfile(Profile.FULL);
                default -> throw new UsageError("--profile is core or full, not '" + profile + "'");
            }
        }
        Integer tries = wholeNumber(options, "--tries", 1, 100_000);
        if (tries != null) {
            settings = settings.withTries(tries);
        }
        String seed = single(options, "--seed");
        if (seed != null) {
            if (!seed.matches("-?[0-9]{1,19}")) {
                throw new UsageError("--seed is a whole number, as a report printed it: '" + seed + "'");
            }
            settings = settings.withSeed(seed);
        }
        settings = settings.withCases(globs(options, "--cases")).withExclude(globs(options, "--exclude"));
        String knownFile = single(options, "--known-failing");
        if (knownFile != null) {
            settings = settings.withKnownFailing(readKnownFailing(Path.of(knownFile)));
        }
        Integer timeout = wholeNumber(options, "--timeout-ms", 100, 600_000);
        if (timeout != null) {
            settings = settings.withTimeout(Duration.ofMillis(timeout));
        }
        Integer parallel = wholeNumber(options, "--parallel", 1, 64);
        if (parallel != null) {
            settings = settings.withParallelism(parallel);
        }
        String report = single(options, "--report");
        if (report != null) {
            settings = settings.withReportDirectory(Path.of(report));
        } else {
            settings = settings.withReplayDirectory(Path.of(System.getProperty("java.io.tmpdir"),
                    "dialtone-conformance"));
        }
        return settings;
    }

    private static TokenSource tokenSource(Map<String, List<String>> options, boolean external) throws UsageError {
        String secret = single(options, "--jwt-secret");
        String keyFile = single(options, "--jwt-private-key");
        String command = single(options, "--token-command");
        int given = (secret != null ? 1 : 0) + (keyFile != null ? 1 : 0) + (command != null ? 1 : 0);
        if (given > 1) {
            throw new UsageError("give one token source: --jwt-secret, --jwt-private-key or --token-command");
        }
        if (!external) {
            if (given > 0) {
                throw new UsageError("a token source goes with --url; without it the kit runs its own server");
            }
            return null;
        }
        if (given == 0) {
            throw new UsageError("with --url, say how the kit gets tokens: --jwt-secret S, --jwt-private-key FILE or "
                    + "--token-command 'CMD {user}'");
        }
        try {
            if (secret != null) {
                return TokenSource.hmacSecret(secret);
            }
            if (keyFile != null) {
                return TokenSource.privateKeyPem(Path.of(keyFile));
            }
            return TokenSource.command(command);
        } catch (NoSuchFileException e) {
            throw new UsageError("--jwt-private-key: no such file: " + keyFile);
        } catch (IOException e) {
            throw new UsageError("--jwt-private-key: cannot read " + keyFile + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }

    private static Set<String> readKnownFailing(Path file) throws UsageError {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageError("--known-failing: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        Set<String> entries = new LinkedHashSet<>();
        for (String line : lines) {
            String entry = line.replaceAll("#.*", "").trim();
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static List<String> globs(Map<String, List<String>> options, String name) {
        List<String> globs = new ArrayList<>();
        for (String value : options.getOrDefault(name, List.of())) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    globs.add(part.trim());
                }
            }
        }
        return globs;
    }

    private static Duration positiveMillis(Map<String, List<String>> options, String name) throws UsageError {
        Integer value = wholeNumber(options, name, 1, Integer.MAX_VALUE);
        return value == null ? null : Duration.ofMillis(value);
    }

    private static Integer wholeNumber(Map<String, List<String>> options, String name, int min, int max)
            throws UsageError {
        String text = single(options, name);
        if (text == null) {
            return null;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return (int) value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageError(name + " '" + text + "' is not a whole number from " + min + " to " + max);
    }

    private static String single(Map<String, List<String>> options, String name) {
        List<String> values = options.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static Map<String, List<String>> parse(List<String> args) throws UsageError {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h")) {
                arg = "--help";
            }
            if (!arg.startsWith("--") || arg.equals("--")) {
                throw new UsageError("unexpected argument '" + arg + "'");
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (FLAGS.contains(name)) {
                if (value != null) {
                    throw new UsageError(name + " takes no value");
                }
                values.put(name, List.of());
                continue;
            }
            if (!VALUED.contains(name)) {
                throw new UsageError("unknown option '" + name + "'");
            }
            if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new UsageError(name + " needs a value");
                }
                value = args.get(++i);
            }
            List<String> list = values.computeIfAbsent(name, key -> new ArrayList<>());
            if (!list.isEmpty() && !REPEATABLE.contains(name)) {
                throw new UsageError(name + " is given twice");
            }
            list.add(value);
        }
        return values;
    }

    /**
     * The CLI talks to people: the embedded server's info lines and the WebSocket container's own warnings (the kit
     * reports every connection problem itself) are left out. The loggers are held here: java.util.logging keeps its
     * loggers weakly, and a collected logger forgets its level.
     */
    private static final List<java.util.logging.Logger> QUIETED = new ArrayList<>();

    private static void quietLogging() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.WARNING);
        for (java.util.logging.Handler handler : root.getHandlers()) {
            handler.setLevel(java.util.logging.Level.WARNING);
        }
        java.util.logging.Logger container = java.util.logging.Logger.getLogger("org.glassfish");
        container.setLevel(java.util.logging.Level.OFF);
        QUIETED.add(root);
        QUIETED.add(container);
    }

    /** A command line the kit cannot understand. */
    static final class UsageError extends Exception {
        UsageError(String message) {
            super(message);
        }
    }
}
