package dev.dialtone.client;

import dev.dialtone.protocol.CloseCode;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a {@link DialtoneClient} closed for good: the argument of {@link CallListener#onClosed(CloseInfo)}, the last
 * callback a client makes.
 *
 * @param code the WebSocket close code: 1000 when {@link DialtoneClient#close()} closed it, the server's code (for
 *     example 4001 authentication failed, 4009 session resumed elsewhere, Appendix E of the protocol), or 1006 when the
 *     connection failed without a close frame
 * @param reason the close reason phrase, or a description of the failure; never null, possibly empty
 * @param byClient true when the application closed the client with {@link DialtoneClient#close()}
 * @param failure the I/O failure behind the close (a refused connection, a broken socket, a token supplier that threw);
 *     null when the close was orderly
 */
public record CloseInfo(int code, String reason, boolean byClient, Throwable failure) {

    /** Checks required parts. */
    public CloseInfo {
        Objects.requireNonNull(reason, "reason");
    }

    /** The Dialtone close code this is, if it is one of Appendix E's. */
    public Optional<CloseCode> closeCode() {
        return CloseCode.fromCode(code);
    }

    @Override
    public String toString() {
        return "CloseInfo[" + code + (reason.isEmpty() ? "" : " " + reason) + (byClient ? ", by the client" : "")
                + (failure == null ? "" : ", " + failure) + "]";
    }
}
