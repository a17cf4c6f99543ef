package dev.dialtone.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dialtone.protocol.CloseCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** A transport that records what the engine sends, for tests of the engine without sockets. */
final class FakeTransport implements Transport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> frames = new ArrayList<>();
    private int read;
    private long lastSeqTaken;
    private CloseCode closedWith;
    private int pings;
    private boolean broken;

    @Override
    public synchronized void send(String frame) throws IOException {
        if (broken) {
            throw new IOException("broken pipe");
        }
        if (closedWith != null) {
            throw new IOException("closed");
        }
        frames.add(frame);
    }

    @Override
    public synchronized void sendPing() {
        pings++;
    }

    @Override
    public synchronized void close(CloseCode code) {
        if (closedWith == null) {
            closedWith = code;
        }
    }

    synchronized void breakPipe() {
        broken = true;
    }

    synchronized CloseCode closedWith() {
        return closedWith;
    }

    synchronized int pings() {
        return pings;
    }

    synchronized List<String> frames() {
        return List.copyOf(frames);
    }

    /** The frames not yet taken by {@link #take()}, parsed. */
    synchronized List<JsonNode> drain() {
        List<JsonNode> result = new ArrayList<>();
        while (read < frames.size()) {
            result.add(parse(frames.get(read++)));
        }
        return result;
    }

    /** The next frame not yet taken; fails if there is none. */
    synchronized JsonNode take() {
        if (read >= frames.size()) {
            throw new AssertionError("no frame left; all frames: " + frames);
        }
        return parse(frames.get(read++));
    }

    /** The next frame, which must have this type. */
    JsonNode take(String type) {
        JsonNode frame = take();
        if (!type.equals(frame.path("type").asText())) {
            throw new AssertionError("expected a " + type + " event but got " + frame);
        }
        return frame;
    }

    /** Asserts nothing more was sent. */
    synchronized void assertNothingMore() {
        if (read < frames.size()) {
            throw new AssertionError("unexpected frames: " + frames.subList(read, frames.size()));
        }
    }

    /** The highest {@code seq} among the frames taken so far: what a client resumes from. */
    synchronized long lastSeqTaken() {
        return lastSeqTaken;
    }

    private JsonNode parse(String frame) {
        try {
            JsonNode node = JSON.readTree(frame);
            lastSeqTaken = Math.max(lastSeqTaken, node.path("seq").asLong(0));
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
