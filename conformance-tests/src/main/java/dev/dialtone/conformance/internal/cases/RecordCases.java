package dev.dialtone.conformance.internal.cases;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dialtone.conformance.internal.Kit;
import dev.dialtone.conformance.internal.KitSession;
import dev.dialtone.conformance.internal.KitUser;
import dev.dialtone.conformance.internal.wire.Ids;
import dev.dialtone.conformance.internal.wire.Json;
import java.util.ArrayList;
import java.util.List;

/** Section 7: call records and history (R7.1 to R7.3). */
public final class RecordCases {

    private RecordCases() {
    }

    public static void everyIssuedCallIdLeavesOneRecord(Kit kit) {
        KitUser alice = kit.user("alice");
        KitUser bob = kit.user("bob");
        KitUser carol = kit.user("carol");
        KitUser dave = kit.user("dave");
        KitSession a = kit.connect(alice);
        KitSession b = kit.connect(bob);
        KitSession c = kit.connect(carol);
        // cancelled
        String cancelled = kit.ring(a, bob, b);
        a.send("{'action':'cancel_call','call_id':'" + cancelled + "'}");
        b.expect("{'type':'call_cancelled','caller_id':'@alice.rendered','call_id':'" + cancelled + "'}");
        // offline: dave never connects
        a.send("{'action':'start_call','callee_id':'@dave'}");
        a.expect("{'type':'call_unavailable','callee_id':'@dave','reason':'offline','call_id':'@offline'}");
        // busy: bob rings carol, alice calls bob
        kit.ring(b, carol, c);
        a.send("{'action':'start_call','callee_id':'@bob'}");
        a.expect("{'type':'call_unavailable','callee_id':'@bob','reason':'busy','call_id':'@busy'}");
        // self and glare: no call id, no record
        a.send("{'action':'start_call','callee_id':'@alice'}");
        a.expect("{'type':'call_unavailable','callee_id':'@alice','reason':'self'}");
        c.send("{'action':'start_call','callee_id':'@bob'}");
        c.expect("{'type':'call_unavailable','callee_id':'@bob','reason':'glare','call_id':'@c2'}");
        List<String> expected = List.of(kit.var(cancelled).asText(), kit.var("@offline").asText(),
                kit.var("@busy").asText());
        List<ObjectNode> records = Records.await(kit, a, list -> list.size() >= 3, "three records");
        List<String> listed = new ArrayList<>();
        records.forEach(record -> listed.add(record.path("call_id").asText()));
        kit.check(listed.size() == 3 && listed.containsAll(expected), "alice's history lists " + listed
                + "; expected exactly one record for each of " + expected + " and none for self (R7.1)");
        // Both parties see the same record.
        List<ObjectNode> bobs = Records.await(kit, b, list -> Records.find(list, expected.get(0)) != null,
                "the cancelled call");
        kit.check(Json.canonical(Records.find(bobs, expected.get(0))).equals(Json.canonical(Records.find(records,
                expected.get(0)))), "alice and bob see different records of call " + expected.get(0) + " (R7.1)");
        kit.check(Records.find(bobs, expected.get(2)) != null, "bob's history does not list the busy attempt "
                + "against him (R7.1, R7.3: records of calls in which the user is caller or callee)");
        kit.check(dave != null, "dave stays offline");
    }

    public static void recordsHaveTheirMembers(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(bob);
        String completed = kit.connectCall(a, b);
        b.send("{'action':'hang_up','call_id':'" + completed + "'}");
        a.expect("{'type':'call_hanged_up','hanged_up_by':'@bob.rendered','call_id':'" + completed + "'}");
        String rejected = kit.ring(a, bob, b);
        b.send("{'action':'reject_call','call_id':'" + rejected + "'}");
        a.expect("{'type':'call_rejected','callee_id':'@bob','call_id':'" + rejected + "'}");
        ObjectNode done = Records.expectRecord(kit, a, completed, "completed", "@bob.rendered");
        ObjectNode refused = Records.expectRecord(kit, a, rejected, "rejected", "@bob");
        // Records.records checked every member (R7.2); check the parties too.
        for (ObjectNode record : List.of(done, refused)) {
            kit.check(Ids.userText(record.get("caller_id")).equals(kit.var("@alice").asText())
                    && Ids.userText(record.get("callee_id")).equals(kit.var("@bob").asText()),
                    "record " + record + " names the wrong caller or callee (R7.2)");
            kit.check("audio".equals(record.path("call_type").asText()), "record " + record + " has the wrong "
                    + "call_type");
        }
        kit.check(done.has("answered_at") && !refused.has("answered_at"), "answered_at must be present for a "
                + "completed call and absent for a rejected one (R7.2)");
        kit.check(refused.path("duration_ms").asLong(-1) == 0, "a call that was never answered has duration_ms 0");
    }

    public static void historyListsOwnRecordsNewestFirst(Kit kit) {
        KitUser bob = kit.user("bob");
        KitUser carol = kit.user("carol");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(bob);
        KitSession c = kit.connect(carol);
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String call = kit.ring(a, bob, b);
            a.send("{'action':'cancel_call','call_id':'" + call + "'}");
            b.expect("{'type':'call_cancelled','caller_id':'@alice.rendered','call_id':'" + call + "'}");
            calls.add(kit.var(call).asText());
        }
        List<ObjectNode> records = Records.await(kit, a, list -> list.size() >= 3, "three records");
        kit.check(records.size() == 3, "alice's history has " + records.size() + " records; expected 3");
        checkNewestFirst(kit, records);
        kit.check(Records.fetch(kit, c).isEmpty(), "carol's history lists calls she took no part in (R7.3)");
    }

    /** R7.3: ordered by started_at descending, ties by call_id descending. */
    static void checkNewestFirst(Kit kit, List<ObjectNode> records) {
        for (int i = 1; i < records.size(); i++) {
            ObjectNode newer = records.get(i - 1);
            ObjectNode older = records.get(i);
            int byTime = newer.get("started_at").asText().compareTo(older.get("started_at").asText());
            int byId = newer.get("call_id").asText().compareTo(older.get("call_id").asText());
            kit.check(byTime > 0 || (byTime == 0 && byId > 0), "the history is not newest first (started_at "
                    + "descending, ties by call_id descending, R7.3): " + newer + " comes before " + older);
        }
    }

    public static void historyPages(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(bob);
        for (int i = 0; i < 5; i++) {
            String call = kit.ring(a, bob, b);
            a.send("{'action':'cancel_call','call_id':'" + call + "'}");
            b.expect("{'type':'call_cancelled','caller_id':'@alice.rendered','call_id':'" + call + "'}");
        }
        List<ObjectNode> all = Records.await(kit, a, list -> list.size() >= 5, "five records");
        kit.check(all.size() == 5, "alice's history has " + all.size() + " records; expected 5");
        ObjectNode first = Records.page(kit, a, "{'action':'get_call_history','limit':2}");
        List<ObjectNode> page1 = Records.records(kit, first);
        kit.check(page1.size() == 2, "limit 2 gave " + page1.size() + " records (R7.3)");
        kit.check(first.path("next_before").asText("").equals(page1.get(1).path("call_id").asText()),
                "next_before of a full page is the call_id of its last record (R7.3): " + first);
        ObjectNode second = Records.page(kit, a, "{'action':'get_call_history','limit':2,'before':'"
                + first.get("next_before").asText() + "'}");
        List<ObjectNode> page2 = Records.records(kit, second);
        ObjectNode third = Records.page(kit, a, "{'action':'get_call_history','limit':2,'before':'"
                + second.path("next_before").asText("missing") + "'}");
        List<ObjectNode> page3 = Records.records(kit, third);
        kit.check(!third.has("next_before"), "a page with fewer records than the limit has no next_before (R7.3)");
        List<String> paged = new ArrayList<>();
        for (List<ObjectNode> page : List.of(page1, page2, page3)) {
            page.forEach(record -> paged.add(record.path("call_id").asText()));
        }
        List<String> whole = new ArrayList<>();
        all.forEach(record -> whole.add(record.path("call_id").asText()));
        kit.check(paged.equals(whole), "paging with limit 2 gives " + paged + "; the whole history is " + whole
                + " (R7.3)");
        ObjectNode unknown = Records.page(kit, a, "{'action':'get_call_history','before':'kit-no-such-call'}");
        kit.check(Records.records(kit, unknown).isEmpty(), "before naming no record of the user gives an empty page "
                + "(R7.3)");
        for (String limit : List.of("0", "201", "-1", "\"ten\"", "2.5")) {
            a.sendRaw("{\"action\":\"get_call_history\",\"limit\":" + limit + "}");
            a.expectError("invalid_message", "get_call_history", "limit", null);
        }
        a.sendRaw("{\"action\":\"get_call_history\",\"limit\":200}");
        Records.records(kit, a.expect("{'type':'call_history','records':'@any'}"));
        a.quiet();
    }
}
