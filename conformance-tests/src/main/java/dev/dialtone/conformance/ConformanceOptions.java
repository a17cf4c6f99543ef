package dev.dialtone.conformance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the kit runs: which cases, how many model tries, how long to wait, where reports go. Immutable; start from
 * {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * ConformanceOptions options = ConformanceOptions.defaults().withTries(5).withTimeout(Duration.ofSeconds(2));
 * }</pre>
 */
public final class ConformanceOptions {

    /** Default: how long any expected event may take. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    /** Default: how many random action chains the model-based property tries. */
    public static final int DEFAULT_TRIES = 10;

    private final Profile profile;
    private final int tries;
    private final String seed;
    private final List<String> cases;
    private final List<String> exclude;
    private final Set<String> knownFailing;
    private final Duration timeout;
    private final Path reportDirectory;
    private final Path replayDirectory;
    private final int parallelism;

    private ConformanceOptions(Profile profile, int tries, String seed, List<String> cases, List<String> exclude,
            Set<String> knownFailing, Duration timeout, Path reportDirectory, Path replayDirectory, int parallelism) {
        this.profile = profile;
        this.tries = tries;
        this.seed = seed;
        this.cases = List.copyOf(cases);
        this.exclude = List.copyOf(exclude);
        this.knownFailing = Set.copyOf(knownFailing);
        this.timeout = timeout;
        this.reportDirectory = reportDirectory;
        this.replayDirectory = replayDirectory;
        this.parallelism = parallelism;
    }

    /**
     * The defaults: profile full, {@value #DEFAULT_TRIES} tries, a random seed, every case, a 3 s timeout, no report,
     * replay files in {@code target/dialtone-conformance}, 8 cases at a time.
     */
    public static ConformanceOptions defaults() {
        return new ConformanceOptions(Profile.FULL, DEFAULT_TRIES, null, List.of(), List.of(), Set.of(),
                DEFAULT_TIMEOUT, null, Path.of("target", "dialtone-conformance"), 8);
    }

    /** With another profile. */
    public ConformanceOptions withProfile(Profile value) {
        return new ConformanceOptions(Objects.requireNonNull(value, "profile"), tries, seed, cases, exclude,
                knownFailing, timeout, reportDirectory, replayDirectory, parallelism);
    }

    /** With another number of model tries (at least 1). */
    public ConformanceOptions withTries(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("tries is at least 1: " + value);
        }
        return new ConformanceOptions(profile, value, seed, cases, exclude, knownFailing, timeout, reportDirectory,
                replayDirectory, parallelism);
    }

    /** With a fixed seed for the model-based property (as a report printed it); null for a random one. */
    public ConformanceOptions withSeed(String value) {
        return new ConformanceOptions(profile, tries, value, cases, exclude, knownFailing, timeout, reportDirectory,
                replayDirectory, parallelism);
    }

    /** Runs only the cases matching one of these globs ({@code *} and {@code ?}; {@code required_R2_*}). */
    public ConformanceOptions withCases(List<String> globs) {
        return new ConformanceOptions(profile, tries, seed, globs, exclude, knownFailing, timeout, reportDirectory,
                replayDirectory, parallelism);
    }

    /** Leaves out the cases matching one of these globs. */
    public ConformanceOptions withExclude(List<String> globs) {
        return new ConformanceOptions(profile, tries, seed, cases, globs, knownFailing, timeout, reportDirectory,
                replayDirectory, parallelism);
    }

    /**
     * Cases known to fail: case names, globs, or rules ({@code R8.16}). Their failures are reported but do not fail
     * the run; an entry none of whose cases fails any more fails the run as stale (in a JUnit run of
     * {@link DialtoneServerVerification}, each case is judged alone: a listed case that passes fails as stale).
     */
    public ConformanceOptions withKnownFailing(Set<String> entries) {
        return new ConformanceOptions(profile, tries, seed, cases, exclude, new LinkedHashSet<>(entries), timeout,
                reportDirectory, replayDirectory, parallelism);
    }

    /** With another timeout for expected events (at least 100 ms). */
    public ConformanceOptions withTimeout(Duration value) {
        Objects.requireNonNull(value, "timeout");
        if (value.toMillis() < 100) {
            throw new IllegalArgumentException("the timeout is at least 100 ms: " + value.toMillis());
        }
        return new ConformanceOptions(profile, tries, seed, cases, exclude, knownFailing, value, reportDirectory,
                replayDirectory, parallelism);
    }

    /** Writes the reports (JUnit XML, JSON, HTML) and replay files to this folder; null for none. */
    public ConformanceOptions withReportDirectory(Path value) {
        return new ConformanceOptions(profile, tries, seed, cases, exclude, knownFailing, timeout, value,
                value != null ? value.resolve("replays") : replayDirectory, parallelism);
    }

    /** Writes replay files of failing cases to this folder. */
    public ConformanceOptions withReplayDirectory(Path value) {
        return new ConformanceOptions(profile, tries, seed, cases, exclude, knownFailing, timeout, reportDirectory,
                Objects.requireNonNull(value, "replayDirectory"), parallelism);
    }

    /** How many cases run at a time (1 to 64). */
    public ConformanceOptions withParallelism(int value) {
        if (value < 1 || value > 64) {
            throw new IllegalArgumentException("parallelism is 1 to 64: " + value);
        }
        return new ConformanceOptions(profile, tries, seed, cases, exclude, knownFailing, timeout, reportDirectory,
                replayDirectory, value);
    }

    public Profile profile() {
        return profile;
    }

    public int tries() {
        return tries;
    }

    public Optional<String> seed() {
        return Optional.ofNullable(seed);
    }

    public List<String> cases() {
        return cases;
    }

    public List<String> exclude() {
        return exclude;
    }

    public Set<String> knownFailing() {
        return knownFailing;
    }

    public Duration timeout() {
        return timeout;
    }

    public Optional<Path> reportDirectory() {
        return Optional.ofNullable(reportDirectory);
    }

    public Path replayDirectory() {
        return replayDirectory;
    }

    public int parallelism() {
        return parallelism;
    }

    /** Whether a case name is selected by the case and exclude globs. */
    public boolean selects(String caseName) {
        boolean included = cases.isEmpty() || cases.stream().anyMatch(glob -> matches(glob, caseName));
        return included && exclude.stream().noneMatch(glob -> matches(glob, caseName));
    }

    /** Whether a case is listed as known to fail (by name, glob or rule). */
    public boolean isKnownFailing(String caseName) {
        return knownFailing.stream().anyMatch(entry -> coversCase(entry, caseName));
    }

    /** Whether one known-failing entry covers a case. */
    public static boolean coversCase(String entry, String caseName) {
        if (entry.matches("R\\d+(\\.\\d+)?")) {
            return CaseResult.ruleOf(caseName).equals(entry);
        }
        return matches(entry, caseName);
    }

    /** Glob matching: {@code *} any run of characters, {@code ?} one character. */
    public static boolean matches(String glob, String text) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return text.matches(regex.toString());
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("profile=" + profile.name().toLowerCase(java.util.Locale.ROOT));
        parts.add("tries=" + tries);
        parts.add("timeout=" + timeout.toMillis() + "ms");
        if (seed != null) {
            parts.add("seed=" + seed);
        }
        return String.join(", ", parts);
    }
}
