package dev.dialtone.conformance.internal.cases;

/** SDP and ICE payloads (the examples of docs/protocol.md), as JSON text. */
final class Payloads {

    static final String OFFER = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 46117317 2 IN IP4 127.0.0.1\\r\\n"
            + "s=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nc=IN IP4 0.0.0.0\\r\\n"
            + "a=rtpmap:111 opus/48000/2\\r\\n\"}";

    static final String ANSWER = "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 57229428 2 IN IP4 127.0.0.1\\r\\n"
            + "s=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nc=IN IP4 0.0.0.0\\r\\n"
            + "a=rtpmap:111 opus/48000/2\\r\\n\"}";

    static final String VIDEO_OFFER = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 57229428 3 IN IP4 127.0.0.1\\r\\n"
            + "s=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\na=rtpmap:111 opus/48000/2\\r\\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\\r\\na=rtpmap:96 VP8/90000\\r\\n\"}";

    static final String VIDEO_ANSWER = "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 46117317 3 IN IP4 127.0.0.1\\r\\n"
            + "s=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\na=rtpmap:111 opus/48000/2\\r\\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\\r\\na=rtpmap:96 VP8/90000\\r\\n\"}";

    static final String CANDIDATE_A = "{\"candidate\":\"candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ "
            + "srflx raddr 192.168.1.20 rport 46154 generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";

    static final String CANDIDATE_B = "{\"candidate\":\"candidate:1467250027 1 udp 1686052607 198.51.100.23 51472 "
            + "typ srflx raddr 10.0.0.5 rport 51472 generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";

    private Payloads() {
    }

    /** Candidate number {@code n}: distinct, so that order and loss show. */
    static String candidate(int n) {
        return "{\"candidate\":\"candidate:" + (1000 + n) + " 1 udp 2122260223 192.0.2." + (n % 250 + 1) + " "
                + (50000 + n) + " typ host generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";
    }
}
