package dev.dialtone.conformance.internal.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dialtone.conformance.internal.Kit;
import dev.dialtone.conformance.internal.wire.Json;
import dev.dialtone.conformance.internal.wire.WireLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replay files: every connection a failing case opened (query and headers, a valid token written as
 * {@code {token}}) and every frame it sent, with the time since the case started, plus what the server sent back in
 * the recorded run. {@link Replayer} plays one back against a server.
 */
public final class Replays {

    /** The format version written to and expected in every file. */
    public static final int FORMAT = 1;

    private static final AtomicInteger SERIAL = new AtomicInteger();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private Replays() {
    }

    /** Writes the replay file of a failing case; null if it could not be written. */
    public static Path write(RunEnvironment env, Kit kit, String caseName, String message, String expected,
            String received) {
        Path directory = env.replayDirectory();
        if (directory == null) {
            return null;
        }
        ObjectNode root = Json.object();
        root.put("dialtone_replay", FORMAT);
        root.put("case", caseName);
        root.put("message", message);
        if (expected != null) {
            root.put("expected", expected);
        }
        if (received != null) {
            root.put("received", received);
        }
        root.put("url", env.endpoint().toString());
        ArrayNode urls = root.putArray("urls");
        env.endpoints().forEach(endpoint -> urls.add(endpoint.toString()));
        ArrayNode steps = root.putArray("steps");
        for (Kit.ReplayConnect connect : kit.connects()) {
            ObjectNode step = Json.object();
            step.put("at_ms", round(connect.atMillis()));
            step.put("session", connect.label());
            ObjectNode spec = step.putObject("connect");
            spec.put("endpoint", connect.endpointIndex());
            if (connect.userId() != null) {
                spec.put("user_id", connect.userId());
                spec.put("user_name", connect.userName());
                spec.put("numeric_id", connect.numeric());
            }
            ObjectNode query = spec.putObject("query");
            connect.query().forEach(query::put);
            ObjectNode headers = spec.putObject("headers");
            for (Map.Entry<String, String> header : connect.headers().entrySet()) {
                if (header.getValue() == null) {
                    headers.putNull(header.getKey());
                } else {
                    headers.put(header.getKey(), header.getValue());
                }
            }
            steps.add(step);
        }
        ArrayNode recorded = root.putArray("recorded");
        for (WireLog.Entry entry : kit.log().snapshot()) {
            ObjectNode step = Json.object();
            step.put("at_ms", round(entry.atMillis()));
            step.put("session", entry.session());
            switch (entry.kind()) {
                case SENT -> {
                    step.put("send", entry.text());
                    steps.add(step);
                }
                case SENT_BINARY -> {
                    step.put("send_binary", Integer.parseInt(entry.text().split(" ")[0]));
                    steps.add(step);
                }
                case CLIENT_CLOSE -> {
                    step.put("close", true);
                    steps.add(step);
                }
                case RECEIVED -> {
                    step.put("received", entry.text());
                    recorded.add(step);
                }
                case CLOSED -> {
                    step.put("closed", entry.closeCode());
                    recorded.add(step);
                }
                default -> {
                    // connects are above; notes and opens are not replayed
                }
            }
        }
        sortSteps(steps);
        try {
            Files.createDirectories(directory);
            String name = "replay-" + LocalDateTime.now().format(STAMP) + "-" + SERIAL.incrementAndGet() + "-"
                    + caseName + ".json";
            Path file = directory.resolve(name);
            Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root),
                    StandardCharsets.UTF_8);
            return file;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void sortSteps(ArrayNode steps) {
        java.util.List<com.fasterxml.jackson.databind.JsonNode> sorted = new java.util.ArrayList<>();
        steps.forEach(sorted::add);
        sorted.sort(java.util.Comparator.comparingDouble(step -> step.get("at_ms").asDouble()));
        steps.removeAll();
        sorted.forEach(steps::add);
    }

    private static double round(double millis) {
        return Math.round(millis * 100) / 100.0;
    }
}
