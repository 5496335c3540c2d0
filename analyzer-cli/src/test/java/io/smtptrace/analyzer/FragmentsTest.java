package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.rules.Finding;
import io.smtptrace.analyzer.support.Analysis;
import io.smtptrace.analyzer.support.Cli;
import io.smtptrace.analyzer.support.LogForms;

/**
 * Logs that hold only part of a conversation (a rotated file, a copied excerpt, a filtered connect line): rebuilt from
 * the first command or reply, marked partial, and the rules that need only the evidence present still fire.
 */
class FragmentsTest {
    @TempDir
    Path tmp;

    /** The shape of a real post: the body broke after 354 and the client closed the connection. */
    static final List<String> AFTER_354 = List.of(
            "MAIL FROM:<app@example.com>",
            "250 2.1.0 Ok",
            "RCPT TO:<alice@example.com>",
            "250 2.1.5 Ok",
            "DATA",
            "354 Start mail input; end with <CRLF>.<CRLF>",
            "QUIT",
            "221 2.0.0 Bye");

    Path write(String name, List<String> lines) throws Exception {
        Path p = tmp.resolve(name);
        Files.write(p, lines, StandardCharsets.UTF_8);
        return p;
    }

    static List<String> rules(List<Finding> f) {
        return f.stream().map(Finding::rule).toList();
    }

    @Test
    void quitAfter354IsABodyAbortedAfterData() throws Exception {
        Analysis a = Analysis.of(write("fragment.log", AFTER_354));
        assertThat(rules(a.findings)).contains("body-aborted-after-data");
        assertThat(a.sessions).singleElement().satisfies(s -> {
            assertThat(s.partial).isTrue();
            assertThat(s.server()).isEqualTo("?:?");
            assertThat(s.exchanges.stream().map(e -> e.verb + "=" + e.replyCode))
                    .containsExactly("MAIL=250", "RCPT=250", "DATA=354", "QUIT=221");
            assertThat(s.messages).singleElement().satisfies(m -> assertThat(m.bytes).isZero());
        });
        assertThat(a.err.toString()).isEmpty();
    }

    @Test
    void theLogEndingAfter354IsABodyAbortedAfterData() throws Exception {
        Analysis a = Analysis.of(write("ends.log", AFTER_354.subList(0, 6)));
        assertThat(rules(a.findings)).containsExactly("body-aborted-after-data");
        assertThat(a.sessions).singleElement().satisfies(s -> assertThat(s.partial).isTrue());
    }

    @Test
    void rsetAfter354TooAndBodyLinesBeforeItAreCounted() throws Exception {
        Analysis a = Analysis.of(write("rset.log", List.of("MAIL FROM:<app@example.com>", "250 2.1.0 Ok", "RCPT TO:<bob@example.com>",
                "250 2.1.5 Ok", "DATA", "354 End data with <CR><LF>.<CR><LF>", "Subject: report", "", "RSET", "250 2.0.0 Ok",
                "QUIT", "221 2.0.0 Bye")));
        assertThat(rules(a.findings)).contains("body-aborted-after-data");
        Session s = a.sessions.get(0);
        assertThat(s.exchanges.stream().map(e -> e.verb)).containsExactly("MAIL", "RCPT", "DATA", "RSET", "QUIT");
        assertThat(s.messages.get(0).body.get("lines")).isEqualTo(2L);
    }

    @Test
    void aQuitInsideABodyThatEndsWithItsDotIsBodyText() throws Exception {
        Analysis a = Analysis.of(write("body.log", List.of("MAIL FROM:<app@example.com>", "250 2.1.0 Ok", "RCPT TO:<bob@example.com>",
                "250 2.1.5 Ok", "DATA", "354 End data with <CR><LF>.<CR><LF>", "Subject: how to end SMTP", "", "QUIT", "221 Bye", ".",
                "250 2.0.0 Ok: queued as 4F1A2", "QUIT", "221 2.0.0 Bye")));
        assertThat(rules(a.findings)).doesNotContain("body-aborted-after-data");
        Session s = a.sessions.get(0);
        assertThat(s.messages.get(0).outcome).isEqualTo("accepted");
        assertThat(s.messages.get(0).body.get("lines")).isEqualTo(4L);
    }

    @Test
    void a530AloneIsAuthRequired() throws Exception {
        Analysis a = Analysis.of(write("530.log", List.of("2026-11-30 10:00:01,000 INFO  [main] com.acme.Mailer - sending",
                "MAIL FROM:<app@example.com>", "530 5.7.0 Authentication required")));
        assertThat(rules(a.findings)).containsExactly("auth-required");
        // a reply alone, its command before the excerpt
        Analysis b = Analysis.of(write("530-reply.log", List.of("530 5.7.0 Must issue a STARTTLS command first")));
        assertThat(b.sessions).singleElement().satisfies(s -> assertThat(s.partial).isTrue());
    }

    @Test
    void aServerNamedByItsRepliesIsNotUnknown() throws Exception {
        Analysis a = Analysis.of(write("ehlo.log", List.of("EHLO app.example.com", "250-smtp.example.net Hello", "250 SIZE 10240000",
                "MAIL FROM:<app@example.com>", "530 5.7.0 Authentication required", "QUIT", "221 Bye")));
        assertThat(a.sessions).singleElement().satisfies(s -> assertThat(s.host).isEqualTo("smtp.example.net"));
    }

    @Test
    void fragmentsBehindAPrefixAndInStructuredLogsAlike() throws Exception {
        Path kubectl = tmp.resolve("kubectl.log");
        Files.writeString(kubectl, LogForms.KUBECTL_PREFIX.wrap(AFTER_354), StandardCharsets.UTF_8);
        assertThat(rules(Analysis.of(kubectl).findings)).contains("body-aborted-after-data");
        StringBuilder json = new StringBuilder();
        int i = 0;
        for (String l : AFTER_354) {
            json.append("{\"log\":\"").append(l.replace("\"", "\\\"")).append("\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-30T10:00:0")
                    .append(i++).append(".123456789Z\"}\n");
        }
        Path docker = write("docker.json", List.of(json.toString().split("\n")));
        Analysis a = Analysis.of(docker);
        assertThat(rules(a.findings)).contains("body-aborted-after-data");
        assertThat(a.sessions.get(0).start).isEqualTo(java.time.Instant.parse("2026-11-30T10:00:00.123456789Z"));
    }

    @Test
    void theReportSaysWhichConversationsWerePartial() throws Exception {
        Path p = write("fragment.log", AFTER_354);
        Cli text = Cli.run("analyze", p.toString());
        assertThat(text.out()).contains("1 conversation was partial").contains("fragment.log:1");
        Cli json = Cli.run("analyze", "--format", "json", p.toString());
        assertThat(json.out()).contains("\"partial\" : 1").contains("\"partialSessions\" : [ \"fragment.log:1\" ]");
    }

    @Test
    void applicationLinesThatMerelyLookLikeSmtpStartNoConversation() throws Exception {
        Analysis a = Analysis.of(write("app.log", List.of("2026-11-30 10:00:01,000 INFO  [main] com.acme.Health - 200 OK",
                "250 orders processed", "QUIT", "DATA", "500 Internal Server Error")));
        // a bare DATA or QUIT, a reply without an enhanced status code: an application's text as much as SMTP
        assertThat(a.sessions).isEmpty();
        assertThat(a.findings).isEmpty();
    }
}
