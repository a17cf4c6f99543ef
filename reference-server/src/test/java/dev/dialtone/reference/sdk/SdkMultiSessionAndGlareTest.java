package dev.dialtone.reference.sdk;

import static dev.dialtone.reference.sdk.SdkEvents.await;
import static dev.dialtone.reference.sdk.SdkPayloads.candidate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.client.Call;
import dev.dialtone.client.CallEnd;
import dev.dialtone.client.CallEnd.Reason;
import dev.dialtone.client.DialtoneClient;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.UnavailableReason;
import dev.dialtone.reference.sdk.SdkServer.User;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several sessions of one user (R5.1 to R5.3), glare (R5.4) and the ring timeout (R6.1), with SDK clients against the
 * real reference server.
 */
class SdkMultiSessionAndGlareTest {

    private static SdkServer server;

    @BeforeAll
    static void startServer() {
        server = SdkServer.start(engine -> engine.ringTimeout(Duration.ofMillis(800)));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aThirdSessionOfTheCalleeSeesAnsweredElsewhere() {
        User alice = SdkServer.user("alice");
        User bob = SdkServer.user("bob");
        SdkEvents aliceEvents = new SdkEvents();
        SdkEvents phoneEvents = new SdkEvents();
        SdkEvents laptopEvents = new SdkEvents();
        DialtoneClient aliceClient = server.connect(alice, aliceEvents);
        server.connect(bob, phoneEvents);
        server.connect(bob, laptopEvents);

        Call outgoing = aliceClient.call(bob.id(), CallType.AUDIO);
        Call onPhone = phoneEvents.incoming();
        Call onLaptop = laptopEvents.incoming();
        assertEquals(await(onPhone.id()), await(onLaptop.id()), "every session of the callee rings (R5.1)");

        onPhone.answer();
        await(outgoing.answered());
        assertEquals(CallEnd.of(Reason.ANSWERED_ELSEWHERE, null), await(onLaptop.ended()));
        assertEquals(Call.State.CONNECTED, onPhone.state());

        // Only the bound sessions are parties from now on (R5.6).
        outgoing.sendIceCandidate(candidate(7));
        assertEquals(candidate(7), phoneEvents.next("candidate").value());
        outgoing.hangUp();
        assertEquals(CallEnd.of(Reason.HUNG_UP_BY_PEER, alice.id()), await(onPhone.ended()));
        await(aliceClient.ping());
        assertEquals(List.of(), laptopEvents.all("candidate"));
    }

    @Test
    void aRejectFromOneSessionEndsTheCallAtTheOthers() {
        User alice = SdkServer.user("alice");
        User bob = SdkServer.user("bob");
        SdkEvents phoneEvents = new SdkEvents();
        SdkEvents laptopEvents = new SdkEvents();
        DialtoneClient aliceClient = server.connect(alice, new SdkEvents());
        server.connect(bob, phoneEvents);
        server.connect(bob, laptopEvents);
        Call outgoing = aliceClient.call(bob.id(), CallType.AUDIO);
        Call onLaptop = laptopEvents.incoming();
        phoneEvents.incoming().reject();
        assertEquals(CallEnd.of(Reason.REJECTED, bob.id()), await(outgoing.ended()));
        assertEquals(CallEnd.of(Reason.REJECTED_ELSEWHERE, null), await(onLaptop.ended()));
    }

    @Test
    void glareIsResolvedToOneCallWhichTheSdkAnswers() {
        User alice = SdkServer.user("alice");
        User bob = SdkServer.user("bob");
        SdkEvents aliceEvents = new SdkEvents();
        SdkEvents bobEvents = new SdkEvents();
        DialtoneClient aliceClient = server.connect(alice, aliceEvents);
        DialtoneClient bobClient = server.connect(bob, bobEvents);

        Call aliceCall = aliceClient.call(bob.id(), CallType.AUDIO);
        Call ringingAtBob = bobEvents.incoming();
        // Bob calls Alice back while her call rings at him: glare.
        Call bobCall = bobClient.call(alice.id(), CallType.AUDIO);

        assertEquals(CallEnd.unavailable(UnavailableReason.GLARE), await(bobCall.ended()));
        assertSame(ringingAtBob, bobEvents.next("answered").call(), "the SDK answered Alice's call for Bob");
        await(aliceCall.answered());
        CallId id = await(aliceCall.id());
        assertEquals(id, await(ringingAtBob.id()), "one call");
        assertSame(ringingAtBob, bobClient.currentCall().orElseThrow());
        List<String> bobSaw = bobEvents.kinds();
        assertEquals(List.of("incoming", "ended UNAVAILABLE", "answered"), bobSaw.subList(2, bobSaw.size()));

        // The one call works both ways.
        ringingAtBob.sendIceCandidate(candidate(1));
        assertEquals(candidate(1), aliceEvents.next("candidate").value());
        aliceCall.hangUp();
        assertEquals(CallEnd.of(Reason.HUNG_UP_BY_PEER, alice.id()), await(ringingAtBob.ended()));
        assertTrue(aliceEvents.all("error").isEmpty() && bobEvents.all("error").isEmpty());
    }

    @Test
    void aCallNobodyAnswersIsMissedOnBothSides() {
        User alice = SdkServer.user("alice");
        User bob = SdkServer.user("bob");
        SdkEvents bobEvents = new SdkEvents();
        DialtoneClient aliceClient = server.connect(alice, new SdkEvents());
        server.connect(bob, bobEvents);
        assertEquals(Duration.ofMillis(800), aliceClient.session().orElseThrow().ringTimeout());
        Call outgoing = aliceClient.call(bob.id(), CallType.VIDEO);
        Call incoming = bobEvents.incoming();
        assertEquals(CallEnd.of(Reason.MISSED, null), await(outgoing.ended()));
        assertEquals(CallEnd.of(Reason.MISSED, null), await(incoming.ended()));
    }
}
