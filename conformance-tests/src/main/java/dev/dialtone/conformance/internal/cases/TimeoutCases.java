package dev.dialtone.conformance.internal.cases;

import dev.dialtone.conformance.internal.Kit;
import dev.dialtone.conformance.internal.KitSession;
import dev.dialtone.conformance.internal.KitUser;
import dev.dialtone.conformance.internal.wire.RawConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Section 6: timeouts and resume (R6.1 to R6.10). */
public final class TimeoutCases {

    private TimeoutCases() {
    }

    // ---- R6.1

    public static void unansweredCallIsMissed(Kit kit) {
        Duration ring = kit.ringTimeout();
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession phone = kit.connect(bob);
        KitSession laptop = kit.connect(bob);
        long sent = System.nanoTime();
        String call = kit.ring(a, bob, phone, laptop);
        String missed = "{'type':'call_missed','call_id':'" + call + "','caller_id':'@alice.rendered',"
                + "'callee_id':'@bob'}";
        a.expect(missed, ring.plus(kit.timeout()));
        long elapsedMs = (System.nanoTime() - sent) / 1_000_000;
        kit.check(elapsedMs >= ring.toMillis() - 5, "call_missed arrived " + elapsedMs + " ms after start_call, "
                + "before the ring timeout of " + ring.toMillis() + " ms announced in welcome (R6.1)");
        phone.expect(missed);
        laptop.expect(missed);
        Records.expectRecord(kit, a, call, "missed", null);
        phone.send("{'action':'answer_call','call_id':'" + call + "'}");
        phone.expectError("unknown_call", "answer_call", null, call);
        a.quiet();
        laptop.quiet();
    }

    // ---- R6.2

    public static void droppedConnectionDoesNotEndTheCall(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        String call = kit.connectCall(a, b);
        b.drop();
        a.send("{'action':'ice_candidate','candidate':" + Payloads.CANDIDATE_A + "}");
        a.quiet("nothing: the call goes on while bob's session is detached (R6.2)");
        b.resume();
        b.expect("{'type':'ice_candidate','candidate':" + Payloads.CANDIDATE_A + ",'sender_id':'@alice.rendered',"
                + "'call_id':'" + call + "'}");
        b.send("{'action':'hang_up','call_id':'" + call + "'}");
        a.expect("{'type':'call_hanged_up','hanged_up_by':'@bob.rendered','call_id':'" + call + "'}");
    }

    public static void sessionEndsAfterTheGrace(Kit kit) {
        Duration grace = kit.resumeGrace();
        KitSession watcher = kit.connect(kit.user("watcher"));
        KitUser bob = kit.user("bob");
        KitSession b = kit.connect(bob);
        String oldSession = b.sessionId();
        b.drop();
        watcher.expectNothingFor(grace.plus(Duration.ofMillis(300)), "waiting for bob's resume grace to end");
        b.reconnect(kit.spec(bob).withQuery("resume_token", b.resumeToken()).withQuery("last_seq", "0"));
        b.expectWelcome(false);
        kit.check(!oldSession.equals(b.sessionId()), "after the resume grace the server still resumed session "
                + oldSession + "; the session ends and its resume token becomes invalid (R6.2)");
        b.quiet();
    }

    // ---- R6.3

    public static void resumeReplaysMissedEventsInOrder(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        String call = kit.connectCall(a, b);
        b.drop();
        for (int i = 0; i < 3; i++) {
            a.send("{'action':'ice_candidate','candidate':" + Payloads.candidate(i) + "}");
        }
        a.send("{'action':'media_state','call_id':'" + call + "','video':false}");
        a.quiet();
        b.resume();
        for (int i = 0; i < 3; i++) {
            b.expect("{'type':'ice_candidate','candidate':" + Payloads.candidate(i) + ",'sender_id':'@alice.rendered',"
                    + "'call_id':'" + call + "'}");
        }
        b.expect("{'type':'peer_media_state','call_id':'" + call + "','user_id':'@alice.rendered','video':false}");
        a.send("{'action':'offer','offer':" + Payloads.OFFER + "}");
        b.expect("{'type':'call_offer','offer':" + Payloads.OFFER + ",'caller_id':'@alice.rendered','call_id':'"
                + call + "'}");
        b.quiet();
    }

    public static void unknownResumeTokenGivesANewSession(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(bob);
        String call = kit.connectCall(a, b);
        KitSession stranger = kit.open(bob, kit.spec(bob).withQuery("resume_token", "kit-made-up-resume-token-0000000")
                .withQuery("last_seq", "3"));
        stranger.expectWelcome(false);
        kit.check(!stranger.sessionId().equals(b.sessionId()), "an unknown resume token resumed session "
                + b.sessionId() + " (R6.3)");
        stranger.quiet();
        a.send("{'action':'ice_candidate','candidate':" + Payloads.CANDIDATE_A + "}");
        b.expect("{'type':'ice_candidate','candidate':" + Payloads.CANDIDATE_A + ",'sender_id':'@alice.rendered',"
                + "'call_id':'" + call + "'}");
        b.expectOpen();
    }

    public static void resumeTokenOfAnotherUserGivesANewSession(Kit kit) {
        KitUser bob = kit.user("bob");
        KitUser carol = kit.user("carol");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(bob);
        String call = kit.connectCall(a, b);
        b.drop();
        KitSession c = kit.open(carol, kit.spec(carol).withQuery("resume_token", b.resumeToken())
                .withQuery("last_seq", "0"));
        c.expectWelcome(false);
        kit.check(!c.sessionId().equals(b.sessionId()), "carol took over bob's session " + b.sessionId()
                + " with bob's resume token; it is valid only for its own user (R6.3, R6.9)");
        c.quiet("nothing of bob's session");
        b.resume();
        a.send("{'action':'media_state','audio':false}");
        b.expect("{'type':'peer_media_state','call_id':'" + call + "','user_id':'@alice.rendered','audio':false}");
    }

    public static void resumingAnOpenSessionClosesTheOldConnection(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        String call = kit.connectCall(a, b);
        RawConnection old = b.connection();
        b.resume();
        var reason = old.awaitClose(kit.timeout());
        kit.check(reason != null, "the old connection of a resumed session is still open; the server closes it "
                + "with 4009 (R6.3)");
        kit.check(reason.getCloseCode().getCode() == 4009, "the old connection of a resumed session was closed with "
                + reason.getCloseCode().getCode() + ", expected 4009 (R6.3)");
        a.send("{'action':'ice_candidate','candidate':" + Payloads.CANDIDATE_A + "}");
        b.expect("{'type':'ice_candidate','candidate':" + Payloads.CANDIDATE_A + ",'sender_id':'@alice.rendered',"
                + "'call_id':'" + call + "'}");
    }

    public static void unreadableLastSeqCountsAsZero(Kit kit) {
        KitSession b = kit.connect(kit.user("bob"));
        for (int i = 0; i < 3; i++) {
            b.send("{'action':'ping','nonce':'p" + i + "'}");
            b.expect("{'type':'pong','nonce':'p" + i + "'}");
        }
        b.drop();
        b.resumeWithLastSeqText("abc", 0);
        for (int i = 0; i < 3; i++) {
            b.expect("{'type':'pong','nonce':'p" + i + "'}");
        }
        b.drop();
        b.resumeWithLastSeqText("-5", 0);
        for (int i = 0; i < 3; i++) {
            b.expect("{'type':'pong','nonce':'p" + i + "'}");
        }
        b.quiet();
    }

    // ---- R6.4

    public static void peerIsToldWhenTheGraceEnds(Kit kit) {
        Duration grace = kit.resumeGrace();
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        String call = kit.connectCall(a, b);
        long dropped = System.nanoTime();
        b.drop();
        a.expect("{'type':'call_ended','call_id':'" + call + "','reason':'peer_disconnected'}",
                grace.plus(kit.timeout()));
        long elapsed = (System.nanoTime() - dropped) / 1_000_000;
        kit.check(elapsed >= grace.toMillis() - 5, "call_ended peer_disconnected came " + elapsed + " ms after the "
                + "drop, before the resume grace of " + grace.toMillis() + " ms (R6.2, R6.4)");
        Records.expectRecord(kit, a, call, "completed", "@bob.rendered");
    }

    public static void ringingCallFailsWhenTheCallerDoesNotComeBack(Kit kit) {
        Duration grace = kit.resumeGrace();
        Duration ring = kit.ringTimeout();
        if (grace.plus(Duration.ofMillis(250)).compareTo(ring) >= 0) {
            throw kit.untested("needs a resume grace shorter than the ring timeout (the server has "
                    + grace.toMillis() + " ms and " + ring.toMillis() + " ms)");
        }
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession phone = kit.connect(bob);
        KitSession laptop = kit.connect(bob);
        String call = kit.ring(a, bob, phone, laptop);
        a.drop();
        String ended = "{'type':'call_ended','call_id':'" + call + "','reason':'peer_disconnected'}";
        phone.expect(ended, grace.plus(kit.timeout()));
        laptop.expect(ended);
        Records.expectRecord(kit, phone, call, "failed", "@alice.rendered");
        phone.quiet("no call_missed after the call failed");
    }

    public static void detachedCallerCallCanBeAnswered(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(bob);
        String call = kit.ring(a, bob, b);
        a.drop();
        b.send("{'action':'answer_call','call_id':'" + call + "'}");
        b.quiet();
        a.resume();
        a.expect("{'type':'call_answered','callee_id':'@bob','call_id':'" + call + "'}");
        b.send("{'action':'ice_candidate','candidate':" + Payloads.CANDIDATE_B + "}");
        a.expect("{'type':'ice_candidate','candidate':" + Payloads.CANDIDATE_B + ",'sender_id':'@bob.rendered',"
                + "'call_id':'" + call + "'}");
    }

    // ---- R6.5

    public static void candidatesWhileRingingAreBufferedAndFlushed(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession phone = kit.connect(bob);
        KitSession laptop = kit.connect(bob);
        String call = kit.ring(a, bob, phone, laptop);
        for (int i = 0; i < 3; i++) {
            a.send("{'action':'ice_candidate','candidate':" + Payloads.candidate(i) + ",'call_id':'" + call + "'}");
        }
        a.quiet("nothing: candidates sent while ringing are buffered, not refused (R6.5)");
        phone.quiet("nothing: buffered candidates wait for the answer (R6.5)");
        laptop.send("{'action':'answer_call','call_id':'" + call + "'}");
        a.expect("{'type':'call_answered','callee_id':'@bob','call_id':'" + call + "'}");
        for (int i = 0; i < 3; i++) {
            laptop.expect("{'type':'ice_candidate','candidate':" + Payloads.candidate(i) + ",'sender_id':"
                    + "'@alice.rendered','call_id':'" + call + "'}");
        }
        phone.expect("{'type':'call_ended','call_id':'" + call + "','reason':'answered_elsewhere'}");
        phone.quiet("no candidates for the session that did not answer");
        laptop.quiet();
    }

    public static void candidateBufferIsBounded(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(bob);
        String call = kit.ring(a, bob, b);
        int bound = 64;
        for (int i = 0; i <= bound; i++) {
            a.sendRawUnpaced(kit.render("{'action':'ice_candidate','candidate':" + Payloads.candidate(i) + "}"));
        }
        a.expectError("too_large", "ice_candidate", null, call);
        b.sendRawUnpaced(kit.render("{'action':'answer_call','call_id':'" + call + "'}"));
        a.expect("{'type':'call_answered','callee_id':'@bob','call_id':'" + call + "'}");
        for (int i = 0; i < bound; i++) {
            b.expect("{'type':'ice_candidate','candidate':" + Payloads.candidate(i) + ",'sender_id':'@alice.rendered',"
                    + "'call_id':'" + call + "'}");
        }
        a.quiet("one too_large for the candidate over the default bound of 64 (R6.5), nothing else");
        b.quiet("the 65th candidate was dropped (R6.5)");
    }

    public static void bufferIsDiscardedWhenTheCallEndsWhileRinging(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(bob);
        String first = kit.ring(a, bob, b);
        a.send("{'action':'ice_candidate','candidate':" + Payloads.candidate(1) + "}");
        a.send("{'action':'cancel_call','call_id':'" + first + "'}");
        b.expect("{'type':'call_cancelled','caller_id':'@alice.rendered','call_id':'" + first + "'}");
        String second = kit.ring(a, bob, b);
        b.send("{'action':'answer_call','call_id':'" + second + "'}");
        a.expect("{'type':'call_answered','callee_id':'@bob','call_id':'" + second + "'}");
        b.quiet("no candidates of the cancelled call (R6.5)");
    }

    // ---- R6.7

    public static void droppedRingingSessionMayResumeAndAnswer(Kit kit) {
        KitUser bob = kit.user("bob");
        KitSession a = kit.connect(kit.user("alice"));
        KitSession phone = kit.connect(bob);
        KitSession laptop = kit.connect(bob);
        String call = kit.ring(a, bob, phone, laptop);
        phone.drop();
        laptop.quiet("the call keeps ringing at the laptop (R6.7)");
        a.quiet("the call keeps ringing (R6.7)");
        phone.resume();
        phone.quiet();
        phone.send("{'action':'answer_call','call_id':'" + call + "'}");
        a.expect("{'type':'call_answered','callee_id':'@bob','call_id':'" + call + "'}");
        laptop.expect("{'type':'call_ended','call_id':'" + call + "','reason':'answered_elsewhere'}");
    }

    // ---- R6.9

    public static void resumeTokensAreLongAndDistinct(Kit kit) {
        KitUser alice = kit.user("alice");
        Set<String> tokens = new HashSet<>();
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            KitSession session = kit.connect(i % 2 == 0 ? alice : kit.user("user" + i));
            String token = session.resumeToken();
            kit.check(token.length() >= 22, "resume_token " + token.substring(0, Math.min(6, token.length()))
                    + "... has " + token.length() + " characters; 128 random bits need at least 22 (R6.9)");
            kit.check(tokens.add(token), "two sessions got the same resume_token (R6.9)");
            kit.check(!token.equals(session.sessionId()), "the resume token equals the session id, which is not a "
                    + "secret (R6.9)");
            sessions.add(session.sessionId());
        }
    }

    public static void sessionIdsAndResumeTokensNeedNoEscaping(Kit kit) {
        KitSession session = kit.connect(kit.user("alice"));
        for (String id : List.of(session.sessionId(), session.resumeToken())) {
            kit.check(id.matches("[0-9A-Za-z._~-]+"), "welcome names " + (id.equals(session.sessionId())
                    ? "session_id " + id : "a resume_token") + " with characters outside [0-9A-Za-z._~-]; servers "
                    + "should use the characters of call ids, which need no escaping in a URL (0.4)");
        }
    }

    // ---- R6.10

    public static void atLeast512EventsAreKeptForReplay(Kit kit) {
        KitSession a = kit.connect(kit.user("alice"));
        KitSession b = kit.connect(kit.user("bob"));
        kit.connectCall(a, b);
        int perSide = 262;
        for (int i = 0; i < perSide; i++) {
            a.connection().send(kit.render("{'action':'ice_candidate','candidate':" + Payloads.candidate(i) + "}"), 90);
            b.connection().send("{\"action\":\"ping\",\"nonce\":\"r" + i + "\"}", 90);
        }
        List<RawConnection.Frame> received = new ArrayList<>(b.drainUntilBarrier());
        long last = b.lastSeq();
        kit.check(last >= 520, "bob's session got only " + last + " events");
        java.util.Map<Long, String> bySeq = new java.util.HashMap<>();
        for (RawConnection.Frame frame : b.connection().received()) {
            if (frame.json() != null && frame.json().has("seq")) {
                bySeq.put(frame.json().get("seq").asLong(), frame.text());
            }
        }
        b.drop();
        b.allowSeqGap();
        b.resume(0);
        long expectedFirst = Math.max(1, last - 511);
        long firstSeq = -1;
        long seq = 0;
        while (seq < last) {
            RawConnection.Frame frame = b.next();
            if (frame == null || frame.isClose() || frame.json() == null) {
                throw kit.failure("bob's replay stopped at seq " + seq + " of " + last + "; the server keeps at least "
                        + "the last 512 events for replay (R6.10)", "replay up to seq " + last,
                        frame == null ? "(nothing)" : frame.describe());
            }
            seq = frame.json().get("seq").asLong();
            if (firstSeq < 0) {
                firstSeq = seq;
                kit.check(firstSeq <= expectedFirst, "after resuming with last_seq=0, the replay starts at seq "
                        + firstSeq + ", so only " + (last - firstSeq + 1) + " of the last events were kept; at least "
                        + "512 must be (R6.10)");
            }
            String original = bySeq.get(seq);
            kit.check(frame.text().equals(original) || original == null || sameEvent(original, frame.text()),
                    "replayed seq " + seq + " differs from the event first sent with it (R6.3): " + frame.text());
        }
        b.quiet();
        kit.check(!received.isEmpty(), "bob's session received nothing before the barrier");
    }

    private static boolean sameEvent(String first, String second) {
        return dev.dialtone.conformance.internal.wire.Json.canonical(first)
                .equals(dev.dialtone.conformance.internal.wire.Json.canonical(second));
    }
}
