package dev.dialtone.bench.load;

import java.util.List;
import java.util.Locale;

/** The results as a Markdown table, a plain-text table for the terminal, and an SVG bar chart. */
final class Report {

    private Report() {
    }

    static String markdownTable(List<Figure> figures) {
        return markdownTable(figures, "Dialtone", "Node ws", "Ratio (Dialtone / Node)");
    }

    /** The table with other column names: {@code first} is a figure's own value, {@code second} its comparison. */
    static String markdownTable(List<Figure> figures, String first, String second, String ratio) {
        StringBuilder out = new StringBuilder();
        out.append("| Figure | Unit | ").append(first).append(" | ").append(second).append(" | ").append(ratio)
                .append(" | Target | Met? |\n");
        out.append("| --- | --- | ---: | ---: | ---: | --- | --- |\n");
        for (Figure f : figures) {
            out.append("| ").append(f.name()).append(" | ").append(f.unit()).append(" | ")
                    .append(Figure.format(f.dialtone(), f.decimals())).append(" | ")
                    .append(Figure.format(f.node(), f.decimals())).append(" | ")
                    .append(ratio(f)).append(" | ")
                    .append(f.target().isEmpty() ? "" : f.target()).append(" | ")
                    .append(f.met() == null ? "" : f.met() ? "**yes**" : "**no**").append(" |\n");
        }
        return out.toString();
    }

    static String textTable(List<Figure> figures) {
        return textTable(figures, "Dialtone", "Node ws");
    }

    /** The terminal table with other column names. */
    static String textTable(List<Figure> figures, String first, String second) {
        String format = "%-58s %-12s %14s %14s %8s  %-22s %s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, format, "figure", "unit", first, second, "ratio", "target",
                "met?"));
        for (Figure f : figures) {
            out.append(String.format(Locale.ROOT, format, f.name(), f.unit(),
                    Figure.format(f.dialtone(), f.decimals()), Figure.format(f.node(), f.decimals()), ratio(f),
                    f.target(), f.met() == null ? "" : f.met() ? "yes" : "NO"));
        }
        return out.toString();
    }

    private static String ratio(Figure f) {
        double ratio = f.ratio();
        return Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    /** Grouped horizontal bars, one group per figure that has both values, each scaled to the larger of the two. */
    static String svg(List<Figure> figures, String subtitle) {
        List<Figure> shown = figures.stream()
                .filter(f -> !Double.isNaN(f.dialtone()) && !Double.isNaN(f.node()))
                .toList();
        int labelWidth = 430;
        int barWidth = 360;
        int rowHeight = 46;
        int top = 70;
        int width = labelWidth + barWidth + 150;
        int height = top + shown.size() * rowHeight + 40;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n",
                width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
        svg.append("<text x=\"10\" y=\"22\" font-size=\"16\" font-weight=\"bold\">Dialtone vs Node.js ws relay"
                + " (same run, same load client)</text>\n");
        svg.append("<text x=\"10\" y=\"40\" fill=\"#555\">").append(escape(subtitle)).append("</text>\n");
        svg.append("<rect x=\"10\" y=\"50\" width=\"12\" height=\"10\" fill=\"#2563eb\"/>"
                + "<text x=\"26\" y=\"59\">Dialtone</text>\n");
        svg.append("<rect x=\"100\" y=\"50\" width=\"12\" height=\"10\" fill=\"#16a34a\"/>"
                + "<text x=\"116\" y=\"59\">Node ws</text>\n");
        int y = top;
        for (Figure f : shown) {
            double max = Math.max(f.dialtone(), f.node());
            String better = f.higherIsBetter() ? "higher is better" : "lower is better";
            svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text>%n", y + 14, escape(f.name())));
            svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" fill=\"#777\" font-size=\"10\">%s, %s"
                    + "</text>%n", y + 28, escape(f.unit()), better));
            bar(svg, labelWidth, y + 4, barWidth, f.dialtone() / max, "#2563eb",
                    Figure.format(f.dialtone(), f.decimals()));
            bar(svg, labelWidth, y + 20, barWidth, f.node() / max, "#16a34a", Figure.format(f.node(), f.decimals()));
            y += rowHeight;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void bar(StringBuilder svg, int x, int y, int width, double fraction, String color, String label) {
        int w = (int) Math.max(1, Math.round(width * (Double.isFinite(fraction) ? fraction : 0)));
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"14\" fill=\"%s\"/>"
                        + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n",
                x, y, w, color, x + w + 6, y + 11, escape(label)));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
