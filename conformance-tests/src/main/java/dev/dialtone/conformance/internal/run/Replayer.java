package dev.dialtone.conformance.internal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dialtone.conformance.ConformanceTarget;
import dev.dialtone.conformance.internal.KitUser;
import dev.dialtone.conformance.internal.wire.ConnectSpec;
import dev.dialtone.conformance.internal.wire.Json;
import dev.dialtone.conformance.internal.wire.RawConnection;
import dev.dialtone.conformance.internal.wire.WireLog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Plays a replay file back against a server: opens each recorded connection (with fresh tokens for the recorded
 * users), sends each recorded frame at its recorded time, and prints what every session received, next to what the
 * recorded run received. Ids the server chooses (call ids, session ids, resume tokens) differ between runs: the
 * replayer learns the new ones from the events as they arrive and uses them in later frames.
 */
public final class Replayer {

    private static final Set<String> SERVER_IDS = Set.of("call_id", "session_id", "resume_token", "next_before");

    private Replayer() {
    }

    /**
     * Replays {@code file} against {@code target}.
     *
     * @return 0 when the replay ran (whatever came back), 1 when it could not
     */
    public static int replay(Path file, ConformanceTarget target, Duration timeout, PrintStream out) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            out.println("dialtone conformance: cannot read the replay file " + file + ": "
                    + e.getClass().getSimpleName());
            return 1;
        }
        if (root == null || root.path("dialtone_replay").asInt() != Replays.FORMAT || !root.path("steps").isArray()) {
            out.println("dialtone conformance: " + file + " is not a replay file of this kit");
            return 1;
        }
        out.println("Replaying " + root.path("case").asText() + " against " + String.join(" + ",
                target.urls().stream().map(Object::toString).toList()));
        out.println("Recorded failure: " + root.path("message").asText().split("\n")[0]);
        out.println();
        WireLog log = new WireLog();
        Map<String, RawConnection> connections = new LinkedHashMap<>();
        Map<String, List<String>> replayed = new LinkedHashMap<>();
        Map<String, List<String>> recorded = new LinkedHashMap<>();
        for (JsonNode entry : root.path("recorded")) {
            if (entry.has("received")) {
                recorded.computeIfAbsent(entry.path("session").asText(), key -> new ArrayList<>())
                        .add(entry.get("received").asText());
            }
        }
        Map<String, String> ids = new LinkedHashMap<>();
        long start = System.nanoTime();
        try {
            for (JsonNode step : root.path("steps")) {
                long at = start + (long) (step.path("at_ms").asDouble() * 1_000_000);
                waitUntil(at);
                drain(connections, replayed, recorded, ids);
                String label = step.path("session").asText();
                if (step.has("connect")) {
                    JsonNode connect = step.get("connect");
                    // A recorded cluster run names each connection's node; replayed on the given URLs in turn.
                    int node = Math.floorMod(connect.path("endpoint").asInt(0), target.urls().size());
                    ConnectSpec spec = new ConnectSpec(target.urls().get(node), Map.of(), Map.of());
                    String token = connect.has("user_id") ? KitUser.tokenFor(target.tokens(),
                            connect.path("user_name").asText("replay"), connect.get("user_id").asText(),
                            connect.path("numeric_id").asBoolean()) : null;
                    for (Map.Entry<String, JsonNode> query : Json.members(connect.path("query")).entrySet()) {
                        spec = spec.withQuery(query.getKey(), substitute(query.getValue().asText()
                                .replace("{token}", token == null ? "" : token), ids));
                    }
                    for (Map.Entry<String, JsonNode> header : Json.members(connect.path("headers")).entrySet()) {
                        spec = spec.withHeader(header.getKey(), header.getValue().isNull() ? null
                                : header.getValue().asText().replace("{token}", token == null ? "" : token));
                    }
                    RawConnection previous = connections.remove(label);
                    if (previous != null) {
                        previous.close();
                    }
                    try {
                        connections.put(label, RawConnection.open(label, spec, log, timeout));
                        replayed.computeIfAbsent(label, key -> new ArrayList<>());
                    } catch (RawConnection.ConnectFailed e) {
                        out.println("  " + label + ": cannot connect: " + e.getMessage());
                    }
                } else if (step.has("send")) {
                    RawConnection connection = connections.get(label);
                    if (connection != null) {
                        connection.sendUnpaced(substitute(step.get("send").asText(), ids));
                    }
                } else if (step.has("send_binary")) {
                    RawConnection connection = connections.get(label);
                    if (connection != null) {
                        connection.sendBinary("{\"action\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
                    }
                } else if (step.has("close")) {
                    RawConnection connection = connections.get(label);
                    if (connection != null) {
                        connection.close();
                    }
                }
            }
            waitUntil(System.nanoTime() + timeout.toNanos());
            drain(connections, replayed, recorded, ids);
        } finally {
            connections.values().forEach(RawConnection::close);
        }
        print(log, out);
        out.println();
        boolean same = true;
        for (Map.Entry<String, List<String>> session : recorded.entrySet()) {
            List<String> now = replayed.getOrDefault(session.getKey(), List.of());
            List<String> normalizedNow = new ArrayList<>();
            now.forEach(text -> normalizedNow.add(normalize(text)));
            List<String> normalizedThen = new ArrayList<>();
            session.getValue().forEach(text -> normalizedThen.add(normalize(text)));
            boolean equal = normalizedNow.equals(normalizedThen);
            same &= equal;
            out.println("  " + session.getKey() + ": " + (equal ? "received the same events as in the recorded run"
                    : "received " + now.size() + " events; the recorded run received " + session.getValue().size()
                    + " (they differ)"));
        }
        out.println();
        out.println(same ? "The server answered exactly as in the recorded (failing) run."
                : "The server answered differently from the recorded run.");
        return 0;
    }

    private static void drain(Map<String, RawConnection> connections, Map<String, List<String>> replayed,
            Map<String, List<String>> recorded, Map<String, String> ids) {
        for (Map.Entry<String, RawConnection> entry : connections.entrySet()) {
            RawConnection.Frame frame;
            while ((frame = entry.getValue().next(Duration.ZERO)) != null) {
                if (frame.text() == null) {
                    continue;
                }
                List<String> mine = replayed.computeIfAbsent(entry.getKey(), key -> new ArrayList<>());
                mine.add(frame.text());
                List<String> then = recorded.getOrDefault(entry.getKey(), List.of());
                if (mine.size() <= then.size()) {
                    learn(Json.objectOrNull(then.get(mine.size() - 1)), frame.json(), ids);
                }
            }
        }
    }

    /** Learns the ids the server chose this time from an event and its counterpart in the recorded run. */
    private static void learn(ObjectNode then, ObjectNode now, Map<String, String> ids) {
        if (then == null || now == null) {
            return;
        }
        for (String member : SERVER_IDS) {
            JsonNode old = then.get(member);
            JsonNode fresh = now.get(member);
            if (old != null && fresh != null && old.isTextual() && fresh.isTextual()
                    && !old.asText().equals(fresh.asText())) {
                ids.putIfAbsent(old.asText(), fresh.asText());
            }
        }
    }

    private static String substitute(String text, Map<String, String> ids) {
        String result = text;
        for (Map.Entry<String, String> id : ids.entrySet()) {
            result = result.replace(id.getKey(), id.getValue());
        }
        return result;
    }

    /** An event without the members that differ between runs anyway. */
    private static String normalize(String text) {
        ObjectNode event = Json.objectOrNull(text);
        if (event == null) {
            return text;
        }
        for (String member : SERVER_IDS) {
            if (event.has(member)) {
                event.put(member, "*");
            }
        }
        event.remove("message");
        if (event.has("records")) {
            event.put("records", "*");
        }
        return Json.canonical(event);
    }

    private static void print(WireLog log, PrintStream out) {
        for (WireLog.Entry entry : log.snapshot()) {
            String arrow = switch (entry.kind()) {
                case SENT, SENT_BINARY -> "->";
                case RECEIVED, RECEIVED_BINARY -> "<-";
                default -> "  ";
            };
            out.printf("  %9.1f ms  %-12s %s %s%n", entry.atMillis(), entry.session(), arrow,
                    Json.shorten(entry.kind() == WireLog.Kind.SENT || entry.kind() == WireLog.Kind.RECEIVED
                            ? entry.text() : entry.kind().name().toLowerCase(java.util.Locale.ROOT) + " "
                            + entry.text(), 220));
        }
    }

    private static void waitUntil(long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return;
        }
        try {
            // Keeping the recorded timing: a moment on the clock, nothing counts this latch down.
            new CountDownLatch(1).await(remaining, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
