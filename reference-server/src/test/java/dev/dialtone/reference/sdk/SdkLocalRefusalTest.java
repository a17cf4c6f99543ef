package dev.dialtone.reference.sdk;

import static dev.dialtone.reference.sdk.SdkEvents.await;
import static dev.dialtone.reference.sdk.SdkPayloads.ANSWER;
import static dev.dialtone.reference.sdk.SdkPayloads.OFFER;
import static dev.dialtone.reference.sdk.SdkPayloads.candidate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dialtone.client.Call;
import dev.dialtone.client.CallEnd;
import dev.dialtone.client.CallEnd.Reason;
import dev.dialtone.client.DialtoneClient;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.ErrorCode;
import dev.dialtone.protocol.SignalingException;
import dev.dialtone.reference.sdk.SdkServer.User;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Illegal local actions are refused by the SDK's own call machine before anything is sent: the server never answers
 * them with an {@code error} (checked with a ping barrier: the server answers one connection in order, so an error for
 * anything sent before the ping would arrive before its pong) and the peer never sees them.
 */
class SdkLocalRefusalTest {

    private static SdkServer server;

    @BeforeAll
    static void startServer() {
        server = SdkServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static void refused(ErrorCode code, Executable action) {
        SignalingException e = assertThrows(SignalingException.class, action);
        assertEquals(code, e.code(), e::getMessage);
    }

    @Test
    void illegalActionsAreRefusedWithoutSending() {
        User alice = SdkServer.user("alice");
        User bob = SdkServer.user("bob");
        User carol = SdkServer.user("carol");
        SdkEvents aliceEvents = new SdkEvents();
        SdkEvents bobEvents = new SdkEvents();
        DialtoneClient aliceClient = server.connect(alice, aliceEvents);
        DialtoneClient bobClient = server.connect(bob, bobEvents);

        Call outgoing = aliceClient.call(bob.id(), CallType.AUDIO);
        Call incoming = bobEvents.incoming();
        await(outgoing.id());

        refused(ErrorCode.INVALID_STATE, outgoing::hangUp);
        refused(ErrorCode.NOT_A_PARTY, outgoing::answer);
        refused(ErrorCode.INVALID_STATE, () -> outgoing.sendOffer(OFFER));
        refused(ErrorCode.INVALID_STATE, () -> outgoing.setMediaState(false, null));
        refused(ErrorCode.INVALID_STATE, () -> aliceClient.call(carol.id(), CallType.AUDIO));
        refused(ErrorCode.NOT_A_PARTY, incoming::cancel);
        refused(ErrorCode.INVALID_STATE, incoming::hangUp);
        refused(ErrorCode.INVALID_STATE, () -> incoming.sendIceCandidate(candidate(1)));

        incoming.answer();
        refused(ErrorCode.INVALID_STATE, incoming::answer);
        refused(ErrorCode.INVALID_STATE, incoming::reject);
        await(outgoing.answered());
        refused(ErrorCode.INVALID_STATE, outgoing::cancel);

        incoming.hangUp();
        assertEquals(CallEnd.of(Reason.HUNG_UP_BY_PEER, bob.id()), await(outgoing.ended()));
        refused(ErrorCode.UNKNOWN_CALL, outgoing::hangUp);
        refused(ErrorCode.UNKNOWN_CALL, () -> outgoing.sendAnswer(ANSWER));
        refused(ErrorCode.UNKNOWN_CALL, () -> incoming.sendIceCandidate(candidate(2)));

        // The barrier: had anything illegal been sent, its error would come before these pongs.
        await(aliceClient.ping());
        await(bobClient.ping());
        assertEquals(List.of(), aliceEvents.all("error"));
        assertEquals(List.of(), bobEvents.all("error"));
        assertEquals(List.of(), aliceEvents.all("offer"), "nothing reached the peer either");
        assertEquals(List.of(), bobEvents.all("offer"));
        assertEquals(List.of(), aliceEvents.all("candidate"));
        assertEquals(List.of(), bobEvents.all("media"));
    }
}
