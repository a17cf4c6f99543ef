package dev.dialtone.protocol.internal;

import dev.dialtone.protocol.AnswerCall;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.ClientAction;
import dev.dialtone.protocol.HangUp;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.SendAnswer;
import dev.dialtone.protocol.SendIceCandidate;
import dev.dialtone.protocol.SendOffer;
import dev.dialtone.protocol.StartCall;
import dev.dialtone.protocol.UserId;

/**
 * A one-pass reader for the plain form of the actions a call sends most ({@code ice_candidate}, {@code offer},
 * {@code answer}, and {@code start_call}, {@code answer_call}, {@code hang_up}): no tree, and each opaque object (the
 * candidate, the SDP) is taken as the very text of the frame instead of being parsed into nodes and written out again.
 *
 * <p>It answers only when it is sure to give what the full reader ({@link JacksonWireCodec} over a Jackson tree) gives
 * for the frame, and returns null for anything else, which the full reader then decides, with its exact errors. Plain
 * means: no whitespace between tokens; known members only, each once; the types the action wants; strings of the
 * frame's own members without escapes; and every opaque object already in the compact form the full reader copies it
 * to ({@link JsonText#requireObject}): no whitespace, no duplicate member names, only the string escapes Jackson writes
 * itself, and numbers (kept as written, R3.8) of the plain kinds: integers other than -0 and decimals without exponent
 * (others are left to the full reader, conservatively). That is the form browsers' {@code JSON.stringify} sends.
 */
final class FastActions {

    private static final int ACTION = 0;
    private static final int PEER_ID = 1;
    private static final int CALLEE_ID = 2;
    private static final int CALLER_ID = 3;
    private static final int CALL_ID = 4;
    private static final int CANDIDATE = 5;
    private static final int OFFER = 6;
    private static final int ANSWER = 7;
    private static final int CALL_TYPE = 8;
    private static final int SLOTS = 9;

    private static final String[] NAMES = {"action", "peer_id", "callee_id", "caller_id", "call_id", "candidate",
        "offer", "answer", "call_type"};

    private static final byte NONE = 0;
    private static final byte STRING = 1;
    private static final byte INTEGER = 2;
    private static final byte OBJECT = 3;

    /** Nesting deeper than this inside an opaque object is left to the full reader. */
    private static final int MAX_DEPTH = 32;

    private final String frame;
    private final int length;
    private final byte[] kinds = new byte[SLOTS];
    private final int[] starts = new int[SLOTS];
    private final int[] ends = new int[SLOTS];
    /** Member-name spans of the objects being scanned, for the duplicate check; grows. */
    private int[] keys = new int[32];

    private FastActions(String frame) {
        this.frame = frame;
        this.length = frame.length();
    }

    /** The action, or null when the full reader must decide. */
    static ClientAction tryRead(String frame) {
        if (frame.length() < 2 || frame.charAt(0) != '{') {
            return null;
        }
        FastActions reader = new FastActions(frame);
        return reader.members() ? reader.action() : null;
    }

    /** Reads the top-level members into their slots; false if the frame is not plain. */
    private boolean members() {
        int p = 1;
        if (p >= length || frame.charAt(p) == '}') {
            return false;
        }
        while (true) {
            if (p >= length || frame.charAt(p) != '"') {
                return false;
            }
            int keyStart = p + 1;
            int keyEnd = plainStringEnd(keyStart);
            if (keyEnd < 0) {
                return false;
            }
            int slot = slot(keyStart, keyEnd);
            if (slot < 0 || kinds[slot] != NONE) {
                return false;
            }
            p = keyEnd + 1;
            if (p >= length || frame.charAt(p) != ':') {
                return false;
            }
            p++;
            if (p >= length) {
                return false;
            }
            char c = frame.charAt(p);
            int end;
            if (c == '"') {
                end = plainStringEnd(p + 1);
                if (end < 0) {
                    return false;
                }
                kinds[slot] = STRING;
                starts[slot] = p + 1;
                ends[slot] = end;
                p = end + 1;
            } else if (c == '{') {
                end = value(p, 0, 0);
                if (end < 0) {
                    return false;
                }
                kinds[slot] = OBJECT;
                starts[slot] = p;
                ends[slot] = end;
                p = end;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                end = integerEnd(p);
                if (end < 0) {
                    return false;
                }
                kinds[slot] = INTEGER;
                starts[slot] = p;
                ends[slot] = end;
                p = end;
            } else {
                return false;
            }
            if (p >= length) {
                return false;
            }
            c = frame.charAt(p);
            if (c == '}') {
                return p + 1 == length;
            }
            if (c != ',') {
                return false;
            }
            p++;
        }
    }

    private int slot(int start, int end) {
        int guess;
        switch (end - start) {
            case 5 -> guess = OFFER;
            case 6 -> guess = frame.charAt(start + 1) == 'c' ? ACTION : ANSWER;
            case 7 -> guess = frame.charAt(start) == 'p' ? PEER_ID : CALL_ID;
            case 9 -> {
                char c4 = frame.charAt(start + 4);
                if (c4 == '_') {
                    guess = CALL_TYPE;
                } else if (c4 == 'e') {
                    guess = frame.charAt(start + 5) == 'e' ? CALLEE_ID : CALLER_ID;
                } else {
                    guess = CANDIDATE;
                }
            }
            default -> {
                return -1;
            }
        }
        String name = NAMES[guess];
        return frame.regionMatches(start, name, 0, name.length()) ? guess : -1;
    }

    /** The end (closing quote) of a string without escapes or control characters starting at {@code p}; -1 if not. */
    private int plainStringEnd(int p) {
        for (int i = p; i < length; i++) {
            char c = frame.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
                return -1;
            }
        }
        return -1;
    }

    /** The end of a top-level integer (no fraction, no exponent, not -0); -1 if not one. */
    private int integerEnd(int p) {
        int end = numberEnd(p);
        for (int i = p; i < end; i++) {
            if (frame.charAt(i) == '.') {
                return -1;
            }
        }
        return end;
    }

    /**
     * Checks one JSON value inside an opaque object, in Jackson's compact form; returns its end, or -1 when it is not
     * plain. {@code keyBase} is where this value's object keeps its member names in {@link #keys}.
     */
    private int value(int p, int depth, int keyBase) {
        if (p >= length || depth > MAX_DEPTH) {
            return -1;
        }
        char c = frame.charAt(p);
        switch (c) {
            case '{':
                return object(p, depth, keyBase);
            case '[':
                return array(p, depth, keyBase);
            case '"':
                return opaqueStringEnd(p + 1);
            case 't':
                return frame.startsWith("true", p) ? p + 4 : -1;
            case 'f':
                return frame.startsWith("false", p) ? p + 5 : -1;
            case 'n':
                return frame.startsWith("null", p) ? p + 4 : -1;
            default:
                return c == '-' || (c >= '0' && c <= '9') ? numberEnd(p) : -1;
        }
    }

    private int object(int p, int depth, int keyBase) {
        int i = p + 1;
        if (i < length && frame.charAt(i) == '}') {
            return i + 1;
        }
        int count = 0;
        while (true) {
            if (i >= length || frame.charAt(i) != '"') {
                return -1;
            }
            int keyStart = i + 1;
            int keyEnd = plainStringEnd(keyStart);
            if (keyEnd < 0) {
                return -1;
            }
            // duplicate member names are refused by the full reader: compare with this object's earlier names
            int n = keyEnd - keyStart;
            for (int k = 0; k < count; k++) {
                int s = keys[keyBase + 2 * k];
                int e = keys[keyBase + 2 * k + 1];
                if (e - s == n && frame.regionMatches(s, frame, keyStart, n)) {
                    return -1;
                }
            }
            if (keyBase + 2 * count + 2 > keys.length) {
                keys = java.util.Arrays.copyOf(keys, keys.length * 2);
            }
            keys[keyBase + 2 * count] = keyStart;
            keys[keyBase + 2 * count + 1] = keyEnd;
            count++;
            i = keyEnd + 1;
            if (i >= length || frame.charAt(i) != ':') {
                return -1;
            }
            i = value(i + 1, depth + 1, keyBase + 2 * count);
            if (i < 0 || i >= length) {
                return -1;
            }
            char c = frame.charAt(i);
            if (c == '}') {
                return i + 1;
            }
            if (c != ',') {
                return -1;
            }
            i++;
        }
    }

    private int array(int p, int depth, int keyBase) {
        int i = p + 1;
        if (i < length && frame.charAt(i) == ']') {
            return i + 1;
        }
        while (true) {
            i = value(i, depth + 1, keyBase);
            if (i < 0 || i >= length) {
                return -1;
            }
            char c = frame.charAt(i);
            if (c == ']') {
                return i + 1;
            }
            if (c != ',') {
                return -1;
            }
            i++;
        }
    }

    /**
     * The index after the closing quote of a string inside an opaque object, allowing exactly the escapes Jackson
     * writes ({@code \" \\ \b \t \n \f \r}, and six-character {@code u00XX} escapes in upper-case hex for the other control characters);
     * -1 otherwise.
     */
    private int opaqueStringEnd(int p) {
        for (int i = p; i < length; i++) {
            char c = frame.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c < 0x20 || Character.isSurrogate(c)) {
                return -1;
            }
            if (c == '\\') {
                if (i + 1 >= length) {
                    return -1;
                }
                char e = frame.charAt(i + 1);
                switch (e) {
                    case '"', '\\', 'b', 't', 'n', 'f', 'r' -> i++;
                    case 'u' -> {
                        if (i + 5 >= length || frame.charAt(i + 2) != '0' || frame.charAt(i + 3) != '0') {
                            return -1;
                        }
                        int hi = upperHex(frame.charAt(i + 4));
                        int lo = upperHex(frame.charAt(i + 5));
                        if (hi < 0 || hi > 1 || lo < 0) {
                            return -1;
                        }
                        int code = hi * 16 + lo;
                        if (code == '\b' || code == '\t' || code == '\n' || code == '\f' || code == '\r') {
                            return -1;
                        }
                        i += 5;
                    }
                    default -> {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }

    private static int upperHex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * The end of a number of the plain kinds this reader takes: an integer other than -0, or a decimal fraction without
     * exponent that would also print the same as a {@code BigDecimal} (not "0.0000001", not "-0.0"). The full reader
     * keeps every number's text (R3.8); these limits only keep this reader on the safe side of any reader it agrees
     * with.
     */
    private int numberEnd(int p) {
        int i = p;
        boolean negative = frame.charAt(i) == '-';
        if (negative) {
            i++;
        }
        if (i >= length) {
            return -1;
        }
        boolean zeroInteger;
        char first = frame.charAt(i);
        if (first == '0') {
            zeroInteger = true;
            i++;
        } else if (first >= '1' && first <= '9') {
            zeroInteger = false;
            while (i < length && frame.charAt(i) >= '0' && frame.charAt(i) <= '9') {
                i++;
            }
        } else {
            return -1;
        }
        boolean allZero = zeroInteger;
        if (i < length && frame.charAt(i) == '.') {
            i++;
            int fractionStart = i;
            boolean nonZeroEarly = false;
            while (i < length && frame.charAt(i) >= '0' && frame.charAt(i) <= '9') {
                if (frame.charAt(i) != '0') {
                    allZero = false;
                    if (i - fractionStart < 6) {
                        nonZeroEarly = true;
                    }
                }
                i++;
            }
            int fractionLength = i - fractionStart;
            if (fractionLength == 0) {
                return -1;
            }
            if (zeroInteger && fractionLength > 6 && !nonZeroEarly) {
                return -1;
            }
        }
        if (negative && allZero) {
            return -1;
        }
        if (i - p > 100) {
            return -1; // Jackson limits number lengths: long ones are the full reader's to judge
        }
        if (i < length && (frame.charAt(i) == 'e' || frame.charAt(i) == 'E')) {
            return -1;
        }
        return i;
    }

    // --- building the action -------------------------------------------------------------------------------------------

    private ClientAction action() {
        if (kinds[ACTION] != STRING) {
            return null;
        }
        switch (actionName()) {
            case SendIceCandidate.ACTION:
                return relay(PEER_ID, CANDIDATE, SendIceCandidate::new);
            case SendOffer.ACTION:
                return relay(CALLEE_ID, OFFER, SendOffer::new);
            case SendAnswer.ACTION:
                return relay(CALLER_ID, ANSWER, SendAnswer::new);
            case HangUp.ACTION: {
                if (!optional(PEER_ID) || kinds[CALL_ID] != STRING) {
                    return null;
                }
                UserId peer = user(PEER_ID);
                CallId call = callId(CALL_ID);
                return bad(PEER_ID, peer) || call == null ? null : new HangUp(peer, call);
            }
            case AnswerCall.ACTION: {
                if (!optional(CALLER_ID) || kinds[CALL_ID] != STRING
                        || (kinds[ANSWER] != NONE && kinds[ANSWER] != OBJECT)) {
                    return null;
                }
                UserId peer = user(CALLER_ID);
                CallId call = callId(CALL_ID);
                return bad(CALLER_ID, peer) || call == null ? null
                        : new AnswerCall(call, peer, kinds[ANSWER] == OBJECT ? opaque(ANSWER) : null);
            }
            case StartCall.ACTION: {
                if ((kinds[CALLEE_ID] != STRING && kinds[CALLEE_ID] != INTEGER)
                        || (kinds[CALL_TYPE] != NONE && kinds[CALL_TYPE] != STRING)
                        || (kinds[OFFER] != NONE && kinds[OFFER] != OBJECT)) {
                    return null;
                }
                UserId callee = user(CALLEE_ID);
                CallType type = null;
                if (kinds[CALL_TYPE] == STRING) {
                    type = CallType.fromWire(text(CALL_TYPE)).orElse(null);
                    if (type == null) {
                        return null;
                    }
                }
                return callee == null ? null
                        : new StartCall(callee, type, kinds[OFFER] == OBJECT ? opaque(OFFER) : null);
            }
            default:
                return null;
        }
    }

    /** The constructor of a relay action: peer, payload, call. */
    @FunctionalInterface
    private interface RelayAction {
        ClientAction of(UserId peer, OpaqueJson payload, CallId call);
    }

    /** An offer, answer or candidate: an optional peer and call id, and the payload object. */
    private ClientAction relay(int peerSlot, int payloadSlot, RelayAction action) {
        if (!optional(peerSlot, CALL_ID) || kinds[payloadSlot] != OBJECT) {
            return null;
        }
        UserId peer = user(peerSlot);
        CallId call = callId(CALL_ID);
        return bad(peerSlot, peer) || bad(CALL_ID, call) ? null : action.of(peer, opaque(payloadSlot), call);
    }

    private static final String[] ACTIONS = {SendIceCandidate.ACTION, SendOffer.ACTION, SendAnswer.ACTION,
        HangUp.ACTION, AnswerCall.ACTION, StartCall.ACTION};

    /** The action's name as one of the constants (compared in place, no copy), or "" for any other action. */
    private String actionName() {
        int start = starts[ACTION];
        int n = ends[ACTION] - start;
        for (String name : ACTIONS) {
            if (name.length() == n && frame.regionMatches(start, name, 0, n)) {
                return name;
            }
        }
        return "";
    }

    /** Whether each of these members is absent or of a type the action takes (user id or call id). */
    private boolean optional(int... slots) {
        for (int slot : slots) {
            byte kind = kinds[slot];
            if (kind == OBJECT || (slot == CALL_ID && kind == INTEGER)) {
                return false;
            }
        }
        return true;
    }

    /** A member that is present but did not give a value: the full reader must refuse it. */
    private boolean bad(int slot, Object value) {
        return kinds[slot] != NONE && value == null;
    }

    private String text(int slot) {
        return frame.substring(starts[slot], ends[slot]);
    }

    private OpaqueJson opaque(int slot) {
        return JsonText.trustedOpaque(text(slot));
    }

    /** The user id of a member, or null when absent or not a valid id. */
    private UserId user(int slot) {
        if (kinds[slot] == INTEGER) {
            int digits = ends[slot] - starts[slot] - (frame.charAt(starts[slot]) == '-' ? 1 : 0);
            if (digits > 18) {
                return null; // may be outside 64 bits: the full reader decides
            }
            return UserId.of(Long.parseLong(frame, starts[slot], ends[slot], 10));
        }
        if (kinds[slot] == STRING) {
            try {
                return UserId.of(text(slot));
            } catch (IllegalArgumentException e) {
                return null; // the full reader names the problem
            }
        }
        return null;
    }

    /** The call id of a string member, or null when absent or malformed. */
    private CallId callId(int slot) {
        if (kinds[slot] != STRING) {
            return null;
        }
        String text = text(slot);
        return CallId.isValid(text) ? CallId.of(text) : null;
    }
}
