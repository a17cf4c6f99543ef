package dev.dialtone.protocol;

/**
 * {@code ping}: ask for a {@code pong} (R8.17), for keepalive through proxies and for round-trip measurement.
 *
 * @param nonce any string of at most 64 characters, echoed in the pong; null when absent
 */
public record Ping(String nonce) implements ClientAction {

    /** The wire name. */
    public static final String ACTION = "ping";

    /** The longest nonce accepted. */
    public static final int MAX_NONCE_LENGTH = 64;

    /** Checks the nonce's length. */
    public Ping {
        if (nonce != null && nonce.length() > MAX_NONCE_LENGTH) {
            throw new IllegalArgumentException("a ping nonce has at most " + MAX_NONCE_LENGTH + " characters");
        }
    }

    @Override
    public String action() {
        return ACTION;
    }
}
