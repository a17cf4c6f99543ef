package dev.dialtone.reference.internal;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Where the reference server's logs go: {@code java.util.logging}, the default backend of {@link System.Logger} that
 * Dialtone's libraries log through, set up to print one line per event to a stream.
 *
 * <p>Quiet by default: Dialtone's INFO lines (start, stop) and every library's errors. Dialtone's DEBUG lines (every
 * refused connection, every call) only when verbose; Grizzly's and Tyrus's warnings, mostly about clients that
 * vanished, too. A stack trace is printed only for errors (server failures) or when verbose: a client's mistake is one
 * line.
 */
public final class LogSetup {

    // java.util.logging keeps loggers weakly: these hold the levels set below.
    private static Logger dialtone;
    private static Logger containers;

    private LogSetup() {
    }

    /** Replaces every handler with one line per event on {@code out}. */
    public static synchronized void configure(boolean verbose, PrintStream out) {
        Objects.requireNonNull(out, "out");
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        Handler handler = new LineHandler(out, verbose);
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        dialtone = Logger.getLogger("dev.dialtone");
        dialtone.setLevel(verbose ? Level.FINE : Level.INFO);
        containers = Logger.getLogger("org.glassfish");
        containers.setLevel(verbose ? Level.WARNING : Level.SEVERE);
    }

    /**
     * As {@link #configure}, but for a command whose own output is the point ({@code demo}): without Dialtone's INFO
     * lines (server started, stopped) unless verbose.
     */
    public static synchronized void configureQuiet(boolean verbose, PrintStream out) {
        configure(verbose, out);
        if (!verbose) {
            dialtone.setLevel(Level.WARNING);
        }
    }

    /**
     * Prints one INFO line in the same format, straight to {@code out}: for the last words of a shutdown hook, when
     * {@code java.util.logging} may already have closed its handlers.
     */
    public static void info(PrintStream out, String logger, String message) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setLoggerName(logger);
        out.print(new LineFormatter(false).format(record));
        out.flush();
    }

    /** Prints each record as one line and flushes at once. */
    private static final class LineHandler extends Handler {
        private final PrintStream out;

        LineHandler(PrintStream out, boolean verbose) {
            this.out = out;
            setFormatter(new LineFormatter(verbose));
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            out.print(getFormatter().format(record));
            out.flush();
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }

    /** {@code 2026-11-20 10:15:30.250 INFO  dev.dialtone.server: message}. */
    static final class LineFormatter extends Formatter {
        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

        private final boolean verbose;

        LineFormatter(boolean verbose) {
            this.verbose = verbose;
        }

        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(160)
                    .append(TIME.format(record.getInstant())).append(' ')
                    .append(String.format("%-5s", levelName(record.getLevel()))).append(' ')
                    .append(record.getLoggerName()).append(": ")
                    .append(oneLine(formatMessage(record)));
            Throwable thrown = record.getThrown();
            if (thrown != null) {
                if (verbose || record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    StringWriter trace = new StringWriter();
                    thrown.printStackTrace(new PrintWriter(trace));
                    line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
                } else {
                    line.append(" (").append(oneLine(String.valueOf(thrown))).append(')');
                }
            }
            return line.append(System.lineSeparator()).toString();
        }

        private static String levelName(Level level) {
            int value = level.intValue();
            if (value >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (value >= Level.WARNING.intValue()) {
                return "WARN";
            }
            if (value >= Level.INFO.intValue()) {
                return "INFO";
            }
            if (value >= Level.FINE.intValue()) {
                return "DEBUG";
            }
            return "TRACE";
        }

        private static String oneLine(String text) {
            return text == null ? "" : text.replace("\r", "\\r").replace("\n", "\\n");
        }
    }
}
