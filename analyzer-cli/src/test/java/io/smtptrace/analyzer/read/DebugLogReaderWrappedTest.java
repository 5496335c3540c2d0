package io.smtptrace.analyzer.read;

import static io.smtptrace.analyzer.read.DebugLogReaderTest.CONNECT;
import static io.smtptrace.analyzer.read.DebugLogReaderTest.feed;
import static io.smtptrace.analyzer.read.DebugLogReaderTest.fresh;
import static io.smtptrace.analyzer.read.DebugLogReaderTest.lines;
import static io.smtptrace.analyzer.read.DebugLogReaderTest.read;
import static io.smtptrace.analyzer.read.DebugLogReaderTest.shown;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.support.LogForms;

/**
 * Debug logs as they arrive behind a pipeline's prefix (kubectl, CRI, compose, journald, an app server, a paste, JSON
 * records): the prefix is learned and cut, the names it holds keep streams apart, its time times the conversation, and
 * the conversations read as in the log it wraps.
 */
class DebugLogReaderWrappedTest {
    static final List<String> RAW = List.of(
            "DEBUG: setDebug: JavaMail version 1.6.2",
            "DEBUG SMTP: useEhlo true, useAuth true",
            CONNECT,
            "220 mx.example.com ESMTP Postfix",
            "DEBUG SMTP: connected to host \"mx.example.com\", port: 587",
            "EHLO app",
            "250-mx.example.com",
            "250-AUTH PLAIN LOGIN",
            "250 8BITMIME",
            "AUTH LOGIN",
            "334 VXNlcm5hbWU6",
            "YXBw",
            "334 UGFzc3dvcmQ6",
            "czNjcmV0",
            "235 2.7.0 Authentication successful",
            "MAIL FROM:<app.sender@example.com>",
            "250 2.1.0 Ok",
            "RCPT TO:<alice@example.org>",
            "250 2.1.5 Ok",
            "DATA",
            "354 End data with <CR><LF>.<CR><LF>",
            "Subject: hi",
            "",
            "hello",
            ".",
            "250 2.0.0 Ok: queued",
            "QUIT",
            "221 2.0.0 Bye");

    /** java.util.logging's SimpleFormatter: a header line, then the level and the message */
    static final List<String> JUL = List.of(
            "Nov 29, 2026 4:10:01 AM com.sun.mail.smtp.SMTPTransport openServer",
            "FINE: trying to connect to host \"mx.example.com\", port 587, isSSL false",
            "Nov 29, 2026 4:10:01 AM com.sun.mail.util.LogOutputStream log",
            "FINEST: 220 mx.example.com ESMTP Postfix",
            "Nov 29, 2026 4:10:01 AM com.sun.mail.util.LogOutputStream log",
            "FINEST: EHLO app",
            "Nov 29, 2026 4:10:02 AM com.sun.mail.util.LogOutputStream log",
            "FINEST: 250-mx.example.com",
            "Nov 29, 2026 4:10:02 AM com.sun.mail.util.LogOutputStream log",
            "FINEST: 250 8BITMIME",
            "Nov 29, 2026 4:10:02 AM com.sun.mail.util.LogOutputStream log",
            "FINEST: QUIT",
            "Nov 29, 2026 4:10:03 AM com.sun.mail.util.LogOutputStream log",
            "FINEST: 221 2.0.0 Bye");

    static final List<String> LOGBACK = List.of(
            "2026-11-29 04:10:01.000 [main] DEBUG com.sun.mail.smtp - trying to connect to host \"mx.example.com\", port 587, isSSL false",
            "2026-11-29 04:10:01.100 [main] TRACE com.sun.mail.smtp.protocol - 220 mx.example.com ESMTP Postfix",
            "2026-11-29 04:10:01.200 [main] TRACE com.sun.mail.smtp.protocol - EHLO app",
            "2026-11-29 04:10:01.300 [main] TRACE com.sun.mail.smtp.protocol - 250-mx.example.com",
            "2026-11-29 04:10:01.300 [main] TRACE com.sun.mail.smtp.protocol - 250 8BITMIME",
            "2026-11-29 04:10:01.400 [main] TRACE com.sun.mail.smtp.protocol - QUIT",
            "2026-11-29 04:10:01.450 [main] TRACE com.sun.mail.smtp.protocol - 221 2.0.0 Bye");

    /** What a conversation is, without its times (a wrapper adds them) and its id. */
    static List<String> conversation(Session s) {
        List<String> out = new ArrayList<>(shown(s));
        out.add(s.host + ":" + s.port + " partial=" + s.partial + " end=" + s.endReason + " auth=" + s.authMechanism + "/" + s.authOutcome
                + " lib=" + s.clientLibrary + " " + s.clientLibraryVersion + " exceptions=" + s.exceptions);
        s.messages.forEach(m -> out.add("message " + m.bytes + " " + m.body + " " + m.outcome));
        return out;
    }

    static String joined(List<String> l) {
        return String.join("\n", l) + "\n";
    }

    @Test
    void everyWrappedFormReadsAsTheLogItWraps() {
        for (List<String> log : List.of(RAW, JUL, LOGBACK)) {
            List<String> expected = conversation(read(joined(log)).only());
            for (LogForms form : LogForms.values()) {
                if (form.rawOnly() && log != RAW) continue;
                DebugLogReaderTest.Read r = read(form.wrap(log));
                assertThat(r.sessions).as(form + " of " + log.get(0)).hasSize(1);
                assertThat(conversation(r.only())).as(form + " of " + log.get(0)).isEqualTo(expected);
                assertThat(r.err.toString()).as(form.toString()).isEmpty();
            }
        }
    }

    @Test
    void aWrappersTimeTimesRawOutput() {
        Session s = read(lines(
                "2026-11-30T10:00:01Z " + CONNECT,
                "2026-11-30T10:00:01.25Z 220 mx ESMTP",
                "2026-11-30T10:00:01.5Z QUIT",
                "2026-11-30T10:00:01.6Z 221 bye")).only();
        assertThat(s.start).isEqualTo(Instant.parse("2026-11-30T10:00:01Z"));
        assertThat(s.exchanges.get(0).time).isEqualTo(Instant.parse("2026-11-30T10:00:01Z"));
        assertThat(s.exchanges.get(0).durationMs).isEqualTo(250.0);
        assertThat(s.exchanges.get(1).durationMs).isEqualTo(100.0);
    }

    @Test
    void threadsInsideOneServicesOutputAreKeptApart() {
        Session[] two = read(lines(
                "web-1  | 2026-11-29 04:10:01.000 [t1] DEBUG com.sun.mail.smtp - trying to connect to host \"a.example\", port 25, isSSL false",
                "web-1  | 2026-11-29 04:10:01.001 [t2] DEBUG com.sun.mail.smtp - trying to connect to host \"b.example\", port 25, isSSL false",
                "web-1  | 2026-11-29 04:10:01.002 [t1] TRACE com.sun.mail.smtp.protocol - 220 a ESMTP",
                "web-1  | 2026-11-29 04:10:01.003 [t2] TRACE com.sun.mail.smtp.protocol - 220 b ESMTP",
                "web-1  | 2026-11-29 04:10:01.008 [t2] TRACE com.sun.mail.smtp.protocol - QUIT",
                "web-1  | 2026-11-29 04:10:01.009 [t2] TRACE com.sun.mail.smtp.protocol - 221 bye",
                "web-1  | 2026-11-29 04:10:01.010 [t1] TRACE com.sun.mail.smtp.protocol - QUIT",
                "web-1  | 2026-11-29 04:10:01.012 [t1] TRACE com.sun.mail.smtp.protocol - 221 bye")).sessions.toArray(new Session[0]);
        assertThat(two).extracting(s -> s.host + " " + s.exchanges.size() + " " + s.endReason).containsExactly("b.example 2 quit",
                "a.example 2 quit");
    }

    @Test
    void servicesInterleavedInOneFileAreKeptApart() {
        List<String> a = new ArrayList<>(RAW);
        List<String> b = new ArrayList<>();
        for (String l : RAW) b.add(l.replace("mx.example.com", "relay.example.net"));
        List<Session> r = read(LogForms.composeInterleaved(a, "billing", b, "alerts-worker")).sessions;
        assertThat(r).hasSize(2);
        List<String> expected = conversation(read(joined(RAW)).only());
        Session billing = r.stream().filter(s -> s.host.equals("mx.example.com")).findFirst().orElseThrow();
        Session alerts = r.stream().filter(s -> s.host.equals("relay.example.net")).findFirst().orElseThrow();
        assertThat(conversation(billing)).isEqualTo(expected);
        assertThat(conversation(alerts)).hasSameSizeAs(expected);
        assertThat(alerts.exchanges.get(1).replyLines).containsExactly("250-relay.example.net", "250-AUTH PLAIN LOGIN", "250 8BITMIME");
    }

    @Test
    void javaUtilLoggingRecordsOfInterleavedServicesKeepTheirOwnHeaders() {
        List<String> b = new ArrayList<>();
        for (String l : JUL) b.add(l.replace("mx.example.com", "relay.example.net").replace("4:10:0", "5:20:0"));
        List<Session> r = read(LogForms.composeInterleaved(JUL, "billing", b, "alerts")).sessions;
        assertThat(r).extracting(s -> s.host + " " + s.start + " " + s.exchanges.size()).containsExactlyInAnyOrder(
                "mx.example.com 2026-11-29T04:10:01Z 3", "relay.example.net 2026-11-29T05:20:01Z 3");
        for (Session s : r) assertThat(s.exchanges).extracting(e -> e.durationMs).containsExactly(0.0, 1000.0, 1000.0);
    }

    @Test
    void aBodyLineThatQuotesAWrappedLogIsBodyText() {
        Session s = read(lines(CONNECT, "220 mx ESMTP", "MAIL FROM:<a@example.com>", "250 ok", "RCPT TO:<b@example.com>", "250 ok", "DATA",
                "354 go ahead", "Subject: log excerpt", "",
                "web-1  | DEBUG SMTP: trying to connect to host \"other.example\", port 25, isSSL false",
                "web-1  | 220 other.example ESMTP",
                ".", "250 queued", "QUIT", "221 bye")).only();
        assertThat(s.host).isEqualTo("mx.example.com");
        assertThat(s.messages.get(0).body).containsEntry("lines", 4L);
        assertThat(s.endReason).isEqualTo("quit");
    }

    @Test
    void anApplicationsExceptionInTheSameServicesOutputIsTheConversations() {
        Session s = read(lines(
                "billing-1  | " + CONNECT,
                "billing-1  | 220 mx ESMTP",
                "billing-1  | MAIL FROM:<a@example.com>",
                "billing-1  | 2026-11-29 04:10:01,000 [main] ERROR com.acme.Mailer - sending failed",
                "billing-1  | javax.mail.MessagingException: Exception reading response",
                "billing-1  | \tat com.sun.mail.smtp.SMTPTransport.readServerResponse(SMTPTransport.java:2445)")).only();
        assertThat(s.exceptions).containsExactly("javax.mail.MessagingException: Exception reading response");
    }

    @Test
    void aLoggerThatForwardsAnotherProcesssLinesIsAPrefixToLearn() {
        String relay = "2026-11-30 10:00:01.000 INFO [forwarder] com.acme.LogRelay - ";
        Session s = read(lines(
                relay + "2026-11-29 04:10:01.000 [main] DEBUG com.sun.mail.smtp - trying to connect to host \"mx\", port 25, isSSL false",
                relay + "2026-11-29 04:10:01.100 [main] TRACE com.sun.mail.smtp.protocol - 220 mx ESMTP",
                relay + "2026-11-29 04:10:01.200 [main] TRACE com.sun.mail.smtp.protocol - QUIT",
                relay + "2026-11-29 04:10:01.250 [main] TRACE com.sun.mail.smtp.protocol - 221 bye")).only();
        assertThat(s.start).isEqualTo(Instant.parse("2026-11-29T04:10:01Z"));
        assertThat(s.exchanges).extracting(e -> e.line + " " + e.replyCode + " " + e.durationMs).containsExactly("null 220 100.0",
                "QUIT 221 50.0");
    }

    static List<Session> json(String log) {
        List<Session> out = new ArrayList<>();
        try {
            new JsonLogReader(null).read(new CharSource(new StringReader(log)), "app.json", out::add, new Diagnostics(new PrintWriter(new StringWriter())));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    static String record(String source, String time, String text) {
        return "{" + (source == null ? "" : "\"pod\":\"" + source + "\",") + (time == null ? "" : "\"@timestamp\":\"" + time + "\",")
                + "\"message\":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    @Test
    void aPrefixInsideStructuredRecordsAddsItsNamesToTheRecordsSource() {
        String task7 = "INFO  [stdout] (default task-7) ";
        String task8 = "INFO  [stdout] (default task-8) ";
        List<Session> r = json(lines(
                record("billing-1", null, "2026-11-30 10:00:00,000 " + task7 + "DEBUG SMTP: trying to connect to host \"a.example\", port 25, isSSL false"),
                record("billing-1", null, "2026-11-30 10:00:00,500 " + task8 + "DEBUG SMTP: trying to connect to host \"b.example\", port 25, isSSL false"),
                record("billing-1", null, "2026-11-30 10:00:01,000 " + task7 + "220 a ESMTP"),
                record("billing-1", null, "2026-11-30 10:00:01,500 " + task8 + "220 b ESMTP"),
                record("billing-1", null, "2026-11-30 10:00:02,000 " + task7 + "QUIT"),
                record("billing-1", null, "2026-11-30 10:00:02,500 " + task8 + "EHLO b"),
                record("billing-1", null, "2026-11-30 10:00:03,000 " + task7 + "221 bye"),
                record("billing-1", null, "2026-11-30 10:00:03,500 " + task8 + "250 b")));
        assertThat(r).extracting(s -> s.host + " " + s.start + " " + s.exchanges.size()).containsExactly(
                "a.example 2026-11-30T10:00:00Z 2", "b.example 2026-11-30T10:00:00.500Z 2");
        // the same task name in two pods: two streams
        List<Session> pods = json(lines(
                record("billing-1", null, "2026-11-30 10:00:00,000 " + task7 + "DEBUG SMTP: trying to connect to host \"a.example\", port 25, isSSL false"),
                record("billing-2", null, "2026-11-30 10:00:00,500 " + task7 + "DEBUG SMTP: trying to connect to host \"b.example\", port 25, isSSL false"),
                record("billing-1", null, "2026-11-30 10:00:01,000 " + task7 + "220 a ESMTP"),
                record("billing-2", null, "2026-11-30 10:00:01,500 " + task7 + "220 b ESMTP")));
        assertThat(pods).extracting(s -> s.host + " " + shown(s)).containsExactlyInAnyOrder(
                "a.example [1 greeting null [null] 220 [220 a ESMTP]]", "b.example [1 greeting null [null] 220 [220 b ESMTP]]");
    }

    @Test
    void rawOutputInTimedRecordsWithoutASourceIsOneConversation() {
        List<Session> r = json(lines(
                record(null, "2026-11-30T10:00:00Z", CONNECT),
                record(null, "2026-11-30T10:00:00.2Z", "220 mx ESMTP"),
                record(null, "2026-11-30T10:00:00.3Z", "QUIT"),
                record(null, "2026-11-30T10:00:00.4Z", "221 bye")));
        assertThat(r).hasSize(1);
        assertThat(r.get(0).exchanges).extracting(e -> e.line + " " + e.replyCode + " " + e.durationMs).containsExactly("null 220 200.0",
                "QUIT 221 100.0");
    }

    @Test
    void theLineContextsOfAtMost4096StreamsAreKept() {
        // a service that names a new stream per request must not grow the reader's memory for ever: a JUL record
        // whose header came before 4096 other streams is lost; one whose header came before 4095 is read
        for (int others : new int[] {4095, 4096}) {
            StringBuilder sb = new StringBuilder();
            sb.append("mail  | Nov 29, 2026 4:10:01 AM com.sun.mail.smtp.SMTPTransport openServer\n");
            for (int i = 0; i < others; i++) sb.append("s").append(i).append("  | started\n");
            sb.append("mail  | FINE: trying to connect to host \"mx\", port 25, isSSL false\n");
            sb.append("mail  | 220 mx ESMTP\n");
            List<Session> r = read(sb.toString()).sessions;
            if (others == 4095) assertThat(r).extracting(s -> s.host + " " + s.partial).containsExactly("mx false");
            else assertThat(r).extracting(s -> s.host + " " + s.partial).as("the header forgotten: a fragment").containsExactly("null true");
        }
    }

    @Test
    void theStateKeyHoldsEachStreamsLineContext() {
        DebugLogReader a = fresh();
        DebugLogReader b = fresh();
        feed(a, lines("web-1  | DEBUG: getProvider() returning javax.mail.Provider[TRANSPORT,smtp,x]"));
        feed(b, lines("web-1  | DEBUG: getProvider() returning javax.mail.Provider[TRANSPORT,smtp,x]"));
        assertThat(a.stateKey()).isEqualTo(b.stateKey());
        feed(a, lines("web-1  | Nov 29, 2026 4:10:01 PM com.sun.mail.smtp.SMTPTransport openServer"));
        assertThat(a.stateKey()).isNotEqualTo(b.stateKey());
        assertThat(a.quiescent()).isTrue();
    }
}
