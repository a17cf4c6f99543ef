package dev.dialtone.conformance.internal.cases;

import dev.dialtone.conformance.internal.Kit;
import dev.dialtone.conformance.internal.KitSession;
import dev.dialtone.conformance.internal.KitUser;
import dev.dialtone.conformance.internal.wire.Json;
import dev.dialtone.conformance.internal.wire.RawConnection;
import java.util.List;
import java.util.Map;

/** Section 3: media negotiation (R3.1 to R3.9). */
public final class MediaCases {

    private MediaCases() {
    }

    /** alice calls bob, bob answers: returns the call variable. */
    private static String call(Kit kit, KitSession a, KitSession b) {
        return kit.connectCall(a, b);
    }

    public static void offerIsRelayedAsCallOffer(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        String call = call(kit, a, b);
        a.send("{'action':'offer','callee_id':'@bob','offer':" + Payloads.OFFER + "}");
        b.expect("{'type':'call_offer','offer':" + Payloads.OFFER + ",'caller_id':'@alice.rendered','call_id':'"
                + call + "'}");
        a.quiet("nothing for the sender of the offer");
    }

    public static void answerIsRelayedAsCallAnswer(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        String call = call(kit, a, b);
        b.send("{'action':'answer','caller_id':'@alice','answer':" + Payloads.ANSWER + "}");
        a.expect("{'type':'call_answer','answer':" + Payloads.ANSWER + ",'callee_id':'@bob.rendered','call_id':'"
                + call + "'}");
        b.quiet("nothing for the sender of the answer");
    }

    public static void iceCandidatesAreRelayedBothWays(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        String call = call(kit, a, b);
        a.send("{'action':'ice_candidate','peer_id':'@bob','candidate':" + Payloads.CANDIDATE_A + "}");
        b.expect("{'type':'ice_candidate','candidate':" + Payloads.CANDIDATE_A + ",'sender_id':'@alice.rendered',"
                + "'call_id':'" + call + "'}");
        b.send("{'action':'ice_candidate','peer_id':'@alice','candidate':" + Payloads.CANDIDATE_B + "}");
        a.expect("{'type':'ice_candidate','candidate':" + Payloads.CANDIDATE_B + ",'sender_id':'@bob.rendered',"
                + "'call_id':'" + call + "'}");
        a.quiet();
        b.quiet();
    }

    public static void renegotiationInBothDirections(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        String call = call(kit, a, b);
        for (int round = 0; round < 2; round++) {
            // The callee offers (adding video), the caller answers: caller_id/callee_id name the senders (R3.1, R3.2).
            b.send("{'action':'offer','callee_id':'@alice','offer':" + Payloads.VIDEO_OFFER + ",'call_id':'" + call
                    + "'}");
            a.expect("{'type':'call_offer','offer':" + Payloads.VIDEO_OFFER + ",'caller_id':'@bob.rendered',"
                    + "'call_id':'" + call + "'}");
            a.send("{'action':'answer','caller_id':'@bob','answer':" + Payloads.VIDEO_ANSWER + ",'call_id':'" + call
                    + "'}");
            b.expect("{'type':'call_answer','answer':" + Payloads.VIDEO_ANSWER + ",'callee_id':'@alice.rendered',"
                    + "'call_id':'" + call + "'}");
            a.send("{'action':'offer','offer':" + Payloads.OFFER + "}");
            b.expect("{'type':'call_offer','offer':" + Payloads.OFFER + ",'caller_id':'@alice.rendered','call_id':'"
                    + call + "'}");
            b.send("{'action':'answer','answer':" + Payloads.ANSWER + "}");
            a.expect("{'type':'call_answer','answer':" + Payloads.ANSWER + ",'callee_id':'@bob.rendered',"
                    + "'call_id':'" + call + "'}");
        }
        a.send("{'action':'hang_up','call_id':'" + call + "'}");
        b.expect("{'type':'call_hanged_up','hanged_up_by':'@alice.rendered','call_id':'" + call + "'}");
        var record = Records.expectRecord(kit, a, call, "completed", "@alice");
        kit.check("audio".equals(record.path("call_type").asText()), "renegotiating to video changed the record's "
                + "call_type to " + record.get("call_type") + "; it stays the type the call was placed with (R3.4)");
    }

    public static void mediaStateIsRelayedWithExactlyTheGivenMembers(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        String call = call(kit, a, b);
        a.send("{'action':'media_state','call_id':'" + call + "','audio':false}");
        b.expect("{'type':'peer_media_state','call_id':'" + call + "','user_id':'@alice.rendered','audio':false}");
        a.send("{'action':'media_state','video':true}");
        b.expect("{'type':'peer_media_state','call_id':'" + call + "','user_id':'@alice.rendered','video':true}");
        b.send("{'action':'media_state','audio':true,'video':false}");
        a.expect("{'type':'peer_media_state','call_id':'" + call + "','user_id':'@bob.rendered','audio':true,"
                + "'video':false}");
        a.quiet();
        b.quiet();
    }

    public static void emptyMediaStateIsInvalid(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        String call = call(kit, a, b);
        a.send("{'action':'media_state','call_id':'" + call + "'}");
        a.expectError("invalid_message", "media_state", "audio", null);
        a.send("{'action':'media_state','audio':'off'}");
        a.expectError("invalid_message", "media_state", "audio", null);
        b.quiet("nothing: the refused media_state reaches nobody");
    }

    public static void relaysWhileRingingAreInvalidState(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitUser bob = kit.user("bob");
        KitSession b = kit.connect(bob);
        String call = kit.ring(a, bob, b);
        a.send("{'action':'offer','offer':" + Payloads.OFFER + ",'call_id':'" + call + "'}");
        a.expectError("invalid_state", "offer", null, call);
        a.send("{'action':'answer','answer':" + Payloads.ANSWER + ",'call_id':'" + call + "'}");
        a.expectError("invalid_state", "answer", null, call);
        a.send("{'action':'media_state','audio':false,'call_id':'" + call + "'}");
        a.expectError("invalid_state", "media_state", null, call);
        for (String action : List.of(
                "{'action':'offer','offer':" + Payloads.OFFER + ",'call_id':'" + call + "'}",
                "{'action':'answer','answer':" + Payloads.ANSWER + ",'call_id':'" + call + "'}",
                "{'action':'media_state','video':false,'call_id':'" + call + "'}",
                "{'action':'ice_candidate','candidate':" + Payloads.CANDIDATE_B + ",'call_id':'" + call + "'}")) {
            b.send(action);
            b.expectError("invalid_state", Json.template(action).get("action").asText(), null, call);
        }
        a.quiet();
        b.quiet();
    }

    public static void nonPartiesCannotRelay(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        KitSession aOther = kit.connect(alice);
        KitSession b = kit.connect(bob);
        KitSession bOther = kit.connect(bob);
        KitSession m = kit.connect(kit.user("mallory"));
        String call = kit.connectCall(a, b, bOther);
        for (KitSession outsider : List.of(aOther, bOther, m)) {
            outsider.send("{'action':'offer','offer':" + Payloads.OFFER + ",'call_id':'" + call + "'}");
            outsider.expectError("not_a_party", "offer", null, call);
            outsider.send("{'action':'answer','answer':" + Payloads.ANSWER + ",'call_id':'" + call + "'}");
            outsider.expectError("not_a_party", "answer", null, call);
            outsider.send("{'action':'ice_candidate','candidate':" + Payloads.CANDIDATE_A + ",'call_id':'" + call
                    + "'}");
            outsider.expectError("not_a_party", "ice_candidate", null, call);
            outsider.send("{'action':'media_state','audio':false,'call_id':'" + call + "'}");
            outsider.expectError("not_a_party", "media_state", null, call);
        }
        a.quiet("nothing: relays from non-parties reach nobody (R3.6)");
        b.quiet("nothing: relays from non-parties reach nobody (R3.6)");
    }

    public static void callIdMayBeLeftOutOfRelays(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        String call = call(kit, a, b);
        a.send("{'action':'offer','offer':" + Payloads.OFFER + "}");
        b.expect("{'type':'call_offer','offer':" + Payloads.OFFER + ",'caller_id':'@alice.rendered','call_id':'"
                + call + "'}");
        b.send("{'action':'answer','answer':" + Payloads.ANSWER + "}");
        a.expect("{'type':'call_answer','answer':" + Payloads.ANSWER + ",'callee_id':'@bob.rendered','call_id':'"
                + call + "'}");
        b.send("{'action':'ice_candidate','candidate':" + Payloads.CANDIDATE_B + "}");
        a.expect("{'type':'ice_candidate','candidate':" + Payloads.CANDIDATE_B + ",'sender_id':'@bob.rendered',"
                + "'call_id':'" + call + "'}");
    }

    public static void relayWithoutACallIsUnknownCall(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        a.send("{'action':'ice_candidate','candidate':" + Payloads.CANDIDATE_A + "}");
        a.expectError("unknown_call", "ice_candidate");
        a.send("{'action':'offer','offer':" + Payloads.OFFER + "}");
        a.expectError("unknown_call", "offer");
        a.send("{'action':'media_state','audio':true}");
        a.expectError("unknown_call", "media_state");
        a.quiet();
    }

    public static void callActionsRequireACallId(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        call(kit, a, b);
        for (String action : List.of("hang_up", "answer_call", "reject_call", "cancel_call")) {
            a.send("{'action':'" + action + "'}");
            a.expectError("invalid_message", action, "call_id", null);
        }
        b.quiet("nothing: the refused actions had no call id");
    }

    public static void payloadsArriveUnchanged(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        call(kit, a, b);
        String strange = "{\"candidate\":\"candidate:1 1 udp 2122260223 192.0.2.1 5000 typ host \\u00e9\\ud83d\\ude00"
                + "\\\"q\\\" \\\\ \\/\",\"sdpMid\":\"audio\",\"sdpMLineIndex\":0,\"usernameFragment\":\"aB3+/=\","
                + "\"x-price\":1.50,\"x-big\":12345678901234567890123,\"x-exp\":1e2,\"x-neg\":-0.0,"
                + "\"x-nested\":{\"list\":[1,2.0,{\"deep\":[true,false,null]}],\"empty\":{}},\"x-empty\":\"\"}";
        String offer = "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n" + "a=x".repeat(200) + "\\r\\n\",\"x-num\":3.140}";
        a.sendRaw("{\"action\":\"ice_candidate\",\"candidate\":" + strange + "}");
        RawConnection.Frame relayed = nextOfType(kit, b, "ice_candidate");
        sameMember(kit, relayed, "candidate", strange);
        a.sendRaw("{\"action\":\"offer\",\"offer\":" + offer + "}");
        sameMember(kit, nextOfType(kit, b, "call_offer"), "offer", offer);
        b.sendRaw("{\"action\":\"answer\",\"answer\":" + offer.replace("\"offer\"", "\"answer\"") + "}");
        sameMember(kit, nextOfType(kit, a, "call_answer"), "answer", offer.replace("\"offer\"", "\"answer\""));
    }

    private static RawConnection.Frame nextOfType(Kit kit, KitSession session, String type) {
        RawConnection.Frame frame = session.next();
        if (frame == null || frame.isClose() || !type.equals(frame.type())) {
            throw kit.failure(session.label() + ": expected " + type + "; received "
                    + (frame == null ? "nothing" : frame.describe()), type, frame == null ? "(nothing)"
                    : frame.describe());
        }
        return frame;
    }

    private static void sameMember(Kit kit, RawConnection.Frame frame, String member, String sent) {
        Map<String, String> members = Json.canonicalMembers(frame.text());
        String expected = Json.canonical(sent);
        String received = members.get(member);
        if (!expected.equals(received)) {
            throw kit.failure("the " + member + " object arrived changed; the server relays it without changing a "
                    + "member, number or string (R3.8)", expected, String.valueOf(received));
        }
    }

    public static void messagesOfOneSenderArriveInOrder(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        String call = call(kit, a, b);
        int count = 30;
        for (int i = 0; i < count; i++) {
            if (i == 10) {
                a.send("{'action':'offer','offer':" + Payloads.OFFER + "}");
            } else if (i == 20) {
                a.send("{'action':'media_state','audio':false}");
            } else {
                a.send("{'action':'ice_candidate','candidate':" + Payloads.candidate(i) + "}");
            }
        }
        for (int i = 0; i < count; i++) {
            if (i == 10) {
                b.expect("{'type':'call_offer','offer':" + Payloads.OFFER + ",'caller_id':'@alice.rendered',"
                        + "'call_id':'" + call + "'}");
            } else if (i == 20) {
                b.expect("{'type':'peer_media_state','call_id':'" + call + "','user_id':'@alice.rendered',"
                        + "'audio':false}");
            } else {
                b.expect("{'type':'ice_candidate','candidate':" + Payloads.candidate(i) + ",'sender_id':"
                        + "'@alice.rendered','call_id':'" + call + "'}");
            }
        }
        b.quiet();
    }
}
