package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.read.DebugLogReaderTest.Read;

/** Structured logs (one JSON object a line) whose messages carry JavaMail's output. */
class JsonLogReaderTest {
    static final String NL = System.lineSeparator();

    static Read read(String... jsonLines) {
        return readWith(null, jsonLines);
    }

    static Read readWith(Pattern prefix, String... jsonLines) {
        Read r = new Read();
        try {
            new JsonLogReader(prefix).read(new CharSource(new StringReader(String.join("\n", jsonLines) + "\n")), "app.json", r.sessions::add,
                    new Diagnostics(new PrintWriter(r.err, true)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return r;
    }

    /** A logstash-logback-encoder line. */
    static String logstash(String time, String thread, String logger, String level, String message) {
        return "{\"@timestamp\":\"" + time + "\",\"message\":" + q(message) + ",\"logger_name\":\"" + logger + "\",\"thread_name\":\"" + thread
                + "\",\"level\":\"" + level + "\"}";
    }

    static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }

    static final String CONNECT = "trying to connect to host \"mx.example.com\", port 25, isSSL false";

    @Test
    void logstashRecordsOfJavaMailsLoggers() {
        Read r = read(
                logstash("2026-11-29T04:10:01.000Z", "main", "com.sun.mail.smtp", "DEBUG", CONNECT),
                logstash("2026-11-29T04:10:01.100Z", "main", "com.sun.mail.smtp.protocol", "TRACE", "220 mx ESMTP"),
                logstash("2026-11-29T04:10:01.200Z", "main", "com.sun.mail.smtp.protocol", "TRACE", "MAIL FROM:<a@example.com>"),
                logstash("2026-11-29T04:10:01.230Z", "main", "com.sun.mail.smtp.protocol", "TRACE", "250 ok"),
                logstash("2026-11-29T04:10:01.300Z", "main", "com.sun.mail.smtp.protocol", "TRACE", "QUIT"),
                logstash("2026-11-29T04:10:01.310Z", "main", "com.sun.mail.smtp.protocol", "TRACE", "221 bye"));
        Session s = r.only();
        assertThat(s.id).isEqualTo("app.json:1");
        assertThat(s.host).isEqualTo("mx.example.com");
        assertThat(s.start).isEqualTo(Instant.parse("2026-11-29T04:10:01Z"));
        assertThat(s.exchanges).extracting(e -> e.line + " " + e.replyCode + " " + e.durationMs)
                .containsExactly("null 220 100.0", "MAIL FROM:<***@example.com> 250 30.0", "QUIT 221 10.0");
        assertThat(r.err.toString()).isEmpty();
    }

    @Test
    void nestedEcsFieldsAndTheLoggersLevel() {
        // ECS: {"log":{"logger":..,"level":..}}; the protocol trace at TRACE from a logger not named *.protocol
        String ecs = "{\"@timestamp\":\"%s\",\"log\":{\"logger\":\"org.eclipse.angus.mail.smtp\",\"level\":\"%s\"},"
                + "\"process\":{\"thread\":{\"name\":\"worker-1\"}},\"message\":%s}";
        Read r = read(String.format(ecs, "2026-11-29T04:10:01Z", "DEBUG", q(CONNECT)),
                String.format(ecs, "2026-11-29T04:10:02Z", "trace", q("220 mx ESMTP")),
                String.format(ecs, "2026-11-29T04:10:03Z", "TRACE", q("QUIT")),
                String.format(ecs, "2026-11-29T04:10:04Z", "TRACE", q("221 bye")));
        Session s = r.only();
        assertThat(s.clientLibrary).isEqualTo("org.eclipse.angus:angus-mail");
        assertThat(s.exchanges).extracting(e -> e.replyCode).containsExactly(220, 221);
    }

    @Test
    void dockerJsonFileLinesAreRawOutputWithTheirOwnLineEnd() {
        Read r = read(
                "{\"log\":\"DEBUG SMTP: " + CONNECT.replace("\"", "\\\"") + "\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-29T04:10:01.5+01:00\"}",
                "{\"log\":\"220 mx ESMTP\\r\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-29T04:10:01.6+01:00\"}",
                "",
                "   ",
                "{\"log\":\"EHLO app\\n250-mx\\n250 SIZE 10\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-29T04:10:01.7+01:00\"}",
                "{\"log\":\"QUIT\\n221 bye\",\"stream\":\"stdout\",\"time\":\"2026-11-29T04:10:01.8+01:00\"}");
        Session s = r.only();
        assertThat(s.start).isEqualTo(Instant.parse("2026-11-29T03:10:01.5Z"));
        assertThat(s.exchanges).extracting(e -> e.line + " " + e.replyLines)
                .containsExactly("null [220 mx ESMTP]", "EHLO app [250-mx, 250 SIZE 10]", "QUIT [221 bye]");
        assertThat(r.err.toString()).isEmpty();
    }

    @Test
    void exceptionsFromAMultiLineMessageAndFromTheStackTraceField() {
        Read r = read(
                logstash("2026-11-29T04:10:01Z", "main", "com.sun.mail.smtp", "DEBUG", CONNECT),
                logstash("2026-11-29T04:10:01Z", "main", "com.sun.mail.smtp.protocol", "TRACE", "220 mx ESMTP"),
                logstash("2026-11-29T04:10:01Z", "main", "com.acme.Mailer", "ERROR",
                        "send failed\njavax.mail.MessagingException: first\n\tat x.y(Z.java:1)"),
                "{\"@timestamp\":\"2026-11-29T04:10:02Z\",\"logger_name\":\"com.acme.Mailer\",\"thread_name\":\"main\",\"message\":\"again\","
                        + "\"stack_trace\":\"javax.mail.MessagingException: second\\r\\n\\tat x.y(Z.java:1)\\r\\n\"}",
                logstash("2026-11-29T04:10:03Z", "main", "com.sun.mail.smtp.protocol", "TRACE", "QUIT"),
                logstash("2026-11-29T04:10:03Z", "main", "com.sun.mail.smtp.protocol", "TRACE", "221 bye"));
        assertThat(r.only().exceptions).containsExactly("javax.mail.MessagingException: first", "javax.mail.MessagingException: second");
    }

    @Test
    void podsAndThreadsKeepInterleavedConversationsApart() {
        String f = "{\"ts\":%s,\"kubernetes\":{\"pod_name\":\"%s\"},\"msg\":%s}";
        Read r = read(String.format(f, "1764389401", "a", q("DEBUG SMTP: " + CONNECT)),
                String.format(f, "1764389402", "b", q("DEBUG SMTP: " + CONNECT.replace("mx.example.com", "other"))),
                String.format(f, "1764389403", "a", q("220 a ESMTP")),
                String.format(f, "1764389404", "b", q("220 b ESMTP")),
                String.format(f, "1764389405", "b", q("QUIT")),
                String.format(f, "1764389406", "b", q("221 bye")),
                String.format(f, "1764389407", "a", q("QUIT")),
                String.format(f, "1764389408", "a", q("221 bye")));
        assertThat(r.sessions).extracting(s -> s.host + " " + s.exchanges.get(0).replyLines + " " + s.start).containsExactly(
                "other [220 b ESMTP] 2025-11-29T04:10:02Z", "mx.example.com [220 a ESMTP] 2025-11-29T04:10:01Z");
    }

    @Test
    void pieceNamesOfTheSourceAreJoined() {
        // pod and container together name the stream; the same pod in two containers are two streams
        String f = "{\"kubernetes.pod_name\":\"p\",\"container_name\":\"%s\",\"thread\":\"main\",\"message\":%s}";
        Read r = read(String.format(f, "c1", q("DEBUG SMTP: " + CONNECT)), String.format(f, "c2", q("DEBUG SMTP: " + CONNECT)),
                String.format(f, "c1", q("220 one ESMTP")), String.format(f, "c2", q("220 two ESMTP")));
        assertThat(r.sessions).extracting(s -> s.exchanges.get(0).replyLines.get(0)).containsExactlyInAnyOrder("220 one ESMTP", "220 two ESMTP");
    }

    @Test
    void timesInEveryFormLogsUse() {
        assertThat(startOf("\"timestamp\":1764389401")).isEqualTo(Instant.parse("2025-11-29T04:10:01Z"));
        assertThat(startOf("\"timestamp\":1764389401.25")).isEqualTo(Instant.parse("2025-11-29T04:10:01.25Z"));
        assertThat(startOf("\"timeMillis\":1764389401123")).isEqualTo(Instant.parse("2025-11-29T04:10:01.123Z"));
        assertThat(startOf("\"__REALTIME_TIMESTAMP\":\"1764389401123456\"")).isEqualTo(Instant.parse("2025-11-29T04:10:01.123456Z"));
        assertThat(startOf("\"time\":1764389401123456789")).isEqualTo(Instant.parse("2025-11-29T04:10:01.123456789Z"));
        assertThat(startOf("\"instant\":{\"epochSecond\":1764389401,\"nanoOfSecond\":5000}")).isEqualTo(Instant.parse("2025-11-29T04:10:01.000005Z"));
        assertThat(startOf("\"instant\":{\"epochSecond\":1764389401}")).isEqualTo(Instant.parse("2025-11-29T04:10:01Z"));
        assertThat(startOf("\"date\":\"2026-11-29 04:10:01,250\"")).isEqualTo(Instant.parse("2026-11-29T04:10:01.25Z"));
        assertThat(startOf("\"date\":\"2026-11-29 04:10:01\"")).isEqualTo(Instant.parse("2026-11-29T04:10:01Z"));
        assertThat(startOf("\"date\":\"2026-11-29T04:10:01+02:00\"")).isEqualTo(Instant.parse("2026-11-29T02:10:01Z"));
        // unreadable: the line is kept, without a time; the next field that holds one is used
        assertThat(startOf("\"ts\":\"yesterday\"")).isNull();
        assertThat(startOf("\"ts\":\"\"")).isNull();
        assertThat(startOf("\"ts\":\"2026-11\"")).isNull();
        assertThat(startOf("\"ts\":true")).isNull();
        assertThat(startOf("\"ts\":\"1.2.3\",\"date\":\"2026-11-29T04:10:01Z\"")).isEqualTo(Instant.parse("2026-11-29T04:10:01Z"));
        assertThat(startOf("\"@timestamp\":\"2026-11-29T04:10:01Z\",\"ts\":5")).isEqualTo(Instant.parse("2026-11-29T04:10:01Z"));
    }

    static Instant startOf(String timeField) {
        Read r = read("{" + timeField + ",\"message\":" + q("DEBUG SMTP: " + CONNECT) + "}", "{\"message\":\"220 mx ESMTP\"}");
        return r.only().start;
    }

    @Test
    void badLinesAreReportedWithTheirNumbersAndTheRestIsRead() {
        List<String> in = new ArrayList<>();
        in.add("{\"message\":" + q("DEBUG SMTP: " + CONNECT) + "}");
        for (int i = 0; i < 12; i++) in.add(i % 2 == 0 ? "not json" : "[1,2]");
        in.add("{\"message\":\"220 mx ESMTP\"}");
        in.add("{\"no_message\":1}");
        Read r = read(in.toArray(String[]::new));
        assertThat(r.only().exchanges).hasSize(1);
        String err = r.err.toString();
        assertThat(err).startsWith("smtp-trace: app.json:2: not a JSON object; line skipped" + NL + "smtp-trace: app.json:3: not a JSON object");
        assertThat(err.lines()).hasSize(10).last().isEqualTo("smtp-trace: app.json:11: not a JSON object; line skipped");
        assertThat(err).doesNotContain("without a message field");
    }

    @Test
    void objectsWithoutAMessageAreCountedAndANumberIsAMessage() {
        Read r = read("{\"message\":" + q("DEBUG SMTP: " + CONNECT) + "}", "{\"level\":\"INFO\"}", "{\"msg\":{\"a\":1}}",
                "{\"msg\":220}", "{\"message\":\"QUIT\"}", "{\"message\":\"221 bye\"}");
        assertThat(r.only().exchanges).extracting(e -> e.replyCode).containsExactly(220, 221);
        assertThat(r.err.toString()).isEqualTo("smtp-trace: app.json: 2 JSON objects without a message field skipped" + NL);
    }

    @Test
    void aJsonLogWithoutAConversationSaysSo() {
        Read r = read("{\"message\":\"hello\"}");
        assertThat(r.sessions).isEmpty();
        assertThat(r.err.toString()).isEqualTo("smtp-trace: app.json: no JavaMail SMTP conversation found in the messages of this JSON log" + NL);
    }

    @Test
    void itsProblemsAreWordedInTheRunsLanguage() throws IOException {
        StringWriter err = new StringWriter();
        List<Session> sessions = new ArrayList<>();
        new JsonLogReader(null).read(new CharSource(new StringReader("not json\n{\"level\":\"INFO\"}\n{\"message\":\"hello\"}\n")),
                "app.json", sessions::add, new Diagnostics(new PrintWriter(err, true), io.smtptrace.analyzer.i18n.Lang.id));
        assertThat(err.toString()).isEqualTo("smtp-trace: app.json:1: bukan objek JSON; baris dilewati" + NL
                + "smtp-trace: app.json: tidak ada percakapan SMTP JavaMail dalam pesan log JSON ini" + NL);
        StringWriter one = new StringWriter();
        new JsonLogReader(null).read(new CharSource(new StringReader("{\"message\":\"hello\"}\n{\"level\":\"INFO\"}\n")), "app.json",
                sessions::add, new Diagnostics(new PrintWriter(one, true)));
        assertThat(one.toString()).endsWith("smtp-trace: app.json: one JSON object without a message field skipped" + NL);
    }

    @Test
    void aLineOverTheLimitIsSkippedWithItsLength() {
        String huge = "{\"message\":\"" + "x".repeat(CharSource.DEFAULT_MAX_LINE) + "\"}";
        Read r = read("{\"message\":" + q("DEBUG SMTP: " + CONNECT) + "}", huge, "{\"message\":\"220 mx ESMTP\"}");
        assertThat(r.only().exchanges).hasSize(1);
        assertThat(r.err.toString()).isEqualTo("smtp-trace: app.json:2: line is " + huge.length() + " characters long (limit 262144); skipped" + NL);
    }

    @Test
    void aGivenPrefixIsCutFromMessagesWithoutALogger() {
        Read r = readWith(Pattern.compile("\\[(?<stream>\\w+)\\] "), "{\"message\":" + q("[web] DEBUG SMTP: " + CONNECT) + "}",
                "{\"message\":\"[web] 220 mx ESMTP\"}");
        assertThat(r.only().exchanges.get(0).replyLines).containsExactly("220 mx ESMTP");
    }

    static boolean isLog(String s) throws IOException {
        BufferedInputStream in = new BufferedInputStream(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)), 1 << 17);
        boolean log = JsonLogReader.isLog(in);
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as("nothing consumed").isEqualTo(s);
        return log;
    }

    @Test
    void structuredLogsAreToldFromOtlp() throws IOException {
        assertThat(isLog("{\"message\":\"hi\"}\n{\"resourceSpans\":[]}\n")).isTrue();
        assertThat(isLog("{\"msg\":\"hi\"}")).as("one line, no terminator").isTrue();
        assertThat(isLog("{\"message\":\"hi\",\"resourceSpans\":[]}\n")).isFalse();
        assertThat(isLog("{\"message\":\"hi\",\"resource_spans\":[]}\n")).isFalse();
        assertThat(isLog("{\"level\":\"INFO\"}\n")).isFalse();
        assertThat(isLog("[{\"message\":\"hi\"}]\n")).isFalse();
        assertThat(isLog("{\"message\":\n\"hi\"}\n")).as("a pretty-printed document").isFalse();
        assertThat(isLog("not json\n")).isFalse();
        assertThat(isLog("")).isFalse();
        assertThat(isLog("{\"message\":\"" + "x".repeat(70_000) + "\"}\n")).as("a first line beyond the look-ahead").isFalse();
        // a first line that ends exactly at the look-ahead's end is still looked at
        String exact = "{\"message\":\"" + "x".repeat((1 << 16) - 15) + "\"}";
        assertThat(exact.length()).isEqualTo((1 << 16) - 1);
        assertThat(isLog(exact + "\n")).isTrue();
    }

    @Test
    void aReadErrorWhilePeekingIsLeftForTheReader() throws IOException {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("gone");
            }
        };
        assertThat(JsonLogReader.isLog(new BufferedInputStream(failing))).isFalse();
    }

    @Test
    void aFirstLineArrivingInPiecesIsReadWhole() throws IOException {
        byte[] b = "{\"message\":\"hi\"}\nrest".getBytes(StandardCharsets.UTF_8);
        InputStream slow = SlowStreams.trickle(b, 1);
        assertThat(JsonLogReader.isLog(new BufferedInputStream(slow, 1))).isTrue();
    }

    @Test
    void anEmptyLoggerNameIsNoLogger() {
        Read r = read("{\"logger\":\"\",\"message\":" + q("DEBUG SMTP: " + CONNECT) + "}", "{\"logger\":\"\",\"message\":\"220 mx ESMTP\\n\"}",
                "{\"logger\":\"\",\"message\":\"QUIT\\r\\n221 bye\"}");
        assertThat(r.only().exchanges).extracting(e -> e.replyCode).containsExactly(220, 221);
    }

    @Test
    void theRestOfALoggersMultiLineRecordIsNoProtocol() {
        // a logger's record with several lines: only the first is the logger's text, the rest is scanned for exceptions
        Read r = read(logstash("2026-11-29T04:10:01Z", "main", "com.sun.mail.smtp", "DEBUG", CONNECT),
                logstash("2026-11-29T04:10:01Z", "main", "com.sun.mail.smtp.protocol", "TRACE", "220 mx ESMTP\nQUIT\n"),
                logstash("2026-11-29T04:10:02Z", "main", "com.sun.mail.smtp.protocol", "TRACE", "EHLO app"));
        assertThat(r.only().exchanges).extracting(e -> e.line).containsExactly(null, "EHLO app");
    }

    @Test
    void epochNumbersAtTheUnitBoundariesAndBeyondTheRangeOfNanos() {
        // up to 1e11 seconds, up to 1e14 milliseconds, up to 1e17 microseconds, nanoseconds above
        assertThat(startOf("\"timestamp\":100000000001")).isEqualTo(Instant.parse("1973-03-03T09:46:40.001Z"));
        assertThat(startOf("\"timestamp\":100000000000001")).isEqualTo(Instant.parse("1973-03-03T09:46:40.000001Z"));
        assertThat(startOf("\"timestamp\":100000000000000001")).isEqualTo(Instant.parse("1973-03-03T09:46:40.000000001Z"));
        // exactly at a boundary it is the larger unit: the year 5138, which nanoseconds since 1970 cannot hold: no time
        // (not one wrapped around to some other date)
        for (String at : List.of("100000000000", "100000000000000", "100000000000000000", "\"99999999999.5\"")) {
            assertThat(startOf("\"timestamp\":" + at)).as(at).isNull();
        }
        assertThat(startOf("\"timestamp\":9223372036")).isEqualTo(Instant.parse("2262-04-11T23:47:16Z"));
        assertThat(startOf("\"timestamp\":9223372037")).isNull();
    }

    @Test
    void aBlankFirstLineIsNoStructuredLog() throws IOException {
        assertThat(isLog("\n{\"message\":\"hi\"}\n")).isFalse();
        assertThat(isLog("\n{\"message\":\"hi\"}")).isFalse();
        // nor when the line after it arrives later
        InputStream slow = SlowStreams.trickle("\n{\"message\":\"hi\"}\n".getBytes(StandardCharsets.UTF_8), 1);
        assertThat(JsonLogReader.isLog(new BufferedInputStream(slow, 1))).isFalse();
    }

    static final String[] TWO_CONVERSATIONS = {"a", "DEBUG SMTP: " + CONNECT, "b", "DEBUG SMTP: " + CONNECT.replace("mx.example.com", "other"),
        "a", "220 a ESMTP", "b", "220 b ESMTP", "b", "QUIT", "b", "221 bye", "a", "QUIT", "a", "221 bye"};

    /** The two interleaved conversations above, each line an object made by {@code format} from its side and message. */
    static List<String> hostsAndGreetings(java.util.function.BiFunction<String, String, String> format) {
        List<String> in = new ArrayList<>();
        for (int i = 0; i < TWO_CONVERSATIONS.length; i += 2) in.add(format.apply(TWO_CONVERSATIONS[i], q(TWO_CONVERSATIONS[i + 1])));
        Read r = read(in.toArray(String[]::new));
        assertThat(r.err.toString()).isEmpty();
        return r.sessions.stream().map(s -> s.host + " " + (s.exchanges.isEmpty() ? "-" : s.exchanges.get(0).replyLines)).toList();
    }

    @Test
    void everyPieceOfTheSourceOrTheThreadTellsConversationsApart() {
        List<String> apart = List.of("other [220 b ESMTP]", "mx.example.com [220 a ESMTP]");
        // pods apart, same container
        assertThat(hostsAndGreetings((side, m) -> "{\"pod\":\"" + side + "\",\"container\":\"web\",\"message\":" + m + "}")).isEqualTo(apart);
        // threads alone
        assertThat(hostsAndGreetings((side, m) -> "{\"thread_name\":\"t-" + side + "\",\"message\":" + m + "}")).isEqualTo(apart);
        // the same pod, two threads
        assertThat(hostsAndGreetings((side, m) -> "{\"pod\":\"p\",\"thread\":\"t-" + side + "\",\"message\":" + m + "}")).isEqualTo(apart);
        // the same pod and thread is one stream: the second connect ends the first conversation
        assertThat(hostsAndGreetings((side, m) -> "{\"pod\":\"p\",\"thread\":\"main\",\"message\":" + m + "}")).isNotEqualTo(apart);
    }

    @Test
    void dockerLinesOfAnAuthLoginDialogueEachEndInTheirOwnNewline() {
        Read r = read(
                "{\"log\":\"DEBUG SMTP: " + CONNECT.replace("\"", "\\\"") + "\\n\"}",
                "{\"log\":\"220 mx ESMTP\\n\"}",
                "{\"log\":\"AUTH LOGIN\\n\"}",
                "{\"log\":\"334 VXNlcm5hbWU6\\n\"}",
                "{\"log\":\"dXNlcg==\\n\"}",
                "{\"log\":\"334 UGFzc3dvcmQ6\\n\"}",
                "{\"log\":\"cGFzcw==\\n\"}",
                "{\"log\":\"235 2.7.0 Authentication successful\\n\"}",
                "{\"log\":\"QUIT\\n\"}",
                "{\"log\":\"221 bye\\n\"}");
        assertThat(r.only().exchanges).extracting(e -> e.replyCode).containsExactly(220, 334, 334, 235, 221);
        assertThat(r.err.toString()).isEmpty();
    }

    @Test
    void aRecordsOwnLineEndAddsNoEmptyLineButAnEmptyMessageIsOne() {
        // another thread's uncaught exception goes on until a line that is no part of a stack: an empty one ends it
        String foreign = "{\"log\":\"Exception in thread \\\"pool-1\\\" java.lang.IllegalStateException: not ours\\n\"}";
        String cause = "{\"log\":\"Caused by: javax.mail.MessagingException: %s\\n\"}";
        Read r = read(
                "{\"log\":\"DEBUG SMTP: " + CONNECT.replace("\"", "\\\"") + "\\n\"}",
                "{\"log\":\"220 mx ESMTP\\n\"}",
                foreign,
                "{\"log\":\"\\tat x.y(Z.java:1)\\n\"}",
                String.format(cause, "still the other thread's"),
                "{\"log\":\"\"}",
                foreign,
                "{\"log\":\"\"}",
                String.format(cause, "the conversation's"),
                "{\"log\":\"QUIT\\n\"}",
                "{\"log\":\"221 bye\\n\"}");
        assertThat(r.only().exceptions).containsExactly("javax.mail.MessagingException: the conversation's");
    }
}
