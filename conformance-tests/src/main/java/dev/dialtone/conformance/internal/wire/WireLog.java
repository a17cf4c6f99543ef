package dev.dialtone.conformance.internal.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything that went over the wire during one case or one model try: every connection attempt, frame sent and
 * received, and close, with the time since the log started. Thread-safe; entries keep the order they were added in.
 */
public final class WireLog {

    /** What an entry records. */
    public enum Kind {
        /** The kit opened a connection (text: the URL, with tokens elided). */
        CONNECT,
        /** The handshake completed. */
        OPEN,
        /** The handshake failed (text: why). */
        CONNECT_FAILED,
        /** A text frame the kit sent. */
        SENT,
        /** A binary frame the kit sent (text: its size). */
        SENT_BINARY,
        /** A text frame the server sent. */
        RECEIVED,
        /** A binary frame the server sent (text: its size). */
        RECEIVED_BINARY,
        /** The kit closed the connection. */
        CLIENT_CLOSE,
        /** The connection closed (text: code and reason). */
        CLOSED,
        /** A remark of the kit's (a step of a model chain, a wait). */
        NOTE
    }

    /**
     * One entry.
     *
     * @param atMillis milliseconds since the log started
     * @param session the session label ({@code alice#1}); "kit" for notes about no session
     * @param kind what happened
     * @param text the frame or a description
     * @param closeCode the close code, for {@link Kind#CLOSED}; else 0
     */
    public record Entry(double atMillis, String session, Kind kind, String text, int closeCode) {
        /** Checks required parts. */
        public Entry {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
        }
    }

    private final long startNanos = System.nanoTime();
    private final List<Entry> entries = new ArrayList<>();

    /** Adds an entry now. */
    public void add(String session, Kind kind, String text) {
        add(session, kind, text, 0);
    }

    /** Adds an entry now, with a close code. */
    public void add(String session, Kind kind, String text, int closeCode) {
        double at = (System.nanoTime() - startNanos) / 1_000_000.0;
        synchronized (entries) {
            entries.add(new Entry(at, session, kind, text, closeCode));
        }
    }

    /** Replaces this log's entries with another log's (its times kept): the evidence of a model try. */
    public void replaceWith(WireLog other) {
        List<Entry> theirs = other.snapshot();
        synchronized (entries) {
            entries.clear();
            entries.addAll(theirs);
        }
    }

    /** A note from the kit. */
    public void note(String text) {
        add("kit", Kind.NOTE, text);
    }

    /** The {@link System#nanoTime()} of a moment given in milliseconds since the log started. */
    public long nanoTimeOf(double atMillis) {
        return startNanos + (long) (atMillis * 1_000_000);
    }

    /** Milliseconds since the log started. */
    public double nowMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }

    /** The entries so far. */
    public List<Entry> snapshot() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** How many entries so far. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
