package dev.dialtone.reference.internal;

import static dev.dialtone.reference.internal.DemoPayloads.AUDIO_ANSWER;
import static dev.dialtone.reference.internal.DemoPayloads.AUDIO_OFFER;
import static dev.dialtone.reference.internal.DemoPayloads.RENEGOTIATION_ANSWER;
import static dev.dialtone.reference.internal.DemoPayloads.RENEGOTIATION_OFFER;
import static dev.dialtone.reference.internal.DemoPayloads.VIDEO_ANSWER;
import static dev.dialtone.reference.internal.DemoPayloads.VIDEO_OFFER;
import static dev.dialtone.reference.internal.DemoPayloads.aliceCandidate;
import static dev.dialtone.reference.internal.DemoPayloads.bobCandidate;
import static dev.dialtone.reference.internal.Expected.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dialtone.client.Answered;
import dev.dialtone.client.Call;
import dev.dialtone.client.CallEnd;
import dev.dialtone.client.CallEnd.Reason;
import dev.dialtone.client.SessionInfo;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.UserId;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What the demo plays, scenario by scenario: each one acts through the SDK and checks every frame that results, on
 * both sides, against docs/protocol.md (the rule numbers are in the comments), and the SDK's own view of the call.
 */
final class DemoScript {

    /**
     * One scenario.
     *
     * @param name its short name, for the summary
     * @param title its header line
     * @param body what it does; throws {@link DemoFailure} when a step does not happen as expected
     */
    record Scenario(String name, String title, Runnable body) {
    }

    private final URI uri;
    private final Duration ringTimeout;
    private final Duration step;
    private final Timeline timeline;
    private final DemoParty alice;
    private final DemoParty bob;
    private final Supplier<DemoParty> aliceSecondSession;
    private final List<String> callIds = new ArrayList<>();

    /**
     * @param uri the server's WebSocket URI
     * @param ringTimeout the ring timeout the server was configured with
     * @param step how long each expected event may take to arrive
     * @param timeline where notes go
     * @param alice the caller, not connected yet
     * @param bob the callee, not connected yet
     * @param aliceSecondSession makes another, raw session of alice's, for her call history
     */
    DemoScript(URI uri, Duration ringTimeout, Duration step, Timeline timeline, DemoParty alice, DemoParty bob,
            Supplier<DemoParty> aliceSecondSession) {
        this.uri = uri;
        this.ringTimeout = ringTimeout;
        this.step = step;
        this.timeline = timeline;
        this.alice = alice;
        this.bob = bob;
        this.aliceSecondSession = aliceSecondSession;
    }

    /** The scenarios, in the order they must run. */
    List<Scenario> scenarios() {
        return List.of(
                new Scenario("connect", "Connect: alice (user " + alice.user() + ") and bob (user " + bob.user()
                        + ") open their sessions", this::connect),
                new Scenario("audio call", "1. Audio call: ring, answer, offer/answer, ICE both ways, bob mutes, "
                        + "alice hangs up", this::audioCall),
                new Scenario("video call", "2. Video call: offer in start_call, ICE both ways, camera off/on, "
                        + "renegotiation, bob hangs up", this::videoCall),
                new Scenario("rejected call", "3. Rejected call: alice calls, bob rejects", this::rejectedCall),
                new Scenario("missed call", "4. Missed call: nobody answers within the ring timeout ("
                        + ringTimeout.toMillis() + " ms)", this::missedCall),
                new Scenario("call history", "5. Call history: alice's second session lists the four calls; "
                        + "nothing else is pending", this::history));
    }

    private void connect() {
        for (DemoParty party : List.of(alice, bob)) {
            party.connectClient(uri, step);
            expect(party, welcome(party.user()));
            SessionInfo session = party.client().session().orElseThrow();
            require(session.userId().equals(party.user()) && session.ringTimeout().equals(ringTimeout),
                    party.name() + ": the SDK's session is " + session + "; expected user " + party.user()
                            + " and ring timeout " + ringTimeout);
        }
    }

    private Expected welcome(UserId user) {
        // R1.6: the first event, without seq; R1.4: the user id from the token.
        return event("welcome").id("user_id", user).number("protocol_version", 1)
                .number("ring_timeout_ms", ringTimeout.toMillis()).bool("resumed", false);
    }

    private void audioCall() {
        Call out = alice.client().call(bob.user(), CallType.AUDIO);
        String id = ring(out, "audio", null);
        Call in = bob.incomingCall(step);
        sameId(bob, in, id);

        in.answer();
        expect(alice, event("call_answered").id("callee_id", bob.user()).text("call_id", id).absent("answer"));
        alice.await(out.answered(), "the call's answered()", step); // R2.10

        out.sendOffer(AUDIO_OFFER);
        expect(bob, event("call_offer").id("caller_id", alice.user()).text("call_id", id)
                .json("offer", AUDIO_OFFER)); // R3.1, R3.8: unchanged
        in.sendAnswer(AUDIO_ANSWER);
        expect(alice, event("call_answer").id("callee_id", bob.user()).text("call_id", id)
                .json("answer", AUDIO_ANSWER)); // R3.2

        iceBothWays(out, in, id, 1, 2, 1, 2);

        in.setMediaState(false, null); // bob mutes
        expect(alice, event("peer_media_state").text("call_id", id).id("user_id", bob.user()).bool("audio", false)
                .absent("video")); // R3.5: exactly the members sent

        out.hangUp();
        expect(bob, event("call_hanged_up").id("hanged_up_by", alice.user()).text("call_id", id)); // R4.1
        ended(alice, out, CallEnd.of(Reason.HUNG_UP_BY_ME, alice.user()));
        ended(bob, in, CallEnd.of(Reason.HUNG_UP_BY_PEER, alice.user()));
    }

    private void videoCall() {
        Call out = alice.client().call(bob.user(), CallType.VIDEO, VIDEO_OFFER);
        String id = ring(out, "video", VIDEO_OFFER); // R2.3: the offer rides with incoming_call
        Call in = bob.incomingCall(step);
        sameId(bob, in, id);
        require(in.offer().isPresent(), "bob: the SDK's incoming call has no offer(); incoming_call carried one");

        out.sendIceCandidate(aliceCandidate(1)); // while ringing: the server keeps it for the answer (R6.5)
        in.answer(VIDEO_ANSWER);
        expect(alice, event("call_answered").id("callee_id", bob.user()).text("call_id", id)
                .json("answer", VIDEO_ANSWER)); // R2.10
        expect(bob, ice(aliceCandidate(1), alice.user(), id)); // R6.5: right after the answer
        Answered answered = alice.await(out.answered(), "the call's answered()", step);
        require(answered.answer() != null, "alice: the SDK's answered() has no SDP answer; call_answered carried one");

        iceBothWays(out, in, id, 2, 3, 1, 2);

        out.setMediaState(null, false); // alice turns her camera off
        expect(bob, event("peer_media_state").text("call_id", id).id("user_id", alice.user()).bool("video", false)
                .absent("audio"));
        out.setMediaState(null, true); // and on again
        expect(bob, event("peer_media_state").text("call_id", id).id("user_id", alice.user()).bool("video", true)
                .absent("audio"));

        // Renegotiation by the callee (R3.4): caller_id and callee_id name the sender of each (R3.1, R3.2).
        in.sendOffer(RENEGOTIATION_OFFER);
        expect(alice, event("call_offer").id("caller_id", bob.user()).text("call_id", id)
                .json("offer", RENEGOTIATION_OFFER));
        out.sendAnswer(RENEGOTIATION_ANSWER);
        expect(bob, event("call_answer").id("callee_id", alice.user()).text("call_id", id)
                .json("answer", RENEGOTIATION_ANSWER));

        in.hangUp();
        expect(alice, event("call_hanged_up").id("hanged_up_by", bob.user()).text("call_id", id)); // R4.1
        ended(bob, in, CallEnd.of(Reason.HUNG_UP_BY_ME, bob.user()));
        ended(alice, out, CallEnd.of(Reason.HUNG_UP_BY_PEER, bob.user()));
    }

    private void rejectedCall() {
        Call out = alice.client().call(bob.user(), CallType.AUDIO);
        String id = ring(out, "audio", null);
        Call in = bob.incomingCall(step);
        sameId(bob, in, id);
        in.reject();
        expect(alice, event("call_rejected").id("callee_id", bob.user()).text("call_id", id)); // R4.2
        ended(alice, out, CallEnd.of(Reason.REJECTED, bob.user()));
        ended(bob, in, CallEnd.of(Reason.REJECTED, bob.user()));
    }

    private void missedCall() {
        long placed = timeline.elapsedMillis();
        Call out = alice.client().call(bob.user(), CallType.AUDIO);
        String id = ring(out, "audio", null);
        Call in = bob.incomingCall(step);
        sameId(bob, in, id);
        timeline.note("(nobody answers; the server ends the call after its ring timeout of " + ringTimeout.toMillis()
                + " ms, R6.1)");
        Expected missed = event("call_missed").text("call_id", id).id("caller_id", alice.user())
                .id("callee_id", bob.user());
        expect(alice, missed, ringTimeout.plus(step));
        long after = timeline.elapsedMillis() - placed;
        require(after >= ringTimeout.toMillis(), "alice: call_missed came " + after + " ms after start_call; "
                + "expected no sooner than the ring timeout of " + ringTimeout.toMillis() + " ms (R6.1)");
        expect(bob, missed); // R6.1: the caller session and every ringing session
        ended(alice, out, CallEnd.of(Reason.MISSED, null));
        ended(bob, in, CallEnd.of(Reason.MISSED, null));
    }

    private void history() {
        DemoParty second = aliceSecondSession.get();
        second.connectRaw(uri);
        expect(second, welcome(alice.user()));
        second.send("{\"action\":\"get_call_history\",\"limit\":10}");
        JsonNode page = expect(second, event("call_history").absent("next_before")); // R7.3: fewer than limit
        JsonNode records = page.path("records");
        require(records.isArray() && records.size() == 4, "alice#2: call_history.records: expected the 4 calls "
                + "of this demo; received " + FrameText.value("records", records));
        List<Expected> wanted = List.of(
                record("audio call", callIds.get(0), "audio", "completed").id("ended_by", alice.user())
                        .time("answered_at").notNegative("duration_ms"),
                record("video call", callIds.get(1), "video", "completed").id("ended_by", bob.user())
                        .time("answered_at").notNegative("duration_ms"),
                record("rejected call", callIds.get(2), "audio", "rejected").id("ended_by", bob.user())
                        .absent("answered_at").number("duration_ms", 0),
                record("missed call", callIds.get(3), "audio", "missed").absent("ended_by")
                        .absent("answered_at").number("duration_ms", 0));
        for (int i = 0; i < wanted.size(); i++) {
            JsonNode found = null;
            for (JsonNode record : records) {
                if (record.path("call_id").asText().equals(callIds.get(i))) {
                    found = record;
                }
            }
            require(found != null, "alice#2: call_history has no record of call " + callIds.get(i) + " (R7.1)");
            String why = wanted.get(i).mismatch(found).orElse(null);
            require(why == null, "alice#2: " + why);
            requireTimesAgree(found);
        }
        requireNewestFirst(records);
        for (JsonNode record : records) {
            timeline.note(String.format("%-9s  %-5s  %s -> %s  ended_by %-3s  duration %5d ms  call %s",
                    record.path("outcome").asText(), record.path("call_type").asText(),
                    record.path("caller_id").asText(), record.path("callee_id").asText(),
                    record.has("ended_by") ? record.get("ended_by").asText() : "-",
                    record.path("duration_ms").asLong(), record.path("call_id").asText()));
        }

        // Events to one session are ordered (Appendix G): a pong right after means nothing else was pending.
        for (DemoParty party : List.of(alice, bob)) {
            CompletableFuture<Duration> pong = party.client().ping();
            expect(party, event("pong"));
            party.await(pong, "ping()", step);
        }
    }

    private Expected record(String which, String callId, String type, String outcome) {
        // R7.2: one record per call id, the same for both parties.
        return Expected.object("the record of the " + which).text("call_id", callId)
                .id("caller_id", alice.user()).id("callee_id", bob.user()).text("call_type", type)
                .text("outcome", outcome).time("started_at").time("ended_at");
    }

    /** R7.2: started_at <= answered_at <= ended_at, and duration_ms = ended_at - answered_at (0 if unanswered). */
    private static void requireTimesAgree(JsonNode record) {
        Instant started = Instant.parse(record.path("started_at").asText());
        Instant ended = Instant.parse(record.path("ended_at").asText());
        Instant answered = record.has("answered_at") ? Instant.parse(record.path("answered_at").asText()) : null;
        long duration = answered == null ? 0 : Duration.between(answered, ended).toMillis();
        boolean ordered = answered == null ? !started.isAfter(ended)
                : !started.isAfter(answered) && !answered.isAfter(ended);
        require(ordered && record.path("duration_ms").asLong() == duration, "alice#2: the record of call "
                + record.path("call_id").asText() + " has started_at " + started + ", answered_at "
                + (answered == null ? "(none)" : answered) + ", ended_at " + ended + ", duration_ms "
                + record.path("duration_ms") + "; expected the times in order and duration_ms " + duration + " (R7.2)");
    }

    /** R7.3: ordered by started_at descending, ties by call_id descending. */
    private static void requireNewestFirst(JsonNode records) {
        for (int i = 1; i < records.size(); i++) {
            JsonNode newer = records.get(i - 1);
            JsonNode older = records.get(i);
            int byTime = newer.path("started_at").asText().compareTo(older.path("started_at").asText());
            int byId = newer.path("call_id").asText().compareTo(older.path("call_id").asText());
            require(byTime > 0 || byTime == 0 && byId > 0, "alice#2: call_history.records[" + (i - 1) + "] and ["
                    + i + "] are not newest first (R7.3): started_at " + newer.path("started_at").asText() + " then "
                    + older.path("started_at").asText());
        }
    }

    /**
     * Checks {@code call_ringing} at alice (R2.4) and {@code incoming_call} at bob (R2.3) for the call alice just
     * placed, and that the SDK knows the call by the same id.
     *
     * @return the call id
     */
    private String ring(Call out, String type, OpaqueJson offer) {
        JsonNode ringing = expect(alice, event("call_ringing").id("callee_id", bob.user()).text("call_type", type));
        String id = ringing.path("call_id").asText();
        require(id.matches("[0-9A-Za-z._~-]{1,255}"), "alice: call_ringing.call_id '" + id + "' is not a call id "
                + "(0.4)");
        require(!callIds.contains(id), "alice: call_ringing.call_id " + id + " was used by an earlier call (0.4)");
        callIds.add(id);
        Expected incoming = event("incoming_call").text("call_id", id).id("caller_id", alice.user())
                .text("caller_username", alice.name()).text("call_type", type);
        expect(bob, offer == null ? incoming.absent("offer") : incoming.json("offer", offer));
        String sdkId = alice.await(out.id(), "the call's id()", step).value();
        require(sdkId.equals(id), "alice: the SDK's call id() is " + sdkId + "; call_ringing named " + id);
        return id;
    }

    private void sameId(DemoParty party, Call call, String id) {
        String sdkId = party.await(call.id(), "the incoming call's id()", step).value();
        require(sdkId.equals(id), party.name() + ": the SDK's incoming call id() is " + sdkId
                + "; incoming_call named " + id);
    }

    /** Alice's candidates {@code a1..a2}, then bob's {@code b1..b2}; each side gets the other's in order (R3.9). */
    private void iceBothWays(Call out, Call in, String id, int a1, int a2, int b1, int b2) {
        for (int n = a1; n <= a2; n++) {
            out.sendIceCandidate(aliceCandidate(n));
        }
        for (int n = a1; n <= a2; n++) {
            expect(bob, ice(aliceCandidate(n), alice.user(), id));
        }
        for (int n = b1; n <= b2; n++) {
            in.sendIceCandidate(bobCandidate(n));
        }
        for (int n = b1; n <= b2; n++) {
            expect(alice, ice(bobCandidate(n), bob.user(), id));
        }
    }

    private static Expected ice(OpaqueJson candidate, UserId sender, String id) {
        // R3.3: sender_id is the sender; R3.8: the candidate unchanged.
        return event("ice_candidate").id("sender_id", sender).text("call_id", id).json("candidate", candidate);
    }

    /** The SDK's {@link Call#ended()} gives {@code expected}. */
    private void ended(DemoParty party, Call call, CallEnd expected) {
        CallEnd end = party.await(call.ended(), "the call's ended()", step);
        require(end.equals(expected), party.name() + ": the SDK says the call ended with " + describe(end)
                + "; expected " + describe(expected));
    }

    private static String describe(CallEnd end) {
        return end.reason() + (end.endedBy() == null ? "" : " by user " + end.endedBy())
                + (end.unavailableReason() == null ? "" : " (" + end.unavailableReason().wireName() + ")");
    }

    private JsonNode expect(DemoParty party, Expected expected) {
        return party.expect(expected, step);
    }

    private static JsonNode expect(DemoParty party, Expected expected, Duration timeout) {
        return party.expect(expected, timeout);
    }

    private static void require(boolean condition, String failure) {
        if (!condition) {
            throw new DemoFailure(failure);
        }
    }
}
