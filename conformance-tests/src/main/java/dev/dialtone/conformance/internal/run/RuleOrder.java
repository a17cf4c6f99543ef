package dev.dialtone.conformance.internal.run;

/** Sorts rules as the document numbers them: R1.2 before R1.10; anything else (the model) last. */
public final class RuleOrder {

    private RuleOrder() {
    }

    /** A sortable key for a rule. */
    public static String key(String rule) {
        if (rule.matches("R\\d+\\.\\d+")) {
            String[] parts = rule.substring(1).split("\\.");
            return String.format("%03d.%03d", Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }
        return "999." + rule;
    }
}
