package dev.dialtone.bench;

/**
 * The messages the benchmarks send: a real-looking host ICE candidate, and a browser's audio+video SDP offer of about
 * 4 KB (the size of a Chrome offer with one audio and one video section), as JSON text.
 */
public final class Payloads {

    /** A host candidate as a browser's {@code RTCIceCandidate.toJSON()} gives it. */
    public static final String CANDIDATE = "{\"candidate\":\"candidate:842163049 1 udp 1677729535 192.168.1.20 46154"
            + " typ srflx raddr 10.0.0.5 rport 46154 generation 0 ufrag EsAw network-id 1 network-cost 10\","
            + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"EsAw\"}";

    /** The SDP text of a browser offer with one audio and one video section, about 4 KB. */
    public static final String SDP = sdp();

    /** {@code {"type":"offer","sdp":"..."}} with {@link #SDP}, JSON-escaped. */
    public static final String OFFER = "{\"type\":\"offer\",\"sdp\":\"" + escape(SDP) + "\"}";

    /** The matching answer object. */
    public static final String ANSWER = "{\"type\":\"answer\",\"sdp\":\"" + escape(SDP.replace("actpass", "active"))
            + "\"}";

    private Payloads() {
    }

    private static String sdp() {
        String[] lines = {
            "v=0",
            "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE 0 1",
            "a=extmap-allow-mixed",
            "a=msid-semantic: WMS 3bd2a1d6-7e8c-4d2f-9e43-6f1a2b3c4d5e",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126",
            "c=IN IP4 0.0.0.0",
            "a=rtcp:9 IN IP4 0.0.0.0",
            "a=ice-ufrag:EsAw",
            "a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y",
            "a=ice-options:trickle",
            "a=fingerprint:sha-256 DA:7B:57:DC:28:CE:04:4F:31:79:85:C4:31:67:EB:27:58:29:ED:77:2A:0D:24:AE:ED:88:"
                    + "30:13:A4:E5:69:5E",
            "a=setup:actpass",
            "a=mid:0",
            "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
            "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
            "a=sendrecv",
            "a=msid:3bd2a1d6-7e8c-4d2f-9e43-6f1a2b3c4d5e 8f5e2a41-1c3b-4d6e-9f70-a1b2c3d4e5f6",
            "a=rtcp-mux",
            "a=rtcp-rsize",
            "a=rtpmap:111 opus/48000/2",
            "a=rtcp-fb:111 transport-cc",
            "a=fmtp:111 minptime=10;useinbandfec=1",
            "a=rtpmap:63 red/48000/2",
            "a=fmtp:63 111/111",
            "a=rtpmap:9 G722/8000",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:13 CN/8000",
            "a=rtpmap:110 telephone-event/48000",
            "a=rtpmap:126 telephone-event/8000",
            "a=ssrc:3735928559 cname:4TOk42mSjXCkVIa6",
            "a=ssrc:3735928559 msid:3bd2a1d6-7e8c-4d2f-9e43-6f1a2b3c4d5e 8f5e2a41-1c3b-4d6e-9f70-a1b2c3d4e5f6",
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105 106 107 108 109 127 125 39 40 45 46 98 99 100 101",
            "c=IN IP4 0.0.0.0",
            "a=rtcp:9 IN IP4 0.0.0.0",
            "a=ice-ufrag:EsAw",
            "a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y",
            "a=ice-options:trickle",
            "a=fingerprint:sha-256 DA:7B:57:DC:28:CE:04:4F:31:79:85:C4:31:67:EB:27:58:29:ED:77:2A:0D:24:AE:ED:88:"
                    + "30:13:A4:E5:69:5E",
            "a=setup:actpass",
            "a=mid:1",
            "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset",
            "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "a=extmap:13 urn:3gpp:video-orientation",
            "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            "a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
            "a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type",
            "a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing",
            "a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space",
            "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
            "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
            "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
            "a=sendrecv",
            "a=msid:3bd2a1d6-7e8c-4d2f-9e43-6f1a2b3c4d5e 0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5",
            "a=rtcp-mux",
            "a=rtcp-rsize",
            "a=rtpmap:96 VP8/90000",
            "a=rtcp-fb:96 goog-remb",
            "a=rtcp-fb:96 transport-cc",
            "a=rtcp-fb:96 ccm fir",
            "a=rtcp-fb:96 nack",
            "a=rtcp-fb:96 nack pli",
            "a=rtpmap:97 rtx/90000",
            "a=fmtp:97 apt=96",
            "a=rtpmap:102 H264/90000",
            "a=rtcp-fb:102 goog-remb",
            "a=rtcp-fb:102 transport-cc",
            "a=rtcp-fb:102 ccm fir",
            "a=rtcp-fb:102 nack",
            "a=rtcp-fb:102 nack pli",
            "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f",
            "a=rtpmap:103 rtx/90000",
            "a=fmtp:103 apt=102",
            "a=rtpmap:104 H264/90000",
            "a=rtcp-fb:104 goog-remb",
            "a=rtcp-fb:104 transport-cc",
            "a=rtcp-fb:104 ccm fir",
            "a=rtcp-fb:104 nack",
            "a=rtcp-fb:104 nack pli",
            "a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f",
            "a=rtpmap:105 rtx/90000",
            "a=fmtp:105 apt=104",
            "a=rtpmap:106 H264/90000",
            "a=rtcp-fb:106 goog-remb",
            "a=rtcp-fb:106 transport-cc",
            "a=rtcp-fb:106 ccm fir",
            "a=rtcp-fb:106 nack",
            "a=rtcp-fb:106 nack pli",
            "a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
            "a=rtpmap:107 rtx/90000",
            "a=fmtp:107 apt=106",
            "a=rtpmap:108 H264/90000",
            "a=rtcp-fb:108 goog-remb",
            "a=rtcp-fb:108 transport-cc",
            "a=rtcp-fb:108 ccm fir",
            "a=rtcp-fb:108 nack",
            "a=rtcp-fb:108 nack pli",
            "a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f",
            "a=rtpmap:109 rtx/90000",
            "a=fmtp:109 apt=108",
            "a=rtpmap:127 H264/90000",
            "a=rtcp-fb:127 goog-remb",
            "a=rtcp-fb:127 transport-cc",
            "a=rtcp-fb:127 ccm fir",
            "a=rtcp-fb:127 nack",
            "a=rtcp-fb:127 nack pli",
            "a=fmtp:127 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f",
            "a=rtpmap:125 rtx/90000",
            "a=fmtp:125 apt=127",
            "a=rtpmap:39 AV1/90000",
            "a=rtcp-fb:39 goog-remb",
            "a=rtcp-fb:39 transport-cc",
            "a=rtcp-fb:39 ccm fir",
            "a=rtcp-fb:39 nack",
            "a=rtcp-fb:39 nack pli",
            "a=rtpmap:40 rtx/90000",
            "a=fmtp:40 apt=39",
            "a=rtpmap:98 VP9/90000",
            "a=rtcp-fb:98 goog-remb",
            "a=rtcp-fb:98 transport-cc",
            "a=rtcp-fb:98 ccm fir",
            "a=rtcp-fb:98 nack",
            "a=rtcp-fb:98 nack pli",
            "a=fmtp:98 profile-id=0",
            "a=rtpmap:99 rtx/90000",
            "a=fmtp:99 apt=98",
            "a=rtpmap:100 red/90000",
            "a=rtpmap:101 rtx/90000",
            "a=fmtp:101 apt=100",
            "a=ssrc-group:FID 2882400001 2882400002",
            "a=ssrc:2882400001 cname:4TOk42mSjXCkVIa6",
            "a=ssrc:2882400001 msid:3bd2a1d6-7e8c-4d2f-9e43-6f1a2b3c4d5e 0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5",
            "a=ssrc:2882400002 cname:4TOk42mSjXCkVIa6",
            "a=ssrc:2882400002 msid:3bd2a1d6-7e8c-4d2f-9e43-6f1a2b3c4d5e 0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5",
        };
        return String.join("\r\n", lines) + "\r\n";
    }

    /** JSON string escaping for the characters SDP text has: CR, LF, quote and backslash. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
