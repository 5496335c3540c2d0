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

    @Test
    void theLoggerNameDecidesWhatARecordIs() {
        assertThat(LogLine.record("250 OK", "jakarta.mail.smtp.protocol", null, null, "").kind).isEqualTo(LogLine.Kind.PROTOCOL);
        assertThat(LogLine.record("250 OK", "javax.mail.protocol", null, null, "").kind).isEqualTo(LogLine.Kind.PROTOCOL);
        assertThat(LogLine.record("250 OK", "com.sun.mail.util.LogOutputStream", null, null, "").kind).isEqualTo(LogLine.Kind.PROTOCOL);
        assertThat(LogLine.record("250 OK", "c.s.m.smtp.protocol", null, null, "").kind).isEqualTo(LogLine.Kind.PROTOCOL);
        assertThat(LogLine.record("250 OK", "o.e.a.m.smtp", "finest", null, "").kind).isEqualTo(LogLine.Kind.PROTOCOL);
        assertThat(LogLine.record("250 OK", "o.e.a.mail.smtp", "TRACE", null, "").kind).isEqualTo(LogLine.Kind.PROTOCOL);
        assertThat(LogLine.record("250 OK", "org.eclipse.angus.mail.smtp", "trace", null, "").kind).isEqualTo(LogLine.Kind.PROTOCOL);
        assertThat(LogLine.record("useEhlo true", "org.eclipse.angus.mail.smtp", "DEBUG", null, "").kind).isEqualTo(LogLine.Kind.MAIL_DEBUG);
        assertThat(LogLine.record("useEhlo true", "JAVAX.MAIL.SMTP", null, null, "").kind).isEqualTo(LogLine.Kind.MAIL_DEBUG);
        assertThat(LogLine.record("250 OK", "com.acme.MailService", null, null, "").kind).isEqualTo(LogLine.Kind.RAW);
        assertThat(LogLine.record("250 OK", "com.acme.SmtpClient", null, null, "").kind).isEqualTo(LogLine.Kind.RAW);
        assertThat(LogLine.record("250 OK", "com.acme.Billing", "TRACE", null, "").kind).isEqualTo(LogLine.Kind.APP);
        LogLine d = LogLine.record("DEBUG SMTP: useEhlo true", "stdout", null, null, "pod-1");
        assertThat(d.kind).isEqualTo(LogLine.Kind.MAIL_DEBUG);
        assertThat(d.payload).isEqualTo("useEhlo true");
        assertThat(d.thread).isEqualTo("pod-1");
        assertThat(d.stream).isEqualTo("pod-1");
        LogLine g = LogLine.record("DEBUG: JavaMail version 1.6.2", "stdout", null, Instant.EPOCH, "");
        assertThat(g.kind).isEqualTo(LogLine.Kind.GENERIC);
        assertThat(g.payload).isEqualTo("JavaMail version 1.6.2");
        assertThat(g.time).isEqualTo(Instant.EPOCH);
        LogLine c = LogLine.continuation("\tat x", "s", Instant.EPOCH);
        assertThat(c.kind).isEqualTo(LogLine.Kind.APP);
        assertThat(c.thread).isEqualTo("s");
        assertThat(c.stream).isEqualTo("s");
        assertThat(c.time).isEqualTo(Instant.EPOCH);
    }

    @Test
    void julHeadersInTheirFormsAndWhatIsNoHeader() {
        LogLine.Context ctx = new LogLine.Context();
        assertThat(LogLine.parse("2026-11-29 04:10:01 com.sun.mail.smtp.SMTPTransport rcptTo", ctx).kind).isEqualTo(LogLine.Kind.HEADER);
        LogLine l = LogLine.parse("FINEST: RCPT TO:<a@b>", ctx);
        assertThat(l.kind).isEqualTo(LogLine.Kind.PROTOCOL);
        assertThat(l.time).isEqualTo(Instant.parse("2026-11-29T04:10:01Z"));
        assertThat(l.logger).isEqualTo("com.sun.mail.smtp.SMTPTransport");
        // the record's further lines belong to it; a line without a level ends the header's hold
        assertThat(LogLine.parse("\tat com.sun.mail.smtp.SMTPTransport.rcptTo(SMTPTransport.java:1)", ctx).kind).isEqualTo(LogLine.Kind.APP);
        LogLine.Context fresh = new LogLine.Context();
        assertThat(LogLine.parse("Nov 29, 2026 4:10:01 PM com.sun.mail.smtp.SMTPTransport", fresh).kind).isEqualTo(LogLine.Kind.HEADER);
        assertThat(LogLine.parse("250 OK", fresh).kind).as("no level: not the record").isEqualTo(LogLine.Kind.RAW);
        assertThat(LogLine.parse("250 OK", fresh).kind).isEqualTo(LogLine.Kind.RAW);
        assertThat(one("Nov 29, 2026 4:10:01 PM [main] com.sun.mail.smtp.SMTPTransport").kind).isEqualTo(LogLine.Kind.RAW);
        assertThat(one("Nov 29, 2026 4:10:01 PM a b c d e f").kind).as("too many words").isEqualTo(LogLine.Kind.RAW);
        assertThat(one("Nov 29, 2026 4:10:01 PM x.Y m").kind).isEqualTo(LogLine.Kind.HEADER);
        assertThat(one("Nov 29 2026").kind).isEqualTo(LogLine.Kind.RAW);
        assertThat(one("nov 29, 2026 4:10:01 PM x.Y m").kind).isEqualTo(LogLine.Kind.RAW);
        assertThat(one("NOV 29, 2026 4:10:01 PM x.Y m").kind).isEqualTo(LogLine.Kind.RAW);
        assertThat(one("20261-11-29 04:10:01 x.Y m").kind).isEqualTo(LogLine.Kind.RAW);
        // the same header line again is the same record source
        LogLine.Context again = new LogLine.Context();
        for (int i = 0; i < 3; i++) {
            assertThat(LogLine.parse("Nov 29, 2026 4:10:0" + i + " AM com.sun.mail.util.LogOutputStream log", again).kind).isEqualTo(LogLine.Kind.HEADER);
            LogLine r = LogLine.parse("FINEST: 250 OK", again);
            assertThat(r.time).isEqualTo(Instant.parse("2026-11-29T04:10:0" + i + "Z"));
            assertThat(LogLine.parse("Nov 29, 2026 4:10:0" + i + " AM com.sun.mail.util.LogOutputStream log", again).kind).isEqualTo(LogLine.Kind.HEADER);
            assertThat(LogLine.parse("FINEST: 250 OK", again).time).isEqualTo(Instant.parse("2026-11-29T04:10:0" + i + "Z"));
        }
    }

    @Test
    void julTimesWithTheirAmPmSpellings() {
        assertThat(LogLine.parseTime("Nov 29, 2026 4:10:01 PM")).isEqualTo(Instant.parse("2026-11-29T16:10:01Z"));
        assertThat(LogLine.parseTime("Nov 29, 2026 4:10:01 pm")).isEqualTo(Instant.parse("2026-11-29T16:10:01Z"));
        assertThat(LogLine.parseTime("Nov 29, 2026 12:10:01 AM")).isEqualTo(Instant.parse("2026-11-29T00:10:01Z"));
        assertThat(LogLine.parseTime("Nov 29, 2026 4:10:01 p.m.")).isEqualTo(Instant.parse("2026-11-29T16:10:01Z"));
        assertThat(LogLine.parseTime("Nov 29, 2026 4:10:01PM")).isEqualTo(Instant.parse("2026-11-29T16:10:01Z"));
        assertThat(LogLine.parseTime("Nov 29,  2026   4:10:01 AM")).isEqualTo(Instant.parse("2026-11-29T04:10:01Z"));
        assertThat(LogLine.parseTime("Nov 29, 2026 4:10:01")).isNull();
        assertThat(LogLine.parseTime("Foo 29, 2026 4:10:01 PM")).isNull();
    }

    @Test
    void timesWithZonesInEveryWriting() {
        assertThat(LogLine.parseTime("2026-11-29 04:10:01+0130")).isEqualTo(Instant.parse("2026-11-29T02:40:01Z"));
        assertThat(LogLine.parseTime("2026-11-29T04:10:01-01:30")).isEqualTo(Instant.parse("2026-11-29T05:40:01Z"));
        assertThat(LogLine.parseTime("2026-11-29 04:10:01,5-0100")).isEqualTo(Instant.parse("2026-11-29T05:10:01.5Z"));
        assertThat(LogLine.parseTime("2026-11-29 04:10:01Z")).isEqualTo(Instant.parse("2026-11-29T04:10:01Z"));
        assertThat(LogLine.parseTime("2026-11-29 04:10:01+01")).isNull();
        assertThat(LogLine.parseTime("2026-11-29 04:10:01+01:3")).isNull();
        assertThat(LogLine.parseTime("2026-11-29 04:10:01+a1:30")).isNull();
        assertThat(LogLine.parseTime("2026-11-29 04:10:01*0130")).isNull();
        assertThat(LogLine.parseTime("2026-11-29 04:10:01+01a0")).isNull();
        LogLine l = one("2026-11-29T04:10:01.5-0130 [main] TRACE com.sun.mail.smtp.protocol - 250 OK");
        assertThat(l.time).isEqualTo(Instant.parse("2026-11-29T05:40:01.5Z"));
        assertThat(l.kind).isEqualTo(LogLine.Kind.PROTOCOL);
    }

    @Test
    void aWrappersTimestampInFrontOfALoggersLine() {
        assertThat(one("2026-11-30T10:00:01Z 2026-11-30 10:00:01,123 [main] TRACE com.sun.mail.smtp.protocol - 250 OK").nested).isTrue();
        assertThat(one("2026-11-30T10:00:01Z Nov 29, 2026 4:10:01 PM com.sun.mail.smtp.SMTPTransport x").nested).isTrue();
        assertThat(one("2026-11-30T10:00:01Z stdout F 2026-11-30 10:00:01,123 [main] x - y").nested).isTrue();
        assertThat(one("2026-11-30T10:00:01Z a b 2026-11-30 10:00:01,123 [main] x - y").nested).isTrue();
        assertThat(one("2026-11-30T10:00:01Z a b c 2026-11-30 10:00:01,123 [main] x - y").nested).isFalse();
        assertThat(one("2026-11-30T10:00:01Z INFO [main] com.acme.X - 2026-11-30 10:00:01").nested).isFalse();
        assertThat(one("2026-11-30T10:00:01Z Nov 29 2026 PM com.sun.mail.smtp.SMTPTransport x").nested).isFalse();
        assertThat(one("2026-11-30T10:00:01Z November 29, 2026 x").nested).isTrue();
        assertThat(LogLine.headerSoon("Nov 29, 2026 4")).isTrue();
        assertThat(LogLine.headerSoon("Nov 29, 20")).isFalse();
        assertThat(LogLine.headerSoon("2026-11-30 10:00:0")).isFalse();
        assertThat(LogLine.headerSoon("2026-11-30 10:00:01")).isTrue();
        assertThat(LogLine.headerSoon("Nov 29,x2026 4:10:01 PM")).isFalse();
        assertThat(LogLine.headerSoon("Nov 29, x026 4:10:01 PM")).isFalse();
        assertThat(LogLine.headerSoon("Nov 29, 202x 4:10:01 PM")).isFalse();
        assertThat(LogLine.headerSoon("Nov 2999, 2026 4:10:01 PM")).isFalse();
        assertThat(LogLine.headerSoon("Novembers 29, 2026 4:10:01 PM")).isTrue();
        assertThat(LogLine.headerSoon("Novemberss 29, 2026 4:10:01 PM")).isTrue();
        assertThat(LogLine.headerSoon("Novembersss 29, 2026 4:10:01 PM")).isFalse();
    }

    @Test
    void loggerLinesWithoutASeparator() {
        LogLine empty = one("2026-11-29 04:10:01,123 TRACE [main] com.sun.mail.smtp.protocol -");
        assertThat(empty.kind).isEqualTo(LogLine.Kind.PROTOCOL);
        assertThat(empty.payload).isEmpty();
        LogLine known = one("2026-11-29 04:10:01 DEBUG [main] com.sun.mail.smtp trying to connect");
        assertThat(known.kind).isEqualTo(LogLine.Kind.MAIL_DEBUG);
        assertThat(known.payload).isEqualTo("trying to connect");
        assertThat(known.thread).isEqualTo("main");
        LogLine colon = one("2026-11-29 04:10:01 DEBUG org.eclipse.angus.mail.smtp: useEhlo true");
        assertThat(colon.kind).isEqualTo(LogLine.Kind.MAIL_DEBUG);
        assertThat(colon.payload).isEqualTo("useEhlo true");
        assertThat(one("2026-11-29 04:10:01 hello world").kind).as("JUL's ISO header form").isEqualTo(LogLine.Kind.HEADER);
        LogLine nothing = one("2026-11-29 04:10:01 hello, world");
        assertThat(nothing.payload).isEmpty();
        assertThat(nothing.logger).isEqualTo("world");
        assertThat(nothing.kind).isEqualTo(LogLine.Kind.APP);
        LogLine levelOnly = one("2026-11-29 04:10:01 INFO 4242 --- - 250 OK");
        assertThat(levelOnly.kind).isEqualTo(LogLine.Kind.RAW);
        assertThat(levelOnly.logger).isNull();
        LogLine twoBrackets = one("2026-11-29 04:10:01 [app] [ worker-2 ] DEBUG com.sun.mail.smtp - x");
        assertThat(twoBrackets.thread).isEqualTo("worker-2");
        LogLine unclosed = one("2026-11-29 04:10:01 [app DEBUG com.sun.mail.smtp - x");
        assertThat(unclosed.thread).isEmpty();
        assertThat(unclosed.logger).isEqualTo("com.sun.mail.smtp");
        LogLine longLevelLike = one("2026-11-29 04:10:01 WARNINGS com.sun.mail.smtp - x");
        assertThat(longLevelLike.logger).isEqualTo("com.sun.mail.smtp");
        LogLine colonLogger = one("2026-11-29 04:10:01 DEBUG com.sun.mail.smtp: - x");
        assertThat(colonLogger.logger).isEqualTo("com.sun.mail.smtp");
    }

    @Test
    void stackTracesAfterARecordBelongToItsThread() {
        LogLine.Context ctx = new LogLine.Context();
        LogLine.parse("2026-11-29 04:10:01 [worker-3] ERROR com.acme.Mailer - send failed", ctx);
        for (String cont : new String[] {"\tat com.acme.Mailer.send(Mailer.java:1)", "Caused by: java.io.IOException: x", " more",
                "javax.mail.MessagingException: failed"}) {
            LogLine l = LogLine.parse(cont, ctx);
            assertThat(l.kind).as(cont).isEqualTo(LogLine.Kind.APP);
            assertThat(l.thread).isEqualTo("worker-3");
        }
        assertThat(LogLine.parse("250 OK", ctx).kind).isEqualTo(LogLine.Kind.RAW);
        assertThat(LogLine.parse("an Exception happened", ctx).kind).isEqualTo(LogLine.Kind.RAW);
        assertThat(LogLine.parse("com.acme.FatalError", ctx).kind).isEqualTo(LogLine.Kind.APP);
        assertThat(LogLine.parse("com.acme.Error", ctx).kind).isEqualTo(LogLine.Kind.RAW);
        LogLine.Context noThread = new LogLine.Context();
        LogLine.parse("2026-11-29 04:10:01 ERROR com.acme.Mailer - send failed", noThread);
        assertThat(LogLine.parse("\tat x", noThread).kind).isEqualTo(LogLine.Kind.RAW);
        assertThat(one("DEBUG SMTP:trimmed ").payload).isEqualTo("trimmed");
        assertThat(one("DEBUG SMTP:trimmed ").kind).isEqualTo(LogLine.Kind.MAIL_DEBUG);
    }

    @Test
    void theContextStateAndItsReset() {
        LogLine.Context ctx = new LogLine.Context();
        String fresh = ctx.stateKey();
        LogLine.parse("Nov 29, 2026 4:10:01 PM com.sun.mail.smtp.SMTPTransport x", ctx);
        assertThat(ctx.stateKey()).isNotEqualTo(fresh);
        LogLine.parse("FINE: x", ctx);
        assertThat(ctx.stateKey()).isNotEqualTo(fresh);
        ctx.clear();
        assertThat(ctx.stateKey()).isEqualTo(fresh);
        LogLine.parse("2026-11-29 04:10:01 [t] ERROR com.acme.Mailer - x", ctx);
        assertThat(ctx.stateKey()).isNotEqualTo(fresh);
        ctx.clear();
        assertThat(ctx.stateKey()).isEqualTo(fresh);
        // after a clear, a line is read as in a new context
        assertThat(LogLine.parse("\tat x", ctx).kind).isEqualTo(LogLine.Kind.RAW);
    }

    @Test
    void aJulDateIsACapitalisedWordADayAndAYearWhereverItStarts() {
        // any capitalised month spelling (other locales' too) of the form "Xy.. d, yyyy", at least 12 characters
        for (char c = 'A'; c <= 'Z'; c++) assertThat(LogLine.headerSoon(c + "ug 29, 2026 4:10:01 PM")).as("%c", c).isTrue();
        for (char c = 'a'; c <= 'z'; c++) assertThat(LogLine.headerSoon("J" + c + "n 29, 2026 4:10:01 PM")).as("%c", c).isTrue();
        for (String notAMonth : new String[] {"@ug 29, 2026", "[ug 29, 2026", "J`n 29, 2026", "J{n 29, 2026", "JAN 29, 2026"}) {
            assertThat(LogLine.headerSoon(notAMonth)).as(notAMonth).isFalse();
        }
        assertThat(LogLine.headerSoon("Nov 29, 2026")).as("exactly the date").isTrue();
        assertThat(LogLine.headerSoon("Ab 1, 2345")).as("shorter than any date").isFalse();
        assertThat(LogLine.headerSoon("Novemberss 29, 20")).as("the year cut short").isFalse();
        assertThat(LogLine.headerSoon("Ab12345 29, 202x")).isFalse();
        // in the second or third field (after CRI's "stdout F")
        assertThat(LogLine.headerSoon("stdout F Nov 29, 2026 4:10:01 PM com.sun.mail.smtp.SMTPTransport x")).isTrue();
        assertThat(LogLine.headerSoon("stdout F Novemberss 29, 2026 4:10:01 PM")).isTrue();
        assertThat(LogLine.headerSoon(" 2026-11-30 10:00:01")).as("after a leading blank").isTrue();
        assertThat(one("2026-11-30T10:00:01Z stdout F Nov 29, 2026 4:10:01 PM com.sun.mail.smtp.SMTPTransport x").nested).isTrue();
    }

    @Test
    void loggerLayoutsWithTheThreadOrLevelElsewhere() {
        // "%d %level %logger [%thread] - %msg": the bracket after the logger is the thread, the logger stays the logger
        LogLine after = one("2026-11-29 04:10:01 DEBUG com.sun.mail.smtp [main] - useEhlo true");
        assertThat(after.logger).isEqualTo("com.sun.mail.smtp");
        assertThat(after.thread).isEqualTo("main");
        assertThat(after.kind).isEqualTo(LogLine.Kind.MAIL_DEBUG);
        // "%X{app}[%thread]": two brackets side by side, the thread is the last
        LogLine adjacent = one("2026-11-29 04:10:01 [billing][pool-2-thread-1] TRACE com.sun.mail.smtp.protocol - 250 OK");
        assertThat(adjacent.thread).isEqualTo("pool-2-thread-1");
        assertThat(adjacent.kind).isEqualTo(LogLine.Kind.PROTOCOL);
        assertThat(adjacent.payload).isEqualTo("250 OK");
        // the level after the logger ("%logger %level"), WARNING being the longest level word
        LogLine warning = one("2026-11-29 04:10:01 [main] com.sun.mail.smtp WARNING - could not connect");
        assertThat(warning.logger).isEqualTo("com.sun.mail.smtp");
        assertThat(warning.kind).isEqualTo(LogLine.Kind.MAIL_DEBUG);
        // a level after a process id: TRACE of JavaMail's logger is the protocol trace
        LogLine pid = one("2026-11-29 04:10:01 4242 TRACE org.eclipse.angus.mail.smtp - 250 OK");
        assertThat(pid.kind).isEqualTo(LogLine.Kind.PROTOCOL);
        assertThat(pid.logger).isEqualTo("org.eclipse.angus.mail.smtp");
        LogLine finest = one("2026-11-29 04:10:01 host-1 FINEST org.eclipse.angus.mail.smtp - 250 OK");
        assertThat(finest.kind).isEqualTo(LogLine.Kind.PROTOCOL);
    }
}
