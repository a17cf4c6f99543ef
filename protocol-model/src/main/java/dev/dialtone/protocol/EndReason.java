package dev.dialtone.protocol;

import java.util.Optional;

/** Why a call ended for a session that did not end it itself ({@code call_ended.reason}). */
public enum EndReason implements WireNamed {
    /** Another session of the same callee answered first (R5.2). */
    ANSWERED_ELSEWHERE("answered_elsewhere"),
    /** Another session of the same callee rejected the call (R5.3). */
    REJECTED_ELSEWHERE("rejected_elsewhere"),
    /** The peer's connection dropped and it did not resume within the grace period (R6.4). */
    PEER_DISCONNECTED("peer_disconnected"),
    /** The server is shutting down (R6.6). */
    SERVER_SHUTDOWN("server_shutdown");

    private final String wireName;

    EndReason(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The reason with this wire name, if any. */
    public static Optional<EndReason> fromWire(String name) {
        return WireNamed.lookup(EndReason.class, name);
    }
}
