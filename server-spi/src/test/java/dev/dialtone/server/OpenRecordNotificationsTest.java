package dev.dialtone.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallRecord;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.EngineHarness.Client;
import dev.dialtone.server.spi.CallRecordStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** R7.4: the engine tells a durable record store when a call starts ringing, when it is answered, and its record. */
class OpenRecordNotificationsTest {

    private final RecordingStore store = new RecordingStore();
    private final EngineHarness harness = new EngineHarness(builder -> builder.recordStore(store));

    @AfterEach
    void shutDown() {
        harness.close();
    }

    @Test
    void R7_4_aCallReportsOpenedThenAnsweredThenItsRecord() {
        Client alice = harness.join("n:1");
        Client bob = harness.join("n:2");
        alice.send("{\"action\":\"start_call\",\"callee_id\":2}");
        alice.take("call_ringing");
        bob.take("incoming_call");
        harness.time.advance(Duration.ofSeconds(4));
        bob.send("{\"action\":\"answer_call\",\"call_id\":\"call-1\"}");
        alice.take("call_answered");
        harness.time.advance(Duration.ofSeconds(60));
        alice.send("{\"action\":\"hang_up\",\"call_id\":\"call-1\"}");
        bob.take("call_hanged_up");
        Instant start = Instant.parse("2026-11-20T10:00:00Z");
        assertEquals(List.of("opened call-1 1->2 at " + start, "answered call-1 at " + start.plusSeconds(4),
                "saved call-1 completed"), store.events);
    }

    @Test
    void R7_4_callsThatNeverRingOpenNothingAndCallsThatRingAreOpenedOnce() {
        Client alice = harness.join("n:1");
        alice.send("{\"action\":\"start_call\",\"callee_id\":3}");
        alice.take("call_unavailable");
        Client bob = harness.join("n:2");
        alice.send("{\"action\":\"start_call\",\"callee_id\":2}");
        alice.take("call_ringing");
        bob.take("incoming_call");
        harness.time.advance(Duration.ofSeconds(30));
        alice.take("call_missed");
        Instant start = Instant.parse("2026-11-20T10:00:00Z");
        assertEquals(List.of("saved call-1 offline", "opened call-2 1->2 at " + start, "saved call-2 missed"),
                store.events);
    }

    /** Remembers what the engine reported, in order, and keeps records in memory. */
    private static final class RecordingStore implements CallRecordStore {
        final List<String> events = new ArrayList<>();
        private final CallRecordStore records = CallRecordStore.inMemory();

        @Override
        public synchronized void save(CallRecord record) {
            events.add("saved " + record.callId() + " " + record.outcome().wireName());
            records.save(record);
        }

        @Override
        public synchronized void opened(CallInfo call) {
            events.add("opened " + call.callId() + " " + call.callerId() + "->" + call.calleeId() + " at "
                    + call.startedAt());
        }

        @Override
        public synchronized void answered(CallId callId, Instant at) {
            events.add("answered " + callId + " at " + at);
        }

        @Override
        public List<CallRecord> history(UserId user, int limit, CallId before) {
            return records.history(user, limit, before);
        }
    }
}
