package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Prefix formats JavaMail output shows up in. */
class LogLineTest {
    static LogLine one(String line) {
        return LogLine.parse(line, new LogLine.Context());
    }

    @Test
    void rawMailDebug() {
        LogLine l = one("DEBUG SMTP: trying to connect to host \"smtp.example.com\", port 587, isSSL false");
        assertThat(l.kind).isEqualTo(LogLine.Kind.MAIL_DEBUG);
        assertThat(l.payload).startsWith("trying to connect");
        assertThat(one("250-SIZE 1000").kind).isEqualTo(LogLine.Kind.RAW);
        assertThat(one("DEBUG: setDebug: JavaMail version 1.6.2").kind).isEqualTo(LogLine.Kind.GENERIC);
    }

    @Test
    void julTwoLineRecords() {
        LogLine.Context ctx = new LogLine.Context();
        assertThat(LogLine.parse("Nov 29, 2026 4:10:01 PM com.sun.mail.util.LogOutputStream log", ctx).kind).isEqualTo(LogLine.Kind.HEADER);
        LogLine l = LogLine.parse("FINEST: 250 OK", ctx);
        assertThat(l.kind).isEqualTo(LogLine.Kind.PROTOCOL);
        assertThat(l.payload).isEqualTo("250 OK");
        assertThat(l.time).isEqualTo(Instant.parse("2026-11-29T16:10:01Z"));
        LogLine.parse("Nov 29, 2026 4:10:02 PM org.eclipse.angus.mail.smtp.SMTPTransport openServer", ctx);
        LogLine d = LogLine.parse("FINE: connected to host \"localhost\", port: 25", ctx);
        assertThat(d.kind).isEqualTo(LogLine.Kind.MAIL_DEBUG);
        LogLine.parse("Nov 29, 2026 4:10:01 AM com.sun.mail.smtp.SMTPTransport readServerResponse", ctx);
        LogLine finest = LogLine.parse("FINEST: 250 OK", ctx);
        assertThat(finest.kind).isEqualTo(LogLine.Kind.PROTOCOL);
        assertThat(LogLine.parse("\tat com.sun.mail.smtp.SMTPTransport.openServer(SMTPTransport.java:2150)", ctx).kind).isEqualTo(LogLine.Kind.APP);
    }

    @Test
    void logbackLog4jAndSpringBootPatterns() {
        LogLine lb = one("2026-11-29 04:10:01.123 [pool-1-thread-3] TRACE org.eclipse.angus.mail.smtp.protocol - MAIL FROM:<a@b.c>");
        assertThat(lb.kind).isEqualTo(LogLine.Kind.PROTOCOL);
        assertThat(lb.thread).isEqualTo("pool-1-thread-3");
        assertThat(lb.payload).isEqualTo("MAIL FROM:<a@b.c>");
        assertThat(lb.time).isEqualTo(Instant.parse("2026-11-29T04:10:01.123Z"));
        LogLine boot = one("2026-11-29T04:10:01.123+01:00 DEBUG 4242 --- [billing] [nio-8080-exec-1] com.sun.mail.smtp : useEhlo true, useAuth true");
        assertThat(boot.kind).isEqualTo(LogLine.Kind.MAIL_DEBUG);
        assertThat(boot.thread).isEqualTo("nio-8080-exec-1");
        assertThat(boot.time).isEqualTo(Instant.parse("2026-11-29T03:10:01.123Z"));
        LogLine noSep = one("2026-11-29 04:10:01,123 FINEST [main] com.sun.mail.smtp.protocol 354 End data");
        assertThat(noSep.kind).isEqualTo(LogLine.Kind.PROTOCOL);
        assertThat(noSep.payload).isEqualTo("354 End data");
        LogLine routed = one("2026-11-29 04:10:01,123 INFO  [main] mail - DEBUG SMTP: AUTH LOGIN succeeded");
        assertThat(routed.kind).isEqualTo(LogLine.Kind.MAIL_DEBUG);
        assertThat(routed.payload).isEqualTo("AUTH LOGIN succeeded");
        assertThat(one("2026-11-29 04:10:01,123 INFO  [main] com.acme.Billing - 250 invoices sent").kind).isEqualTo(LogLine.Kind.APP);
    }

    @Test
    void timestampPrefixWithoutRegexAgreesWithThePattern() {
        String[] lines = {"2026-11-29 04:10:01,123 INFO  [main] com.acme.Billing - x", "[2026-11-29T04:10:01.123456789Z] DEBUG a - b",
                "2026-11-29T04:10:01+01:00 x", "2026-11-29T04:10:01-0130\tx y", "2026-11-29T04:10:01.1234567890 x",
                "2026-11-29T04:10:01+01:0 x", "2026-11-29T04:10:01+01 x", "2026-11-29T04:10:01] x", "2026-11-29T04:10:01x",
                "2026-11-29T04:10:01 ", "2026-11-29T04:10:01 a\rb", "2026-11-29T04:10:01 a\r", "2026-11-29T04:10:01 a\u2028",
                "2026-11-29 04:10:01., x", "2026-11-29 04:10:01.5Z]   rest", "2026-11-29 4:10:01 x", "[2026-11-29 04:10:01 x",
                "2026-11-29 04:10:01Zx", "2026-11-29 04:10:01,000 \u0085x"};
        for (String line : lines) {
            java.util.regex.Matcher m = LogLine.TS_PREFIX.matcher(line);
            String[] expected = m.matches() ? new String[] {m.group(1), m.group(2), m.group(3)} : null;
            String[] got = LogLine.tsPrefix(line);
            if (got == LogLine.TS_FALLBACK) continue;
            assertThat(got).as(line).isEqualTo(expected);
        }
    }

    @Test
    void julLevelWithoutRegexAgreesWithThePattern() {
        String[] lines = {"FINEST: 250 Ok", "FINE: DEBUG SMTP: x", "INFO:x", "INFO:  two spaces", "AB: too short", "ABCDEFGHIJ: ten",
                "ABCDEFGHIJK: eleven", "FINEST 250", "FINEST:", "FINEST: ", "Finest: x", "FINEST: a\rb", "FINEST: a\u2028", "SEVERE: x: y",
                "WARNING: \u00e9t\u00e9", "", "F1NE: x", "FINEST: \u0085"};
        for (String line : lines) {
            java.util.regex.Matcher m = LogLine.JUL_LEVEL.matcher(line);
            String[] expected = m.matches() ? new String[] {m.group(1), m.group(2)} : null;
            assertThat(LogLine.julLevel(line)).as(line).isEqualTo(expected);
        }
    }

    @Test
    void plainTimestampsParseAsTheIsoFormatterDoes() {
        String[] texts = {"2026-11-29 04:10:01", "2026-11-29T04:10:01", "2026-11-29 04:10:01,123", "2026-11-29 04:10:01.123456789",
                "2026-11-29 04:10:01.1", "2026-02-30 04:10:01", "2026-11-29 24:00:00", "2026-11-29 23:59:60", "2026-13-01 00:00:00",
                "2024-02-29 00:00:00.000", "2026-11-29 04:10:01.", "2026-11-29 04:10:01.1234567890", "2026-11-29 04:10:01Z",
                "2026-11-29 04:10:01.5+01:00", "0000-01-01 00:00:00", "2026-11-29 04:10:01,12a"};
        for (String t : texts) {
            Instant expected;
            try {
                String iso = t.replace(' ', 'T').replace(',', '.');
                expected = iso.endsWith("Z") || iso.contains("+") ? java.time.OffsetDateTime.parse(iso).toInstant()
                        : java.time.LocalDateTime.parse(iso).toInstant(java.time.ZoneOffset.UTC);
            } catch (java.time.format.DateTimeParseException e) {
                expected = null;
            }
            assertThat(LogLine.parseTime(t)).as(t).isEqualTo(expected);
        }
    }

    @Test
    void replyTestWithoutRegexAgreesWithThePattern() {
        String[] lines = {"250", "250 Ok", "250-SIZE 1000", "250-", "250 ", "2500", "25", "250x", "250 a\rb", "250 a\u2028", "abc",
                "550 5.1.1 <a@b>: \u00e9", "\u0661\u0662\u0663 Ok", ""};
        for (String line : lines) {
            assertThat(DebugLogReader.isReply(line)).as(line).isEqualTo(DebugLogReader.REPLY.matcher(line).matches());
        }
    }
}
