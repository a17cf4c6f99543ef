package dev.dialtone.conformance.internal.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dialtone.conformance.internal.Kit;
import dev.dialtone.conformance.internal.KitSession;
import dev.dialtone.conformance.internal.wire.Ids;
import dev.dialtone.conformance.internal.wire.Json;
import dev.dialtone.conformance.internal.wire.RawConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Call records through {@code get_call_history} (R7.1 to R7.3). */
public final class Records {

    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final Set<String> OUTCOMES = Set.of("completed", "missed", "rejected", "cancelled", "busy",
            "offline", "failed", "interrupted");

    private Records() {
    }

    /** Sends {@code request} (a get_call_history template) and returns the {@code call_history} event. */
    public static ObjectNode page(Kit kit, KitSession session, String request) {
        session.send(request);
        RawConnection.Frame frame = session.next();
        if (frame == null) {
            throw kit.failure(session.label() + ": no call_history within " + kit.timeout().toMillis()
                    + " ms after get_call_history (R7.3)", "call_history", "(nothing)");
        }
        if (frame.isClose() || !"call_history".equals(frame.type())) {
            throw kit.failure(session.label() + ": expected call_history after get_call_history (R7.3); received "
                    + frame.describe(), "call_history", frame.describe());
        }
        return frame.json();
    }

    /** The records of one {@code call_history} event, each checked against R7.2. */
    public static List<ObjectNode> records(Kit kit, ObjectNode history) {
        JsonNode records = history.get("records");
        kit.check(records != null && records.isArray(), "call_history.records is not an array (R7.3)");
        List<ObjectNode> list = new ArrayList<>();
        for (JsonNode record : records) {
            kit.check(record.isObject(), "a call record is not an object (R7.2): " + record);
            checkFormat(kit, (ObjectNode) record);
            list.add((ObjectNode) record);
        }
        return list;
    }

    /** The user's records (newest first, at most 50), via get_call_history. */
    public static List<ObjectNode> fetch(Kit kit, KitSession session) {
        return records(kit, page(kit, session, "{'action':'get_call_history'}"));
    }

    /**
     * Asks for the history until {@code wanted} holds or the timeout passes: a server may save a record a moment
     * after the events that ended its call. Fails with the last page if it never holds.
     */
    public static List<ObjectNode> await(Kit kit, KitSession session, Predicate<List<ObjectNode>> wanted,
            String what) {
        long deadline = System.nanoTime() + kit.timeout().toNanos();
        while (true) {
            List<ObjectNode> records = fetch(kit, session);
            if (wanted.test(records)) {
                return records;
            }
            if (System.nanoTime() > deadline) {
                throw kit.failure(session.label() + ": the call history never showed " + what + "; it lists "
                        + describe(records), what, describe(records));
            }
            RawConnection.Frame unexpected = session.next(Duration.ofMillis(40));
            if (unexpected != null) {
                throw kit.failure(session.label() + ": received " + unexpected.describe() + " while waiting for the "
                        + "history to show " + what, "nothing", unexpected.describe());
            }
        }
    }

    /** The record of a call, or null. */
    public static ObjectNode find(List<ObjectNode> records, String callId) {
        for (ObjectNode record : records) {
            if (callId.equals(record.path("call_id").asText(null))) {
                return record;
            }
        }
        return null;
    }

    /** How many records a call has. */
    public static long count(List<ObjectNode> records, String callId) {
        return records.stream().filter(record -> callId.equals(record.path("call_id").asText(null))).count();
    }

    /** Waits for the record of {@code callId} and checks its outcome and {@code ended_by} (null: absent). */
    public static ObjectNode expectRecord(Kit kit, KitSession session, String callVar, String outcome,
            String endedByVar) {
        String callId = kit.var(callVar).asText();
        List<ObjectNode> records = await(kit, session, list -> find(list, callId) != null,
                "the record of call " + callId);
        kit.check(count(records, callId) == 1, session.label() + ": the history lists call " + callId + " "
                + count(records, callId) + " times; every call leaves exactly one record (R7.1): "
                + describe(records));
        ObjectNode record = find(records, callId);
        kit.check(outcome.equals(record.path("outcome").asText()), session.label() + ": the record of call "
                + callId + " has outcome " + record.get("outcome") + ", expected " + outcome + " (R7.2): " + record);
        if (endedByVar == null) {
            kit.check(!record.has("ended_by"), session.label() + ": the record of call " + callId + " has ended_by "
                    + record.get("ended_by") + ", expected none: " + record);
        } else {
            JsonNode endedBy = kit.var(endedByVar);
            kit.check(record.has("ended_by") && Ids.userText(record.get("ended_by")).equals(Ids.userText(endedBy)),
                    session.label() + ": the record of call " + callId + " has ended_by " + record.get("ended_by")
                            + ", expected " + endedBy + ": " + record);
        }
        return record;
    }

    /** R7.2: members, formats, and the arithmetic of the times. */
    public static void checkFormat(Kit kit, ObjectNode record) {
        List<String> problems = new ArrayList<>();
        if (!record.path("call_id").isTextual() || !Ids.isCallId(record.get("call_id").asText())) {
            problems.add("call_id is missing or malformed");
        }
        if (!Ids.isUserId(record.get("caller_id"))) {
            problems.add("caller_id is missing or malformed");
        }
        if (!Ids.isUserId(record.get("callee_id"))) {
            problems.add("callee_id is missing or malformed");
        }
        String type = record.path("call_type").asText("");
        if (!type.equals("audio") && !type.equals("video")) {
            problems.add("call_type is " + record.get("call_type"));
        }
        String outcome = record.path("outcome").asText("");
        if (!OUTCOMES.contains(outcome)) {
            problems.add("outcome is " + record.get("outcome"));
        }
        Instant started = time(record, "started_at", problems, true);
        Instant answered = time(record, "answered_at", problems, false);
        Instant ended = time(record, "ended_at", problems, true);
        if (outcome.equals("completed") && answered == null) {
            problems.add("answered_at is missing; a completed call was answered");
        }
        if (!outcome.equals("completed") && !outcome.equals("interrupted") && record.has("answered_at")) {
            problems.add("answered_at is present for outcome " + outcome);
        }
        if (record.has("ended_by") && !Ids.isUserId(record.get("ended_by"))) {
            problems.add("ended_by is malformed");
        }
        if (!record.path("duration_ms").isIntegralNumber()) {
            problems.add("duration_ms is missing or not an integer");
        } else if (started != null && ended != null) {
            long duration = record.get("duration_ms").asLong();
            long expected = answered == null ? 0 : Duration.between(answered, ended).toMillis();
            if (duration != expected) {
                problems.add("duration_ms is " + duration + ", but ended_at - answered_at is " + expected);
            }
            if (ended.isBefore(started) || (answered != null && (answered.isBefore(started)
                    || ended.isBefore(answered)))) {
                problems.add("the times are out of order (started_at <= answered_at <= ended_at)");
            }
        }
        for (String member : Json.names(record)) {
            if (record.get(member).isNull()) {
                problems.add(member + " is null (0.3: absent members are left out)");
            }
        }
        if (!problems.isEmpty()) {
            throw kit.failure("call record " + record + " breaks R7.2: " + String.join("; ", problems),
                    "a record as R7.2 describes", Json.write(record));
        }
    }

    private static Instant time(ObjectNode record, String member, List<String> problems, boolean required) {
        JsonNode value = record.get(member);
        if (value == null) {
            if (required) {
                problems.add(member + " is missing");
            }
            return null;
        }
        if (!value.isTextual() || !TIME.matcher(value.asText()).matches()) {
            problems.add(member + " is " + value + ", not an ISO-8601 UTC time with three fraction digits and Z (0.7)");
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (java.time.format.DateTimeParseException e) {
            problems.add(member + " is not a valid time: " + value);
            return null;
        }
    }

    static String describe(List<ObjectNode> records) {
        if (records.isEmpty()) {
            return "no records";
        }
        StringBuilder text = new StringBuilder();
        for (ObjectNode record : records) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(record.path("call_id").asText()).append(' ').append(record.path("outcome").asText());
            if (text.length() > 800) {
                text.append(" ...");
                break;
            }
        }
        return records.size() + " records: " + text;
    }
}
