package dev.dialtone.server;

/**
 * What a client presented when it connected (R1.1, R1.3, R1.7, R6.3). Every part may be null when absent.
 *
 * @param token the credential: the {@code token} query parameter, else the {@code Authorization: Bearer} value
 * @param origin the {@code Origin} header
 * @param host the {@code Host} header, to recognize the server's own pages as an allowed origin
 * @param resumeToken the {@code resume_token} query parameter
 * @param lastSeq the {@code last_seq} query parameter, as sent
 * @param protocolVersion the {@code v} query parameter, as sent
 */
public record ConnectRequest(
        String token, String origin, String host, String resumeToken, String lastSeq, String protocolVersion) {

    /** A request with just a token, as a non-browser client makes it. */
    public static ConnectRequest withToken(String token) {
        return new ConnectRequest(token, null, null, null, null, null);
    }

    /** This request, resuming a session. */
    public ConnectRequest resuming(String resumeToken, long lastSeq) {
        return new ConnectRequest(token, origin, host, resumeToken, Long.toString(lastSeq), protocolVersion);
    }

    /** This request, from a page of {@code origin}. */
    public ConnectRequest fromOrigin(String origin, String host) {
        return new ConnectRequest(token, origin, host, resumeToken, lastSeq, protocolVersion);
    }

    /** This request, asking for protocol version {@code version}. */
    public ConnectRequest withVersion(String version) {
        return new ConnectRequest(token, origin, host, resumeToken, lastSeq, version);
    }

    /** {@link #lastSeq} as a number: 0 when absent or not a whole number at least 0. */
    public long lastSeqOrZero() {
        if (lastSeq == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(lastSeq));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
