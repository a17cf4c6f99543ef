package dev.dialtone.protocol;

import java.time.Duration;

/** Constants of Dialtone protocol v1 (docs/protocol.md). */
public final class Protocol {

    /** The protocol version this library speaks. */
    public static final int VERSION = 1;

    /** The WebSocket path a server serves (R1.1). */
    public static final String PATH = "/ws/call/";

    /** How long a call rings before it is missed, unless configured (R6.1). */
    public static final Duration DEFAULT_RING_TIMEOUT = Duration.ofSeconds(30);

    /** How long a dropped session can be resumed, unless configured (R6.2). */
    public static final Duration DEFAULT_RESUME_GRACE = Duration.ofSeconds(20);

    /** The largest text frame a server accepts, unless configured (R8.15). */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

    /** How many ICE candidates the caller may send while ringing, unless configured (R6.5). */
    public static final int DEFAULT_MAX_BUFFERED_CANDIDATES = 64;

    private Protocol() {
    }
}
