package dev.dialtone.client;

import java.io.IOException;
import java.util.Objects;

/**
 * The connection closed before what was asked of it could happen: {@link DialtoneClient#connect()} fails with it when
 * the first connection cannot be made or is closed before the server's {@code welcome} (for example with 4001 for a
 * refused token), and {@link DialtoneClient#ping()} fails with it when the client closes first.
 */
public final class ConnectionClosedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient CloseInfo closeInfo;

    /**
     * An exception for this close.
     *
     * @param closeInfo how the connection closed; never null. Its failure, if any, becomes the cause.
     */
    public ConnectionClosedException(CloseInfo closeInfo) {
        super("connection closed: " + Objects.requireNonNull(closeInfo, "closeInfo").code()
                + (closeInfo.reason().isEmpty() ? "" : " " + closeInfo.reason()), closeInfo.failure());
        this.closeInfo = closeInfo;
    }

    /** How the connection closed. */
    public CloseInfo closeInfo() {
        return closeInfo;
    }
}
