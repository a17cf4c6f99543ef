package dev.dialtone.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** R3.8: opaque objects are relayed with every number spelled as the sender spelled it. */
class OpaqueNumbersKeepTheirTextTest {

    private static final String CANDIDATE =
            "{\"candidate\":\"candidate:1 1 udp 2113937151 10.0.0.2 5000 typ host\",\"a\":1e2,\"b\":-0.0,"
                    + "\"c\":1.50,\"d\":[2.5E-3,{\"e\":7}],\"sdpMLineIndex\":0}";

    @Test
    void R3_8_numbersInADecodedCandidateKeepTheirText() {
        String frame = "{\"action\":\"ice_candidate\",\"peer_id\":2,\"candidate\": " + CANDIDATE + "}";
        DecodeResult<ClientAction> decoded = WireCodec.standard().decodeAction(frame);
        SendIceCandidate action = (SendIceCandidate) ((DecodeResult.Decoded<ClientAction>) decoded).message();
        assertEquals(CANDIDATE, action.candidate().json());
        String relayed = WireCodec.standard().encode(
                new IceCandidateRelayed(action.candidate(), UserId.of(1), CallId.of("c1")), 3);
        assertTrue(relayed.contains(CANDIDATE), relayed);
    }

    @Test
    void R3_8_opaqueJsonCompactsWhitespaceButKeepsNumbers() {
        assertEquals("{\"x\":1e2,\"y\":[-0.0]}", OpaqueJson.of("{ \"x\" : 1e2 ,\n \"y\": [ -0.0 ] }").json());
    }

    @Test
    void opaqueJsonStillRefusesWhatIsNotOneObject() {
        for (String bad : new String[] {"[1]", "{", "{} {}", "{\"a\":1,\"a\":2}", "1e2", ""}) {
            assertThrows(IllegalArgumentException.class, () -> OpaqueJson.of(bad), bad);
        }
    }
}
