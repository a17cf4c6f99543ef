package dev.dialtone.conformance.internal.cases;

import java.util.List;

/**
 * The JSON of the flows of docs/protocol.md section 9 and Appendix A, copied verbatim (the kit's own tests check that
 * each text still appears in the document). The flow cases send the actions exactly as written and expect the events
 * exactly as written, with the example ids replaced by the case's users and the call ids the server chose.
 */
final class DocFlows {

    private DocFlows() {
    }

    /** The JSON of flow 9.1, in the order the flow lists it. */
    static final List<String> FLOW_9_1 = List.of(
            "{\"action\":\"start_call\",\"callee_id\":2}",
            "{\"type\":\"incoming_call\",\"call_id\":\"c7Qm2Zx9\",\"caller_id\":1,\"caller_username\":\"alice\",\"call_type\":\"audio\",\"seq\":1}",
            "{\"type\":\"call_ringing\",\"call_id\":\"c7Qm2Zx9\",\"callee_id\":2,\"call_type\":\"audio\",\"seq\":1}",
            "{\"action\":\"answer_call\",\"call_id\":\"c7Qm2Zx9\",\"caller_id\":1}",
            "{\"type\":\"call_answered\",\"callee_id\":2,\"call_id\":\"c7Qm2Zx9\",\"seq\":2}",
            "{\"action\":\"offer\",\"callee_id\":2,\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 46117317 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nc=IN IP4 0.0.0.0\\r\\na=rtpmap:111 opus/48000/2\\r\\n\"}}",
            "{\"type\":\"call_offer\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 46117317 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nc=IN IP4 0.0.0.0\\r\\na=rtpmap:111 opus/48000/2\\r\\n\"},\"caller_id\":1,\"call_id\":\"c7Qm2Zx9\",\"seq\":2}",
            "{\"action\":\"answer\",\"caller_id\":1,\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 57229428 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nc=IN IP4 0.0.0.0\\r\\na=rtpmap:111 opus/48000/2\\r\\n\"}}",
            "{\"type\":\"call_answer\",\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 57229428 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nc=IN IP4 0.0.0.0\\r\\na=rtpmap:111 opus/48000/2\\r\\n\"},\"callee_id\":2,\"call_id\":\"c7Qm2Zx9\",\"seq\":3}",
            "{\"action\":\"ice_candidate\",\"peer_id\":2,\"candidate\":{\"candidate\":\"candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 192.168.1.20 rport 46154 generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}",
            "{\"type\":\"ice_candidate\",\"candidate\":{\"candidate\":\"candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 192.168.1.20 rport 46154 generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0},\"sender_id\":1,\"call_id\":\"c7Qm2Zx9\",\"seq\":3}",
            "{\"action\":\"ice_candidate\",\"peer_id\":1,\"candidate\":{\"candidate\":\"candidate:1467250027 1 udp 1686052607 198.51.100.23 51472 typ srflx raddr 10.0.0.5 rport 51472 generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}",
            "{\"type\":\"ice_candidate\",\"candidate\":{\"candidate\":\"candidate:1467250027 1 udp 1686052607 198.51.100.23 51472 typ srflx raddr 10.0.0.5 rport 51472 generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0},\"sender_id\":2,\"call_id\":\"c7Qm2Zx9\",\"seq\":4}",
            "{\"action\":\"hang_up\",\"peer_id\":2,\"call_id\":\"c7Qm2Zx9\"}",
            "{\"type\":\"call_hanged_up\",\"hanged_up_by\":1,\"call_id\":\"c7Qm2Zx9\",\"seq\":4}");

    /** The JSON of flow 9.2, in the order the flow lists it. */
    static final List<String> FLOW_9_2 = List.of(
            "{\"action\":\"start_call\",\"callee_id\":2,\"call_type\":\"video\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 46117317 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\na=rtpmap:111 opus/48000/2\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\na=rtpmap:96 VP8/90000\\r\\n\"}}",
            "{\"type\":\"incoming_call\",\"call_id\":\"c8Rn3Ya0\",\"caller_id\":1,\"caller_username\":\"alice\",\"call_type\":\"video\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 46117317 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\na=rtpmap:111 opus/48000/2\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\na=rtpmap:96 VP8/90000\\r\\n\"},\"seq\":1}",
            "{\"type\":\"call_ringing\",\"call_id\":\"c8Rn3Ya0\",\"callee_id\":2,\"call_type\":\"video\",\"seq\":1}",
            "{\"action\":\"reject_call\",\"call_id\":\"c8Rn3Ya0\",\"caller_id\":1}",
            "{\"type\":\"call_rejected\",\"callee_id\":2,\"call_id\":\"c8Rn3Ya0\",\"seq\":2}");

    /** The JSON of flow 9.3, in the order the flow lists it. */
    static final List<String> FLOW_9_3 = List.of(
            "{\"action\":\"start_call\",\"callee_id\":2,\"call_type\":\"audio\"}",
            "{\"type\":\"incoming_call\",\"call_id\":\"c9Sp4Xb1\",\"caller_id\":1,\"caller_username\":\"alice\",\"call_type\":\"audio\",\"seq\":1}",
            "{\"type\":\"call_ringing\",\"call_id\":\"c9Sp4Xb1\",\"callee_id\":2,\"call_type\":\"audio\",\"seq\":1}",
            "{\"action\":\"cancel_call\",\"call_id\":\"c9Sp4Xb1\",\"callee_id\":2}",
            "{\"type\":\"call_cancelled\",\"caller_id\":1,\"call_id\":\"c9Sp4Xb1\",\"seq\":2}");

    /** The JSON of flow 9.4, in the order the flow lists it. */
    static final List<String> FLOW_9_4 = List.of(
            "{\"action\":\"start_call\",\"callee_id\":2}",
            "{\"type\":\"incoming_call\",\"call_id\":\"cMi3Hs7Q\",\"caller_id\":1,\"caller_username\":\"alice\",\"call_type\":\"audio\",\"seq\":1}",
            "{\"type\":\"call_ringing\",\"call_id\":\"cMi3Hs7Q\",\"callee_id\":2,\"call_type\":\"audio\",\"seq\":1}",
            "{\"type\":\"call_missed\",\"call_id\":\"cMi3Hs7Q\",\"caller_id\":1,\"callee_id\":2,\"seq\":2}",
            "{\"type\":\"call_missed\",\"call_id\":\"cMi3Hs7Q\",\"caller_id\":1,\"callee_id\":2,\"seq\":2}");

    /** The JSON of flow 9.5, in the order the flow lists it. */
    static final List<String> FLOW_9_5 = List.of(
            "{\"action\":\"start_call\",\"callee_id\":2}",
            "{\"type\":\"call_unavailable\",\"callee_id\":2,\"reason\":\"busy\",\"call_id\":\"cBz5Tn8Y\",\"seq\":1}",
            "{\"action\":\"start_call\",\"callee_id\":4}",
            "{\"type\":\"call_unavailable\",\"callee_id\":4,\"reason\":\"offline\",\"call_id\":\"cDq6Vm1Z\",\"seq\":2}",
            "{\"action\":\"start_call\",\"callee_id\":3}",
            "{\"type\":\"call_unavailable\",\"callee_id\":3,\"reason\":\"self\",\"seq\":3}",
            "{\"action\":\"start_call\",\"callee_id\":3}",
            "{\"type\":\"error\",\"code\":\"invalid_state\",\"message\":\"user 1 is already in a call: end it (cancel_call or hang_up) before calling 3\",\"action\":\"start_call\",\"seq\":5}");

    /** The JSON of flow 9.6, in the order the flow lists it. */
    static final List<String> FLOW_9_6 = List.of(
            "{\"action\":\"start_call\",\"callee_id\":2}",
            "{\"type\":\"incoming_call\",\"call_id\":\"c7Qm2Zx9\",\"caller_id\":1,\"caller_username\":\"alice\",\"call_type\":\"audio\",\"seq\":1}",
            "{\"type\":\"call_ringing\",\"call_id\":\"c7Qm2Zx9\",\"callee_id\":2,\"call_type\":\"audio\",\"seq\":1}",
            "{\"action\":\"start_call\",\"callee_id\":1,\"call_type\":\"video\"}",
            "{\"type\":\"call_unavailable\",\"callee_id\":1,\"reason\":\"glare\",\"call_id\":\"c7Qm2Zx9\",\"seq\":2}",
            "{\"action\":\"answer_call\",\"call_id\":\"c7Qm2Zx9\",\"caller_id\":1}",
            "{\"type\":\"call_answered\",\"callee_id\":2,\"call_id\":\"c7Qm2Zx9\",\"seq\":2}");

    /** The JSON of flow 9.7, in the order the flow lists it. */
    static final List<String> FLOW_9_7 = List.of(
            "{\"action\":\"start_call\",\"callee_id\":2,\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 46117317 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nc=IN IP4 0.0.0.0\\r\\na=rtpmap:111 opus/48000/2\\r\\n\"}}",
            "{\"type\":\"incoming_call\",\"call_id\":\"cMs8Pt4J\",\"caller_id\":1,\"caller_username\":\"alice\",\"call_type\":\"audio\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 46117317 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nc=IN IP4 0.0.0.0\\r\\na=rtpmap:111 opus/48000/2\\r\\n\"},\"seq\":1}",
            "{\"type\":\"incoming_call\",\"call_id\":\"cMs8Pt4J\",\"caller_id\":1,\"caller_username\":\"alice\",\"call_type\":\"audio\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 46117317 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nc=IN IP4 0.0.0.0\\r\\na=rtpmap:111 opus/48000/2\\r\\n\"},\"seq\":1}",
            "{\"type\":\"call_ringing\",\"call_id\":\"cMs8Pt4J\",\"callee_id\":2,\"call_type\":\"audio\",\"seq\":1}",
            "{\"action\":\"ice_candidate\",\"candidate\":{\"candidate\":\"candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 192.168.1.20 rport 46154 generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0},\"call_id\":\"cMs8Pt4J\"}",
            "{\"action\":\"answer_call\",\"call_id\":\"cMs8Pt4J\",\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 57229428 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nc=IN IP4 0.0.0.0\\r\\na=rtpmap:111 opus/48000/2\\r\\n\"}}",
            "{\"type\":\"call_answered\",\"callee_id\":2,\"call_id\":\"cMs8Pt4J\",\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 57229428 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nc=IN IP4 0.0.0.0\\r\\na=rtpmap:111 opus/48000/2\\r\\n\"},\"seq\":2}",
            "{\"type\":\"call_ended\",\"call_id\":\"cMs8Pt4J\",\"reason\":\"answered_elsewhere\",\"seq\":2}",
            "{\"type\":\"ice_candidate\",\"candidate\":{\"candidate\":\"candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 192.168.1.20 rport 46154 generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0},\"sender_id\":1,\"call_id\":\"cMs8Pt4J\",\"seq\":2}",
            "{\"action\":\"hang_up\",\"call_id\":\"cMs8Pt4J\"}",
            "{\"type\":\"error\",\"code\":\"not_a_party\",\"message\":\"session 2/sB2p7Lm4wQ8eN1tY is not one of the two sessions bound to call cMs8Pt4J\",\"action\":\"hang_up\",\"call_id\":\"cMs8Pt4J\",\"seq\":3}");

    /** The JSON of flow 9.8, in the order the flow lists it. */
    static final List<String> FLOW_9_8 = List.of(
            "{\"action\":\"offer\",\"callee_id\":1,\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 57229428 3 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\na=rtpmap:111 opus/48000/2\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\na=rtpmap:96 VP8/90000\\r\\n\"},\"call_id\":\"c7Qm2Zx9\"}",
            "{\"type\":\"call_offer\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 57229428 3 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\na=rtpmap:111 opus/48000/2\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\na=rtpmap:96 VP8/90000\\r\\n\"},\"caller_id\":2,\"call_id\":\"c7Qm2Zx9\",\"seq\":5}",
            "{\"action\":\"answer\",\"caller_id\":2,\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 46117317 3 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\na=rtpmap:111 opus/48000/2\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\na=rtpmap:96 VP8/90000\\r\\n\"},\"call_id\":\"c7Qm2Zx9\"}",
            "{\"type\":\"call_answer\",\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 46117317 3 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\na=rtpmap:111 opus/48000/2\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\na=rtpmap:96 VP8/90000\\r\\n\"},\"callee_id\":1,\"call_id\":\"c7Qm2Zx9\",\"seq\":4}",
            "{\"action\":\"media_state\",\"call_id\":\"c7Qm2Zx9\",\"audio\":true,\"video\":true}",
            "{\"type\":\"peer_media_state\",\"call_id\":\"c7Qm2Zx9\",\"user_id\":2,\"audio\":true,\"video\":true,\"seq\":6}",
            "{\"action\":\"media_state\",\"audio\":false}",
            "{\"type\":\"peer_media_state\",\"call_id\":\"c7Qm2Zx9\",\"user_id\":1,\"audio\":false,\"seq\":5}");

    /** The JSON of flow 9.9, in the order the flow lists it. */
    static final List<String> FLOW_9_9 = List.of(
            "{\"action\":\"ice_candidate\",\"candidate\":{\"candidate\":\"candidate:3019517233 1 udp 1677729535 203.0.113.7 46160 typ srflx raddr 192.168.1.20 rport 46160 generation 0\",\"sdpMid\":\"1\",\"sdpMLineIndex\":1},\"call_id\":\"c7Qm2Zx9\"}",
            "{\"action\":\"media_state\",\"call_id\":\"c7Qm2Zx9\",\"video\":false}",
            "{\"type\":\"welcome\",\"user_id\":2,\"session_id\":\"sB2p7Lm4wQ8eN1tY\",\"protocol_version\":1,\"ring_timeout_ms\":30000,\"resume_token\":\"rB9hW4kS2nY7dF1vC5xM8qJ3gT6zL0aP\",\"resume_grace_ms\":20000,\"resumed\":true}",
            "{\"type\":\"ice_candidate\",\"candidate\":{\"candidate\":\"candidate:3019517233 1 udp 1677729535 203.0.113.7 46160 typ srflx raddr 192.168.1.20 rport 46160 generation 0\",\"sdpMid\":\"1\",\"sdpMLineIndex\":1},\"sender_id\":1,\"call_id\":\"c7Qm2Zx9\",\"seq\":6}",
            "{\"type\":\"peer_media_state\",\"call_id\":\"c7Qm2Zx9\",\"user_id\":1,\"video\":false,\"seq\":7}",
            "{\"type\":\"call_ended\",\"call_id\":\"c7Qm2Zx9\",\"reason\":\"peer_disconnected\",\"seq\":7}");

    /** The seed-003 shapes of Appendix A, in the order listed. */
    static final List<String> APPENDIX_A = List.of(
            "{\"action\":\"start_call\",\"callee_id\":2}",
            "{\"type\":\"incoming_call\",\"call_id\":\"c7Qm2Zx9\",\"caller_id\":1,\"caller_username\":\"alice\"}",
            "{\"action\":\"answer_call\",\"call_id\":\"c7Qm2Zx9\",\"caller_id\":1}",
            "{\"type\":\"call_answered\",\"callee_id\":2}",
            "{\"action\":\"offer\",\"callee_id\":2,\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 46117317 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nc=IN IP4 0.0.0.0\\r\\na=rtpmap:111 opus/48000/2\\r\\n\"}}",
            "{\"type\":\"call_offer\",\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 46117317 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nc=IN IP4 0.0.0.0\\r\\na=rtpmap:111 opus/48000/2\\r\\n\"},\"caller_id\":1}",
            "{\"action\":\"answer\",\"caller_id\":1,\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 57229428 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nc=IN IP4 0.0.0.0\\r\\na=rtpmap:111 opus/48000/2\\r\\n\"}}",
            "{\"type\":\"call_answer\",\"answer\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\no=- 57229428 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\nc=IN IP4 0.0.0.0\\r\\na=rtpmap:111 opus/48000/2\\r\\n\"},\"callee_id\":2}",
            "{\"action\":\"ice_candidate\",\"peer_id\":2,\"candidate\":{\"candidate\":\"candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 192.168.1.20 rport 46154 generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}",
            "{\"type\":\"ice_candidate\",\"candidate\":{\"candidate\":\"candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 192.168.1.20 rport 46154 generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0},\"sender_id\":1}",
            "{\"action\":\"hang_up\",\"peer_id\":2,\"call_id\":\"c7Qm2Zx9\"}",
            "{\"type\":\"call_hanged_up\",\"hanged_up_by\":1}",
            "{\"action\":\"reject_call\",\"call_id\":\"c7Qm2Zx9\",\"caller_id\":1}",
            "{\"type\":\"call_rejected\",\"callee_id\":2}",
            "{\"action\":\"cancel_call\",\"call_id\":\"c7Qm2Zx9\",\"callee_id\":2}",
            "{\"type\":\"call_cancelled\",\"caller_id\":1}");
}
