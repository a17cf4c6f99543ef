package dev.dialtone.conformance.internal.cases;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dialtone.conformance.internal.Kit;
import dev.dialtone.conformance.internal.KitSession;
import dev.dialtone.conformance.internal.KitUser;
import java.util.List;

/** Section 2: call set-up (R2.1 to R2.13). */
public final class CallSetupCases {

    private CallSetupCases() {
    }

    // ---- R2.1, R2.2

    public static void startCallRingsTheCallee(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        kit.ring(a, bob, b);
        a.quiet();
        b.quiet();
    }

    public static void startCallWithoutCalleeIsInvalid(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        a.send("{'action':'start_call'}");
        a.expectError("invalid_message", "start_call", "callee_id", null);
        a.send("{'action':'start_call','call_type':'video'}");
        a.expectError("invalid_message", "start_call", "callee_id", null);
        // 0.3: a member given as null is absent.
        a.sendRaw("{\"action\":\"start_call\",\"callee_id\":null}");
        a.expectError("invalid_message", "start_call", "callee_id", null);
        a.quiet();
    }

    public static void offerInStartCallReachesTheCallee(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        String call = kit.newCallVar();
        a.send("{'action':'start_call','callee_id':'@bob','offer':" + Payloads.OFFER + "}");
        a.expect("{'type':'call_ringing','call_id':'" + call + "','callee_id':'@bob','call_type':'audio'}");
        b.expect("{'type':'incoming_call','call_id':'" + call + "','caller_id':'@alice.rendered',"
                + "'caller_username':'@alice.name','call_type':'audio','offer':" + Payloads.OFFER + "}");
    }

    public static void videoCallType(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        String call = kit.newCallVar();
        a.send("{'action':'start_call','callee_id':'@bob','call_type':'video'}");
        a.expect("{'type':'call_ringing','call_id':'" + call + "','callee_id':'@bob','call_type':'video'}");
        b.expect("{'type':'incoming_call','call_id':'" + call + "','caller_id':'@alice.rendered',"
                + "'caller_username':'@alice.name','call_type':'video'}");
        a.send("{'action':'cancel_call','call_id':'" + call + "'}");
        b.expect("{'type':'call_cancelled','caller_id':'@alice.rendered','call_id':'" + call + "'}");
        ObjectNode record = Records.expectRecord(kit, a, call, "cancelled", "@alice");
        kit.check("video".equals(record.path("call_type").asText()), "the record of a video call has call_type "
                + record.get("call_type") + " (R7.2)");
        // Explicit audio is audio too.
        String second = kit.newCallVar();
        a.send("{'action':'start_call','callee_id':'@bob','call_type':'audio'}");
        a.expect("{'type':'call_ringing','call_id':'" + second + "','callee_id':'@bob','call_type':'audio'}");
        b.expect("{'type':'incoming_call','call_id':'" + second + "','caller_id':'@alice.rendered',"
                + "'caller_username':'@alice.name','call_type':'audio'}");
    }

    public static void unknownCallTypeIsInvalid(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        for (String type : List.of("\"hologram\"", "\"Audio\"", "\"\"", "5", "true")) {
            a.sendRaw(kit.render("{'action':'start_call','callee_id':'@bob'}").replace("}", ",\"call_type\":" + type
                    + "}"));
            a.expectError("invalid_message", "start_call", "call_type", null);
        }
        a.quiet();
        b.quiet("nothing: no start_call above was valid");
    }

    // ---- R2.3, R2.4

    public static void everyConnectedCalleeSessionRings(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        KitSession phone = kit.connect(bob);
        KitSession laptop = kit.connect(bob);
        KitSession tablet = kit.connect(bob);
        kit.ring(a, bob, phone, laptop, tablet);
        phone.quiet();
        laptop.quiet();
        tablet.quiet();
    }

    public static void onlyTheCallerSessionGetsCallRinging(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        KitSession aOther = kit.connect(alice);
        KitSession b = kit.connect(bob);
        kit.ring(a, bob, b);
        a.quiet();
        aOther.quiet("nothing for the caller's other session (R2.4)");
    }

    // ---- R2.5

    public static void offlineCalleeIsUnavailable(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        a.send("{'action':'start_call','callee_id':'@bob'}");
        a.expect("{'type':'call_unavailable','callee_id':'@bob','reason':'offline','call_id':'@c1'}");
        a.quiet();
        // Nothing is sent to the callee, not even once it connects.
        KitSession b = kit.connect(bob);
        b.quiet("nothing: the attempt ended before bob connected");
        Records.expectRecord(kit, a, "@c1", "offline", null);
        Records.expectRecord(kit, b, "@c1", "offline", null);
    }

    public static void droppedCalleeIsOffline(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        b.drop();
        kit.letTheServerNoticeTheDrop(a);
        // A detached session does not count: bob is offline while his session waits for its resume.
        a.send("{'action':'start_call','callee_id':'@bob'}");
        a.expect("{'type':'call_unavailable','callee_id':'@bob','reason':'offline','call_id':'@c1'}");
        a.quiet();
    }

    // ---- R2.6

    public static void busyCalleeIsUnavailable(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitUser carol = kit.user("carol");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        KitSession c = kit.connect(carol);
        kit.connectCall(a, b);
        String busy = kit.newCallVar();
        c.send("{'action':'start_call','callee_id':'@bob'}");
        c.expect("{'type':'call_unavailable','callee_id':'@bob','reason':'busy','call_id':'" + busy + "'}");
        c.send("{'action':'start_call','callee_id':'@alice'}");
        String busy2 = kit.newCallVar();
        c.expect("{'type':'call_unavailable','callee_id':'@alice','reason':'busy','call_id':'" + busy2 + "'}");
        kit.check(!kit.var(busy).equals(kit.var(busy2)), "two attempts got the same call id");
        a.quiet("nothing: carol's attempts are not sent to the busy users (R2.6)");
        b.quiet("nothing: carol's attempts are not sent to the busy users (R2.6)");
        Records.expectRecord(kit, c, busy, "busy", null);
    }

    public static void ringingUsersAreBusy(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitUser carol = kit.user("carol");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        KitSession c = kit.connect(carol);
        kit.ring(a, bob, b);
        // bob is ringing as callee, alice as caller: both are in a live call.
        c.send("{'action':'start_call','callee_id':'@bob'}");
        c.expect("{'type':'call_unavailable','callee_id':'@bob','reason':'busy','call_id':'@busy1'}");
        c.send("{'action':'start_call','callee_id':'@alice'}");
        c.expect("{'type':'call_unavailable','callee_id':'@alice','reason':'busy','call_id':'@busy2'}");
        a.quiet();
        b.quiet();
    }

    // ---- R2.7

    public static void callingYourselfIsUnavailable(Kit kit) {
        KitUser alice = kit.user("alice");
        KitSession a = kit.connect(alice);
        KitSession aOther = kit.connect(alice);
        a.send("{'action':'start_call','callee_id':'@alice'}");
        a.expect("{'type':'call_unavailable','callee_id':'@alice','reason':'self'}");
        // Compared by text: the id as a string names the same user.
        a.sendRaw("{\"action\":\"start_call\",\"callee_id\":\"" + alice.id() + "\"}");
        a.expect("{'type':'call_unavailable','callee_id':'" + alice.id() + "','reason':'self'}");
        a.quiet();
        aOther.quiet("nothing: calling oneself rings nobody (R2.7)");
        kit.check(Records.fetch(kit, a).isEmpty(), "calling oneself left a record; self issues no call id (R2.7)");
    }

    // ---- R2.8

    public static void callerInACallGetsInvalidState(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitUser carol = kit.user("carol");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        KitSession c = kit.connect(carol);
        kit.connectCall(a, b);
        a.send("{'action':'start_call','callee_id':'@carol'}");
        a.expectError("invalid_state", "start_call");
        a.quiet();
        c.quiet("nothing: alice is in a call, so her start_call does nothing (R2.8)");
        b.send("{'action':'start_call','callee_id':'@carol'}");
        b.expectError("invalid_state", "start_call");
        c.quiet();
    }

    public static void startCallChecksRunInOrder(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitUser carol = kit.user("carol");
        KitUser dave = kit.user("dave");
        KitUser erin = kit.user("erin");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        KitSession c = kit.connect(carol);
        KitSession d = kit.connect(dave);
        kit.connectCall(a, b);
        kit.connectCall(c, d);
        // self before caller busy
        a.send("{'action':'start_call','callee_id':'@alice'}");
        a.expect("{'type':'call_unavailable','callee_id':'@alice','reason':'self'}");
        // caller busy before callee busy
        a.send("{'action':'start_call','callee_id':'@carol'}");
        a.expectError("invalid_state", "start_call");
        // caller busy before offline
        a.send("{'action':'start_call','callee_id':'@erin'}");
        a.expectError("invalid_state", "start_call");
        a.quiet();
        kit.check(erin != null, "erin stays offline");
    }

    // ---- R2.9, R2.10

    public static void ringingSessionAnswers(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        String call = kit.ring(a, bob, b);
        b.send("{'action':'answer_call','call_id':'" + call + "','caller_id':'@alice'}");
        a.expect("{'type':'call_answered','callee_id':'@bob','call_id':'" + call + "'}");
        b.quiet("nothing for the answering session (R2.10)");
        a.send("{'action':'offer','offer':" + Payloads.OFFER + "}");
        b.expect("{'type':'call_offer','offer':" + Payloads.OFFER + ",'caller_id':'@alice.rendered','call_id':'"
                + call + "'}");
    }

    public static void answerInAnswerCallReachesTheCaller(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        String call = kit.newCallVar();
        a.send("{'action':'start_call','callee_id':'@bob','offer':" + Payloads.OFFER + "}");
        a.expect("{'type':'call_ringing','call_id':'" + call + "','callee_id':'@bob','call_type':'audio'}");
        b.expect("{'type':'incoming_call','call_id':'" + call + "','caller_id':'@alice.rendered',"
                + "'caller_username':'@alice.name','call_type':'audio','offer':" + Payloads.OFFER + "}");
        b.send("{'action':'answer_call','call_id':'" + call + "','answer':" + Payloads.ANSWER + "}");
        a.expect("{'type':'call_answered','callee_id':'@bob','call_id':'" + call + "','answer':" + Payloads.ANSWER
                + "}");
    }

    // ---- R2.11

    public static void wrongPeerIdIsUnknownCall(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitUser carol = kit.user("carol");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        kit.connect(carol);
        String call = kit.ring(a, bob, b);
        b.send("{'action':'answer_call','call_id':'" + call + "','caller_id':'@carol'}");
        b.expectError("unknown_call", "answer_call", null, call);
        b.send("{'action':'reject_call','call_id':'" + call + "','caller_id':'@bob'}");
        b.expectError("unknown_call", "reject_call", null, call);
        a.send("{'action':'cancel_call','call_id':'" + call + "','callee_id':'@alice'}");
        a.expectError("unknown_call", "cancel_call", null, call);
        a.quiet("nothing: refused actions change nothing (R2.11)");
        // The call still rings; the right ids (compared by text) work.
        b.sendRaw(kit.render("{'action':'answer_call','call_id':'" + call + "'}").replace("}",
                ",\"caller_id\":\"" + alice.id() + "\"}"));
        a.expect("{'type':'call_answered','callee_id':'@bob','call_id':'" + call + "'}");
        a.send("{'action':'ice_candidate','peer_id':'@carol','candidate':" + Payloads.CANDIDATE_A + "}");
        a.expectError("unknown_call", "ice_candidate", null, call);
        a.send("{'action':'hang_up','peer_id':'@alice','call_id':'" + call + "'}");
        a.expectError("unknown_call", "hang_up", null, call);
        b.quiet("nothing: the refused relay and hang-up reach nobody");
        a.send("{'action':'hang_up','peer_id':'@bob','call_id':'" + call + "'}");
        b.expect("{'type':'call_hanged_up','hanged_up_by':'@alice.rendered','call_id':'" + call + "'}");
    }

    // ---- R2.12

    public static void onlyARingingSessionMayAnswerOrReject(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitUser mallory = kit.user("mallory");
        KitSession a = kit.connect(alice);
        KitSession aOther = kit.connect(alice);
        KitSession b = kit.connect(bob);
        KitSession m = kit.connect(mallory);
        String call = kit.ring(a, bob, b);
        KitSession bLate = kit.connect(bob);
        for (KitSession notRinging : List.of(a, aOther, m, bLate)) {
            notRinging.send("{'action':'answer_call','call_id':'" + call + "'}");
            notRinging.expectError("not_a_party", "answer_call", null, call);
            notRinging.send("{'action':'reject_call','call_id':'" + call + "'}");
            notRinging.expectError("not_a_party", "reject_call", null, call);
        }
        a.quiet();
        b.quiet("nothing: the call still rings, untouched");
        b.send("{'action':'answer_call','call_id':'" + call + "'}");
        a.expect("{'type':'call_answered','callee_id':'@bob','call_id':'" + call + "'}");
    }

    public static void onlyTheCallerSessionMayCancel(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitUser mallory = kit.user("mallory");
        KitSession a = kit.connect(alice);
        KitSession aOther = kit.connect(alice);
        KitSession b = kit.connect(bob);
        KitSession m = kit.connect(mallory);
        String call = kit.ring(a, bob, b);
        for (KitSession notCaller : List.of(aOther, b, m)) {
            notCaller.send("{'action':'cancel_call','call_id':'" + call + "'}");
            notCaller.expectError("not_a_party", "cancel_call", null, call);
        }
        b.quiet("nothing: the call still rings");
        a.quiet();
        a.send("{'action':'cancel_call','call_id':'" + call + "'}");
        b.expect("{'type':'call_cancelled','caller_id':'@alice.rendered','call_id':'" + call + "'}");
    }

    // ---- R2.13

    public static void partyIsCheckedBeforeThePeerId(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitUser mallory = kit.user("mallory");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        KitSession m = kit.connect(mallory);
        String call = kit.ring(a, bob, b);
        m.send("{'action':'answer_call','call_id':'" + call + "','caller_id':'@mallory'}");
        m.expectError("not_a_party", "answer_call", null, call);
        m.send("{'action':'hang_up','call_id':'" + call + "','peer_id':'@bob'}");
        m.expectError("not_a_party", "hang_up", null, call);
        // Decoding comes first of all: a malformed member of an action about a real call.
        m.sendRaw(kit.render("{'action':'answer_call','call_id':'" + call + "'}").replace("}",
                ",\"answer\":\"not an object\"}"));
        m.expectError("invalid_message", "answer_call", "answer", null);
        m.quiet();
    }

    public static void peerIdIsCheckedBeforeTheState(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitUser carol = kit.user("carol");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        kit.connect(carol);
        String call = kit.ring(a, bob, b);
        // A ringing session may send hang_up at all (role), then the peer id is checked, then the state.
        b.send("{'action':'hang_up','call_id':'" + call + "','peer_id':'@carol'}");
        b.expectError("unknown_call", "hang_up", null, call);
        b.send("{'action':'hang_up','call_id':'" + call + "','peer_id':'@alice'}");
        b.expectError("invalid_state", "hang_up", null, call);
        a.send("{'action':'offer','offer':" + Payloads.OFFER + ",'callee_id':'@carol','call_id':'" + call + "'}");
        a.expectError("unknown_call", "offer", null, call);
        a.send("{'action':'offer','offer':" + Payloads.OFFER + ",'callee_id':'@bob','call_id':'" + call + "'}");
        a.expectError("invalid_state", "offer", null, call);
        a.quiet();
        b.quiet();
    }

    public static void errorsNameTheResolvedCall(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        String call = kit.ring(a, bob, b);
        // No call_id given: the error names the call the action was resolved to (R2.13).
        a.send("{'action':'media_state','audio':false}");
        a.expectError("invalid_state", "media_state", null, call);
        b.send("{'action':'ice_candidate','candidate':" + Payloads.CANDIDATE_B + "}");
        b.expectError("invalid_state", "ice_candidate", null, call);
        a.quiet();
        b.quiet();
    }
}
