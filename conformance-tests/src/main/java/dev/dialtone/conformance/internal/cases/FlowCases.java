package dev.dialtone.conformance.internal.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dialtone.conformance.internal.Kit;
import dev.dialtone.conformance.internal.KitSession;
import dev.dialtone.conformance.internal.KitUser;
import dev.dialtone.conformance.internal.wire.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Section 9 and Appendix A: each documented flow with its exact JSON. Actions are sent as the document writes them and
 * events must arrive as the document writes them, {@code seq} included (every flow starts with fresh sessions), with
 * the example ids replaced: users 1, 2, 3 and 4 by the case's alice, bob, carol and dave, call ids by the ids the
 * server chose, and the free text of {@code error.message} left out.
 */
public final class FlowCases {

    /** Members that hold a user id taken from a session (rendered in the token's JSON type, R1.4). */
    private static final Map<String, Set<String>> FROM_SESSION = Map.of(
            "incoming_call", Set.of("caller_id"),
            "call_offer", Set.of("caller_id"),
            "call_answer", Set.of("callee_id"),
            "ice_candidate", Set.of("sender_id"),
            "peer_media_state", Set.of("user_id"),
            "call_hanged_up", Set.of("hanged_up_by"),
            "call_cancelled", Set.of("caller_id"),
            "call_missed", Set.of("caller_id"),
            "welcome", Set.of("user_id"));

    private static final String[] NAMES = {null, "alice", "bob", "carol", "dave"};

    private FlowCases() {
    }

    /** The document's JSON as a kit template. */
    static String doc(String json) {
        ObjectNode node = (ObjectNode) Json.template(json);
        String type = node.path("type").asText(null);
        Set<String> fromSession = type == null ? Set.of() : FROM_SESSION.getOrDefault(type, Set.of());
        for (String member : Json.names(node)) {
            JsonNode value = node.get(member);
            if (dev.dialtone.conformance.internal.wire.Ids.USER_ID_MEMBERS.contains(member) && value.isIntegralNumber()
                    && value.asInt() >= 1 && value.asInt() <= 4) {
                String name = "@" + NAMES[value.asInt()];
                node.put(member, fromSession.contains(member) ? name + ".rendered" : name);
            } else if (member.equals("call_id") && value.isTextual()) {
                node.put(member, "@doc-" + value.asText());
            } else if (member.equals("caller_username") && value.isTextual()) {
                node.put(member, "@" + value.asText() + ".name");
            }
        }
        if ("error".equals(type)) {
            node.remove("message");
        }
        return Json.write(node);
    }

    private static void send(KitSession session, String docJson) {
        session.send(doc(docJson));
    }

    private static void expect(KitSession session, String docJson) {
        session.expect(doc(docJson));
    }

    /** Steps 1-13 of 9.1: alice and bob in a connected call that exchanged offer, answer and candidates. */
    private static void seed003CallUpToTheCandidates(Kit kit, KitSession alice, KitSession bob) {
        List<String> f = DocFlows.FLOW_9_1;
        send(alice, f.get(0));
        expect(bob, f.get(1));
        expect(alice, f.get(2));
        send(bob, f.get(3));
        expect(alice, f.get(4));
        send(alice, f.get(5));
        expect(bob, f.get(6));
        send(bob, f.get(7));
        expect(alice, f.get(8));
        send(alice, f.get(9));
        expect(bob, f.get(10));
        send(bob, f.get(11));
        expect(alice, f.get(12));
    }

    public static void flow91Seed003Call(Kit kit) {
        KitSession alice = kit.connect(kit.user("alice"));
        KitSession bob = kit.connect(kit.user("bob"));
        seed003CallUpToTheCandidates(kit, alice, bob);
        send(alice, DocFlows.FLOW_9_1.get(13));
        expect(bob, DocFlows.FLOW_9_1.get(14));
        Records.expectRecord(kit, alice, "@doc-c7Qm2Zx9", "completed", "@alice.rendered");
    }

    public static void flow92Reject(Kit kit) {
        List<String> f = DocFlows.FLOW_9_2;
        KitSession alice = kit.connect(kit.user("alice"));
        KitSession bob = kit.connect(kit.user("bob"));
        send(alice, f.get(0));
        expect(bob, f.get(1));
        expect(alice, f.get(2));
        send(bob, f.get(3));
        expect(alice, f.get(4));
        Records.expectRecord(kit, alice, "@doc-c8Rn3Ya0", "rejected", "@bob");
    }

    public static void flow93Cancel(Kit kit) {
        List<String> f = DocFlows.FLOW_9_3;
        KitSession alice = kit.connect(kit.user("alice"));
        KitSession bob = kit.connect(kit.user("bob"));
        send(alice, f.get(0));
        expect(bob, f.get(1));
        expect(alice, f.get(2));
        send(alice, f.get(3));
        expect(bob, f.get(4));
        Records.expectRecord(kit, alice, "@doc-c9Sp4Xb1", "cancelled", "@alice.rendered");
    }

    public static void flow94Missed(Kit kit) {
        java.time.Duration ring = kit.ringTimeout();
        List<String> f = DocFlows.FLOW_9_4;
        KitSession alice = kit.connect(kit.user("alice"));
        KitSession bob = kit.connect(kit.user("bob"));
        send(alice, f.get(0));
        expect(bob, f.get(1));
        expect(alice, f.get(2));
        alice.expect(doc(f.get(3)), ring.plus(kit.timeout()));
        expect(bob, f.get(4));
        Records.expectRecord(kit, alice, "@doc-cMi3Hs7Q", "missed", null);
    }

    public static void flow95BusyOfflineSelf(Kit kit) {
        List<String> f = DocFlows.FLOW_9_5;
        KitSession alice = kit.connect(kit.user("alice"));
        KitSession bob = kit.connect(kit.user("bob"));
        KitSession carol = kit.connect(kit.user("carol"));
        KitUser dave = kit.user("dave");
        seed003CallUpToTheCandidates(kit, alice, bob);
        send(carol, f.get(0));
        expect(carol, f.get(1));
        send(carol, f.get(2));
        expect(carol, f.get(3));
        send(carol, f.get(4));
        expect(carol, f.get(5));
        send(alice, f.get(6));
        expect(alice, f.get(7));
        bob.quiet("nothing: carol's attempt did not ring the busy bob");
        Records.expectRecord(kit, carol, "@doc-cBz5Tn8Y", "busy", null);
        Records.expectRecord(kit, carol, "@doc-cDq6Vm1Z", "offline", null);
        kit.check(dave != null, "dave stays offline");
    }

    public static void flow96Glare(Kit kit) {
        List<String> f = DocFlows.FLOW_9_6;
        KitSession alice = kit.connect(kit.user("alice"));
        KitSession bob = kit.connect(kit.user("bob"));
        send(alice, f.get(0));
        expect(bob, f.get(1));
        expect(alice, f.get(2));
        send(bob, f.get(3));
        expect(bob, f.get(4));
        send(bob, f.get(5));
        expect(alice, f.get(6));
        alice.quiet("no second call");
    }

    public static void flow97AnsweredElsewhere(Kit kit) {
        List<String> f = DocFlows.FLOW_9_7;
        KitUser bobUser = kit.user("bob");
        KitSession alice = kit.connect(kit.user("alice"));
        KitSession phone = kit.connect(bobUser);
        KitSession laptop = kit.connect(bobUser);
        send(alice, f.get(0));
        expect(phone, f.get(1));
        expect(laptop, f.get(2));
        expect(alice, f.get(3));
        send(alice, f.get(4));
        send(laptop, f.get(5));
        expect(alice, f.get(6));
        expect(phone, f.get(7));
        expect(laptop, f.get(8));
        send(phone, f.get(9));
        expect(phone, f.get(10));
    }

    public static void flow98Renegotiation(Kit kit) {
        List<String> f = DocFlows.FLOW_9_8;
        KitSession alice = kit.connect(kit.user("alice"));
        KitSession bob = kit.connect(kit.user("bob"));
        seed003CallUpToTheCandidates(kit, alice, bob);
        send(bob, f.get(0));
        expect(alice, f.get(1));
        send(alice, f.get(2));
        expect(bob, f.get(3));
        send(bob, f.get(4));
        expect(alice, f.get(5));
        send(alice, f.get(6));
        expect(bob, f.get(7));
    }

    public static void flow99Resume(Kit kit) {
        KitSession alice = kit.connect(kit.user("alice"));
        KitSession bob = kit.connect(kit.user("bob"));
        seed003CallUpToTheCandidates(kit, alice, bob);
        List<String> r = DocFlows.FLOW_9_8;
        send(bob, r.get(0));
        expect(alice, r.get(1));
        send(alice, r.get(2));
        expect(bob, r.get(3));
        send(bob, r.get(4));
        expect(alice, r.get(5));
        send(alice, r.get(6));
        expect(bob, r.get(7));
        List<String> f = DocFlows.FLOW_9_9;
        bob.drop();
        send(alice, f.get(0));
        send(alice, f.get(1));
        alice.quiet();
        kit.check(bob.lastSeq() == 5, "before the drop bob's last seq is " + bob.lastSeq() + ", the flow says 5");
        // The welcome of the resume, with this server's own session, token and timers (R6.3).
        ObjectNode welcome = bob.resume(5);
        ObjectNode documented = (ObjectNode) Json.template(doc(f.get(2)));
        documented.put("session_id", bob.sessionId());
        documented.set("ring_timeout_ms", welcome.get("ring_timeout_ms"));
        documented.set("resume_grace_ms", welcome.get("resume_grace_ms"));
        documented.set("resume_token", TextNode.valueOf(welcome.get("resume_token").asText()));
        documented.set("user_id", kit.var("@bob.rendered"));
        kit.check(Json.canonical(documented).equals(Json.canonical(welcome)), "the resumed welcome is " + welcome
                + "; the flow documents " + documented);
        expect(bob, f.get(3));
        expect(bob, f.get(4));
        bob.quiet();
    }

    public static void appendixASeed003ShapesAreAccepted(Kit kit) {
        List<String> a = DocFlows.APPENDIX_A;
        KitUser bobUser = kit.user("bob");
        KitSession alice = kit.connect(kit.user("alice"));
        KitSession bob = kit.connect(bobUser);
        send(alice, a.get(0));
        bob.expectContaining(doc(a.get(1)));
        alice.expect("{'type':'call_ringing','call_id':'@doc-c7Qm2Zx9','callee_id':'@bob','call_type':'audio'}");
        send(bob, a.get(2));
        alice.expectContaining(doc(a.get(3)));
        send(alice, a.get(4));
        bob.expectContaining(doc(a.get(5)));
        send(bob, a.get(6));
        alice.expectContaining(doc(a.get(7)));
        send(alice, a.get(8));
        bob.expectContaining(doc(a.get(9)));
        send(alice, a.get(10));
        bob.expectContaining(doc(a.get(11)));
        // Rejecting and cancelling, in seed shape, on two more calls (the ids are new each time).
        send(alice, a.get(0));
        ObjectNode incoming = bob.expectContaining("{'type':'incoming_call','caller_id':'@alice.rendered',"
                + "'caller_username':'@alice.name'}");
        alice.expect("{'type':'call_ringing','call_id':'@second','callee_id':'@bob','call_type':'audio'}");
        kit.vars().bind("@doc-c7Qm2Zx9", incoming.get("call_id"));
        send(bob, a.get(12));
        alice.expectContaining(doc(a.get(13)));
        send(alice, a.get(0));
        incoming = bob.expectContaining("{'type':'incoming_call','caller_id':'@alice.rendered',"
                + "'caller_username':'@alice.name'}");
        alice.expect("{'type':'call_ringing','call_id':'@third','callee_id':'@bob','call_type':'audio'}");
        kit.vars().bind("@doc-c7Qm2Zx9", incoming.get("call_id"));
        send(alice, a.get(14));
        bob.expectContaining(doc(a.get(15)));
        alice.quiet();
        bob.quiet();
    }
}
