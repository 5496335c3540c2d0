package io.smtptrace.analyzer.report.html;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;

import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.report.Summary;
import io.smtptrace.analyzer.rules.Finding;
import io.smtptrace.analyzer.rules.Rule;
import io.smtptrace.analyzer.rules.Rules;
import io.smtptrace.analyzer.rules.Severity;

/**
 * The self-contained HTML report: one file, inline CSS and JavaScript, the data as JSON in
 * {@code <script type="application/json">} elements, drawn by a small vanilla-JS renderer in the page (sequence diagrams
 * only when a connection is opened). The page's Content-Security-Policy allows exactly its one style element and one
 * script element (by SHA-256 hash) and nothing else: no remote loads, no inline script from data.
 *
 * <p>Sessions stream through {@link #accept} into a temporary spool file as they are read, so nothing is held in memory
 * longer than one session; {@link #write} copies the spool into the page at the end. The file size is bounded: every
 * connection up to {@link #MAX_ROWS} gets a row (failed ones up to {@link #MAX_FAILED_ROWS}), and diagrams are kept
 * while their JSON fits {@link #DETAIL_BUDGET} bytes (failed connections: {@link #FAILED_DETAIL_BUDGET}); the page says
 * what it left out and how to see it.
 */
public final class HtmlReport implements AutoCloseable {
    public static final int MAX_ROWS = 100_000;
    public static final int MAX_FAILED_ROWS = 150_000;
    public static final long DETAIL_BUDGET = 16L << 20;
    public static final long FAILED_DETAIL_BUDGET = 24L << 20;
    static final String BUNDLE = "html";
    private static final String RES = "/io/smtptrace/analyzer/report/html/";

    /** How much of a capture the page holds (the constants above, smaller in tests). */
    record Limits(int maxRows, int maxFailedRows, long detailBudget, long failedDetailBudget) {
        static final Limits DEFAULT = new Limits(MAX_ROWS, MAX_FAILED_ROWS, DETAIL_BUDGET, FAILED_DETAIL_BUDGET);
    }

    private final Limits limits;
    private final Lang lang;
    private final Messages texts;
    private final boolean withFindings;
    private final Path spool;
    private final OutputStream spoolOut;
    private final ByteArrayOutputStream one = new ByteArrayOutputStream(4096);
    private final Map<String, Integer> servers = new LinkedHashMap<>();
    private final Map<String, long[]> outcomes = new LinkedHashMap<>();
    private long rows;
    private long failedRows;
    private long omittedRows;
    private long detailBytes;
    private long detailed;
    private long omittedDetails;

    public HtmlReport(Lang lang, boolean withFindings) {
        this(lang, withFindings, Limits.DEFAULT);
    }

    HtmlReport(Lang lang, boolean withFindings, Limits limits) {
        this.limits = limits;
        this.lang = lang;
        this.texts = Messages.of(BUNDLE, lang);
        this.withFindings = withFindings;
        for (String k : Outcome.KINDS) outcomes.put(k, new long[1]);
        try {
            spool = Files.createTempFile("smtp-trace-html-", ".json");
            spool.toFile().deleteOnExit();
            spoolOut = new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Messages texts() {
        return texts;
    }

    /** One connection, with the ids of the rules it hit; written to the spool now, nothing kept. */
    public void accept(Session s, List<String> rules) {
        Outcome o = Outcome.of(s);
        outcomes.get(o.kind())[0]++;
        boolean failed = !"ok".equals(o.kind());
        if (rows >= limits.maxRows() && !(failed && rows < limits.maxFailedRows())) {
            omittedRows++;
            return;
        }
        Integer server = servers.get(s.server());
        if (server == null) servers.put(s.server(), server = servers.size());
        try {
            one.reset();
            try (JsonGenerator g = ScriptSafeJson.FACTORY.createGenerator(one, JsonEncoding.UTF8)) {
                g.writeStartObject();
                SessionJson.row(g, s, server, o, rules);
                g.writeEndObject();
            }
            int rowEnd = one.size();
            boolean detail = detailBytes < (failed ? limits.failedDetailBudget() : limits.detailBudget());
            if (detail) {
                // the row's closing brace is dropped and the detail object appended as one more field
                ByteArrayOutputStream d = new ByteArrayOutputStream(4096);
                try (JsonGenerator g = ScriptSafeJson.FACTORY.createGenerator(d, JsonEncoding.UTF8)) {
                    g.writeStartObject();
                    SessionJson.detail(g, s);
                    g.writeEndObject();
                }
                byte[] db = d.toByteArray();
                detailBytes += db.length;
                detailed++;
                spoolOut.write(rows == 0 ? '[' : ',');
                spoolOut.write(one.toByteArray(), 0, rowEnd - 1);
                spoolOut.write(',');
                spoolOut.write(db, 1, db.length - 1);
            } else {
                omittedDetails++;
                spoolOut.write(rows == 0 ? '[' : ',');
                one.writeTo(spoolOut);
            }
            rows++;
            if (failed) failedRows++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the whole page. {@code generated} is shown in the header (tests pass a fixed time). */
    public void write(Summary summary, List<Finding> findings, Writer out, Instant generated) {
        try {
            if (rows == 0) spoolOut.write('[');
            spoolOut.write(']');
            spoolOut.close();
            String css = resource("report.css");
            String js = resource("report.js");
            out.write("<!DOCTYPE html>\n<html lang=\"" + lang.name() + "\">\n<head>\n<meta charset=\"utf-8\">\n");
            out.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src '" + Csp.sha256(js)
                    + "'; style-src '" + Csp.sha256(css) + "'; base-uri 'none'; form-action 'none'\">\n");
            out.write("<meta name=\"referrer\" content=\"no-referrer\">\n");
            out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            out.write("<meta name=\"generator\" content=\"smtp-trace\">\n");
            out.write("<title>" + Csp.escapeHtml(texts.get("title")) + "</title>\n<style>" + css + "</style>\n</head>\n<body>\n");
            out.write("<noscript><p>" + Csp.escapeHtml(texts.get("noscript")) + "</p></noscript>\n<div id=\"app\"></div>\n");
            out.write("<script type=\"application/json\" id=\"report-data\">");
            try (JsonGenerator g = ScriptSafeJson.FACTORY.createGenerator(out)) {
                reportJson(g, summary, findings, generated);
            }
            out.write("</script>\n<script type=\"application/json\" id=\"session-data\">");
            try (Reader r = new InputStreamReader(Files.newInputStream(spool), StandardCharsets.UTF_8)) {
                r.transferTo(out);
            }
            out.write("</script>\n<script>" + js + "</script>\n</body>\n</html>\n");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void reportJson(JsonGenerator g, Summary s, List<Finding> findings, Instant generated) throws IOException {
        g.writeStartObject();
        g.writeStringField("kind", withFindings ? "analyze" : "sessions");
        g.writeStringField("lang", lang.name());
        g.writeStringField("generated", generated.toString());
        g.writeStringField("version", new io.smtptrace.analyzer.Main.VersionAccess().version());
        g.writeObjectFieldStart("t");
        for (String k : new TreeSet<>(keys())) g.writeStringField(k, texts.get(k));
        g.writeEndObject();
        g.writeObjectFieldStart("summary");
        g.writeArrayFieldStart("inputs");
        for (String i : s.inputs) g.writeString(i);
        g.writeEndArray();
        g.writeNumberField("inputProblems", s.inputProblems);
        if (s.status != null) {
            // what became of each input (read, cut short, unreadable): a run that missed data never looks clean
            g.writeStringField("outcome", s.status.outcome().label());
            g.writeArrayFieldStart("inputStatus");
            for (io.smtptrace.analyzer.read.InputStatus in : s.status.inputs()) {
                g.writeStartObject();
                g.writeStringField("name", in.name());
                g.writeStringField("state", in.state().label());
                g.writeNumberField("sessions", in.sessions());
                g.writeNumberField("problems", in.problems());
                if (in.error() != null) g.writeStringField("error", in.error());
                if (in.errorLine() > 0) g.writeNumberField("line", in.errorLine());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeNumberField("sessions", s.sessions);
        g.writeNumberField("messages", s.messages);
        g.writeNumberField("accepted", s.accepted);
        g.writeNumberField("rejected", s.rejected);
        g.writeNumberField("aborted", s.aborted);
        g.writeNumberField("servers", Math.max(servers.size(), s.servers.size()));
        g.writeObjectFieldStart("outcomes");
        for (Map.Entry<String, long[]> e : outcomes.entrySet()) g.writeNumberField(e.getKey(), e.getValue()[0]);
        g.writeEndObject();
        g.writeEndObject();
        g.writeArrayFieldStart("servers");
        for (String srv : servers.keySet()) g.writeString(srv);
        g.writeEndArray();
        g.writeObjectFieldStart("limits");
        g.writeNumberField("rows", rows);
        g.writeNumberField("omittedRows", omittedRows);
        g.writeNumberField("detailed", detailed);
        g.writeNumberField("omittedDetails", omittedDetails);
        g.writeNumberField("maxRows", limits.maxRows());
        g.writeNumberField("maxFailedRows", limits.maxFailedRows());
        g.writeNumberField("detailBudget", limits.detailBudget());
        g.writeNumberField("failedDetailBudget", limits.failedDetailBudget());
        g.writeNumberField("maxExchanges", SessionJson.MAX_EXCHANGES);
        g.writeEndObject();
        g.writeObjectFieldStart("rules");
        for (Rule r : new Rules().rules()) g.writeStringField(r.id(), r.title());
        g.writeEndObject();
        if (withFindings) {
            g.writeObjectFieldStart("bySeverity");
            for (Severity sev : Severity.values()) g.writeNumberField(sev.label(), findings.stream().filter(f -> f.severity() == sev).count());
            g.writeEndObject();
            g.writeArrayFieldStart("findings");
            for (Finding f : findings) finding(g, f);
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void finding(JsonGenerator g, Finding f) throws IOException {
        g.writeStartObject();
        g.writeStringField("rule", f.rule());
        g.writeStringField("severity", f.severity().label());
        g.writeStringField("title", f.title());
        g.writeNumberField("count", f.count());
        g.writeStringField("server", f.server());
        g.writeStringField("explanation", f.explanation());
        g.writeStringField("fix", f.fix());
        var e = f.evidence();
        g.writeObjectFieldStart("evidence");
        g.writeArrayFieldStart("sessions");
        for (String id : e.sessions()) g.writeString(id);
        g.writeEndArray();
        g.writeNumberField("sessionCount", e.sessionCount());
        g.writeNumberField("count", e.count());
        if (e.first() != null) g.writeStringField("first", e.first().toString());
        if (e.last() != null) g.writeStringField("last", e.last().toString());
        if (e.sample() != null) g.writeStringField("sample", e.sample());
        g.writeArrayFieldStart("sources");
        for (String src : e.sources()) g.writeString(src);
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    /** The page's texts: every key of the English bundle (the completeness test keeps the other languages equal). */
    private static List<String> keys() throws IOException {
        Properties p = new Properties();
        try (InputStream in = HtmlReport.class.getResourceAsStream("/io/smtptrace/analyzer/i18n/" + BUNDLE + "_en.properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p.stringPropertyNames().stream().sorted().toList();
    }

    private static final Map<String, String> RESOURCES = new HashMap<>();

    static synchronized String resource(String name) throws IOException {
        String cached = RESOURCES.get(name);
        if (cached != null) return cached;
        try (InputStream in = HtmlReport.class.getResourceAsStream(RES + name)) {
            if (in == null) throw new IOException("missing resource " + RES + name);
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            RESOURCES.put(name, s);
            return s;
        }
    }

    public long rows() {
        return rows;
    }

    public long omittedRows() {
        return omittedRows;
    }

    public long omittedDetails() {
        return omittedDetails;
    }

    @Override
    public void close() {
        try {
            spoolOut.close();
        } catch (IOException ignored) {
            // already closed by write, or the disk failed: nothing left to save
        }
        try {
            Files.deleteIfExists(spool);
        } catch (IOException ignored) {
            // deleteOnExit remains
        }
    }
}
