package dev.dialtone.conformance.internal.report;

import dev.dialtone.conformance.CaseResult;
import dev.dialtone.conformance.ConformanceReport;
import dev.dialtone.conformance.Verdict;
import dev.dialtone.conformance.WireRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The JUnit XML report, valid for the Surefire test report schema 3.0: one {@code testsuite}, a {@code testcase}
 * per case; FAILED cases have a {@code failure}, UNTESTED, NON-STRICT and known-failing ones a {@code skipped}; a
 * failure's wire log is its {@code system-out}.
 */
public final class JunitXmlReport {

    /** The class name every case is reported under. */
    public static final String SUITE = "dev.dialtone.conformance.DialtoneServerVerification";

    private JunitXmlReport() {
    }

    public static void write(ConformanceReport report, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", SUITE);
            xml.writeAttribute("time", seconds(report.duration()));
            xml.writeAttribute("tests", Integer.toString(report.cases().size()));
            xml.writeAttribute("errors", "0");
            long skipped = report.cases().stream().filter(JunitXmlReport::isSkipped).count();
            long failures = report.cases().stream().filter(result -> result.verdict() == Verdict.FAILED
                    && !result.knownFailing() || result.stale()).count();
            xml.writeAttribute("skipped", Long.toString(skipped));
            xml.writeAttribute("failures", Long.toString(failures));
            xml.writeCharacters("\n  ");
            xml.writeStartElement("properties");
            property(xml, "dialtone.target", report.target());
            property(xml, "dialtone.started", report.started().toString());
            property(xml, "dialtone.passed", Boolean.toString(report.passed()));
            xml.writeEndElement();
            for (CaseResult result : report.cases()) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("name", result.name());
                xml.writeAttribute("classname", SUITE);
                xml.writeAttribute("time", seconds(result.duration()));
                if (result.stale()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", result.message());
                    xml.writeAttribute("type", "stale known-failing entry");
                    xml.writeCharacters(result.message());
                    xml.writeEndElement();
                } else if (result.verdict() == Verdict.FAILED && !result.knownFailing()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", firstLine(result.message()));
                    xml.writeAttribute("type", "dev.dialtone.conformance.ConformanceFailure");
                    xml.writeCharacters(body(result));
                    xml.writeEndElement();
                } else if (isSkipped(result)) {
                    xml.writeStartElement("skipped");
                    String label = result.knownFailing() ? "FAILED (known failing)" : result.verdict().label();
                    xml.writeAttribute("message", label + ": " + firstLine(result.message()));
                    xml.writeEndElement();
                }
                if (!result.wireLog().isEmpty()) {
                    xml.writeStartElement("system-out");
                    xml.writeCharacters(wireLog(result));
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isSkipped(CaseResult result) {
        return !result.stale() && (result.verdict() == Verdict.UNTESTED || result.verdict() == Verdict.NON_STRICT
                || (result.verdict() == Verdict.FAILED && result.knownFailing()));
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", value);
    }

    private static String body(CaseResult result) {
        StringBuilder text = new StringBuilder(result.message());
        if (!result.expected().isEmpty() || !result.received().isEmpty()) {
            text.append("\nexpected: ").append(result.expected()).append("\nreceived: ").append(result.received());
        }
        return clean(text.toString());
    }

    private static String wireLog(CaseResult result) {
        StringBuilder text = new StringBuilder();
        for (WireRecord record : result.wireLog()) {
            text.append(String.format(Locale.ROOT, "%9.2f ms  %-10s %-15s %s%n", record.atMillis(), record.session(),
                    record.kind(), record.text()));
        }
        return clean(text.toString());
    }

    /** XML 1.0 cannot carry most control characters, even escaped. */
    private static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 && c != '\n' && c != '\r' && c != '\t' ? '?' : c);
        }
        return out.toString();
    }

    private static String firstLine(String text) {
        return clean(text.split("\n", 2)[0]);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toNanos() / 1e9);
    }
}
