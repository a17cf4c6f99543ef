package dev.dialtone.protocol.internal;

import static java.util.Map.entry;

import dev.dialtone.protocol.AnswerCall;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.CancelCall;
import dev.dialtone.protocol.ClientAction;
import dev.dialtone.protocol.GetCallHistory;
import dev.dialtone.protocol.HangUp;
import dev.dialtone.protocol.Ping;
import dev.dialtone.protocol.RejectCall;
import dev.dialtone.protocol.SendAnswer;
import dev.dialtone.protocol.SendIceCandidate;
import dev.dialtone.protocol.SendOffer;
import dev.dialtone.protocol.SetMediaState;
import dev.dialtone.protocol.StartCall;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;

/**
 * The wire form of every client action: one reader and one writer per action, members in the order of the record's
 * components, which is seed 003's order (RULES "Java names", R2 to R3, R7.3, R8.17).
 */
final class ActionWire {

    private static final FieldReader.Names<CallType> CALL_TYPES = FieldReader.Names.of(CallType.class);

    /** Readers by action name. Arguments are evaluated left to right, so the first bad member is the one named. */
    static final Map<String, Function<FieldReader, ClientAction>> READERS = Map.ofEntries(
            entry(StartCall.ACTION, r -> new StartCall(
                    r.userId("callee_id"), r.optionalNamed("call_type", CALL_TYPES), r.optionalOpaque("offer"))),
            entry(AnswerCall.ACTION, r -> new AnswerCall(
                    r.callId("call_id"), r.optionalUserId("caller_id"), r.optionalOpaque("answer"))),
            entry(RejectCall.ACTION, r -> new RejectCall(r.callId("call_id"), r.optionalUserId("caller_id"))),
            entry(CancelCall.ACTION, r -> new CancelCall(r.callId("call_id"), r.optionalUserId("callee_id"))),
            entry(SendOffer.ACTION, r -> new SendOffer(
                    r.optionalUserId("callee_id"), r.opaque("offer"), r.optionalCallId("call_id"))),
            entry(SendAnswer.ACTION, r -> new SendAnswer(
                    r.optionalUserId("caller_id"), r.opaque("answer"), r.optionalCallId("call_id"))),
            entry(SendIceCandidate.ACTION, r -> new SendIceCandidate(
                    r.optionalUserId("peer_id"), r.opaque("candidate"), r.optionalCallId("call_id"))),
            entry(HangUp.ACTION, r -> new HangUp(r.optionalUserId("peer_id"), r.callId("call_id"))),
            entry(SetMediaState.ACTION, ActionWire::readMediaState),
            entry(Ping.ACTION, r -> new Ping(r.optionalString("nonce", Ping.MAX_NONCE_LENGTH))),
            entry(GetCallHistory.ACTION, r -> new GetCallHistory(
                    toInteger(r.optionalInteger("limit", 1, GetCallHistory.MAX_LIMIT)), r.optionalCallId("before"))));

    private ActionWire() {
    }

    /** Writes the members after {@code action}; an action of an unknown class has no wire form. */
    static void write(FieldWriter w, ClientAction a) throws IOException {
        if (a instanceof StartCall m) {
            w.user("callee_id", m.calleeId()).named("call_type", m.callType()).opaque("offer", m.offer());
        } else if (a instanceof AnswerCall m) {
            w.callId("call_id", m.callId()).user("caller_id", m.callerId()).opaque("answer", m.answer());
        } else if (a instanceof RejectCall m) {
            w.callId("call_id", m.callId()).user("caller_id", m.callerId());
        } else if (a instanceof CancelCall m) {
            w.callId("call_id", m.callId()).user("callee_id", m.calleeId());
        } else if (a instanceof SendOffer m) {
            w.user("callee_id", m.calleeId()).opaque("offer", m.offer()).callId("call_id", m.callId());
        } else if (a instanceof SendAnswer m) {
            w.user("caller_id", m.callerId()).opaque("answer", m.answer()).callId("call_id", m.callId());
        } else if (a instanceof SendIceCandidate m) {
            w.user("peer_id", m.peerId()).opaque("candidate", m.candidate()).callId("call_id", m.callId());
        } else if (a instanceof HangUp m) {
            w.user("peer_id", m.peerId()).callId("call_id", m.callId());
        } else if (a instanceof SetMediaState m) {
            w.callId("call_id", m.callId()).bool("audio", m.audio()).bool("video", m.video());
        } else if (a instanceof Ping m) {
            w.string("nonce", m.nonce());
        } else if (a instanceof GetCallHistory m) {
            w.number("limit", m.limit()).callId("before", m.before());
        } else {
            throw new IllegalArgumentException("no wire form for " + a.getClass().getName() + ": " + a);
        }
    }

    private static SetMediaState readMediaState(FieldReader r) {
        var callId = r.optionalCallId("call_id");
        var audio = r.optionalBoolean("audio");
        var video = r.optionalBoolean("video");
        if (audio == null && video == null) {
            throw r.invalid("audio", "audio or video must be given: media_state names at least one of them");
        }
        return new SetMediaState(callId, audio, video);
    }

    private static Integer toInteger(Long value) {
        return value == null ? null : Math.toIntExact(value);
    }
}
