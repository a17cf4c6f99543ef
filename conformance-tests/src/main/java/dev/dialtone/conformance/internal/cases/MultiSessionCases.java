package dev.dialtone.conformance.internal.cases;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dialtone.conformance.internal.Kit;
import dev.dialtone.conformance.internal.KitSession;
import dev.dialtone.conformance.internal.KitUser;
import dev.dialtone.conformance.internal.wire.RawConnection;
import java.util.ArrayList;
import java.util.List;

/** Section 5: several sessions and glare (R5.1 to R5.6). */
public final class MultiSessionCases {

    private MultiSessionCases() {
    }

    public static void laterSessionDoesNotRing(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession phone = kit.connect(bob);
        String call = kit.ring(a, bob, phone);
        KitSession laptop = kit.connect(bob);
        laptop.quiet("no incoming_call: the laptop connected after the call was placed (R5.1)");
        laptop.send("{'action':'answer_call','call_id':'" + call + "'}");
        laptop.expectError("not_a_party", "answer_call", null, call);
        laptop.send("{'action':'reject_call','call_id':'" + call + "'}");
        laptop.expectError("not_a_party", "reject_call", null, call);
        a.quiet();
        phone.send("{'action':'answer_call','call_id':'" + call + "'}");
        a.expect("{'type':'call_answered','callee_id':'@bob','call_id':'" + call + "'}");
        laptop.quiet("nothing: the laptop never rang, so it is not told the call was answered");
    }

    public static void firstAnswerWins(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession phone = kit.connect(bob);
        KitSession laptop = kit.connect(bob);
        KitSession tablet = kit.connect(bob);
        String call = kit.ring(a, bob, phone, laptop, tablet);
        laptop.send("{'action':'answer_call','call_id':'" + call + "'}");
        a.expect("{'type':'call_answered','callee_id':'@bob','call_id':'" + call + "'}");
        phone.expect("{'type':'call_ended','call_id':'" + call + "','reason':'answered_elsewhere'}");
        tablet.expect("{'type':'call_ended','call_id':'" + call + "','reason':'answered_elsewhere'}");
        laptop.quiet("nothing for the answering session");
        phone.send("{'action':'answer_call','call_id':'" + call + "'}");
        phone.expectError("invalid_state", "answer_call", null, call);
        a.quiet();
    }

    public static void racingAnswersHaveOneWinner(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession phone = kit.connect(bob);
        KitSession laptop = kit.connect(bob);
        String call = kit.ring(a, bob, phone, laptop);
        String answer = kit.render("{'action':'answer_call','call_id':'" + call + "'}");
        phone.sendRawUnpaced(answer);
        laptop.sendRawUnpaced(answer);
        a.expect("{'type':'call_answered','callee_id':'@bob','call_id':'" + call + "'}");
        a.quiet("exactly one call_answered (R5.2: the first answer wins)");
        // The loser gets answered_elsewhere and then invalid_state for its own answer; the winner nothing.
        List<KitSession> losers = new ArrayList<>();
        List<KitSession> winners = new ArrayList<>();
        for (KitSession session : List.of(phone, laptop)) {
            List<RawConnection.Frame> frames = session.drainUntilBarrier();
            if (frames.isEmpty()) {
                winners.add(session);
                continue;
            }
            RawConnection.Frame first = frames.get(0);
            boolean lost = frames.size() == 2 && "call_ended".equals(first.type())
                    && "answered_elsewhere".equals(first.json().path("reason").asText())
                    && kit.var(call).asText().equals(first.json().path("call_id").asText())
                    && "error".equals(frames.get(1).type())
                    && "invalid_state".equals(frames.get(1).json().path("code").asText());
            if (!lost) {
                throw kit.failure(session.label() + ": after two racing answers, a session gets nothing (it won) or "
                        + "call_ended answered_elsewhere then error invalid_state (it lost); this one got "
                        + frames.stream().map(RawConnection.Frame::describe).toList(), "nothing, or call_ended + error",
                        frames.stream().map(RawConnection.Frame::describe).toList().toString());
            }
            losers.add(session);
        }
        kit.check(losers.size() == 1 && winners.size() == 1, "two racing answers: " + winners.size()
                + " sessions won and " + losers.size() + " lost; exactly one must win (R5.2)");
    }

    public static void rejectFromAnySessionRejectsForAll(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession phone = kit.connect(bob);
        KitSession laptop = kit.connect(bob);
        KitSession tablet = kit.connect(bob);
        String call = kit.ring(a, bob, phone, laptop, tablet);
        laptop.send("{'action':'reject_call','call_id':'" + call + "'}");
        a.expect("{'type':'call_rejected','callee_id':'@bob','call_id':'" + call + "'}");
        phone.expect("{'type':'call_ended','call_id':'" + call + "','reason':'rejected_elsewhere'}");
        tablet.expect("{'type':'call_ended','call_id':'" + call + "','reason':'rejected_elsewhere'}");
        laptop.quiet("nothing for the rejecting session");
        Records.expectRecord(kit, a, call, "rejected", "@bob");
    }

    public static void glareMakesNoSecondCall(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        String call = kit.ring(a, bob, b);
        b.send("{'action':'start_call','callee_id':'@alice','call_type':'video','offer':" + Payloads.OFFER + "}");
        b.expect("{'type':'call_unavailable','callee_id':'@alice','reason':'glare','call_id':'" + call + "'}");
        a.quiet("no second call: glare makes none (R5.4)");
        b.send("{'action':'answer_call','call_id':'" + call + "'}");
        a.expect("{'type':'call_answered','callee_id':'@bob','call_id':'" + call + "'}");
        a.send("{'action':'hang_up','call_id':'" + call + "'}");
        b.expect("{'type':'call_hanged_up','hanged_up_by':'@alice.rendered','call_id':'" + call + "'}");
        List<ObjectNode> records = Records.await(kit, b, list -> Records.find(list, kit.var(call).asText()) != null,
                "the record of call " + kit.var(call).asText());
        kit.check(records.size() == 1, "glare left " + records.size() + " records; exactly one call was made "
                + "(R5.4, R7.1): " + Records.describe(records));
        ObjectNode record = records.get(0);
        kit.check("audio".equals(record.path("call_type").asText()), "the glare call's record has call_type "
                + record.get("call_type") + "; the pending call was audio, bob's video start_call made no call");
    }

    public static void glareFromALaterSessionCannotAnswer(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        KitSession phone = kit.connect(bob);
        String call = kit.ring(a, bob, phone);
        KitSession laptop = kit.connect(bob);
        laptop.send("{'action':'start_call','callee_id':'@alice'}");
        laptop.expect("{'type':'call_unavailable','callee_id':'@alice','reason':'glare','call_id':'" + call + "'}");
        laptop.send("{'action':'answer_call','call_id':'" + call + "'}");
        laptop.expectError("not_a_party", "answer_call", null, call);
        a.quiet();
        phone.quiet("the call still rings at the phone, unchanged");
    }

    public static void oneLiveCallPerUser(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitUser carol = kit.user("carol");
        KitSession a = kit.connect(alice);
        KitSession aLaptop = kit.connect(alice);
        KitSession b = kit.connect(bob);
        KitSession c = kit.connect(carol);
        kit.connectCall(a, b);
        aLaptop.send("{'action':'start_call','callee_id':'@carol'}");
        aLaptop.expectError("invalid_state", "start_call");
        c.quiet("nothing: alice's other session may not place a second call (R5.5)");
        c.send("{'action':'start_call','callee_id':'@alice'}");
        c.expect("{'type':'call_unavailable','callee_id':'@alice','reason':'busy','call_id':'@busy'}");
        a.quiet();
        aLaptop.quiet();
    }

    public static void otherSessionsCannotRelayOrHangUp(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(alice);
        KitSession aLaptop = kit.connect(alice);
        KitSession phone = kit.connect(bob);
        KitSession laptop = kit.connect(bob);
        String call = kit.connectCall(a, phone, laptop);
        for (KitSession other : List.of(aLaptop, laptop)) {
            other.send("{'action':'ice_candidate','candidate':" + Payloads.CANDIDATE_A + "}");
            other.expectError("not_a_party", "ice_candidate", null, call);
            other.send("{'action':'hang_up','call_id':'" + call + "'}");
            other.expectError("not_a_party", "hang_up", null, call);
        }
        a.quiet("the call goes on, untouched (R5.6)");
        phone.quiet("the call goes on, untouched (R5.6)");
        a.send("{'action':'ice_candidate','candidate':" + Payloads.CANDIDATE_A + "}");
        phone.expect("{'type':'ice_candidate','candidate':" + Payloads.CANDIDATE_A + ",'sender_id':'@alice.rendered',"
                + "'call_id':'" + call + "'}");
    }
}
