package dev.dialtone.conformance;

/** How much of the kit runs. */
public enum Profile {
    /**
     * Every case but the slow ones (tagged {@code slow}: token expiry, the 512-event replay, resume grace expiry),
     * and short model chains: for a quick check while developing a server.
     */
    CORE,
    /** Every case, and longer model chains. The default. */
    FULL
}
