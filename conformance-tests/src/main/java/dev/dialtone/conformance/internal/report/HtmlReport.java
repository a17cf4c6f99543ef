package dev.dialtone.conformance.internal.report;

import dev.dialtone.conformance.CaseResult;
import dev.dialtone.conformance.ConformanceReport;
import dev.dialtone.conformance.Verdict;
import dev.dialtone.conformance.WireRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML report: one self-contained page (inline CSS and SVG, no scripts, no external assets) with every rule's
 * verdict, and for every case that did not pass what was expected, what arrived, and the wire log of every session
 * drawn as a sequence diagram: one lifeline per session and one for the server, an arrow per frame.
 */
public final class HtmlReport {

    private static final int MAX_ROWS = 400;
    private static final int ROW = 22;
    private static final int LANE = 190;
    private static final int LEFT = 80;

    private HtmlReport() {
    }

    public static void write(ConformanceReport report, Path file) throws IOException {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Dialtone conformance: ")
                .append(escape(report.target())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #ddd;"
                        + "text-align:left;vertical-align:top}")
                .append(".OK{color:#1a7f37}.FAILED{color:#c62828;font-weight:bold}.NON-STRICT{color:#b26a00}"
                        + ".UNTESTED{color:#777}")
                .append("pre{background:#f6f8fa;padding:8px;white-space:pre-wrap;word-break:break-all;margin:4px 0}")
                .append(".pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}")
                .append("section{border-top:2px solid #eee;margin-top:2em;padding-top:1em}")
                .append("svg text{font-family:ui-monospace,monospace;font-size:11px}")
                .append(".diagram{overflow-x:auto;border:1px solid #eee}")
                .append("</style></head><body>\n");
        html.append("<h1>Dialtone conformance</h1>\n<p>Target: <code>").append(escape(report.target()))
                .append("</code><br>Started ").append(escape(report.started().toString())).append(", ")
                .append(String.format(Locale.ROOT, "%.1f", report.duration().toMillis() / 1000.0)).append(" s. ")
                .append("<strong class=\"").append(report.passed() ? "OK" : "FAILED").append("\">")
                .append(report.passed() ? "PASSED" : "FAILED").append("</strong> &mdash; cases: ")
                .append(report.count(Verdict.OK)).append(" OK, ").append(report.count(Verdict.FAILED))
                .append(" FAILED, ").append(report.count(Verdict.NON_STRICT)).append(" NON-STRICT, ")
                .append(report.count(Verdict.UNTESTED)).append(" UNTESTED.</p>\n");
        for (String problem : report.problems()) {
            html.append("<p class=\"FAILED\">").append(escape(problem)).append("</p>\n");
        }
        html.append("<h2>Rules</h2>\n<table><tr><th>Rule</th><th>Verdict</th><th>Cases</th></tr>\n");
        for (Map.Entry<String, List<CaseResult>> rule : report.casesByRule().entrySet()) {
            Verdict verdict = ConformanceReport.worst(rule.getValue());
            html.append("<tr><td>").append(escape(rule.getKey())).append("</td><td class=\"").append(verdict.label())
                    .append("\">").append(verdict.label()).append("</td><td>");
            for (CaseResult result : rule.getValue()) {
                boolean detailed = result.verdict() == Verdict.FAILED || result.verdict() == Verdict.NON_STRICT;
                html.append("<div><span class=\"").append(result.verdict().label()).append("\">")
                        .append(result.verdict().label()).append("</span> ");
                if (detailed) {
                    html.append("<a href=\"#").append(result.name()).append("\">").append(escape(result.name()))
                            .append("</a>");
                } else {
                    html.append(escape(result.name()));
                }
                if (result.verdict() == Verdict.UNTESTED) {
                    html.append(" &mdash; <em>").append(escape(result.message())).append("</em>");
                }
                if (result.stale()) {
                    html.append(" &mdash; <strong class=\"FAILED\">stale known-failing entry</strong>");
                }
                html.append("</div>");
            }
            html.append("</td></tr>\n");
        }
        html.append("</table>\n");
        for (CaseResult result : report.cases()) {
            if (result.verdict() != Verdict.FAILED && result.verdict() != Verdict.NON_STRICT) {
                continue;
            }
            html.append("<section id=\"").append(result.name()).append("\"><h3 class=\"")
                    .append(result.verdict().label()).append("\">").append(result.verdict().label())
                    .append(result.knownFailing() ? " (known failing)" : "").append(": ")
                    .append(escape(result.name())).append("</h3>\n<pre>").append(escape(result.message()))
                    .append("</pre>\n");
            if (!result.expected().isEmpty() || !result.received().isEmpty()) {
                html.append("<div class=\"pair\"><div><strong>Expected</strong><pre>")
                        .append(escape(result.expected())).append("</pre></div><div><strong>Received</strong><pre>")
                        .append(escape(result.received())).append("</pre></div></div>\n");
            }
            result.replay().ifPresent(path -> html.append("<p>Replay: <code>./dialtone conformance --replay ")
                    .append(escape(path.toString())).append(" --url ...</code></p>\n"));
            if (!result.wireLog().isEmpty()) {
                html.append("<p><strong>Wire log</strong> (hover an arrow for the whole frame)</p>\n")
                        .append("<div class=\"diagram\">").append(sequenceDiagram(result.wireLog()))
                        .append("</div>\n");
            }
            html.append("</section>\n");
        }
        html.append("</body></html>\n");
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    /** The wire log as an SVG sequence diagram: the server's lifeline first, then one per session. */
    static String sequenceDiagram(List<WireRecord> log) {
        List<String> lanes = new ArrayList<>();
        lanes.add("server");
        for (WireRecord record : log) {
            if (!record.session().equals("kit") && !lanes.contains(record.session())) {
                lanes.add(record.session());
            }
        }
        List<WireRecord> rows = log.size() > MAX_ROWS ? log.subList(log.size() - MAX_ROWS, log.size()) : log;
        int width = LEFT + LANE * lanes.size() + 260;
        int height = 40 + ROW * (rows.size() + 1);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">")
                .append("<defs><marker id=\"a\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" refY=\"4\" "
                        + "orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#555\"/></marker></defs>");
        for (int i = 0; i < lanes.size(); i++) {
            int x = laneX(i);
            svg.append("<text x=\"").append(x).append("\" y=\"16\" text-anchor=\"middle\" font-weight=\"bold\">")
                    .append(escape(lanes.get(i))).append("</text>")
                    .append("<line x1=\"").append(x).append("\" y1=\"24\" x2=\"").append(x).append("\" y2=\"")
                    .append(height).append("\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>");
        }
        if (rows.size() < log.size()) {
            svg.append("<text x=\"4\" y=\"34\" fill=\"#777\">(").append(log.size() - rows.size())
                    .append(" earlier entries left out)</text>");
        }
        int y = 40;
        for (WireRecord record : rows) {
            y += ROW;
            svg.append("<text x=\"4\" y=\"").append(y).append("\" fill=\"#777\">")
                    .append(String.format(Locale.ROOT, "%.1f", record.atMillis())).append("</text>");
            int session = lanes.indexOf(record.session());
            String title = "<title>" + escape(record.session() + " " + record.kind() + ": " + record.text())
                    + "</title>";
            String label = shorten(record.text(), 70);
            switch (record.kind()) {
                case "SENT", "SENT_BINARY" -> arrow(svg, laneX(session), laneX(0), y, "#1565c0", label, title);
                case "RECEIVED", "RECEIVED_BINARY" -> arrow(svg, laneX(0), laneX(session), y,
                        record.text().contains("\"type\":\"error\"") ? "#c62828" : "#2e7d32", label, title);
                case "CLOSED" -> note(svg, laneX(session), y, "#c62828", "closed " + record.text(), title);
                case "CLIENT_CLOSE" -> note(svg, laneX(session), y, "#555", "kit closes (1000)", title);
                case "CONNECT" -> note(svg, laneX(session), y, "#555", "connect " + shorten(record.text(), 60),
                        title);
                case "OPEN" -> note(svg, laneX(session), y, "#555", "open", title);
                case "CONNECT_FAILED" -> note(svg, laneX(session), y, "#c62828", "connect failed: "
                        + shorten(record.text(), 60), title);
                default -> note(svg, LEFT, y, "#6a1b9a", shorten(record.text(), 120), title);
            }
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static int laneX(int lane) {
        return LEFT + 40 + LANE * Math.max(lane, 0);
    }

    private static void arrow(StringBuilder svg, int from, int to, int y, String color, String label, String title) {
        svg.append("<g>").append(title).append("<line x1=\"").append(from).append("\" y1=\"").append(y)
                .append("\" x2=\"").append(to).append("\" y2=\"").append(y).append("\" stroke=\"").append(color)
                .append("\" stroke-width=\"1.5\" marker-end=\"url(#a)\"/><text x=\"").append(Math.min(from, to) + 6)
                .append("\" y=\"").append(y - 4).append("\" fill=\"").append(color).append("\">").append(escape(label))
                .append("</text></g>");
    }

    private static void note(StringBuilder svg, int x, int y, String color, String text, String title) {
        svg.append("<g>").append(title).append("<circle cx=\"").append(x).append("\" cy=\"").append(y - 4)
                .append("\" r=\"3\" fill=\"").append(color).append("\"/><text x=\"").append(x + 8).append("\" y=\"")
                .append(y).append("\" fill=\"").append(color).append("\">").append(escape(text)).append("</text></g>");
    }

    private static String shorten(String text, int max) {
        String line = text.replace("\r", "\\r").replace("\n", "\\n");
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? '?' : c);
            }
        }
        return out.toString();
    }
}
