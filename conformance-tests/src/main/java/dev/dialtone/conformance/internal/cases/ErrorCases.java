package dev.dialtone.conformance.internal.cases;

import dev.dialtone.conformance.internal.Kit;
import dev.dialtone.conformance.internal.KitSession;
import dev.dialtone.conformance.internal.KitUser;
import dev.dialtone.conformance.internal.wire.RawConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Section 8: errors and limits (R8.1 to R8.17), and the hostile inputs of the kit. */
public final class ErrorCases {

    private ErrorCases() {
    }

    public static void refusedMessagesKeepTheConnectionUsable(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(bob);
        a.sendRaw("{not json");
        a.expectError("bad_json", null);
        a.sendRaw("{\"action\":\"teleport\"}");
        a.expectError("unknown_action", "teleport");
        a.sendRaw("{\"action\":\"start_call\",\"callee_id\":false}");
        a.expectError("invalid_message", "start_call", "callee_id", null);
        a.send("{'action':'hang_up','call_id':'kit-no-such-call'}");
        a.expectError("unknown_call", "hang_up", null, "kit-no-such-call");
        a.expectOpen();
        // The same connection still places a normal call (R8.1).
        String call = kit.connectCall(a, b);
        a.send("{'action':'hang_up','call_id':'" + call + "'}");
        b.expect("{'type':'call_hanged_up','hanged_up_by':'@alice.rendered','call_id':'" + call + "'}");
    }

    public static void badJsonIsRefused(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        for (String frame : List.of("{", "not json at all", "[]", "[{\"action\":\"ping\"}]", "42", "\"ping\"",
                "null", "true", "{\"action\":\"ping\"} {\"action\":\"ping\"}", "{\"action\":\"ping\"} trailing",
                "{\"action\":\"ping\",\"action\":\"ping\"}", "{\"action\":\"ping\",\"nonce\":\"a\",\"nonce\":\"b\"}",
                "", " ")) {
            a.sendRaw(frame);
            a.expectError("bad_json", null);
        }
        a.sendBinary("{\"action\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
        a.expectError("bad_json", null);
        a.quiet();
        a.expectOpen();
        kit.serverStillServesACall();
    }

    public static void unknownActionIsRefused(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        a.sendRaw("{}");
        a.expectError("unknown_action", null);
        a.sendRaw("{\"callee_id\":2}");
        a.expectError("unknown_action", null);
        a.sendRaw("{\"action\":5}");
        a.expectError("unknown_action", null);
        a.sendRaw("{\"action\":null}");
        a.expectError("unknown_action", null);
        a.sendRaw("{\"action\":\"dance\",\"callee_id\":2}");
        a.expectError("unknown_action", "dance");
        a.sendRaw("{\"action\":\"START_CALL\"}");
        a.expectError("unknown_action", "START_CALL");
        a.sendRaw("{\"type\":\"incoming_call\"}");
        a.expectError("unknown_action", null);
        a.quiet();
        kit.serverStillServesACall();
    }

    public static void invalidMessageNamesTheField(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(bob);
        String bobId = kit.render("{'id':'@bob'}").replace("{\"id\":", "").replace("}", "");
        String[][] cases = {
            {"{\"action\":\"start_call\",\"callee_id\":" + bobId + ",\"offer\":\"sdp text\"}", "start_call", "offer"},
            {"{\"action\":\"start_call\",\"callee_id\":" + bobId + ",\"offer\":[1]}", "start_call", "offer"},
            {"{\"action\":\"ping\",\"nonce\":\"" + "n".repeat(65) + "\"}", "ping", "nonce"},
            {"{\"action\":\"ping\",\"nonce\":7}", "ping", "nonce"},
            {"{\"action\":\"get_call_history\",\"limit\":\"ten\"}", "get_call_history", "limit"},
            {"{\"action\":\"get_call_history\",\"before\":\"has space\"}", "get_call_history", "before"},
            {"{\"action\":\"media_state\",\"audio\":\"yes\"}", "media_state", "audio"},
            {"{\"action\":\"media_state\",\"audio\":true,\"video\":1}", "media_state", "video"},
            {"{\"action\":\"ice_candidate\"}", "ice_candidate", "candidate"},
            {"{\"action\":\"ice_candidate\",\"candidate\":\"candidate:1\"}", "ice_candidate", "candidate"},
            {"{\"action\":\"offer\",\"offer\":null}", "offer", "offer"},
            {"{\"action\":\"answer\"}", "answer", "answer"},
            {"{\"action\":\"answer_call\",\"call_id\":null}", "answer_call", "call_id"},
            {"{\"action\":\"hang_up\",\"call_id\":\"x\",\"peer_id\":[]}", "hang_up", "peer_id"},
        };
        for (String[] c : cases) {
            a.sendRaw(c[0]);
            a.expectError("invalid_message", c[1], c[2], null);
        }
        a.quiet();
        b.quiet("nothing: no action above was valid");
        kit.serverStillServesACall();
    }

    public static void nonPartyInjectionIsRefused(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        KitSession m = kit.connect(kit.user("mallory"));
        String call = kit.connectCall(a, b);
        // Mallory names the call and spoofs ids: every action is refused and reaches nobody.
        String[] actions = {
            "{'action':'offer','callee_id':'@bob','offer':" + Payloads.OFFER + ",'call_id':'" + call + "'}",
            "{'action':'answer','caller_id':'@alice','answer':" + Payloads.ANSWER + ",'call_id':'" + call + "'}",
            "{'action':'ice_candidate','peer_id':'@bob','candidate':" + Payloads.CANDIDATE_A + ",'call_id':'" + call
                + "','sender_id':'@alice'}",
            "{'action':'media_state','audio':false,'call_id':'" + call + "','user_id':'@alice'}",
            "{'action':'hang_up','peer_id':'@bob','call_id':'" + call + "'}",
            "{'action':'answer_call','caller_id':'@alice','call_id':'" + call + "'}",
            "{'action':'reject_call','caller_id':'@alice','call_id':'" + call + "'}",
            "{'action':'cancel_call','callee_id':'@bob','call_id':'" + call + "'}",
        };
        for (String action : actions) {
            m.send(action);
            m.expectError("not_a_party", dev.dialtone.conformance.internal.wire.Json.template(action).get("action")
                    .asText(), null, call);
        }
        a.quiet("nothing of mallory's (R8.12)");
        b.quiet("nothing of mallory's (R8.12)");
        // The call is untouched: it still relays, and ends only when a party ends it.
        a.send("{'action':'ice_candidate','candidate':" + Payloads.CANDIDATE_A + "}");
        b.expect("{'type':'ice_candidate','candidate':" + Payloads.CANDIDATE_A + ",'sender_id':'@alice.rendered',"
                + "'call_id':'" + call + "'}");
        b.send("{'action':'hang_up','call_id':'" + call + "'}");
        a.expect("{'type':'call_hanged_up','hanged_up_by':'@bob.rendered','call_id':'" + call + "'}");
        m.quiet("nothing for mallory");
        kit.serverStillServesACall();
    }

    public static void spoofedIdsReachNobody(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitUser carol = kit.user("carol");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        KitSession c = kit.connect(carol);
        String call = kit.connectCall(a, b);
        // Alice, in a call with bob, tries to reach carol by naming her: unknown_call, nothing reaches carol.
        a.send("{'action':'ice_candidate','peer_id':'@carol','candidate':" + Payloads.CANDIDATE_A + "}");
        a.expectError("unknown_call", "ice_candidate", null, call);
        a.send("{'action':'offer','callee_id':'@carol','offer':" + Payloads.OFFER + "}");
        a.expectError("unknown_call", "offer", null, call);
        a.send("{'action':'answer','caller_id':'@carol','answer':" + Payloads.ANSWER + "}");
        a.expectError("unknown_call", "answer", null, call);
        c.quiet("nothing: carol is nobody's peer (R8.12)");
        b.quiet("nothing: the refused messages reach nobody (R8.12)");
        kit.serverStillServesACall();
    }

    public static void messagesAfterHangUpAreRefused(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        String call = kit.connectCall(a, b);
        a.send("{'action':'hang_up','call_id':'" + call + "'}");
        b.expect("{'type':'call_hanged_up','hanged_up_by':'@alice.rendered','call_id':'" + call + "'}");
        a.send("{'action':'offer','offer':" + Payloads.OFFER + ",'call_id':'" + call + "'}");
        a.expectError("unknown_call", "offer", null, call);
        b.send("{'action':'ice_candidate','candidate':" + Payloads.CANDIDATE_B + "}");
        b.expectError("unknown_call", "ice_candidate");
        a.quiet();
        b.quiet();
        kit.serverStillServesACall();
    }

    public static void startCallRateIsLimited(Kit kit) {
        KitUser alice = kit.user("alice");
        KitSession phone = kit.connect(alice);
        KitSession laptop = kit.connect(alice);
        // Ten start_calls in a minute, counted across sessions, whatever their result (offline here).
        for (int i = 0; i < 10; i++) {
            KitSession session = i % 2 == 0 ? phone : laptop;
            KitUser nobody = kit.user("offline" + i);
            session.send("{'action':'start_call','callee_id':'@" + nobody.name() + "'}");
            session.expect("{'type':'call_unavailable','callee_id':'@" + nobody.name() + "','reason':'offline',"
                    + "'call_id':'@rate" + i + "'}");
        }
        KitUser eleventh = kit.user("offline10");
        phone.send("{'action':'start_call','callee_id':'@" + eleventh.name() + "'}");
        phone.expectError("rate_limited", "start_call");
        laptop.send("{'action':'start_call','callee_id':'@alice'}");
        laptop.expectError("rate_limited", "start_call");
        phone.quiet();
        laptop.quiet();
    }

    public static void oversizeFrameIsClosedWith1009(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        // Just under the 64 KiB default is served.
        String padding = "x".repeat(60_000);
        a.sendRaw("{\"action\":\"ping\",\"nonce\":\"big\",\"padding\":\"" + padding + "\"}");
        a.expect("{'type':'pong','nonce':'big'}");
        String huge = "{\"action\":\"ping\",\"padding\":\"" + "y".repeat(70_000) + "\"}";
        a.sendRaw(huge);
        a.expectClose(1009);
        kit.serverStillServesACall();
    }

    public static void floodIsClosedWith4008(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        // More than twice the default limit (100 per second) within one second, in batches, stopping once the server
        // closed: writing on after the close can reset the connection before its close frame is read.
        List<Long> sent = new java.util.ArrayList<>();
        long start = System.nanoTime();
        while (sent.size() < 260 && !a.connection().isClosed()) {
            for (int i = 0; i < 20; i++) {
                a.sendRawUnpaced("{\"action\":\"ping\"}");
                sent.add(System.nanoTime());
            }
            a.connection().awaitClose(java.time.Duration.ofMillis(15));
        }
        long within = sent.stream().filter(at -> at - start <= 1_000_000_000L).count();
        if (within <= 200 && !a.connection().isClosed()) {
            throw new dev.dialtone.conformance.internal.Inconclusive("the kit sent only " + within + " messages in "
                    + "its first second; a flood needs more than 200");
        }
        jakarta.websocket.CloseReason reason = a.connection().awaitClose(kit.timeout());
        if (reason != null && reason.getCloseCode().getCode() == 1006) {
            throw new dev.dialtone.conformance.internal.Inconclusive("the connection broke (1006) before the kit could "
                    + "read the server's close frame");
        }
        a.expectClose(4008);
        // The server still serves everyone else.
        KitSession b = kit.connect(kit.user("bob"));
        b.quiet();
        kit.serverStillServesACall();
    }

    public static void burstWithinTheLimitIsServed(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        int burst = 100;
        for (int i = 0; i < burst; i++) {
            a.sendRawUnpaced("{\"action\":\"ping\",\"nonce\":\"b" + i + "\"}");
        }
        for (int i = 0; i < burst; i++) {
            a.expect("{'type':'pong','nonce':'b" + i + "'}");
        }
        RawConnection.Frame late = a.next(java.time.Duration.ofMillis(200));
        kit.check(late == null, "after 100 pings in one burst (the default limit), the server sent " + (late == null
                ? "" : late.describe()) + "; it must not close a connection that never exceeds the limit (R8.16)");
        a.expectOpen();
    }

    public static void pingIsAnsweredWithPong(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        a.send("{'action':'ping','nonce':'n-17'}");
        a.expect("{'type':'pong','nonce':'n-17'}");
        a.send("{'action':'ping'}");
        a.expect("{'type':'pong'}");
        String longest = "z".repeat(64);
        a.send("{'action':'ping','nonce':'" + longest + "'}");
        a.expect("{'type':'pong','nonce':'" + longest + "'}");
        a.send("{'action':'ping','nonce':'" + longest + "z'}");
        a.expectError("invalid_message", "ping", "nonce", null);
    }

    public static void malformedJsonDoesNotCloseTheConnection(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(bob);
        for (int i = 0; i < 5; i++) {
            a.sendRaw("{\"action\":");
            a.expectError("bad_json", null);
        }
        a.quiet();
        a.expectOpen();
        kit.ring(a, bob, b);
        kit.serverStillServesACall();
    }
}
