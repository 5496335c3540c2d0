package io.smtptrace.analyzer.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.report.Summary;
import io.smtptrace.analyzer.rules.Rules;
import io.smtptrace.analyzer.support.Cli;
import io.smtptrace.analyzer.support.Conversation;

class HtmlReportTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final String TRACE = "src/test/resources/agent-traces/all-rules-javax-1.6.2.jsonl";

    @TempDir
    Path tmp;

    record Page(String html, JsonNode report, JsonNode sessions) {}

    static Page render(List<Session> sessions, Lang lang, HtmlReport.Limits limits) throws Exception {
        Rules rules = new Rules();
        Summary summary = new Summary();
        summary.inputs.add("synthetic.jsonl");
        StringWriter out = new StringWriter();
        try (HtmlReport r = new HtmlReport(lang, true, limits)) {
            for (Session s : sessions) {
                summary.accept(s);
                r.accept(s, rules.acceptTagged(s));
            }
            r.write(summary, rules.findings(), out, NOW);
        }
        String html = out.toString();
        return new Page(html, JSON.readTree(block(html, "report-data")), JSON.readTree(block(html, "session-data")));
    }

    static String block(String html, String id) {
        String open = "<script type=\"application/json\" id=\"" + id + "\">";
        int a = html.indexOf(open) + open.length();
        return html.substring(a, html.indexOf("</script>", a));
    }

    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "\"><img src=x onerror=alert(2)>";
    static final String CLOSE = "</script><script>alert(3)</script><!--";

    static Session hostile() {
        Conversation c = Conversation.to("<svg onload=alert(4)>", 25).id("hostile-1");
        c.greet("220 " + SCRIPT);
        c.cmd("EHLO app", "250-ok " + IMG, "250 SIZE 100");
        c.cmd("MAIL FROM:<***@example.com>", "550 5.7.1 " + CLOSE + " \u2028 \u2029");
        c.exception("javax.mail.MessagingException: " + CLOSE);
        return c.end("client_exception").build();
    }

    @Test
    void serverTextCannotLeaveTheJsonBlocksAndComesBackUnchanged() throws Exception {
        Page p = render(List.of(hostile()), Lang.en, HtmlReport.Limits.DEFAULT);
        // only the page's own three script elements, and no markup from the data anywhere
        assertThat(count(p.html, "<script")).isEqualTo(3);
        assertThat(count(p.html, "</script>")).isEqualTo(3);
        assertThat(p.html).doesNotContain("<img", "<svg", "<!--", "\u2028", "\u2029");
        // JSON.parse (here: Jackson) gives back exactly the raw text
        JsonNode s = p.sessions.get(0);
        assertThat(s.get("x").get("ex").get(0).get("r").get(0).asText()).isEqualTo("220 " + SCRIPT);
        assertThat(s.get("x").get("ex").get(1).get("r").get(0).asText()).isEqualTo("250-ok " + IMG);
        assertThat(s.get("x").get("ex").get(2).get("r").get(0).asText()).isEqualTo("550 5.7.1 " + CLOSE + " \u2028 \u2029");
        assertThat(s.get("x").get("exc").get(0).asText()).endsWith(CLOSE);
        assertThat(p.report.get("servers").get(0).asText()).isEqualTo("<svg onload=alert(4)>:25");
        assertThat(p.report.get("findings").toString()).contains("sender-rejected");
    }

    @Test
    void contentSecurityPolicyAllowsExactlyThePagesOwnStyleAndScript() throws Exception {
        String html = render(List.of(hostile()), Lang.en, HtmlReport.Limits.DEFAULT).html;
        Matcher m = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">").matcher(html);
        assertThat(m.find()).isTrue();
        String csp = m.group(1);
        String script = html.substring(html.lastIndexOf("<script>") + 8, html.lastIndexOf("</script>"));
        String style = html.substring(html.indexOf("<style>") + 7, html.indexOf("</style>"));
        assertThat(csp).startsWith("default-src 'none';").contains("script-src '" + Csp.sha256(script) + "'")
                .contains("style-src '" + Csp.sha256(style) + "'").doesNotContain("unsafe", "http:", "https:", "*");
        // the script builds the DOM from text only
        assertThat(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function");
    }

    @Test
    void eachConnectionIsTaggedWithTheRulesItHit() throws Exception {
        Session auth = Conversation.to("smtp.example.com", 25).id("needs-auth").greet("220 hi")
                .cmd("EHLO app", "250-smtp.example.com", "250 AUTH PLAIN").cmd("MAIL FROM:<***@example.com>", "530 5.7.0 Authentication required")
                .cmd("QUIT", "221 bye").end("quit").build();
        Session ok = Conversation.to("smtp.example.com", 587).id("fine").correct().end("quit").build();
        Page p = render(List.of(auth, ok), Lang.en, HtmlReport.Limits.DEFAULT);
        assertThat(p.sessions.get(0).get("r").toString()).contains("auth-required");
        assertThat(p.sessions.get(0).get("o").asText()).isEqualTo("rejected");
        assertThat(p.sessions.get(0).get("od").asText()).isEqualTo("MAIL 530 5.7.0 Authentication required");
        assertThat(p.sessions.get(1).path("r").toString()).as("one message per connection is all it did").isEqualTo("[\"connection-per-message\"]");
        assertThat(p.sessions.get(1).get("o").asText()).isEqualTo("ok");
    }

    @Test
    void rowsAndDiagramsStopAtTheirLimitsFailedConnectionsFirst() throws Exception {
        List<Session> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) all.add(Conversation.to("smtp.example.com", 587).id("ok-" + i).correct().end("quit").build());
        for (int i = 0; i < 10; i++) {
            all.add(Conversation.to("smtp.example.com", 587).id("bad-" + i).greet("220 hi").cmd("EHLO app", "250 ok")
                    .cmd("MAIL FROM:<***@example.com>", "553 5.7.1 no").end("quit").build());
        }
        // one detail object is ~1 KB: the ok budget holds about two, the failed one about four more
        Page p = render(all, Lang.en, new HtmlReport.Limits(5, 8, 1500, 5000));
        List<String> ids = new ArrayList<>();
        p.sessions.forEach(s -> ids.add(s.get("i").asText()));
        assertThat(ids).containsExactly("ok-0", "ok-1", "ok-2", "ok-3", "ok-4", "bad-0", "bad-1", "bad-2");
        JsonNode limits = p.report.get("limits");
        assertThat(limits.get("rows").asInt()).isEqualTo(8);
        assertThat(limits.get("omittedRows").asInt()).isEqualTo(12);
        assertThat(p.sessions.get(0).has("x")).isTrue();
        assertThat(p.sessions.get(4).has("x")).as("ok connection past the budget").isFalse();
        assertThat(p.sessions.get(5).has("x")).as("failed connection within its larger budget").isTrue();
        assertThat(limits.get("detailed").asInt() + limits.get("omittedDetails").asInt()).isEqualTo(8);
        // the summary still counts every connection
        assertThat(p.report.get("summary").get("sessions").asInt()).isEqualTo(20);
        assertThat(p.report.get("summary").get("outcomes").get("rejected").asInt()).isEqualTo(10);
    }

    @Test
    void tenThousandConnectionsStayWellUnderTheStatedBound() throws Exception {
        List<Session> all = new ArrayList<>();
        Instant t = Instant.parse("2026-11-29T00:00:00Z");
        for (int i = 0; i < 12_000; i++) {
            Conversation c = Conversation.to("smtp" + (i % 7) + ".example.com", 587).id(String.format("%016x", i * 7919L)).at(t.plusSeconds(i));
            all.add(i % 50 == 0 ? c.greet("220 hi").cmd("EHLO app", "250 ok").cmd("MAIL FROM:<***@example.com>", "530 5.7.0 auth").end("quit").build()
                    : c.correct().end("quit").build());
        }
        long t0 = System.nanoTime();
        Page p = render(all, Lang.en, HtmlReport.Limits.DEFAULT);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long bytes = p.html.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        System.out.printf("12,000 connections: %,d bytes (%d per connection), written in %d ms%n", bytes, bytes / 12_000, ms);
        assertThat(p.sessions.size()).isEqualTo(12_000);
        assertThat(p.report.get("limits").get("omittedDetails").asInt()).isZero();
        assertThat(bytes).isLessThan(HtmlReport.FAILED_DETAIL_BUDGET + 12_000L * 200 + 200_000);
    }

    @Test
    void analyzeAndSessionsWriteTheFileAndKeepTheirExitCodes() throws Exception {
        Path report = tmp.resolve("out/report.html");
        Cli c = Cli.run("analyze", "--format", "html", "-o", report.toString(), TRACE);
        assertThat(c.code()).as(c.err()).isEqualTo(1);
        assertThat(c.out()).isEmpty();
        assertThat(c.err()).contains("wrote " + report.toAbsolutePath()).contains("27 connections listed");
        String html = Files.readString(report);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<html lang=\"en\">").endsWith("</html>\n");
        assertThat(JSON.readTree(block(html, "report-data")).get("findings").size())
                .isEqualTo(JSON.readTree(Cli.run("analyze", "--format", "json", TRACE).out()).get("findings").size());

        JsonNode sum = JSON.readTree(block(html, "report-data")).get("summary");
        assertThat(sum.get("outcome").asText()).isEqualTo("complete");
        assertThat(sum.get("inputStatus").get(0).get("state").asText()).isEqualTo("read");
        assertThat(sum.get("inputStatus").get(0).get("sessions").asInt()).isEqualTo(27);
        // an input that cannot be read: the page still comes, says INCOMPLETE and names it; exit code 2
        Path partial = tmp.resolve("partial.html");
        Cli missing = Cli.run("analyze", "--format", "html", "-o", partial.toString(), TRACE, tmp.resolve("missing.jsonl").toString());
        assertThat(missing.code()).isEqualTo(2);
        JsonNode ps = JSON.readTree(block(Files.readString(partial), "report-data")).get("summary");
        assertThat(ps.get("outcome").asText()).isEqualTo("incomplete");
        assertThat(ps.get("inputStatus").get(1).get("state").asText()).isEqualTo("unreadable");
        assertThat(ps.get("inputStatus").get(1).get("name").asText()).endsWith("missing.jsonl");

        Cli toStdout = Cli.run("analyze", "--format", "html", "--fail-on", "never-mind", TRACE);
        assertThat(toStdout.code()).isEqualTo(2);
        Cli stdout = Cli.run("analyze", "--format", "html", "--fail-on", "info", "--lang", "id", TRACE);
        assertThat(stdout.out()).startsWith("<!DOCTYPE html>").contains("<html lang=\"id\">").contains("\"Ringkasan\"").contains("<title>Laporan smtp-trace</title>");

        Path sessions = tmp.resolve("sessions.html");
        Cli s = Cli.run("sessions", "--format", "html", "-o", sessions.toString(), TRACE);
        assertThat(s.code()).as(s.err()).isZero();
        JsonNode r = JSON.readTree(block(Files.readString(sessions), "report-data"));
        assertThat(r.get("kind").asText()).isEqualTo("sessions");
        assertThat(r.has("findings")).isFalse();
        JsonNode listed = JSON.readTree(block(Files.readString(sessions), "session-data"));
        assertThat(listed.size()).isEqualTo(27);
        assertThat(listed.findValuesAsText("o")).contains("ok", "rejected", "tls");
        assertThat(listed.toString()).as("connections tagged with their rules, for the rule filter").contains("\"r\":[\"auth-required\"");
        Cli one = Cli.run("sessions", "--format", "html", "--id", "4d89207c62fc7d98", TRACE);
        assertThat(JSON.readTree(block(one.out(), "session-data")).size()).isEqualTo(1);
        assertThat(Cli.run("sessions", "--format", "html", "--id", "nope", TRACE).code()).isEqualTo(2);
        assertThat(Cli.run("sessions", "--format", "sarif", TRACE).code()).isEqualTo(2);
        Cli lint = Cli.run("lint", "--format", "html", TRACE);
        assertThat(lint.code()).isEqualTo(2);
        assertThat(lint.err()).contains("--format html is only available for analyze and sessions");
        Path list = tmp.resolve("sessions.json");
        assertThat(Cli.run("sessions", "--format", "json", "-o", list.toString(), TRACE).out()).isEmpty();
        assertThat(JSON.readTree(list.toFile()).size()).isEqualTo(27);
    }

    @Test
    void anUnwritableOutputIsAUsageErrorNamingTheFile() throws Exception {
        Path dirAsFile = tmp.resolve("file");
        Files.writeString(dirAsFile, "x");
        Cli c = Cli.run("analyze", "--format", "html", "-o", dirAsFile.resolve("report.html").toString(), TRACE);
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.err()).contains("cannot write").contains("report.html");
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
        return n;
    }
}
