package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.MessageAttempt;
import io.smtptrace.analyzer.model.Session;

/** What the debug-log reader makes of JavaMail output: the conversations, their exchanges, redaction, and bad lines. */
class DebugLogReaderTest {
    static final class Read {
        final List<Session> sessions = new ArrayList<>();
        final StringWriter err = new StringWriter();

        Session only() {
            assertThat(sessions).hasSize(1);
            return sessions.get(0);
        }
    }

    static Read read(String log) {
        return read(log, "logs/app.log", null);
    }

    static Read read(String log, String file, Pattern prefix) {
        Read r = new Read();
        try {
            new DebugLogReader(prefix).read(new CharSource(new StringReader(log)), file, r.sessions::add, new Diagnostics(new PrintWriter(r.err, true)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return r;
    }

    static String lines(String... l) {
        return String.join("\n", l) + "\n";
    }

    static List<String> shown(Session s) {
        List<String> out = new ArrayList<>();
        for (Exchange e : s.exchanges) {
            out.add(e.seq + " " + e.type + " " + e.verb + " [" + e.line + "] " + e.replyCode + " " + e.replyLines
                    + (e.replyError == null ? "" : " !" + e.replyError));
        }
        return out;
    }

    static final String CONNECT = "DEBUG SMTP: trying to connect to host \"mx.example.com\", port 587, isSSL false";

    @Test
    void aRawMailDebugConversationWithAuthAndABody() {
        Read r = read(lines(
                "DEBUG: setDebug: JavaMail version 1.6.2",
                "DEBUG: getProvider() returning javax.mail.Provider[TRANSPORT,smtp,com.sun.mail.smtp.SMTPTransport,Oracle]",
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
                "550 5.1.1 <alice@example.org>: Recipient address rejected",
                "RCPT TO:<bob@example.org>",
                "250 2.1.5 Ok",
                "DATA",
                "354 End data with <CR><LF>.<CR><LF>",
                "Subject: hi",
                "",
                "..dot",
                "héllo wörld",
                ".",
                "250 2.0.0 Ok: queued",
                "QUIT",
                "221 2.0.0 Bye"));
        Session s = r.only();
        assertThat(s.id).isEqualTo("app.log:4");
        assertThat(s.source).isEqualTo("logs/app.log");
        assertThat(s.host).isEqualTo("mx.example.com");
        assertThat(s.port).isEqualTo(587);
        assertThat(s.sslRequested).isFalse();
        assertThat(s.authConfigured).isTrue();
        assertThat(s.clientLibrary).isEqualTo("com.sun.mail:javax.mail");
        assertThat(s.clientLibraryVersion).isEqualTo("1.6.2");
        assertThat(s.partial).isFalse();
        assertThat(shown(s)).containsExactly(
                "1 greeting null [null] 220 [220 mx.example.com ESMTP Postfix]",
                "2 command EHLO [EHLO app] 250 [250-mx.example.com, 250-AUTH PLAIN LOGIN, 250 8BITMIME]",
                "3 command AUTH [AUTH LOGIN] 334 [334 VXNlcm5hbWU6]",
                "4 auth_continuation null [[redacted]] 334 [334 UGFzc3dvcmQ6]",
                "5 auth_continuation null [[redacted]] 235 [235 2.7.0 Authentication successful]",
                "6 command MAIL [MAIL FROM:<***@example.com>] 250 [250 2.1.0 Ok]",
                "7 command RCPT [RCPT TO:<***@example.org>] 550 [550 5.1.1 <***@example.org>: Recipient address rejected]",
                "8 command RCPT [RCPT TO:<***@example.org>] 250 [250 2.1.5 Ok]",
                "9 command DATA [DATA] 354 [354 End data with <CR><LF>.<CR><LF>]",
                "10 command . [.] 250 [250 2.0.0 Ok: queued]",
                "11 command QUIT [QUIT] 221 [221 2.0.0 Bye]");
        assertThat(s.messages).hasSize(1);
        MessageAttempt m = s.messages.get(0);
        assertThat(m.bytes).isEqualTo((11 + 2) + (0 + 2) + (5 + 2) + (13 + 2));
        assertThat(m.body).containsEntry("lines", 4L).containsEntry("longest_line", 13L).containsEntry("dot_lines", 1L)
                .containsEntry("non_ascii", 2L);
        assertThat(r.err.toString()).isEmpty();
    }

    @Test
    void theSessionIdNamesTheFileWithoutItsDirectoriesOnEveryPlatform() {
        String log = lines(CONNECT, "220 mx ESMTP", "QUIT", "221 Bye");
        assertThat(read(log, "C:\\logs\\mail.log", null).only().id).isEqualTo("mail.log:1");
        assertThat(read(log, "mail.log", null).only().id).isEqualTo("mail.log:1");
    }

    @Test
    void librariesFromTheVersionLineAndTheProvider() {
        String conv = lines(CONNECT, "220 mx ESMTP", "QUIT", "221 Bye");
        assertThat(read(lines("DEBUG: Jakarta Mail version 2.0.1") + conv).only())
                .extracting(s -> s.clientLibrary + " " + s.clientLibraryVersion).isEqualTo("jakarta.mail 2.0.1");
        assertThat(read(lines("DEBUG: Jakarta Mail version 2.1.3",
                "DEBUG: getProvider() returning jakarta.mail.Provider[TRANSPORT,smtp,org.eclipse.angus.mail.smtp.SMTPTransport,Oracle]") + conv)
                .only().clientLibrary).isEqualTo("org.eclipse.angus:angus-mail");
        assertThat(read(lines("DEBUG: getProvider() returning jakarta.mail.Provider[TRANSPORT,smtp,com.sun.mail.smtp.SMTPTransport,Oracle]") + conv)
                .only().clientLibrary).isEqualTo("com.sun.mail:jakarta.mail");
        assertThat(read(lines("DEBUG: JavaMail version 1.4.7") + conv).only().clientLibrary).isEqualTo("com.sun.mail:javax.mail");
        // the version line does not override what the provider line already said
        assertThat(read(lines("DEBUG: getProvider() returning jakarta.mail.Provider[TRANSPORT,smtp,org.eclipse.angus.mail.smtp.SMTPTransport,Oracle]",
                "DEBUG: Jakarta Mail version 2.1.3") + conv).only().clientLibrary).isEqualTo("org.eclipse.angus:angus-mail");
        assertThat(read(conv).only().clientLibrary).isNull();
        // useAuth belongs to the next connection only
        Read two = read(lines("DEBUG SMTP: useEhlo true, useAuth false") + conv + conv);
        assertThat(two.sessions).extracting(s -> s.authConfigured).containsExactly(false, null);
    }

    @Test
    void loggerNamesTellTheLibraryOfJulAndLogbackRecords() {
        String angus = lines(
                "2026-11-29 04:10:01.000 [main] DEBUG org.eclipse.angus.mail.smtp - trying to connect to host \"mx\", port 25, isSSL false",
                "2026-11-29 04:10:01.100 [main] TRACE org.eclipse.angus.mail.smtp.protocol - 220 mx ESMTP",
                "2026-11-29 04:10:01.200 [main] TRACE org.eclipse.angus.mail.smtp.protocol - QUIT",
                "2026-11-29 04:10:01.250 [main] TRACE org.eclipse.angus.mail.smtp.protocol - 221 Bye");
        Session s = read(angus).only();
        assertThat(s.clientLibrary).isEqualTo("org.eclipse.angus:angus-mail");
        assertThat(s.start).isEqualTo(Instant.parse("2026-11-29T04:10:01Z"));
        assertThat(s.exchanges.get(0).time).isEqualTo(Instant.parse("2026-11-29T04:10:01Z"));
        assertThat(s.exchanges.get(0).durationMs).isEqualTo(100.0);
        assertThat(s.exchanges.get(1).durationMs).isEqualTo(50.0);
        assertThat(read(angus.replace("org.eclipse.angus.mail", "com.sun.mail")).only().clientLibrary).isEqualTo("com.sun.mail");
        assertThat(read(angus.replace("org.eclipse.angus.mail", "c.s.m")).only().clientLibrary).isEqualTo("com.sun.mail");
        assertThat(read(angus.replace("org.eclipse.angus.mail", "o.e.a.m")).only().clientLibrary).isEqualTo("org.eclipse.angus:angus-mail");
    }

    @Test
    void aReplyBeforeItsCommandsTimeIsNeverANegativeDuration() {
        Session s = read(lines(
                "2026-11-29 04:10:02.000 [main] DEBUG com.sun.mail.smtp - trying to connect to host \"mx\", port 25, isSSL false",
                "2026-11-29 04:10:01.000 [main] TRACE com.sun.mail.smtp.protocol - 220 mx ESMTP")).only();
        assertThat(s.exchanges.get(0).durationMs).isEqualTo(0.0);
    }

    @Test
    void authPayloadsAreNeverKeptWhateverTheMechanism() {
        Session s = read(lines(CONNECT, "220 mx ESMTP", "EHLO app", "250 AUTH PLAIN",
                "AUTH plain dXNlcgB1c2VyAHMzY3JldA==", "235 2.7.0 ok", "QUIT", "221 bye")).only();
        assertThat(s.exchanges.get(2).line).isEqualTo("AUTH PLAIN");
        assertThat(shown(s).toString()).doesNotContain("dXNlcgB1c2VyAHMzY3JldA==");
        Session bare = read(lines(CONNECT, "220 mx ESMTP", "AUTH XOAUTH2", "334 ", "", "535 5.7.8 no", "QUIT", "221 bye")).only();
        assertThat(shown(bare)).containsExactly(
                "1 greeting null [null] 220 [220 mx ESMTP]",
                "2 command AUTH [AUTH XOAUTH2] 334 [334 ]",
                "3 auth_continuation null [[redacted]] 535 [535 5.7.8 no]",
                "4 command QUIT [QUIT] 221 [221 bye]");
        // an answer to 334 that is no base64 is the client's next command (raw output cannot tell otherwise)
        Session cmd = read(lines(CONNECT, "220 mx ESMTP", "AUTH LOGIN", "334 VXNlcm5hbWU6", "MAIL FROM:<a@example.com>", "250 ok")).only();
        assertThat(cmd.exchanges.get(2).verb).isEqualTo("MAIL");
        assertThat(cmd.exchanges.get(2).line).isEqualTo("MAIL FROM:<***@example.com>");
    }

    @Test
    void suppressedAuthTraceTakesItsOutcomeFromTheDebugLines() {
        Session ok = read(lines(
                "2026-11-29 04:10:01.000 [main] DEBUG com.sun.mail.smtp - trying to connect to host \"mx\", port 25, isSSL false",
                "2026-11-29 04:10:01.100 [main] TRACE com.sun.mail.smtp.protocol - 220 mx ESMTP",
                "2026-11-29 04:10:01.200 [main] DEBUG com.sun.mail.smtp - AUTH login command trace suppressed",
                "2026-11-29 04:10:01.450 [main] DEBUG com.sun.mail.smtp - AUTH LOGIN succeeded",
                "2026-11-29 04:10:01.500 [main] TRACE com.sun.mail.smtp.protocol - QUIT",
                "2026-11-29 04:10:01.550 [main] TRACE com.sun.mail.smtp.protocol - 221 Bye")).only();
        Exchange auth = ok.exchanges.get(1);
        assertThat(auth.line).isEqualTo("AUTH LOGIN");
        assertThat(auth.replyCode).isEqualTo(235);
        assertThat(auth.replyLines).containsExactly("235 (authentication succeeded; reply not printed because mail.debug.auth=false)");
        assertThat(auth.durationMs).isEqualTo(250.0);
        assertThat(ok.authMechanism).isEqualTo("LOGIN");
        assertThat(ok.authOutcome).isEqualTo("success");
        assertThat(ok.exchanges.get(2).is("QUIT")).isTrue();
        assertThat(ok.exchanges.get(2).replyCode).isEqualTo(221);

        Session failed = read(lines(CONNECT, "220 mx ESMTP",
                "DEBUG SMTP: Using mechanism plain",
                "DEBUG SMTP: AUTH PLAIN command trace suppressed",
                "DEBUG SMTP: AUTH PLAIN failed",
                "javax.mail.AuthenticationFailedException: 535 5.7.8 Error: authentication failed: <u@example.com>",
                "\tat com.sun.mail.smtp.SMTPTransport$Authenticator.authenticate(SMTPTransport.java:947)")).only();
        Exchange fa = failed.exchanges.get(1);
        assertThat(fa.replyCode).isEqualTo(535);
        assertThat(fa.replyLines).containsExactly("535 5.7.8 Error: authentication failed: <***@example.com>");
        assertThat(failed.authReplyCode).isEqualTo(535);
        assertThat(failed.authOutcome).isEqualTo("failure");
        assertThat(failed.authMechanism).isEqualTo("PLAIN");
        assertThat(failed.exceptions).containsExactly("javax.mail.AuthenticationFailedException: 535 5.7.8 Error: authentication failed: <***@example.com>");
    }

    @Test
    void aRefusedConnectionIsAFailedGreeting() {
        Session s = read(lines(CONNECT,
                "javax.mail.MessagingException: Could not connect to SMTP host: mx.example.com, port: 587;",
                "  nested exception is:",
                "\tjava.net.ConnectException: Connection refused (Connection refused)",
                "\tat com.sun.mail.smtp.SMTPTransport.openServer(SMTPTransport.java:2209)",
                "\tat java.base/java.net.PlainSocketImpl.socketConnect(Native Method)")).only();
        assertThat(s.exchanges).hasSize(1);
        Exchange g = s.exchanges.get(0);
        assertThat(g.isGreeting()).isTrue();
        assertThat(g.replyError).isEqualTo("java.net.ConnectException");
        assertThat(g.replyErrorMessage).isEqualTo("Connection refused (Connection refused)");
        assertThat(s.endReason).isEqualTo("connect_failed");
        assertThat(s.exceptions).containsExactly("javax.mail.MessagingException: Could not connect to SMTP host: mx.example.com, port: 587;",
                "java.net.ConnectException: Connection refused (Connection refused)");
    }

    @Test
    void aTimeoutAfterACommandIsItsReplyError() {
        Session s = read(lines(CONNECT, "220 mx ESMTP", "EHLO app",
                "DEBUG SMTP: exception reading response, THROW: ",
                "java.net.SocketTimeoutException: Read timed out",
                "\tat java.base/java.net.SocketInputStream.socketRead0(Native Method)")).only();
        Exchange ehlo = s.exchanges.get(1);
        assertThat(ehlo.replyError).isEqualTo("java.net.SocketTimeoutException");
        assertThat(ehlo.replyErrorMessage).isEqualTo("Read timed out");
        assertThat(s.endReason).isNotEqualTo("connect_failed");

        Session eof = read(lines(CONNECT, "220 mx ESMTP", "EHLO app", "DEBUG SMTP: EOF on socket")).only();
        assertThat(eof.exchanges.get(1).replyError).isEqualTo("eof");
        Session eofEx = read(lines(CONNECT, "220 mx ESMTP", "MAIL FROM:<a@b.example>", "java.io.EOFException: [EOF]")).only();
        assertThat(eofEx.exchanges.get(1).replyError).isEqualTo("eof");
    }

    @Test
    void tlsFailuresNameTheirMode() {
        Session implicit = read(lines("DEBUG SMTP: trying to connect to host \"mx\", port 465, isSSL true",
                "javax.mail.MessagingException: Could not connect to SMTP host: mx, port: 465;",
                "  nested exception is:",
                "\tjavax.net.ssl.SSLHandshakeException: PKIX path building failed",
                "Caused by: sun.security.validator.ValidatorException: PKIX path building failed")).only();
        assertThat(implicit.sslRequested).isTrue();
        assertThat(implicit.port).isEqualTo(465);
        assertThat(implicit.tlsErrorType).isEqualTo("javax.net.ssl.SSLHandshakeException");
        assertThat(implicit.tlsErrorMessage).isEqualTo("PKIX path building failed");
        assertThat(implicit.tlsEstablished).isFalse();
        assertThat(implicit.tlsMode).isEqualTo("implicit");

        Session starttls = read(lines(CONNECT, "220 mx ESMTP", "EHLO app", "250 STARTTLS", "STARTTLS", "220 2.0.0 Ready to start TLS",
                "javax.mail.MessagingException: Could not convert socket to TLS;",
                "  nested exception is:",
                "\tsun.security.validator.ValidatorException: PKIX path validation failed",
                "Caused by: javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching mx found.")).only();
        assertThat(starttls.tlsMode).isEqualTo("starttls");
        assertThat(starttls.tlsErrorType).isEqualTo("javax.net.ssl.SSLHandshakeException");
        assertThat(starttls.tlsErrorMessage).isEqualTo("No subject alternative DNS name matching mx found.");

        // a TLS exception type on a plain connection that never asked for TLS is no TLS failure
        Session plain = read(lines(CONNECT, "220 mx ESMTP", "javax.net.ssl.SSLException: Unrecognized SSL message")).only();
        assertThat(plain.tlsErrorType).isNull();
    }

    @Test
    void anExceptionWhileSendingTheBodyIsTheMessagesBodyError() {
        Session s = read(lines(CONNECT, "220 mx ESMTP", "MAIL FROM:<a@example.com>", "250 ok", "RCPT TO:<b@example.com>", "250 ok",
                "DATA", "354 go ahead", "Subject: x", "",
                "DEBUG SMTP: IOException while sending, closing, THROW: ",
                "java.net.SocketException: Broken pipe (Write failed)")).only();
        MessageAttempt m = s.messages.get(0);
        assertThat(m.dataStarted).isTrue();
        assertThat(m.dataCompleted).isFalse();
        assertThat(m.bodyErrorType).isEqualTo("java.net.SocketException");
        assertThat(m.bodyErrorMessage).isEqualTo("Broken pipe (Write failed)");
        assertThat(s.endReason).isEqualTo("client_exception");
    }

    @Test
    void exceptionsOfOtherLibrariesAndRepeatsAreNotTheConversations() {
        Session s = read(lines(CONNECT, "220 mx ESMTP",
                "com.acme.BillingException: invoice 42 failed",
                "javax.mail.SendFailedException: Invalid Addresses",
                "javax.mail.SendFailedException: Invalid Addresses",
                "Caused by: com.sun.mail.smtp.SMTPAddressFailedException: 550 5.1.1 <x@example.net>: unknown",
                "\tat com.sun.mail.smtp.SMTPTransport.rcptTo(SMTPTransport.java:1)",
                "QUIT", "221 bye")).only();
        assertThat(s.exceptions).containsExactly("javax.mail.SendFailedException: Invalid Addresses",
                "com.sun.mail.smtp.SMTPAddressFailedException: 550 5.1.1 <***@example.net>: unknown");
    }

    @Test
    void atMostTwentyExceptionsAreKept() {
        StringBuilder sb = new StringBuilder(lines(CONNECT, "220 mx ESMTP"));
        for (int i = 0; i < 30; i++) sb.append("javax.mail.MessagingException: failure ").append(i).append('\n');
        assertThat(read(sb.toString()).only().exceptions).hasSize(20).endsWith("javax.mail.MessagingException: failure 19");
    }

    @Test
    void anotherThreadsUncaughtExceptionIsNotTheConversations() {
        Session s = read(lines(CONNECT, "220 mx ESMTP", "EHLO app", "250 ok",
                "Exception in thread \"cache\" java.io.UncheckedIOException: java.net.SocketTimeoutException: Read timed out",
                "\tat com.acme.Cache.refresh(Cache.java:1)",
                "Caused by: java.net.SocketTimeoutException: Read timed out",
                "    at com.acme.Cache.load(Cache.java:2)",
                "Suppressed: java.io.IOException: closed",
                "MAIL FROM:<a@example.com>", "250 ok", "QUIT", "221 bye")).only();
        assertThat(s.exceptions).isEmpty();
        assertThat(s.exchanges).extracting(e -> e.verb).containsExactly(null, "EHLO", "MAIL", "QUIT");
        assertThat(s.exchanges.get(1).replyError).isNull();
    }

    @Test
    void aLogThatStartsInTheMiddleOfAConversationIsAFragment() {
        Read r = read(lines("some application line",
                "250 2.1.5 Ok",
                "DATA",
                "354 End data",
                "Hello",
                ".",
                "250 2.0.0 queued",
                "QUIT",
                "221 Bye"));
        Session s = r.only();
        assertThat(s.partial).isTrue();
        assertThat(s.id).isEqualTo("app.log:2");
        assertThat(s.host).isNull();
        assertThat(shown(s)).containsExactly(
                "2 command null [?] 250 [250 2.1.5 Ok]",
                "3 command DATA [DATA] 354 [354 End data]",
                "4 command . [.] 250 [250 2.0.0 queued]",
                "5 command QUIT [QUIT] 221 [221 Bye]");
        // a reply that names its command
        assertThat(shown(read(lines("354 End data with <CR><LF>.<CR><LF>", "x", ".", "250 ok")).only()).get(0))
                .isEqualTo("2 command DATA [DATA] 354 [354 End data with <CR><LF>.<CR><LF>]");
        assertThat(read(lines("MAIL FROM:<a@example.com>", "250 ok")).only().exchanges.get(0).seq).isEqualTo(2);
    }

    @Test
    void aFragmentsServerNameComesFromItsGreetingOrEhloReply() {
        Session s = read(lines("EHLO app", "250-mx1.example.com Hello", "250 SIZE 1000", "QUIT", "221 bye")).only();
        assertThat(s.partial).isTrue();
        assertThat(s.host).isEqualTo("mx1.example.com");
        assertThat(read(lines("220 mx2.example.com ESMTP ready", "EHLO app", "250 ok")).only().host).isEqualTo("mx2.example.com");
        assertThat(read(lines("EHLO app", "250 localhost", "QUIT", "221 bye")).only().host).as("no dotted name").isNull();
    }

    @Test
    void whatStartsAFragmentInUnprefixedText() {
        assertThat(DebugLogReader.fragmentStart("250 2.1.0 Ok", false)).isTrue();
        assertThat(DebugLogReader.fragmentStart("250-4.7.1 Ok", false)).isTrue();
        assertThat(DebugLogReader.fragmentStart("550 5.1.10 Ok", false)).isTrue();
        assertThat(DebugLogReader.fragmentStart("250 2.1.5", false)).isTrue();
        assertThat(DebugLogReader.fragmentStart("250 2.1.5x", false)).isFalse();
        assertThat(DebugLogReader.fragmentStart("250 2.1000.5 Ok", false)).isFalse();
        assertThat(DebugLogReader.fragmentStart("250 2.1.5000 Ok", false)).isFalse();
        assertThat(DebugLogReader.fragmentStart("250 2..5 Ok", false)).isFalse();
        assertThat(DebugLogReader.fragmentStart("250 2.1. Ok", false)).isFalse();
        assertThat(DebugLogReader.fragmentStart("250 3.1.5 Ok", false)).isFalse();
        assertThat(DebugLogReader.fragmentStart("250 2-1.5 Ok", false)).isFalse();
        assertThat(DebugLogReader.fragmentStart("250 2.1", false)).isFalse();
        assertThat(DebugLogReader.fragmentStart("250 2.15", false)).isFalse();
        assertThat(DebugLogReader.fragmentStart("250 Ok", false)).isFalse();
        assertThat(DebugLogReader.fragmentStart("250 Ok", true)).isTrue();
        assertThat(DebugLogReader.fragmentStart("354 go on", false)).isTrue();
        assertThat(DebugLogReader.fragmentStart("220 mx ESMTP", false)).isTrue();
        assertThat(DebugLogReader.fragmentStart("220 mx ready", false)).isFalse();
        assertThat(DebugLogReader.fragmentStart("221 mx SMTP", false)).isFalse();
        assertThat(DebugLogReader.fragmentStart("MAIL FROM:<a@b>", false)).isTrue();
        assertThat(DebugLogReader.fragmentStart("RCPT TO:<a@b>", false)).isTrue();
        assertThat(DebugLogReader.fragmentStart("AUTH ", false)).isFalse();
        assertThat(DebugLogReader.fragmentStart("AUTH L", false)).isTrue();
        assertThat(DebugLogReader.fragmentStart("EHLO app", false)).isTrue();
        assertThat(DebugLogReader.fragmentStart("HELO app", false)).isTrue();
        assertThat(DebugLogReader.fragmentStart("EHLO ", false)).isFalse();
        assertThat(DebugLogReader.fragmentStart("EHLO my app", false)).isFalse();
        assertThat(DebugLogReader.fragmentStart("STARTTLS", false)).isTrue();
        assertThat(DebugLogReader.fragmentStart("QUIT", false)).isFalse();
        assertThat(DebugLogReader.fragmentStart("QUIT", true)).isTrue();
        assertThat(DebugLogReader.fragmentStart("quit", true)).isTrue();
        assertThat(DebugLogReader.fragmentStart("Hello", true)).isFalse();
        assertThat(DebugLogReader.fragmentStart("QUIT now please", true)).isTrue();
    }

    @Test
    void repliesAreThreeDigitsAloneOrWithASpaceOrDash() {
        assertThat(DebugLogReader.isReply("250")).isTrue();
        assertThat(DebugLogReader.isReply("250 ")).isTrue();
        assertThat(DebugLogReader.isReply("250-x")).isTrue();
        assertThat(DebugLogReader.isReply("25")).isFalse();
        assertThat(DebugLogReader.isReply("2500")).isFalse();
        assertThat(DebugLogReader.isReply("a50 ok")).isFalse();
        assertThat(DebugLogReader.isReply("2a0 ok")).isFalse();
        assertThat(DebugLogReader.isReply("25a ok")).isFalse();
        assertThat(DebugLogReader.isReply("250_ok")).isFalse();
        for (String sep : new String[] {"\r", "\n", "\u0085", "\u2028", "\u2029"}) {
            assertThat(DebugLogReader.isReply("250 a" + sep + "b")).as("%x", (int) sep.charAt(0)).isFalse();
            assertThat(DebugLogReader.REPLY.matcher("250 a" + sep + "b").matches()).isFalse();
        }
        assertThat(DebugLogReader.isReply("250 a\u00e9\tb")).isTrue();
    }

    @Test
    void utf8LengthsAsTheBytesOnTheWire() {
        for (String s : new String[] {"", "abc", "\u007f", "\u0080", "\u07ff", "\u0800", "héllo", "€", "\uffff", "😀", "a😀b"}) {
            assertThat(DebugLogReader.utf8Length(s)).as(s).isEqualTo(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
        assertThat(DebugLogReader.utf8Length("\ud83d")).as("unpaired high surrogate").isEqualTo(1);
        assertThat(DebugLogReader.utf8Length("\ude00x")).as("unpaired low surrogate").isEqualTo(2);
        assertThat(DebugLogReader.utf8Length("\ud83dx")).isEqualTo(2);
    }

    @Test
    void aQuitInsideABodyThatNeverEndsWasTheClientsCommand() {
        Session s = read(lines(CONNECT, "220 mx ESMTP", "MAIL FROM:<a@example.com>", "250 ok", "RCPT TO:<b@example.com>", "250 ok",
                "DATA", "354 go ahead", "Subject: x", "", "QUIT", "221 2.0.0 Bye")).only();
        assertThat(s.exchanges).extracting(e -> e.verb).containsExactly(null, "MAIL", "RCPT", "DATA", "QUIT");
        assertThat(s.exchanges.get(4).replyCode).isEqualTo(221);
        MessageAttempt m = s.messages.get(0);
        assertThat(m.dataCompleted).isFalse();
        assertThat(m.body).containsEntry("lines", 2L);
        assertThat(m.bytes).isEqualTo(10 + 2 + 2);

        // the same words inside a body that does end are body text
        Session body = read(lines(CONNECT, "220 mx ESMTP", "MAIL FROM:<a@example.com>", "250 ok", "RCPT TO:<b@example.com>", "250 ok",
                "DATA", "354 go ahead", "QUIT", "221 2.0.0 Bye", ".", "250 queued", "QUIT", "221 bye")).only();
        assertThat(body.exchanges).extracting(e -> e.verb).containsExactly(null, "MAIL", "RCPT", "DATA", ".", "QUIT");
        assertThat(body.messages.get(0).body).containsEntry("lines", 2L);
        assertThat(body.messages.get(0).dataCompleted).isTrue();
    }

    @Test
    void aLongBodyAfterRsetIsBodyText() {
        StringBuilder sb = new StringBuilder(lines(CONNECT, "220 mx ESMTP", "MAIL FROM:<a@example.com>", "250 ok", "RCPT TO:<b@example.com>",
                "250 ok", "DATA", "354 go ahead", "RSET"));
        for (int i = 0; i < 70; i++) sb.append("250 line ").append(i).append('\n');
        Session s = read(sb.toString()).only();
        assertThat(s.exchanges).extracting(e -> e.verb).containsExactly(null, "MAIL", "RCPT", "DATA");
        assertThat(s.messages.get(0).body).containsEntry("lines", 71L);
    }

    @Test
    void aNewConnectionLineEndsTheOpenConversation() {
        Read r = read(lines(CONNECT, "220 mx ESMTP", "EHLO app", "250 ok",
                "DEBUG SMTP: trying to connect to host \"mx2\", port 25, isSSL false", "220 mx2 ESMTP", "QUIT", "221 bye"));
        assertThat(r.sessions).extracting(s -> s.host + " " + s.exchanges.size()).containsExactly("mx.example.com 2", "mx2 2");
    }

    @Test
    void aQuitWithoutReplyWasNotAwaited() {
        Session s = read(lines(CONNECT, "220 mx ESMTP", "QUIT")).only();
        assertThat(s.exchanges.get(1).replyError).isEqualTo("not_awaited");
    }

    @Test
    void anUnsolicitedReplyWhileIdleIsAnExchangeOfItsOwn() {
        Session s = read(lines(CONNECT, "220 mx ESMTP", "EHLO app", "250 ok", "421 4.4.2 timeout")).only();
        assertThat(shown(s).get(2)).isEqualTo("3 command null [null] 421 [421 4.4.2 timeout]");
    }

    @Test
    void conversationsOfSeveralThreadsAreKeptApart() {
        Read r = read(lines(
                "2026-11-29 04:10:01.000 [t1] DEBUG com.sun.mail.smtp - trying to connect to host \"a.example\", port 25, isSSL false",
                "2026-11-29 04:10:01.001 [t2] DEBUG com.sun.mail.smtp - trying to connect to host \"b.example\", port 25, isSSL false",
                "2026-11-29 04:10:01.002 [t1] TRACE com.sun.mail.smtp.protocol - 220 a ESMTP",
                "2026-11-29 04:10:01.003 [t2] TRACE com.sun.mail.smtp.protocol - 220 b ESMTP",
                "2026-11-29 04:10:01.004 [t2] TRACE com.sun.mail.smtp.protocol - EHLO two",
                "2026-11-29 04:10:01.005 [t1] TRACE com.sun.mail.smtp.protocol - EHLO one",
                "2026-11-29 04:10:01.006 [t1] TRACE com.sun.mail.smtp.protocol - 250 one",
                "2026-11-29 04:10:01.007 [t2] TRACE com.sun.mail.smtp.protocol - 250 two",
                "2026-11-29 04:10:01.008 [t2] TRACE com.sun.mail.smtp.protocol - QUIT",
                "2026-11-29 04:10:01.009 [t2] TRACE com.sun.mail.smtp.protocol - 221 bye"));
        assertThat(r.sessions).hasSize(2);
        Session b = r.sessions.get(0);
        assertThat(b.host).isEqualTo("b.example");
        assertThat(b.exchanges).extracting(e -> e.line + " " + e.replyLines).containsExactly("null [220 b ESMTP]", "EHLO two [250 two]",
                "QUIT [221 bye]");
        Session a = r.sessions.get(1);
        assertThat(a.host).isEqualTo("a.example");
        assertThat(a.exchanges).extracting(e -> e.line + " " + e.replyLines).containsExactly("null [220 a ESMTP]", "EHLO one [250 one]");
        assertThat(a.id).isEqualTo("app.log:1");
        assertThat(b.id).isEqualTo("app.log:2");
    }

    @Test
    void aGivenPrefixIsCutAndNamesTheStream() {
        Pattern prefix = Pattern.compile("(?<time>\\S+) (?<stream>[a-z]+) \\| ");
        Read r = read(lines(
                "2026-11-29T04:10:01.000Z web | " + CONNECT,
                "2026-11-29T04:10:01.100Z api | " + CONNECT.replace("mx.example.com", "other.example"),
                "2026-11-29T04:10:01.200Z web | 220 mx ESMTP",
                "2026-11-29T04:10:01.300Z api | 220 other ESMTP",
                "2026-11-29T04:10:01.400Z web | QUIT",
                "2026-11-29T04:10:01.500Z web | 221 bye"), "app.log", prefix);
        assertThat(r.sessions).extracting(s -> s.host).containsExactly("mx.example.com", "other.example");
        Session web = r.sessions.get(0);
        assertThat(web.start).isEqualTo(Instant.parse("2026-11-29T04:10:01Z"));
        assertThat(web.exchanges).hasSize(2);
        assertThat(web.exchanges.get(0).durationMs).isEqualTo(200.0);
    }

    @Test
    void aLineTooLongIsReportedWithFileAndLineAndCountsInAnUnprefixedBody() {
        String huge = "x".repeat(CharSource.DEFAULT_MAX_LINE + 1);
        Read r = read(lines(CONNECT, "220 mx ESMTP", "MAIL FROM:<a@example.com>", "250 ok", "RCPT TO:<b@example.com>", "250 ok",
                "DATA", "354 go ahead", huge, ".", "250 ok", "QUIT", "221 bye"));
        assertThat(r.err.toString()).isEqualTo("smtp-trace: logs/app.log:9: line is 262145 characters long (limit 262144); skipped"
                + System.lineSeparator());
        assertThat(r.only().messages.get(0).bytes).isEqualTo(262145 + 2);
        assertThat(r.only().messages.get(0).dataCompleted).isTrue();
        // outside a body it only costs the line
        Read idle = read(lines(CONNECT, "220 mx ESMTP", huge, "QUIT", "221 bye"));
        assertThat(idle.only().exchanges).hasSize(2);
        assertThat(idle.err.toString()).contains("app.log:3: line is 262145");
        Read exact = read(lines(CONNECT, "220 mx ESMTP", "x".repeat(CharSource.DEFAULT_MAX_LINE), "QUIT", "221 bye"));
        assertThat(exact.err.toString()).isEmpty();
    }

    @Test
    void binaryLinesAreReportedOnceAndSkipped() {
        Read r = read(lines(CONNECT, "220 mx ESMTP", "\u0000 ESMTP", "EHLO app", "\u0001\u0002\u0003\u0004 binary", "250 ok", "QUIT", "221 bye"));
        assertThat(r.err.toString()).isEqualTo("smtp-trace: logs/app.log:3: binary data (not a text log), skipped; further binary lines are "
                + "skipped silently" + System.lineSeparator());
        assertThat(r.only().exchanges).extracting(e -> e.verb).containsExactly(null, "EHLO", "QUIT");
        // one control character in ten is still text (an ESC colour code, a form feed, a tab, a CR do not count)
        Read controls = read(lines(CONNECT, "220 mx ESMTP", "EHLO app", "250 \u001b[0mok\f\t", "x\u0001abcdefgh", "\r\r\r\r", "QUIT", "221 bye"));
        assertThat(controls.err.toString()).isEmpty();
        assertThat(controls.only().exchanges.get(1).replyLines).containsExactly("250 \u001b[0mok\f\t");
        Read many = read(lines(CONNECT, "220 mx ESMTP", "x\u0001abcdefg"));
        assertThat(many.err.toString()).contains("app.log:3: binary data");
        // only the first 512 characters decide
        Read late = read(lines(CONNECT, "220 mx ESMTP", "EHLO app", "250 " + "a".repeat(600) + "\u0000", "QUIT", "221 bye"));
        assertThat(late.err.toString()).isEmpty();
    }

    @Test
    void textThatIsNotUtf8IsReportedOnce() {
        Read r = read(lines(CONNECT, "220 mx \uFFFD ESMTP", "EHLO \uFFFD", "250 ok", "QUIT", "221 bye"));
        assertThat(r.err.toString()).isEqualTo("smtp-trace: logs/app.log:2: text is not valid UTF-8; undecodable bytes were replaced"
                + System.lineSeparator());
        assertThat(r.only().exchanges).hasSize(3);
    }

    @Test
    void anInputWithoutAConversationSaysWhy() {
        assertThat(read(lines("hello", "world")).err.toString()).isEqualTo("smtp-trace: logs/app.log: no JavaMail SMTP conversation found "
                + "(is mail.debug enabled, or the com.sun.mail.smtp / org.eclipse.angus.mail.smtp logger at FINEST?)" + System.lineSeparator());
        assertThat(read(lines("\u0000\u0000")).err.toString()).endsWith("smtp-trace: logs/app.log: no JavaMail SMTP conversation found"
                + System.lineSeparator());
        assertThat(read("").err.toString()).contains("no JavaMail SMTP conversation found (is mail.debug");
    }

    @Test
    void applicationStackFramesWhileIdleChangeNothing() {
        Read r = read(lines("\tat com.acme.Job.run(Job.java:1)", CONNECT, "\tat com.acme.Job.run(Job.java:1)", "220 mx ESMTP", "QUIT", "221 bye",
                "\tat com.acme.Job.run(Job.java:1)"));
        assertThat(r.only().exchanges).hasSize(2);
    }

    @Test
    void julTwoLineRecordsAndATracePrintedByTheApplicationOnAnotherThread() {
        Read r = read(lines(
                "Nov 29, 2026 4:10:01 AM com.sun.mail.smtp.SMTPTransport openServer",
                "FINE: trying to connect to host \"mx\", port 25, isSSL false",
                "Nov 29, 2026 4:10:01 AM com.sun.mail.util.LogOutputStream log",
                "FINEST: 220 mx ESMTP",
                "Nov 29, 2026 4:10:02 AM com.sun.mail.util.LogOutputStream log",
                "FINEST: QUIT",
                "Nov 29, 2026 4:10:03 AM com.sun.mail.util.LogOutputStream log",
                "FINEST: 221 bye"));
        Session s = r.only();
        assertThat(s.exchanges).hasSize(2);
        assertThat(s.exchanges.get(1).durationMs).isEqualTo(1000.0);
        assertThat(s.clientLibrary).isEqualTo("com.sun.mail");
    }

    @Test
    void aGivenPrefixWhoseTimeKeepsItsBracketsStillTimesTheConversation() {
        Session s = read(lines("[2026-11-29 04:10:01,000] " + CONNECT, "[2026-11-29 04:10:01,250] 220 mx ESMTP"), "app.log",
                Pattern.compile("(?<time>\\[[^]]+\\]) ")).only();
        assertThat(s.start).isEqualTo(Instant.parse("2026-11-29T04:10:01Z"));
        assertThat(s.exchanges.get(0).durationMs).isEqualTo(250.0);
    }

    @Test
    void anApplicationsStackTraceBetweenRawLinesIsTheRawConversations() {
        Session s = read(lines(CONNECT, "220 mx ESMTP", "MAIL FROM:<a@example.com>",
                "2026-11-29 04:10:01,000 [main] ERROR com.acme.Mailer - sending failed",
                "javax.mail.MessagingException: Exception reading response",
                "\tat com.sun.mail.smtp.SMTPTransport.readServerResponse(SMTPTransport.java:2445)")).only();
        assertThat(s.exceptions).containsExactly("javax.mail.MessagingException: Exception reading response");
    }

    @Test
    void mailDebugOutputRoutedThroughAnApplicationsLogger() {
        String p = "2026-11-29 04:10:01,%03d INFO  [main] mail - ";
        List<String> l = List.of("DEBUG SMTP: trying to connect to host \"mx\", port 25, isSSL false", "220 mx ESMTP", "EHLO app",
                "250 OK", "QUIT", "221 bye");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < l.size(); i++) sb.append(String.format(p, i * 10)).append(l.get(i)).append('\n');
        // one conversation: its lines after the first are no wrapper's prefix to learn (which would give them another stream)
        Session s = read(sb.toString()).only();
        assertThat(s.id).isEqualTo("app.log:1");
        assertThat(s.host).isEqualTo("mx");
        assertThat(s.exchanges).extracting(e -> e.line + " " + e.replyCode).containsExactly("null 220", "EHLO app 250", "QUIT 221");
        assertThat(s.exchanges.get(1).durationMs).isEqualTo(10.0);
        assertThat(s.endReason).isEqualTo("quit");
    }

    @Test
    void debugLinesWithoutAConnectionChangeNothing() {
        Read r = read(lines("DEBUG SMTP: AUTH LOGIN succeeded", "DEBUG SMTP: EOF", "DEBUG SMTP: Using mechanism LOGIN", CONNECT, "220 mx ESMTP",
                "QUIT", "221 bye"));
        Session s = r.only();
        assertThat(s.authMechanism).isNull();
        assertThat(s.authOutcome).isNull();
    }

    @Test
    void aBodyErrorIsOnlyAnErrorWhileTheBodyIsSent() {
        // "got response code" after the IOException: the exception that follows is the reply's, not the body's
        Session s = read(lines(CONNECT, "220 mx ESMTP", "MAIL FROM:<a@example.com>", "250 ok", "RCPT TO:<b@example.com>", "250 ok",
                "DATA", "354 go ahead", "Subject: x", ".", "250 queued",
                "DEBUG SMTP: IOException while sending, closing, THROW: ",
                "DEBUG SMTP: got response code 250, with response: 250 queued",
                "java.net.SocketException: Connection reset")).only();
        assertThat(s.messages.get(0).bodyErrorType).isNull();
        assertThat(s.messages.get(0).dataCompleted).isTrue();
    }

    static DebugLogReader fresh() {
        DebugLogReader r = new DebugLogReader();
        r.begin("app.log", x -> {});
        return r;
    }

    static void feed(DebugLogReader r, String text) {
        try {
            r.readLines(new CharSource(new StringReader(text)), (line, key, args) -> {}, new DebugLogReader.LineChecks(), null);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theStateKeyHoldsWhatDecidesHowLaterLinesRead() {
        DebugLogReader a = fresh();
        DebugLogReader b = fresh();
        assertThat(a.stateKey()).isEqualTo(b.stateKey());
        assertThat(a.quiescent()).isTrue();
        for (String step : new String[] {lines("DEBUG: JavaMail version 1.6.2"), lines("DEBUG SMTP: useEhlo true, useAuth false"),
                lines("web-1  | DEBUG: getProvider() returning javax.mail.Provider[TRANSPORT,smtp,x]"),
                lines("Exception in thread \"x\" java.lang.IllegalStateException: y"),
                lines("Nov 29, 2026 4:10:01 PM com.sun.mail.smtp.SMTPTransport openServer")}) {
            String before = a.stateKey();
            feed(a, step);
            assertThat(a.stateKey()).as(step).isNotEqualTo(before);
            feed(b, step);
            assertThat(a.stateKey()).as(step).isEqualTo(b.stateKey());
        }
        feed(a, lines(CONNECT));
        assertThat(a.quiescent()).isFalse();
        feed(a, lines("220 mx ESMTP", "QUIT", "221 bye"));
        assertThat(a.quiescent()).isTrue();
    }

    @Test
    void afterLineIsAskedAfterEveryLineAndCanStopTheReading() throws IOException {
        DebugLogReader r = fresh();
        List<Long> seen = new ArrayList<>();
        CharSource src = new CharSource(new StringReader(lines(CONNECT, "220 mx ESMTP", "QUIT", "221 bye")), 10);
        r.readLines(src, (line, key, args) -> {}, new DebugLogReader.LineChecks(), line -> {
            seen.add(line);
            return line == 12;
        });
        assertThat(seen).containsExactly(11L, 12L);
        assertThat(src.lineNumber()).isEqualTo(13);
    }
}
