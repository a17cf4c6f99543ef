package dev.dialtone.bench.load;

/**
 * One line of the results table: a figure measured on both servers in the same run.
 *
 * @param name what was measured, with its conditions
 * @param unit the unit of both values
 * @param dialtone Dialtone's value; NaN when not measured
 * @param node the Node ws peer's value; NaN when not measured (or not applicable)
 * @param higherIsBetter whether a larger value is better
 * @param target the target in words; empty when there is none
 * @param met whether the target is met; null when there is no target
 * @param decimals decimals shown
 */
record Figure(String name, String unit, double dialtone, double node, boolean higherIsBetter, String target,
        Boolean met, int decimals) {

    /** Dialtone's value over Node's; NaN when either is missing. */
    double ratio() {
        return Double.isNaN(dialtone) || Double.isNaN(node) || node == 0 ? Double.NaN : dialtone / node;
    }

    static String format(double value, int decimals) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return String.format(java.util.Locale.ROOT, "%,." + decimals + "f", value);
    }
}
