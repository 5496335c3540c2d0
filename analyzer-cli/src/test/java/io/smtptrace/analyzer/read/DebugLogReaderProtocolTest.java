package io.smtptrace.analyzer.read;

import static io.smtptrace.analyzer.read.DebugLogReaderTest.CONNECT;
import static io.smtptrace.analyzer.read.DebugLogReaderTest.lines;
import static io.smtptrace.analyzer.read.DebugLogReaderTest.read;
import static io.smtptrace.analyzer.read.DebugLogReaderTest.shown;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.MessageAttempt;
import io.smtptrace.analyzer.model.Session;

/**
 * The SMTP conversation as the debug-log reader rebuilds it, at the boundaries its decisions turn on: which lines are
 * replies, commands, AUTH answers and body text; where a message's body ends; when a conversation is cut into parts;
 * which exceptions belong to it and what they say about TLS; and when an input counts as holding no conversation.
 */
class DebugLogReaderProtocolTest {
    static final String ENVELOPE = lines("MAIL FROM:<a@example.com>", "250 ok", "RCPT TO:<b@example.com>", "250 ok");

    static String logback(String time, String thread, String logger, String text) {
        return "2026-11-29 04:10:" + time + " [" + thread + "] " + (logger.endsWith("protocol") ? "TRACE " : "DEBUG ") + logger + " - " + text;
    }

    @Test
    void authAnswersAreBase64WithEveryLetterAndDigitAtTheEdgesOfTheirRanges() {
        // A, Z, a, z, 0, 9, '+', '/' and '=': all of base64's alphabet is an answer to 334, never a command or app text
        Session s = read(lines(CONNECT, "220 mx ESMTP", "AUTH LOGIN", "334 VXNlcm5hbWU6", "AZaz09+/", "334 UGFzc3dvcmQ6", "Zz9A0a==",
                "235 2.7.0 ok", "QUIT", "221 bye")).only();
        assertThat(shown(s)).containsExactly(
                "1 greeting null [null] 220 [220 mx ESMTP]",
                "2 command AUTH [AUTH LOGIN] 334 [334 VXNlcm5hbWU6]",
                "3 auth_continuation null [[redacted]] 334 [334 UGFzc3dvcmQ6]",
                "4 auth_continuation null [[redacted]] 235 [235 2.7.0 ok]",
                "5 command QUIT [QUIT] 221 [221 bye]");
        assertThat(s.authOutcome).isEqualTo("success");
        for (String answer : new String[] {"AAAA", "ZZZZ", "aaaa", "zzzz", "0000", "9999"}) {
            Session one = read(lines(CONNECT, "220 mx ESMTP", "AUTH LOGIN", "334 VXNlcm5hbWU6", answer, "535 5.7.8 no")).only();
            assertThat(one.exchanges).as(answer).extracting(e -> e.type + " " + e.line + " " + e.replyCode)
                    .containsExactly("greeting null 220", "command AUTH LOGIN 334", "auth_continuation [redacted] 535");
        }
    }

    @Test
    void aBareAuthCommandIsKeptAsItIs() {
        Session s = read(lines(CONNECT, "220 mx ESMTP", "AUTH", "501 5.5.4 Syntax: AUTH mechanism", "QUIT", "221 bye")).only();
        assertThat(shown(s).get(1)).isEqualTo("2 command AUTH [AUTH] 501 [501 5.5.4 Syntax: AUTH mechanism]");
    }

    @Test
    void aFragmentThatStartsWithACommandNumbersItsExchangesOnFromTwo() {
        Session s = read(ENVELOPE + lines("QUIT", "221 bye")).only();
        assertThat(s.partial).isTrue();
        assertThat(s.exchanges).extracting(e -> e.seq + " " + e.verb).containsExactly("2 MAIL", "3 RCPT", "4 QUIT");
    }

    @Test
    void aCommandAfterAnUnfinishedMultiLineReplyStartsItsOwnReply() {
        // the EHLO reply's last line is missing (cut from the log): its first lines are not the next command's reply
        Session s = read(lines(CONNECT, "220 mx ESMTP", "EHLO app", "250-mx.example.com", "250-SIZE 1000", "MAIL FROM:<a@example.com>",
                "250 2.1.0 Ok", "QUIT", "221 bye")).only();
        assertThat(shown(s)).containsExactly(
                "1 greeting null [null] 220 [220 mx ESMTP]",
                "2 command EHLO [EHLO app] null []",
                "3 command MAIL [MAIL FROM:<***@example.com>] 250 [250 2.1.0 Ok]",
                "4 command QUIT [QUIT] 221 [221 bye]");
    }

    @Test
    void aReplyOfOnlyItsCodeCompletesTheExchange() {
        Session s = read(lines(CONNECT, "220 mx ESMTP", "NOOP", "250", "QUIT", "221")).only();
        assertThat(shown(s)).containsExactly("1 greeting null [null] 220 [220 mx ESMTP]", "2 command NOOP [NOOP] 250 [250]",
                "3 command QUIT [QUIT] 221 [221]");
        assertThat(s.endReason).isEqualTo("quit");
    }

    @Test
    void enhancedStatusCodesThatStartAFragmentUseEveryDigitAndUpToThreeDigitsPerField() {
        assertThat(DebugLogReader.fragmentStart("554 5.7.9 Auth mechanism too weak", false)).isTrue();
        assertThat(DebugLogReader.fragmentStart("550 5.123.4 x", false)).isTrue();
        assertThat(DebugLogReader.fragmentStart("550 5.1.100 x", false)).isTrue();
        assertThat(DebugLogReader.fragmentStart("550 5.1.999", false)).isTrue();
        // the text ends inside the code: no code, and no reading past its end
        assertThat(DebugLogReader.fragmentStart("250 2.123", false)).isFalse();
        assertThat(DebugLogReader.fragmentStart("250 2.1234", false)).isFalse();
        // a log that starts with such a reply is a fragment
        Session s = read(lines("application started", "554 5.7.9 Auth mechanism too weak", "QUIT", "221 bye")).only();
        assertThat(s.partial).isTrue();
        assertThat(s.exchanges.get(0).replyCode).isEqualTo(554);
    }

    @Test
    void aFragmentsServerNameIsADottedHostName() {
        assertThat(read(lines("EHLO app", "250-mx-1.example.com Hello", "250 SIZE 1000")).only().host).isEqualTo("mx-1.example.com");
        assertThat(read(lines("EHLO app", "250-mx_1.example.com Hello", "250 SIZE 1000")).only().host).as("not a host name").isNull();
        assertThat(read(lines("EHLO app", "250-.example.com Hello", "250 SIZE 1000")).only().host).as("starts with a dot").isNull();
        assertThat(read(lines("EHLO app", "250 mx.example.com")).only().host).as("a reply of the name alone").isEqualTo("mx.example.com");
    }

    @Test
    void aLoggerOfNoKnownJavaMailPackageNamesNoLibrary() {
        Session s = read(lines(
                logback("01.000", "main", "javax.mail", "trying to connect to host \"mx\", port 25, isSSL false"),
                logback("01.100", "main", "javax.mail.protocol", "220 mx ESMTP"),
                logback("01.200", "main", "javax.mail.protocol", "QUIT"),
                logback("01.300", "main", "javax.mail.protocol", "221 bye"))).only();
        assertThat(s.clientLibrary).isNull();
        assertThat(s.exchanges).hasSize(2);
        // and a version line after it still names it
        Session v = read(lines(logback("00.900", "main", "javax.mail", "DEBUG: JavaMail version 1.6.2"),
                logback("01.000", "main", "javax.mail", "trying to connect to host \"mx\", port 25, isSSL false"),
                logback("01.100", "main", "javax.mail.protocol", "220 mx ESMTP"))).only();
        assertThat(v.clientLibrary).isEqualTo("com.sun.mail:javax.mail");
    }

    @Test
    void theProviderLineAloneNamesTheLibrary() {
        String conv = lines(CONNECT, "220 mx ESMTP", "QUIT", "221 Bye");
        assertThat(read(lines("DEBUG: getProvider() returning javax.mail.Provider[TRANSPORT,smtp,com.sun.mail.smtp.SMTPTransport,Oracle]")
                + conv).only().clientLibrary).isEqualTo("com.sun.mail:javax.mail");
        // a provider of another vendor says nothing about the library
        assertThat(read(lines("DEBUG: Jakarta Mail version 2.0.1",
                "DEBUG: getProvider() returning com.example.Provider[TRANSPORT,smtp,com.example.SmtpTransport,Example]") + conv)
                .only().clientLibrary).isEqualTo("jakarta.mail");
    }

    @Test
    void everyMessageOfAConnectionHasItsOwnBody() {
        Session s = read(lines(CONNECT, "220 mx ESMTP") + ENVELOPE + lines("DATA", "354 go ahead", "one", ".", "250 queued")
                + ENVELOPE + lines("DATA", "354 go ahead", "second message", "with two lines", ".", "250 queued", "QUIT", "221 bye")).only();
        assertThat(s.messages).hasSize(2);
        assertThat(s.messages.get(0).bytes).isEqualTo(3 + 2);
        assertThat(s.messages.get(0).body).containsEntry("lines", 1L).containsEntry("longest_line", 3L);
        assertThat(s.messages.get(1).bytes).isEqualTo(14 + 2 + 14 + 2);
        assertThat(s.messages.get(1).body).containsEntry("lines", 2L).containsEntry("longest_line", 14L);
    }

    @Test
    void aMessageSentWithBdatHasNoBodyCounts() {
        Session s = read(lines(CONNECT, "220 mx ESMTP") + ENVELOPE + lines("BDAT 5 LAST", "250 2.0.0 queued", "QUIT", "221 bye")).only();
        MessageAttempt m = s.messages.get(0);
        assertThat(m.dataStarted).isTrue();
        assertThat(m.dataCompleted).isTrue();
        assertThat(m.bytes).isNull();
        assertThat(m.body).isEmpty();
    }

    @Test
    void theFailedGreetingOfARefusedConnectionIsTheFirstExchange() {
        Session s = read(lines(CONNECT, "java.net.ConnectException: Connection refused")).only();
        assertThat(shown(s)).containsExactly("1 greeting null [null] null [] !java.net.ConnectException");
        assertThat(s.endReason).isEqualTo("connect_failed");
    }

    @Test
    void anUnsolicitedMultiLineReplyIsTimedFromItsFirstLine() {
        String log = lines(
                logback("01.000", "main", "com.sun.mail.smtp", "trying to connect to host \"mx\", port 25, isSSL false"),
                logback("01.100", "main", "com.sun.mail.smtp.protocol", "220 mx ESMTP"),
                logback("01.200", "main", "com.sun.mail.smtp.protocol", "NOOP"),
                logback("01.250", "main", "com.sun.mail.smtp.protocol", "250 ok"),
                logback("05.000", "main", "com.sun.mail.smtp.protocol", "421-4.4.2 mx.example.com idle too long"),
                logback("05.040", "main", "com.sun.mail.smtp.protocol", "421 4.4.2 closing connection"));
        Exchange e = read(log).only().exchanges.get(2);
        assertThat(e.verb).isNull();
        assertThat(e.replyCode).isEqualTo(421);
        assertThat(e.time).isEqualTo(Instant.parse("2026-11-29T04:10:05Z"));
        assertThat(e.durationMs).isEqualTo(40.0);
        // a fragment's first reply alike
        Exchange f = read(lines(logback("05.000", "main", "com.sun.mail.smtp.protocol", "250-mx.example.com"),
                logback("05.030", "main", "com.sun.mail.smtp.protocol", "250 SIZE 1000"))).only().exchanges.get(0);
        assertThat(f.time).isEqualTo(Instant.parse("2026-11-29T04:10:05Z"));
        assertThat(f.durationMs).isEqualTo(30.0);
    }

    @Test
    void bodyLinesThatLookLikeExceptionsOrStackFramesAreBodyText() {
        Session s = read(lines(CONNECT, "220 mx ESMTP") + ENVELOPE + lines("DATA", "354 go ahead", "Subject: nightly job failed", "",
                "javax.mail.MessagingException: Could not connect to SMTP host", "\tat com.acme.Job.run(Job.java:1)",
                "Caused by: java.net.ConnectException: Connection refused", ".", "250 queued", "QUIT", "221 bye")).only();
        assertThat(s.exceptions).isEmpty();
        assertThat(s.messages.get(0).body).containsEntry("lines", 5L);
        assertThat(s.messages.get(0).dataCompleted).isTrue();
        assertThat(s.endReason).isEqualTo("quit");
    }

    @Test
    void anotherThreadsStackTraceWhileTheBodyIsWrittenIsNotBodyText() {
        Session s = read(lines(CONNECT, "220 mx ESMTP") + ENVELOPE + lines("DATA", "354 go ahead", "Subject: x", "",
                "Exception in thread \"cache\" java.lang.IllegalStateException: refresh failed",
                "\tat com.acme.Cache.refresh(Cache.java:1)",
                "Caused by: java.net.SocketTimeoutException: Read timed out",
                "    at com.acme.Cache.load(Cache.java:2)",
                "Suppressed: java.io.IOException: closed",
                "\t... 3 more",
                "body text", ".", "250 queued", "QUIT", "221 bye")).only();
        assertThat(s.messages.get(0).body).containsEntry("lines", 3L);
        assertThat(s.messages.get(0).bytes).isEqualTo(10 + 2 + 2 + 9 + 2);
        assertThat(s.exceptions).isEmpty();
    }

    @Test
    void everyCharacterFromU0080OnIsNonAscii() {
        Session s = read(lines(CONNECT, "220 mx ESMTP") + ENVELOPE + lines("DATA", "354 go ahead", "\u007f\u0080x\u00ff", ".", "250 queued")).only();
        assertThat(s.messages.get(0).body).containsEntry("non_ascii", 2L).containsEntry("longest_line", 1L + 2 + 1 + 2);
    }

    @Test
    void anExceptionAfterTheServersReplyWasReadIsNotTheBodys() {
        // the body never got its '.': the socket broke, but only after a reply was read, so it broke reading, not writing
        Session s = read(lines(CONNECT, "220 mx ESMTP") + ENVELOPE + lines("DATA", "354 go ahead", "Subject: x",
                "DEBUG SMTP: IOException while sending, closing, THROW: ",
                "DEBUG SMTP: got response code 451, with response: 451 4.3.0 Error: queue file write error",
                "java.net.SocketException: Connection reset")).only();
        MessageAttempt m = s.messages.get(0);
        assertThat(m.dataCompleted).isFalse();
        assertThat(m.bodyErrorType).isNull();
        // without the reply it is the body's
        Session body = read(lines(CONNECT, "220 mx ESMTP") + ENVELOPE + lines("DATA", "354 go ahead", "Subject: x",
                "DEBUG SMTP: IOException while sending, closing, THROW: ", "java.net.SocketException: Connection reset")).only();
        assertThat(body.messages.get(0).bodyErrorType).isEqualTo("java.net.SocketException");
    }

    @Test
    void aQuitOrRsetInsideAnUnendedBodyIsReplayedOnlyWhenFewLinesFollowIt() {
        String head = lines(CONNECT, "220 mx ESMTP") + ENVELOPE + lines("DATA", "354 go ahead", "RSET");
        StringBuilder few = new StringBuilder(head);
        for (int i = 0; i < 63; i++) few.append("250 line ").append(i).append('\n'); // RSET and 63 lines: 64 kept
        Session replayed = read(few.toString()).only();
        // RSET answered by the first line, the other 62 unsolicited replies
        assertThat(replayed.exchanges).hasSize(4 + 1 + 62);
        assertThat(replayed.exchanges.subList(0, 6)).extracting(e -> e.verb + " " + e.replyLines)
                .containsExactly("null [220 mx ESMTP]", "MAIL [250 ok]", "RCPT [250 ok]", "DATA [354 go ahead]", "RSET [250 line 0]", "null [250 line 1]");
        assertThat(replayed.messages.get(0).body).containsEntry("lines", 0L);
        StringBuilder many = new StringBuilder(head);
        for (int i = 0; i < 64; i++) many.append("250 line ").append(i).append('\n');
        Session body = read(many.toString()).only();
        assertThat(body.exchanges).extracting(e -> e.verb).containsExactly(null, "MAIL", "RCPT", "DATA");
        assertThat(body.messages.get(0).body).containsEntry("lines", 65L);
    }

    @Test
    void unprefixedTextBeforeTheGreetingIsNoCommand() {
        Session s = read(lines(CONNECT, "NOOP", "HELP", "220 mx ESMTP", "QUIT", "221 bye")).only();
        assertThat(shown(s)).containsExactly("1 greeting null [null] 220 [220 mx ESMTP]", "2 command QUIT [QUIT] 221 [221 bye]");
    }

    @Test
    void aVeryLongConnectionIsHandedOverInPartsAtAMailCommand() {
        StringBuilder sb = new StringBuilder(lines(CONNECT, "220 mx ESMTP"));
        sb.append(ENVELOPE).append(lines("DATA", "354 go ahead", "first", ".", "250 queued")); // 5 exchanges with the greeting
        for (int i = 5; i < Session.MAX_EXCHANGES_PER_PART; i++) sb.append("NOOP\n250 ok\n");
        sb.append(ENVELOPE).append(lines("DATA", "354 go ahead", "second body", ".", "250 queued", "QUIT", "221 bye"));
        java.util.List<Session> parts = read(sb.toString()).sessions;
        assertThat(parts).hasSize(2);
        Session first = parts.get(0);
        Session second = parts.get(1);
        assertThat(first.exchanges).hasSize(Session.MAX_EXCHANGES_PER_PART);
        assertThat(first.endReason).isEqualTo("continued");
        assertThat(first.messages).hasSize(1);
        assertThat(first.messages.get(0).body).containsEntry("lines", 1L).containsEntry("longest_line", 5L);
        assertThat(second.id).isEqualTo("app.log:1#2");
        assertThat(second.part).isEqualTo(2);
        assertThat(second.host).isEqualTo("mx.example.com");
        assertThat(second.exchanges).extracting(e -> e.verb).containsExactly("MAIL", "RCPT", "DATA", ".", "QUIT");
        assertThat(second.messages).hasSize(1);
        assertThat(second.messages.get(0).body).containsEntry("lines", 1L).containsEntry("longest_line", 11L);
        assertThat(second.endReason).isEqualTo("quit");
        // one exchange fewer: no part yet
        StringBuilder shorter = new StringBuilder(lines(CONNECT, "220 mx ESMTP"));
        for (int i = 1; i < Session.MAX_EXCHANGES_PER_PART - 1; i++) shorter.append("NOOP\n250 ok\n");
        shorter.append(ENVELOPE);
        assertThat(read(shorter.toString()).only().exchanges).hasSize(Session.MAX_EXCHANGES_PER_PART + 1);
    }

    @Test
    void linesThatHoldNoConversationLeaveTheInputWithout() {
        // JavaMail's session and debug lines, a protocol logger's text that starts nothing, an application's lines
        DebugLogReaderTest.Read r = read(lines("DEBUG: JavaMail version 1.6.2",
                "DEBUG: getProvider() returning javax.mail.Provider[TRANSPORT,smtp,com.sun.mail.smtp.SMTPTransport,Oracle]",
                "DEBUG SMTP: useEhlo true, useAuth true",
                "DEBUG SMTP: EOF",
                "DEBUG SMTP: Using mechanism LOGIN",
                logback("01.000", "main", "com.sun.mail.smtp.protocol", "Hello there"),
                logback("01.100", "main", "com.acme.App", "started"),
                "\tat com.acme.App.main(App.java:1)",
                "QUIT", "250 done"));
        assertThat(r.sessions).isEmpty();
        assertThat(r.err.toString()).contains("app.log: no JavaMail SMTP conversation found (is mail.debug");
    }

    @Test
    void aLogOfOnlyAFragmentHoldsAConversation() {
        DebugLogReaderTest.Read raw = read(lines("RCPT TO:<b@example.com>", "250 2.1.5 Ok"));
        assertThat(raw.only().partial).isTrue();
        assertThat(raw.err.toString()).isEmpty();
        DebugLogReaderTest.Read logger = read(lines(logback("01.000", "main", "com.sun.mail.smtp.protocol", "250 Ok")));
        assertThat(logger.only().partial).isTrue();
        assertThat(logger.err.toString()).isEmpty();
    }

    @Test
    void theMechanismJavaMailChoseIsKnownEvenWhenAuthNeverEnds() {
        Session s = read(lines(CONNECT, "220 mx ESMTP", "DEBUG SMTP: Using mechanism xoauth2", "DEBUG SMTP: EOF")).only();
        assertThat(s.authMechanism).isEqualTo("XOAUTH2");
        assertThat(s.authOutcome).isNull();
    }

    @Test
    void aReplyAfterASuppressedAuthThatSucceededIsAnExchangeOfItsOwn() {
        Session s = read(lines(CONNECT, "220 mx ESMTP", "DEBUG SMTP: AUTH LOGIN command trace suppressed", "DEBUG SMTP: AUTH LOGIN succeeded",
                "421 4.4.2 mx closing connection")).only();
        assertThat(s.exchanges).extracting(e -> e.line + " " + e.replyCode).containsExactly("null 220", "AUTH LOGIN 235", "null 421");
        assertThat(s.authOutcome).isEqualTo("success");
    }

    static final String STARTTLS = lines(CONNECT, "220 mx ESMTP", "EHLO app", "250 STARTTLS", "STARTTLS", "220 2.0.0 Ready to start TLS",
            "javax.mail.MessagingException: Could not convert socket to TLS;", "  nested exception is:");

    @Test
    void certificateProblemsAfterStarttlsAreTheTlsFailure() {
        for (String cause : new String[] {"sun.security.validator.ValidatorException: PKIX path validation failed",
                "java.security.cert.CertPathValidatorException: validity check failed",
                "java.security.cert.CertificateExpiredException: NotAfter: Sat Nov 28 10:00:00 UTC 2026"}) {
            Session s = read(STARTTLS + lines("\t" + cause)).only();
            assertThat(s.tlsErrorType).as(cause).isEqualTo(cause.substring(0, cause.indexOf(':')));
            assertThat(s.tlsErrorMessage).as(cause).isEqualTo(cause.substring(cause.indexOf(':') + 2));
            assertThat(s.tlsEstablished).as(cause).isFalse();
            assertThat(s.tlsMode).as(cause).isEqualTo("starttls");
        }
        // the handshake's exception names the failure even after a certificate problem was seen; another one does not
        Session both = read(STARTTLS + lines("\tjava.security.cert.CertificateExpiredException: NotAfter",
                "Caused by: javax.net.ssl.SSLHandshakeException: PKIX path validation failed")).only();
        assertThat(both.tlsErrorType).isEqualTo("javax.net.ssl.SSLHandshakeException");
        Session other = read(STARTTLS + lines("\tjava.security.cert.CertificateExpiredException: NotAfter",
                "Caused by: javax.net.ssl.SSLException: closing inbound before receiving peer's close_notify")).only();
        assertThat(other.tlsErrorType).isEqualTo("java.security.cert.CertificateExpiredException");
    }

    @Test
    void theTlsModeOfAFailureIsHowTlsWasAskedFor() {
        // a fragment whose STARTTLS was accepted: no greeting in the log, still STARTTLS
        Session fragment = read(lines("EHLO app", "250 STARTTLS", "STARTTLS", "220 2.0.0 Ready to start TLS",
                "javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake")).only();
        assertThat(fragment.partial).isTrue();
        assertThat(fragment.tlsErrorType).isEqualTo("javax.net.ssl.SSLHandshakeException");
        assertThat(fragment.tlsMode).isEqualTo("starttls");
        // implicit TLS that got its greeting and broke later: still implicit
        Session smtps = read(lines("DEBUG SMTP: trying to connect to host \"mx\", port 465, isSSL true", "220 mx ESMTP", "EHLO app",
                "javax.net.ssl.SSLException: Tag mismatch")).only();
        assertThat(smtps.tlsErrorType).isEqualTo("javax.net.ssl.SSLException");
        assertThat(smtps.tlsMode).isEqualTo("implicit");
    }

    @Test
    void unprefixedLinesBetweenALoggersRecordsAreTheApplicationsWhenTheConversationCameFromTheLogger() {
        // logback without a thread: the conversation's lines are the logger's, a bare "QUIT" on stdout is not
        Session s = read(lines(
                "2026-11-29 04:10:01.000 DEBUG com.sun.mail.smtp - trying to connect to host \"mx\", port 25, isSSL false",
                "2026-11-29 04:10:01.100 TRACE com.sun.mail.smtp.protocol - 220 mx ESMTP",
                "QUIT",
                "2026-11-29 04:10:01.200 TRACE com.sun.mail.smtp.protocol - EHLO app",
                "2026-11-29 04:10:01.300 TRACE com.sun.mail.smtp.protocol - 250 ok")).only();
        assertThat(s.exchanges).extracting(e -> e.line + " " + e.replyCode).containsExactly("null 220", "EHLO app 250");
        // mail.debug routed through an application's logger without a thread: its lines are the conversation's
        Session routed = read(lines(
                "2026-11-29 04:10:01.000 INFO mail - DEBUG SMTP: trying to connect to host \"mx\", port 25, isSSL false",
                "2026-11-29 04:10:01.100 INFO mail - 220 mx ESMTP",
                "2026-11-29 04:10:01.200 INFO mail - QUIT",
                "2026-11-29 04:10:01.300 INFO mail - 221 bye")).only();
        assertThat(routed.exchanges).extracting(e -> e.line + " " + e.replyCode).containsExactly("null 220", "QUIT 221");
    }

    @Test
    void anotherThreadsUncaughtExceptionAfterALoggersRecordIsNotItsThreads() {
        Session s = read(lines(
                logback("01.000", "main", "com.sun.mail.smtp", "trying to connect to host \"mx\", port 25, isSSL false"),
                logback("01.100", "main", "com.sun.mail.smtp.protocol", "220 mx ESMTP"),
                logback("01.200", "main", "com.sun.mail.smtp.protocol", "EHLO app"),
                "Exception in thread \"cache\" java.io.UncheckedIOException: refresh failed",
                "\tat com.acme.Cache.refresh(Cache.java:1)",
                "Caused by: java.net.SocketTimeoutException: Read timed out",
                logback("01.300", "main", "com.sun.mail.smtp.protocol", "250 ok"))).only();
        assertThat(s.exceptions).isEmpty();
        assertThat(shown(s).get(1)).isEqualTo("2 command EHLO [EHLO app] 250 [250 ok]");
    }

    @Test
    void aLineThatStartsWithAReplacementCharacterIsReportedAsNotUtf8() {
        DebugLogReaderTest.Read r = read(lines(CONNECT, "\uFFFD220 mx ESMTP", "220 mx ESMTP", "QUIT", "221 bye"));
        assertThat(r.err.toString()).isEqualTo("smtp-trace: logs/app.log:2: text is not valid UTF-8; undecodable bytes were replaced"
                + System.lineSeparator());
    }
}
