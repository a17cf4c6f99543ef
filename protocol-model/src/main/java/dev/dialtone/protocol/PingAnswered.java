package dev.dialtone.protocol;

/**
 * {@code pong}: the answer to {@code ping} (R8.17).
 *
 * @param nonce the ping's nonce; null when the ping had none
 */
public record PingAnswered(String nonce) implements ServerEvent {

    /** The wire name. */
    public static final String TYPE = "pong";

    @Override
    public String type() {
        return TYPE;
    }
}
