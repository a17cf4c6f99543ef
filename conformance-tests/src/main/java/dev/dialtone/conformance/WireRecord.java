package dev.dialtone.conformance;

import java.util.Objects;

/**
 * One line of a failing case's wire log: a connection attempt, a frame sent or received, a close, or a remark of the
 * kit, with the time since the case started. Tokens in connection URLs and headers are shortened, never written
 * whole.
 *
 * @param atMillis milliseconds since the case started
 * @param session the session label ({@code alice#1}), or {@code kit} for the kit's remarks
 * @param kind {@code CONNECT}, {@code OPEN}, {@code CONNECT_FAILED}, {@code SENT}, {@code SENT_BINARY},
 *     {@code RECEIVED}, {@code RECEIVED_BINARY}, {@code CLIENT_CLOSE}, {@code CLOSED} or {@code NOTE}
 * @param text the frame, URL or remark
 * @param closeCode the close code of a {@code CLOSED} entry; else 0
 */
public record WireRecord(double atMillis, String session, String kind, String text, int closeCode) {

    /** Checks required parts. */
    public WireRecord {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    /** Whether the kit sent this frame. */
    public boolean isSent() {
        return kind.equals("SENT") || kind.equals("SENT_BINARY") || kind.equals("CLIENT_CLOSE")
                || kind.equals("CONNECT");
    }
}
