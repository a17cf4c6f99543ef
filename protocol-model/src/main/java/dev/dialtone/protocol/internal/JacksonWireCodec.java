package dev.dialtone.protocol.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dialtone.protocol.ClientAction;
import dev.dialtone.protocol.DecodeResult;
import dev.dialtone.protocol.DecodeResult.Decoded;
import dev.dialtone.protocol.DecodeResult.Undecodable;
import dev.dialtone.protocol.ErrorCode;
import dev.dialtone.protocol.ServerEvent;
import dev.dialtone.protocol.UnrecognizedAction;
import dev.dialtone.protocol.UnrecognizedEvent;
import dev.dialtone.protocol.WireCodec;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The Jackson-based implementation of {@link WireCodec}: frames are read as trees and checked member by member
 * ({@link FieldReader}), and written straight to a generator ({@link FieldWriter}). The wire form of each message is
 * in {@link ActionWire} and {@link EventWire}.
 */
public final class JacksonWireCodec implements WireCodec {

    /** The shared instance; the codec has no state. */
    public static final JacksonWireCodec INSTANCE = new JacksonWireCodec();

    private static final String ACTION = "action";
    private static final String TYPE = "type";
    private static final String SEQ = "seq";
    private static final String EVENT_START = "{\"" + TYPE + "\":\"";
    private static final String SEQ_MEMBER = ",\"" + SEQ + "\":";

    /**
     * Duplicate member names are refused: with them, which {@code action} or {@code call_id} a frame means would depend
     * on the parser, and a relay must not read a frame differently from its peer.
     */
    private static final ObjectReader READER =
            JsonText.MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private JacksonWireCodec() {
    }

    @Override
    public DecodeResult<ClientAction> decodeAction(String frame) {
        Objects.requireNonNull(frame, "frame");
        ClientAction plain;
        try {
            plain = FastActions.tryRead(frame);
        } catch (RuntimeException e) {
            plain = null; // the full reader below decides, and says why
        }
        if (plain != null) {
            return new Decoded<>(plain, 0);
        }
        return decodeActionFully(frame);
    }

    /** Reads a client's frame through the Jackson tree, member by member: every frame, and every error, exactly. */
    DecodeResult<ClientAction> decodeActionFully(String frame) {
        ObjectNode root;
        try {
            root = parseObject(frame);
        } catch (BadJson e) {
            return new Undecodable<>(ErrorCode.BAD_JSON, e.getMessage(), null, null);
        }
        JsonNode name = root.get(ACTION);
        if (name == null || name.isNull()) {
            return new Undecodable<>(ErrorCode.UNKNOWN_ACTION, "the frame has no \"action\" member", null, null);
        }
        if (!name.isTextual()) {
            return new Undecodable<>(ErrorCode.UNKNOWN_ACTION,
                    "\"action\" must be a string, not " + FieldReader.describe(name), null, null);
        }
        String action = name.textValue();
        Function<FieldReader, ClientAction> reader = ActionWire.READERS.get(action);
        if (reader == null) {
            return new Decoded<>(new UnrecognizedAction(action), 0);
        }
        return read(frame, root, action, 0, reader);
    }

    @Override
    public DecodeResult<ServerEvent> decodeEvent(String frame) {
        Objects.requireNonNull(frame, "frame");
        ObjectNode root;
        try {
            root = parseObject(frame);
        } catch (BadJson e) {
            return new Undecodable<>(ErrorCode.BAD_JSON, e.getMessage(), null, null);
        }
        JsonNode name = root.get(TYPE);
        if (name == null || name.isNull() || !name.isTextual()) {
            String message = name == null || name.isNull() ? "the frame has no \"type\" member"
                    : "\"type\" must be a string, not " + FieldReader.describe(name);
            return new Undecodable<>(ErrorCode.INVALID_MESSAGE, message, null, TYPE);
        }
        String type = name.textValue();
        long seq;
        try {
            Long read = new FieldReader(root, "").optionalInteger(SEQ, 1, Long.MAX_VALUE);
            seq = read == null ? 0 : read;
        } catch (FieldReader.InvalidField e) {
            return new Undecodable<>(ErrorCode.INVALID_MESSAGE, e.getMessage(), type, e.field());
        }
        Function<FieldReader, ServerEvent> reader = EventWire.READERS.get(type);
        if (reader == null) {
            return new Decoded<>(new UnrecognizedEvent(type), seq);
        }
        return read(frame, root, type, seq, reader);
    }

    @Override
    public String encode(ClientAction action) {
        Objects.requireNonNull(action, "action");
        if (action instanceof UnrecognizedAction) {
            throw new IllegalArgumentException("an unrecognized action has no wire form: " + action);
        }
        return FieldWriter.object(ACTION, action.action(), w -> ActionWire.write(w, action), 0);
    }

    @Override
    public String encode(ServerEvent event) {
        return write(event, 0);
    }

    @Override
    public String encode(ServerEvent event, long seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq is positive: " + seq);
        }
        return write(event, seq);
    }

    @Override
    public String encode(String encodedEvent, long seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq is positive: " + seq);
        }
        // The writer puts the type first and the seq last, so a seq goes in before the closing brace.
        if (!encodedEvent.startsWith(EVENT_START) || !encodedEvent.endsWith("}") || endsWithSeq(encodedEvent)) {
            String start = encodedEvent.length() > 40 ? encodedEvent.substring(0, 40) + "..." : encodedEvent;
            throw new IllegalArgumentException("not an event written without a seq: " + start);
        }
        return new StringBuilder(encodedEvent.length() + 24)
                .append(encodedEvent, 0, encodedEvent.length() - 1)
                .append(SEQ_MEMBER).append(seq).append('}')
                .toString();
    }

    /** Whether a written event ends with {@code ,"seq":N}: the writer's last member. */
    private static boolean endsWithSeq(String encodedEvent) {
        int digits = encodedEvent.length() - 1;
        while (digits > 0 && Character.isDigit(encodedEvent.charAt(digits - 1))) {
            digits--;
        }
        return digits < encodedEvent.length() - 1 && encodedEvent.startsWith(SEQ_MEMBER, digits - SEQ_MEMBER.length());
    }

    private static String write(ServerEvent event, long seq) {
        Objects.requireNonNull(event, "event");
        if (event instanceof UnrecognizedEvent) {
            throw new IllegalArgumentException("an unrecognized event has no wire form: " + event);
        }
        return FieldWriter.object(TYPE, event.type(), w -> EventWire.write(w, event), seq);
    }

    private static <T> DecodeResult<T> read(String frame, ObjectNode root, String name, long seq,
            Function<FieldReader, T> reader) {
        try {
            return new Decoded<>(reader.apply(new FieldReader(root, "", frame)), seq);
        } catch (FieldReader.InvalidField e) {
            return new Undecodable<>(ErrorCode.INVALID_MESSAGE, e.getMessage(), name, e.field());
        } catch (RuntimeException e) {
            // The readers check everything a record's constructor checks; this only keeps a missed case from
            // escaping as an exception (decoding never throws).
            return new Undecodable<>(ErrorCode.INVALID_MESSAGE, name + " could not be read: " + e.getMessage(), name,
                    null);
        }
    }

    private static ObjectNode parseObject(String frame) throws BadJson {
        JsonNode root;
        try {
            root = READER.readTree(frame);
        } catch (JacksonException e) {
            throw new BadJson("the frame is not valid JSON: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            throw new BadJson("the frame is not valid JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new BadJson("the frame is empty; it must be one JSON object");
        }
        if (!root.isObject()) {
            throw new BadJson("the frame must be one JSON object, not " + FieldReader.describe(root));
        }
        return (ObjectNode) root;
    }

    /** The frame is not one JSON object (R8.2). */
    private static final class BadJson extends Exception {

        private static final long serialVersionUID = 1L;

        BadJson(String message) {
            super(message, null, false, false);
        }
    }
}
