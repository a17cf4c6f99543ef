package dev.dialtone.reference.internal;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * Prints the demo's timeline as it happens, one line per frame, with the time since the start:
 * <pre>
 *     +12 ms  alice -> server   start_call {callee_id: 2, call_type: audio}
 *     +14 ms  server -> bob     incoming_call {call_id: Xq3v0Lk2.., caller_id: 1, ...}
 * </pre>
 * plus a header line per scenario and indented notes. No line is longer than {@link #WIDTH} characters. Frames come
 * from several threads: each line is stamped and printed under one lock, so the times never go backwards.
 */
final class Timeline {

    /** The longest line printed. */
    static final int WIDTH = 120;

    private final PrintStream out;
    private final long start = System.nanoTime();
    private boolean framesShown = true;

    Timeline(PrintStream out) {
        this.out = out;
    }

    /** Milliseconds since the timeline started. */
    long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** A frame {@code party} sent to the server. */
    void sent(String party, String frame) {
        frame(party + " -> server", frame);
    }

    /** A frame the server sent to {@code party}. */
    void received(String party, String frame) {
        frame("server -> " + party, frame);
    }

    private synchronized void frame(String direction, String frame) {
        if (!framesShown) {
            return;
        }
        String time = "+" + elapsedMillis() + " ms";
        line(String.format("%9s  %-17s %s", time, direction, FrameText.of(frame)));
    }

    /** Shows no more frames: those of closing the clients at the end are not part of the story. */
    synchronized void stopFrames() {
        framesShown = false;
    }

    /** A scenario begins. */
    synchronized void header(String title) {
        out.println();
        line("== " + title + " ==");
    }

    /** A remark under the frames, indented past the time column. */
    synchronized void note(String text) {
        for (String part : text.split("\n", -1)) {
            line("           " + part);
        }
    }

    /** A line as it is, cut to the width. */
    synchronized void line(String text) {
        out.println(FrameText.fit(text, WIDTH));
        out.flush();
    }

    /** An empty line. */
    synchronized void blank() {
        out.println();
        out.flush();
    }
}
