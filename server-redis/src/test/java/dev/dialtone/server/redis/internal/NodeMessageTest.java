package dev.dialtone.server.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the messages the scripts publish to a node's channel. */
class NodeMessageTest {

    @Test
    void eventsAreReadInOrderWithTheirTextAsPublished() {
        NodeMessage message = NodeMessage.read("42 ep-1\n{\"ev\":[[\"s1\",\"7\",\"{\\\"type\\\":\\\"pong\\\",\\\"nonce\\\":\\\"a\\/b\\\"}\"],"
                + "[\"s2\",\"\\\"u\\\"\",\"{\\\"type\\\":\\\"pong\\\",\\\"nonce\\\":\\\"\\u00e9\\\"}\"]]}");

        assertNull(message.problem());
        assertEquals(42, message.count());
        assertEquals("ep-1", message.epoch());
        assertEquals(List.of(
                new NodeMessage.Event("s1", "7", "{\"type\":\"pong\",\"nonce\":\"a/b\"}"),
                new NodeMessage.Event("s2", "\"u\"", "{\"type\":\"pong\",\"nonce\":\"\u00e9\"}")), message.events());
        assertTrue(message.light());
    }

    @Test
    void aSnapshotComesWithTheEventsAndAnEmptyListMayBeAnEmptyObject() {
        NodeMessage message = NodeMessage.read("3 e\n{\"c\":{\"id\":\"c1\",\"v\":2,\"e\":1},\"ev\":{}}");

        assertNull(message.problem());
        assertEquals(List.of(), message.events());
        assertNotNull(message.snapshot());
        assertEquals("c1", message.snapshot().path("id").asText());
        assertTrue(message.light());
    }

    @Test
    void aHandOverRequestOrAnswerIsNotLight() {
        NodeMessage take = NodeMessage.read("5 e\n{\"take\":{\"sid\":\"s\",\"u\":\"1\",\"from\":\"n2\",\"rid\":\"r\"}}");
        NodeMessage given = NodeMessage.read("6 e\n{\"given\":{\"rid\":\"r\",\"ok\":true}}");

        assertEquals("n2", take.take().path("from").asText());
        assertFalse(take.light());
        assertEquals("r", given.given().path("rid").asText());
        assertFalse(given.light());
    }

    @Test
    void unknownMembersAreSkipped() {
        NodeMessage message = NodeMessage.read("7 e\n{\"later\":{\"x\":[1,2]},\"ev\":[[\"s\",\"1\",\"{}\"]]}");

        assertNull(message.problem());
        assertEquals(1, message.events().size());
    }

    @Test
    void aBrokenMessageSaysWhyAndKeepsItsNumberWhenTheHeaderCouldBeRead() {
        NodeMessage noHeader = NodeMessage.read("{\"ev\":[]}");
        NodeMessage badCount = NodeMessage.read("x e\n{\"ev\":[]}");
        NodeMessage badBody = NodeMessage.read("9 e\n{\"ev\":[[\"s\",\"1\"]]}");
        NodeMessage notJson = NodeMessage.read("10 e\nnot json");

        assertEquals(-1, noHeader.count());
        assertNotNull(noHeader.problem());
        assertEquals(-1, badCount.count());
        assertNotNull(badCount.problem());
        assertEquals(9, badBody.count(), "its number still counts, so that no gap is reported");
        assertNotNull(badBody.problem());
        assertEquals(List.of(), badBody.events(), "nothing of a broken message is delivered");
        assertEquals(10, notJson.count());
        assertNotNull(notJson.problem());
    }
}
