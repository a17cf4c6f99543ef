package dev.dialtone.reference.internal;

import dev.dialtone.protocol.OpaqueJson;

/**
 * The SDP offers and answers and ICE candidates the demo's clients exchange, shaped as browsers write them
 * ({@code RTCSessionDescription.toJSON()}, {@code RTCIceCandidate.toJSON()}). No media flows: the server relays them
 * without looking inside (R3.8), and the demo checks that they arrive unchanged.
 */
final class DemoPayloads {

    /** Alice's audio offer. */
    static final OpaqueJson AUDIO_OFFER = sdp("offer", "v=0\r\no=- 46117317 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "a=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
            + "a=sendrecv\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n");

    /** Bob's audio answer. */
    static final OpaqueJson AUDIO_ANSWER = sdp("answer", "v=0\r\no=- 57229428 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "a=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
            + "a=sendrecv\r\na=rtpmap:111 opus/48000/2\r\n");

    /** Alice's video offer, sent with the call (R2.1). */
    static final OpaqueJson VIDEO_OFFER = sdp("offer", "v=0\r\no=- 46117318 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "a=group:BUNDLE 0 1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
            + "a=rtpmap:111 opus/48000/2\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n"
            + "a=rtpmap:96 VP8/90000\r\n");

    /** Bob's video answer, sent with the answer (R2.9). */
    static final OpaqueJson VIDEO_ANSWER = sdp("answer", "v=0\r\no=- 57229429 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "a=group:BUNDLE 0 1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
            + "a=rtpmap:111 opus/48000/2\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n"
            + "a=rtpmap:96 VP8/90000\r\n");

    /** Bob's second offer during the video call: an ICE restart (new ufrag and pwd, session version 3). */
    static final OpaqueJson RENEGOTIATION_OFFER = sdp("offer", "v=0\r\no=- 57229429 3 IN IP4 127.0.0.1\r\ns=-\r\n"
            + "t=0 0\r\na=group:BUNDLE 0 1\r\na=ice-ufrag:R3nG\r\na=ice-pwd:9dBq2x7LkW4sZp1vN8cT0mYe\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=rtpmap:111 opus/48000/2\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\na=rtpmap:96 VP8/90000\r\n");

    /** Alice's answer to it. */
    static final OpaqueJson RENEGOTIATION_ANSWER = sdp("answer", "v=0\r\no=- 46117318 3 IN IP4 127.0.0.1\r\n"
            + "s=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\na=ice-ufrag:aL1c\r\na=ice-pwd:Qw8eR5tY2uI9oP3aS6dF1gHj\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=rtpmap:111 opus/48000/2\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\na=rtpmap:96 VP8/90000\r\n");

    private DemoPayloads() {
    }

    /**
     * Alice's {@code n}th ICE candidate (documentation addresses, RFC 5737): a host candidate first, then
     * server-reflexive ones.
     */
    static OpaqueJson aliceCandidate(int n) {
        return n == 1 ? candidate(842163049L, 2122260223L, "192.168.1.20 46154 typ host")
                : candidate(842163049L + n, 1686052607L, "203.0.113.7 " + (46154 + n)
                        + " typ srflx raddr 192.168.1.20 rport 46154");
    }

    /** Bob's {@code n}th ICE candidate. */
    static OpaqueJson bobCandidate(int n) {
        return n == 1 ? candidate(1467250027L, 2122260223L, "10.0.0.5 51472 typ host")
                : candidate(1467250027L + n, 1686052607L, "198.51.100.23 " + (51472 + n)
                        + " typ srflx raddr 10.0.0.5 rport 51472");
    }

    private static OpaqueJson candidate(long foundation, long priority, String address) {
        return OpaqueJson.of("{\"candidate\":\"candidate:" + foundation + " 1 udp " + priority + " " + address
                + " generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");
    }

    private static OpaqueJson sdp(String type, String sdp) {
        String escaped = sdp.replace("\r", "\\r").replace("\n", "\\n");
        return OpaqueJson.of("{\"type\":\"" + type + "\",\"sdp\":\"" + escaped + "\"}");
    }
}
