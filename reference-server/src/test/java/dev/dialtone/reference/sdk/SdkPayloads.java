package dev.dialtone.reference.sdk;

import dev.dialtone.protocol.OpaqueJson;

/** SDP and ICE payloads as browsers write them ({@code RTCSessionDescription.toJSON()}, {@code RTCIceCandidate}). */
final class SdkPayloads {

    static final OpaqueJson OFFER = OpaqueJson.of("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 4611731400430051336 2 IN "
            + "IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\n\"}");
    static final OpaqueJson ANSWER = OpaqueJson.of("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 8716541329470201733 2 "
            + "IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\n\"}");
    static final OpaqueJson VIDEO_OFFER = OpaqueJson.of("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 57229428 3 IN IP4 "
            + "127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\n\"}");
    static final OpaqueJson VIDEO_ANSWER = OpaqueJson.of("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 99 3 IN IP4 "
            + "127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\n\"}");

    private SdkPayloads() {
    }

    /** The {@code n}th distinct ICE candidate. */
    static OpaqueJson candidate(int n) {
        return OpaqueJson.of("{\"candidate\":\"candidate:" + n + " 1 udp 2122260223 192.0.2." + (n % 250 + 1)
                + " " + (50_000 + n) + " typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");
    }
}
