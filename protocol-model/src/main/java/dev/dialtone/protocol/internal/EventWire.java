package dev.dialtone.protocol.internal;

import static java.util.Map.entry;

import dev.dialtone.protocol.AnswerRelayed;
import dev.dialtone.protocol.CallAnswered;
import dev.dialtone.protocol.CallCancelled;
import dev.dialtone.protocol.CallEnded;
import dev.dialtone.protocol.CallHistoryListed;
import dev.dialtone.protocol.CallHungUp;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallMissed;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.CallRejected;
import dev.dialtone.protocol.CallRinging;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.CallUnavailable;
import dev.dialtone.protocol.EndReason;
import dev.dialtone.protocol.ErrorCode;
import dev.dialtone.protocol.ErrorReported;
import dev.dialtone.protocol.IceCandidateRelayed;
import dev.dialtone.protocol.IncomingCall;
import dev.dialtone.protocol.OfferRelayed;
import dev.dialtone.protocol.Outcome;
import dev.dialtone.protocol.PeerMediaChanged;
import dev.dialtone.protocol.PingAnswered;
import dev.dialtone.protocol.ServerEvent;
import dev.dialtone.protocol.UnavailableReason;
import dev.dialtone.protocol.UserId;
import dev.dialtone.protocol.Welcome;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Function;

/**
 * The wire form of every server event: one reader and one writer per event, members in the order of the record's
 * components, which is seed 003's order (RULES "Java names", R1.6 to R8.17).
 */
final class EventWire {

    private static final FieldReader.Names<CallType> CALL_TYPES = FieldReader.Names.of(CallType.class);
    private static final FieldReader.Names<UnavailableReason> UNAVAILABLE = FieldReader.Names.of(UnavailableReason.class);
    private static final FieldReader.Names<EndReason> END_REASONS = FieldReader.Names.of(EndReason.class);
    private static final FieldReader.Names<ErrorCode> ERROR_CODES = FieldReader.Names.of(ErrorCode.class);
    private static final FieldReader.Names<Outcome> OUTCOMES = FieldReader.Names.of(Outcome.class);

    /** Readers by type name. Arguments are evaluated left to right, so the first bad member is the one named. */
    static final Map<String, Function<FieldReader, ServerEvent>> READERS = Map.ofEntries(
            entry(Welcome.TYPE, r -> new Welcome(
                    r.userId("user_id"), r.string("session_id"),
                    Math.toIntExact(r.integer("protocol_version", 1, Integer.MAX_VALUE)),
                    r.integer("ring_timeout_ms", 1, Long.MAX_VALUE), r.string("resume_token"),
                    r.integer("resume_grace_ms", 0, Long.MAX_VALUE), r.bool("resumed"))),
            entry(IncomingCall.TYPE, r -> new IncomingCall(
                    r.callId("call_id"), r.userId("caller_id"), r.string("caller_username"),
                    r.optionalNamed("call_type", CALL_TYPES), r.optionalOpaque("offer"))),
            entry(CallRinging.TYPE, r -> new CallRinging(
                    r.callId("call_id"), r.userId("callee_id"), r.named("call_type", CALL_TYPES))),
            entry(CallAnswered.TYPE, r -> new CallAnswered(
                    r.userId("callee_id"), r.optionalCallId("call_id"), r.optionalOpaque("answer"))),
            entry(OfferRelayed.TYPE, r -> new OfferRelayed(
                    r.opaque("offer"), r.userId("caller_id"), r.optionalCallId("call_id"))),
            entry(AnswerRelayed.TYPE, r -> new AnswerRelayed(
                    r.opaque("answer"), r.userId("callee_id"), r.optionalCallId("call_id"))),
            entry(IceCandidateRelayed.TYPE, r -> new IceCandidateRelayed(
                    r.opaque("candidate"), r.userId("sender_id"), r.optionalCallId("call_id"))),
            entry(CallHungUp.TYPE, r -> new CallHungUp(r.userId("hanged_up_by"), r.optionalCallId("call_id"))),
            entry(CallRejected.TYPE, r -> new CallRejected(r.userId("callee_id"), r.optionalCallId("call_id"))),
            entry(CallCancelled.TYPE, r -> new CallCancelled(r.userId("caller_id"), r.optionalCallId("call_id"))),
            entry(CallUnavailable.TYPE, r -> new CallUnavailable(
                    r.userId("callee_id"), r.named("reason", UNAVAILABLE), r.optionalCallId("call_id"))),
            entry(CallMissed.TYPE, r -> new CallMissed(
                    r.callId("call_id"), r.userId("caller_id"), r.userId("callee_id"))),
            entry(CallEnded.TYPE, r -> new CallEnded(r.callId("call_id"), r.named("reason", END_REASONS))),
            entry(PeerMediaChanged.TYPE, EventWire::readPeerMedia),
            entry(PingAnswered.TYPE, r -> new PingAnswered(r.optionalString("nonce"))),
            entry(CallHistoryListed.TYPE, r -> new CallHistoryListed(
                    r.objects("records", EventWire::readRecord), r.optionalCallId("next_before"))),
            entry(ErrorReported.TYPE, r -> new ErrorReported(
                    r.named("code", ERROR_CODES), r.string("message"), r.optionalString("action"),
                    r.optionalString("field"), r.optionalCallId("call_id"))));

    private EventWire() {
    }

    /** Writes the members after {@code type}; an event of an unknown class has no wire form. */
    static void write(FieldWriter w, ServerEvent e) throws IOException {
        if (e instanceof Welcome m) {
            w.user("user_id", m.userId()).string("session_id", m.sessionId())
                    .number("protocol_version", m.protocolVersion()).number("ring_timeout_ms", m.ringTimeoutMs())
                    .string("resume_token", m.resumeToken()).number("resume_grace_ms", m.resumeGraceMs())
                    .bool("resumed", m.resumed());
        } else if (e instanceof IncomingCall m) {
            w.callId("call_id", m.callId()).user("caller_id", m.callerId())
                    .string("caller_username", m.callerUsername()).named("call_type", m.callType())
                    .opaque("offer", m.offer());
        } else if (e instanceof CallRinging m) {
            w.callId("call_id", m.callId()).user("callee_id", m.calleeId()).named("call_type", m.callType());
        } else if (e instanceof CallAnswered m) {
            w.user("callee_id", m.calleeId()).callId("call_id", m.callId()).opaque("answer", m.answer());
        } else if (e instanceof OfferRelayed m) {
            w.opaque("offer", m.offer()).user("caller_id", m.callerId()).callId("call_id", m.callId());
        } else if (e instanceof AnswerRelayed m) {
            w.opaque("answer", m.answer()).user("callee_id", m.calleeId()).callId("call_id", m.callId());
        } else if (e instanceof IceCandidateRelayed m) {
            w.opaque("candidate", m.candidate()).user("sender_id", m.senderId()).callId("call_id", m.callId());
        } else if (e instanceof CallHungUp m) {
            w.user("hanged_up_by", m.hangedUpBy()).callId("call_id", m.callId());
        } else if (e instanceof CallRejected m) {
            w.user("callee_id", m.calleeId()).callId("call_id", m.callId());
        } else if (e instanceof CallCancelled m) {
            w.user("caller_id", m.callerId()).callId("call_id", m.callId());
        } else if (e instanceof CallUnavailable m) {
            w.user("callee_id", m.calleeId()).named("reason", m.reason()).callId("call_id", m.callId());
        } else if (e instanceof CallMissed m) {
            w.callId("call_id", m.callId()).user("caller_id", m.callerId()).user("callee_id", m.calleeId());
        } else if (e instanceof CallEnded m) {
            w.callId("call_id", m.callId()).named("reason", m.reason());
        } else if (e instanceof PeerMediaChanged m) {
            w.callId("call_id", m.callId()).user("user_id", m.userId()).bool("audio", m.audio())
                    .bool("video", m.video());
        } else if (e instanceof PingAnswered m) {
            w.string("nonce", m.nonce());
        } else if (e instanceof CallHistoryListed m) {
            w.startArray("records");
            for (CallRecord record : m.records()) {
                writeRecord(w.startElement(), record).endElement();
            }
            w.endArray().callId("next_before", m.nextBefore());
        } else if (e instanceof ErrorReported m) {
            w.named("code", m.code()).string("message", m.message()).string("action", m.action())
                    .string("field", m.field()).callId("call_id", m.callId());
        } else {
            throw new IllegalArgumentException("no wire form for " + e.getClass().getName() + ": " + e);
        }
    }

    private static FieldWriter writeRecord(FieldWriter w, CallRecord r) throws IOException {
        // duration_ms is derived from the times as written, so that it always equals ended_at - answered_at on the wire
        // even when the clock gave sub-millisecond times.
        Instant answered = r.answeredAt() == null ? null : r.answeredAt().truncatedTo(ChronoUnit.MILLIS);
        long durationMs = answered == null ? 0
                : Duration.between(answered, r.endedAt().truncatedTo(ChronoUnit.MILLIS)).toMillis();
        return w.callId("call_id", r.callId()).user("caller_id", r.callerId()).user("callee_id", r.calleeId())
                .named("call_type", r.callType()).named("outcome", r.outcome())
                .instant("started_at", r.startedAt()).instant("answered_at", r.answeredAt())
                .instant("ended_at", r.endedAt()).user("ended_by", r.endedBy()).number("duration_ms", durationMs);
    }

    private static PeerMediaChanged readPeerMedia(FieldReader r) {
        CallId callId = r.callId("call_id");
        UserId userId = r.userId("user_id");
        Boolean audio = r.optionalBoolean("audio");
        Boolean video = r.optionalBoolean("video");
        if (audio == null && video == null) {
            throw r.invalid("audio", "audio or video must be given: peer_media_state names at least one of them");
        }
        return new PeerMediaChanged(callId, userId, audio, video);
    }

    /** Reads one call record; {@code duration_ms} is derived, so it is not read. */
    private static CallRecord readRecord(FieldReader r) {
        CallId callId = r.callId("call_id");
        UserId callerId = r.userId("caller_id");
        UserId calleeId = r.userId("callee_id");
        CallType callType = r.named("call_type", CALL_TYPES);
        Outcome outcome = r.named("outcome", OUTCOMES);
        Instant startedAt = r.instant("started_at");
        Instant answeredAt = r.optionalInstant("answered_at");
        Instant endedAt = r.instant("ended_at");
        UserId endedBy = r.optionalUserId("ended_by");
        if (endedAt.isBefore(startedAt)) {
            throw r.invalid("ended_at", "ended_at must not be before started_at");
        }
        if (outcome == Outcome.COMPLETED ? answeredAt == null
                : answeredAt != null && outcome != Outcome.INTERRUPTED) {
            throw r.invalid("answered_at",
                    "answered_at must be present when the outcome is completed, may be when interrupted, else not");
        }
        if (answeredAt != null && (answeredAt.isBefore(startedAt) || endedAt.isBefore(answeredAt))) {
            throw r.invalid("answered_at", "answered_at must lie between started_at and ended_at");
        }
        return new CallRecord(callId, callerId, calleeId, callType, outcome, startedAt, answeredAt, endedAt, endedBy);
    }
}
