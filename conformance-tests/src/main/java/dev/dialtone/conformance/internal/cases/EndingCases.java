package dev.dialtone.conformance.internal.cases;

import dev.dialtone.conformance.internal.Kit;
import dev.dialtone.conformance.internal.KitSession;
import dev.dialtone.conformance.internal.KitUser;

/** Section 4: ending a call (R4.1 to R4.5). */
public final class EndingCases {

    private EndingCases() {
    }

    public static void hangUpEndsTheCall(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        String call = kit.connectCall(a, b);
        a.send("{'action':'hang_up','peer_id':'@bob','call_id':'" + call + "'}");
        b.expect("{'type':'call_hanged_up','hanged_up_by':'@alice.rendered','call_id':'" + call + "'}");
        a.quiet("nothing for the session that hung up (R4.1)");
        Records.expectRecord(kit, a, call, "completed", "@alice.rendered");
        Records.expectRecord(kit, b, call, "completed", "@alice.rendered");
    }

    public static void calleeMayHangUp(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        String call = kit.connectCall(a, b);
        b.send("{'action':'hang_up','call_id':'" + call + "'}");
        a.expect("{'type':'call_hanged_up','hanged_up_by':'@bob.rendered','call_id':'" + call + "'}");
        b.quiet("nothing for the session that hung up (R4.1)");
        Records.expectRecord(kit, b, call, "completed", "@bob.rendered");
    }

    public static void rejectEndsTheCall(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(bob);
        String call = kit.ring(a, bob, b);
        b.send("{'action':'reject_call','call_id':'" + call + "','caller_id':'@alice'}");
        a.expect("{'type':'call_rejected','callee_id':'@bob','call_id':'" + call + "'}");
        b.quiet("nothing for the rejecting session (R4.2)");
        Records.expectRecord(kit, a, call, "rejected", "@bob");
    }

    public static void cancelEndsTheCall(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession phone = kit.connect(bob);
        KitSession laptop = kit.connect(bob);
        String call = kit.ring(a, bob, phone, laptop);
        a.send("{'action':'cancel_call','call_id':'" + call + "','callee_id':'@bob'}");
        phone.expect("{'type':'call_cancelled','caller_id':'@alice.rendered','call_id':'" + call + "'}");
        laptop.expect("{'type':'call_cancelled','caller_id':'@alice.rendered','call_id':'" + call + "'}");
        a.quiet("nothing for the caller that cancelled (R4.3)");
        Records.expectRecord(kit, phone, call, "cancelled", "@alice.rendered");
    }

    public static void hangUpWhileRingingIsInvalidState(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(bob);
        String call = kit.ring(a, bob, b);
        a.send("{'action':'hang_up','call_id':'" + call + "'}");
        a.expectError("invalid_state", "hang_up", null, call);
        b.send("{'action':'hang_up','call_id':'" + call + "'}");
        b.expectError("invalid_state", "hang_up", null, call);
        a.quiet();
        b.quiet();
        a.send("{'action':'cancel_call','call_id':'" + call + "'}");
        b.expect("{'type':'call_cancelled','caller_id':'@alice.rendered','call_id':'" + call + "'}");
    }

    public static void ringingActionsOnAConnectedCallAreInvalidState(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        String call = kit.connectCall(a, b);
        a.send("{'action':'cancel_call','call_id':'" + call + "'}");
        a.expectError("invalid_state", "cancel_call", null, call);
        b.send("{'action':'reject_call','call_id':'" + call + "'}");
        b.expectError("invalid_state", "reject_call", null, call);
        b.send("{'action':'answer_call','call_id':'" + call + "'}");
        b.expectError("invalid_state", "answer_call", null, call);
        // The party checks come first (R4.4): the callee may never cancel, the caller never answer.
        b.send("{'action':'cancel_call','call_id':'" + call + "'}");
        b.expectError("not_a_party", "cancel_call", null, call);
        a.send("{'action':'answer_call','call_id':'" + call + "'}");
        a.expectError("not_a_party", "answer_call", null, call);
        a.quiet();
        b.quiet();
    }

    public static void endedCallIsUnknown(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(bob);
        String call = kit.connectCall(a, b);
        a.send("{'action':'hang_up','call_id':'" + call + "'}");
        b.expect("{'type':'call_hanged_up','hanged_up_by':'@alice.rendered','call_id':'" + call + "'}");
        for (KitSession session : new KitSession[] {a, b}) {
            session.send("{'action':'hang_up','call_id':'" + call + "'}");
            session.expectError("unknown_call", "hang_up", null, call);
            session.send("{'action':'ice_candidate','candidate':" + Payloads.CANDIDATE_A + ",'call_id':'" + call
                    + "'}");
            session.expectError("unknown_call", "ice_candidate", null, call);
            session.send("{'action':'media_state','audio':true}");
            session.expectError("unknown_call", "media_state");
        }
        b.send("{'action':'answer_call','call_id':'" + call + "'}");
        b.expectError("unknown_call", "answer_call", null, call);
        a.send("{'action':'cancel_call','call_id':'" + call + "'}");
        a.expectError("unknown_call", "cancel_call", null, call);
        // A cancelled call too.
        String second = kit.ring(a, bob, b);
        a.send("{'action':'cancel_call','call_id':'" + second + "'}");
        b.expect("{'type':'call_cancelled','caller_id':'@alice.rendered','call_id':'" + second + "'}");
        b.send("{'action':'answer_call','call_id':'" + second + "'}");
        b.expectError("unknown_call", "answer_call", null, second);
        a.quiet();
        b.quiet();
    }

    public static void neverIssuedCallIdIsUnknown(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        String made = "kit-never-issued-" + kit.env().newStringId("call").replaceAll("[^0-9A-Za-z._~-]", "");
        for (String action : new String[] {"answer_call", "reject_call", "cancel_call", "hang_up"}) {
            a.send("{'action':'" + action + "','call_id':'" + made + "'}");
            a.expectError("unknown_call", action, null, made);
        }
        a.send("{'action':'offer','offer':" + Payloads.OFFER + ",'call_id':'" + made + "'}");
        a.expectError("unknown_call", "offer", null, made);
        a.quiet();
    }
}
