package dev.dialtone.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/protocol.md shows only messages that the codec reads and writes exactly as shown, and shows all of them. */
class ProtocolDocExamplesTest {

    private static final Path DOCUMENT = Path.of("..", "docs", "protocol.md");

    private static List<ProtocolDocExamples.Example> examples() {
        return ProtocolDocExamples.jsonBlocks(ProtocolDocExamples.read(DOCUMENT));
    }

    @Test
    void everyJsonExampleDecodesAndReencodesToTheSameTree() {
        List<ProtocolDocExamples.Example> examples = examples();
        assertFalse(examples.isEmpty(), "docs/protocol.md has no ```json examples");
        assertEquals(List.of(), ProtocolDocExamples.exampleProblems(examples));
    }

    @Test
    void everyActionAndEventTypeHasAnExample() {
        assertEquals(Set.of(), ProtocolDocExamples.missingNames(examples()));
    }

    @Test
    void seed003MessagesAreShownInTheirSeedShape() {
        assertEquals(List.of(), ProtocolDocExamples.missingSeedShapes(examples()));
    }
}
