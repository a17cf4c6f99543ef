package dev.dialtone.protocol;

import static dev.dialtone.protocol.WireSamples.CODEC;
import static dev.dialtone.protocol.WireSamples.SEED_003;
import static dev.dialtone.protocol.WireSamples.assertSameTree;
import static dev.dialtone.protocol.WireSamples.decoded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Design decision 1: a client written only from seed 003 keeps working, frame for frame. */
class Seed003WireShapesTest {

    static Stream<Arguments> seedFrames() {
        return SEED_003.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedFrames")
    void seedFrameDecodesToItsMessageAndReencodesToTheSameTree(String frame, Object expected) {
        if (expected instanceof ClientAction action) {
            var result = decoded(CODEC.decodeAction(frame));
            assertEquals(action, result.message());
            assertEquals(0, result.seq());
            assertSameTree(frame, CODEC.encode(result.message()));
        } else {
            var result = decoded(CODEC.decodeEvent(frame));
            assertEquals(expected, result.message());
            assertEquals(0, result.seq(), "seed 003 frames carry no seq");
            assertSameTree(frame, CODEC.encode(result.message()));
        }
    }

    @Test
    void seed003CoversEveryMessageItNames() {
        assertEquals(16, SEED_003.size());
    }

    @Test
    void seedStartCallIsWrittenExactlyAsTheSeedShowsIt() {
        assertEquals("{\"action\":\"start_call\",\"callee_id\":2}", CODEC.encode(StartCall.to(UserId.of(2))));
    }

    @Test
    void R1_4_numericUserIdsStayNumbersAndStringIdsStayStrings() {
        assertEquals("{\"type\":\"call_hanged_up\",\"hanged_up_by\":42}",
                CODEC.encode(new CallHungUp(UserId.of(42), null)));
        assertEquals("{\"type\":\"call_hanged_up\",\"hanged_up_by\":\"42\"}",
                CODEC.encode(new CallHungUp(UserId.of("42"), null)));
        var numeric = (StartCall) decoded(CODEC.decodeAction("{\"action\":\"start_call\",\"callee_id\":42}")).message();
        var text = (StartCall) decoded(CODEC.decodeAction("{\"action\":\"start_call\",\"callee_id\":\"42\"}")).message();
        assertTrue(numeric.calleeId().numeric());
        assertTrue(!text.calleeId().numeric());
        assertEquals(numeric.calleeId(), text.calleeId(), "42 and \"42\" name the same user");
    }
}
