package dev.dialtone.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Every rule of docs/protocol.md has its cases: each MUST a {@code required_} case (or an {@code untested_} entry
 * with its reason), each SHOULD an {@code optional_} or {@code untested_} one; and the kit names no rule the
 * document does not have.
 */
class CoverageTest {

    private static final Pattern RULE = Pattern.compile("^- \\*\\*(R\\d+\\.\\d+)\\*\\* \\(([A-Z]+)",
            Pattern.MULTILINE);

    static Map<String, String> rulesOfTheDocument() throws IOException {
        String doc = Files.readString(Path.of(System.getProperty("dialtone.protocol.md", "../docs/protocol.md")),
                StandardCharsets.UTF_8);
        Map<String, String> rules = new LinkedHashMap<>();
        Matcher matcher = RULE.matcher(doc);
        while (matcher.find()) {
            rules.put(matcher.group(1), matcher.group(2));
        }
        return rules;
    }

    static List<Method> caseMethods() {
        List<Method> cases = new ArrayList<>();
        for (Method method : DialtoneServerVerification.class.getDeclaredMethods()) {
            if (method.isAnnotationPresent(org.junit.jupiter.api.Test.class)) {
                cases.add(method);
            }
        }
        return cases;
    }

    @Test
    void theDocumentHasItsRules() throws IOException {
        Map<String, String> rules = rulesOfTheDocument();
        assertTrue(rules.size() > 70, "docs/protocol.md lists its rules as '- **Rx.y** (MUST) ...': " + rules.size());
        assertTrue(rules.containsKey("R1.1") && rules.containsKey("R8.19"), rules.keySet().toString());
    }

    @Test
    void everyMustHasARequiredOrUntestedCase() throws IOException {
        Set<String> required = rulesOf("required_");
        Set<String> untested = rulesOf("untested_");
        List<String> uncovered = new ArrayList<>();
        for (Map.Entry<String, String> rule : rulesOfTheDocument().entrySet()) {
            if (rule.getValue().equals("MUST") && !required.contains(rule.getKey())
                    && !untested.contains(rule.getKey())) {
                uncovered.add(rule.getKey());
            }
        }
        assertEquals(List.of(), uncovered, "MUST rules without a required_ case or an untested_ entry");
    }

    @Test
    void everyShouldIsCheckedOrListed() throws IOException {
        Set<String> covered = new TreeSet<>(rulesOf("required_"));
        covered.addAll(rulesOf("optional_"));
        covered.addAll(rulesOf("untested_"));
        List<String> uncovered = new ArrayList<>();
        for (Map.Entry<String, String> rule : rulesOfTheDocument().entrySet()) {
            if (!covered.contains(rule.getKey())) {
                uncovered.add(rule.getKey() + " (" + rule.getValue() + ")");
            }
        }
        assertEquals(List.of(), uncovered, "rules with no case at all");
    }

    @Test
    void casesNameOnlyRulesOfTheDocument() throws IOException {
        Set<String> known = rulesOfTheDocument().keySet();
        for (Method method : caseMethods()) {
            String rule = CaseResult.ruleOf(method.getName());
            assertTrue(known.contains(rule) || rule.equals("model"), method.getName() + " names " + rule
                    + ", which docs/protocol.md does not have");
        }
    }

    @Test
    void everyCaseIsNamedByItsStrengthAndRule() {
        Pattern name = Pattern.compile("(required|optional|untested)_(R\\d+_\\d+|model)_[a-z][A-Za-z0-9]+");
        Set<String> names = new LinkedHashSet<>();
        for (Method method : caseMethods()) {
            assertTrue(name.matcher(method.getName()).matches(), method.getName());
            assertTrue(names.add(method.getName()), "duplicate " + method.getName());
        }
        assertEquals(names, new LinkedHashSet<>(Conformance.caseNames()));
    }

    @Test
    void untestedCasesGiveTheirReason() throws Exception {
        DialtoneServerVerification verification = new DialtoneServerVerification() {
            @Override
            protected ConformanceTarget target() {
                throw new AssertionError("untested cases never reach the server");
            }
        };
        for (Method method : caseMethods()) {
            if (!method.getName().startsWith("untested_")) {
                continue;
            }
            try {
                method.invoke(verification);
            } catch (java.lang.reflect.InvocationTargetException e) {
                Throwable thrown = e.getCause();
                assertTrue(thrown instanceof TestAbortedException, method.getName() + " threw " + thrown);
                String reason = thrown.getMessage();
                assertTrue(reason.startsWith("UNTESTED: ") && reason.length() > 30, method.getName() + ": " + reason);
                continue;
            }
            throw new AssertionError(method.getName() + " did not report itself untested");
        }
    }

    @Test
    void section10IsListed() throws IOException {
        String doc = Files.readString(Path.of(System.getProperty("dialtone.protocol.md", "../docs/protocol.md")),
                StandardCharsets.UTF_8);
        String section = doc.substring(doc.indexOf("## 10 Rules that cannot be checked from outside"),
                doc.indexOf("## Appendix A"));
        Matcher rules = Pattern.compile("R\\d+\\.\\d+").matcher(section);
        Set<String> untested = rulesOf("untested_");
        while (rules.find()) {
            assertTrue(untested.contains(rules.group()), "section 10 names " + rules.group()
                    + ", which has no untested_ entry");
        }
        assertFalse(untested.isEmpty());
    }

    private static Set<String> rulesOf(String prefix) {
        Set<String> rules = new TreeSet<>();
        for (Method method : caseMethods()) {
            if (method.getName().startsWith(prefix)) {
                rules.add(CaseResult.ruleOf(method.getName()));
            }
        }
        return rules;
    }
}
