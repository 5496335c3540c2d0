package io.smtptrace.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationTest {

    private final List<Operation> ops = new ArrayList<>();
    private long now = 1_000_000_000L;
    private final Clock clock = () -> now += 1_000_000;
    private final Conversation c = new Conversation(new ConnectionInfo("id1", "lib", "1.0"), ops::add, clock,
            EnvelopePrivacy.DOMAIN);

    private void cmd(String line, int code, String reply) {
        c.command(line.getBytes(StandardCharsets.US_ASCII));
        c.reply(code, reply, null);
    }

    private void connect() {
        c.operationEnter(OperationKind.CONNECT);
        c.connectStart("mx.example", 25, false);
        c.reply(220, "220 mx.example ESMTP\n", null);
        c.connectEnd("192.0.2.1", 25, null, null);
        cmd("EHLO me", 250, "250-mx.example\n250-SIZE 100\n250-STARTTLS\n250 AUTH PLAIN LOGIN\n");
    }

    @Test
    void aConnectionBecomesOneSpanPerOperationInOrder() {
        connect();
        cmd("AUTH LOGIN", 334, "334 VXNlcm5hbWU6\n");
        cmd("dXNlcg==", 334, "334 UGFzc3dvcmQ6\n");
        cmd("c2VjcmV0", 235, "235 2.7.0 Authentication successful\n");
        c.operationExit(null);
        c.operationEnter(OperationKind.SEND);
        cmd("MAIL FROM:<a@example.com>", 250, "250 OK\n");
        cmd("RCPT TO:<b@example.org>", 250, "250 OK\n");
        cmd("RCPT TO:<nobody@example.org>", 550, "550 5.1.1 User unknown\n");
        cmd("DATA", 354, "354 go ahead\n");
        c.bodyStream("stream", false);
        c.currentBody().write("hello\r\n".getBytes(StandardCharsets.US_ASCII), 0, 7);
        cmd(".", 250, "250 queued\n");
        c.operationExit(null);
        c.operationEnter(OperationKind.CLOSE);
        cmd("QUIT", 221, "221 bye\n");
        c.connectionClosed();
        c.operationExit(null);

        assertThat(ops).extracting(o -> o.kind)
                .containsExactly(OperationKind.CONNECT, OperationKind.SEND, OperationKind.CLOSE);
        Operation connect = ops.get(0);
        assertThat(connect.exchanges()).extracting(e -> e.seq).containsExactly(1, 2, 3, 4, 5);
        assertThat(connect.exchanges()).extracting(e -> e.line)
                .containsExactly(null, "EHLO me", "AUTH LOGIN", "[redacted]", "[redacted]");
        assertThat(connect.authMechanism()).isEqualTo("LOGIN");
        assertThat(connect.authOutcome()).isEqualTo("success");
        assertThat(connect.ehlo().sizeLimit).isEqualTo(100);
        assertThat(connect.startTlsOffered()).isTrue();
        assertThat(connect.end()).isNull();

        Operation send = ops.get(1);
        assertThat(send.messageIndex()).isEqualTo(1);
        assertThat(send.recipients()).containsExactly("***@example.org", "***@example.org");
        assertThat(send.refused()).hasSize(1);
        assertThat(send.messageOutcome()).isEqualTo("accepted");
        assertThat(send.body().wireBytes).isEqualTo(7);
        assertThat(send.exchanges().get(0).seq).isEqualTo(6);

        Operation close = ops.get(2);
        assertThat(close.end()).isEqualTo(ConnectionEnd.QUIT);
        assertThat(close.connectionMessages()).isEqualTo(1);
        assertThat(c.isFinished()).isTrue();
    }

    @Test
    void aRefusedConnectionIsAConnectFailureWithoutReplies() {
        c.operationEnter(OperationKind.CONNECT);
        c.connectStart("mx.example", 587, true);
        c.connectEnd(null, -1, null, new IOException("Could not connect", new ConnectException("Connection refused")));
        c.operationExit(new IOException("wrapped", new ConnectException("Connection refused")));
        assertThat(ops).hasSize(1);
        Operation op = ops.get(0);
        assertThat(op.end()).isEqualTo(ConnectionEnd.CONNECT_FAILED);
        assertThat(op.errorType()).isEqualTo("java.net.ConnectException");
        assertThat(op.exchanges()).isEmpty();
        assertThat(op.connection.sslRequested()).isTrue();
    }

    @Test
    void aBodyThatBreaksAfter354IsAborted() {
        connect();
        c.operationExit(null);
        c.operationEnter(OperationKind.SEND);
        cmd("MAIL FROM:<a@example.com>", 250, "250 OK\n");
        cmd("RCPT TO:<b@example.org>", 250, "250 OK\n");
        cmd("DATA", 354, "354 go ahead\n");
        c.bodyStream("s", false);
        c.currentBody().write('x');
        c.connectionClosed();
        c.operationExit(new IOException("IOException while sending message",
                new IOException("attachment source failed")));
        Operation send = ops.get(1);
        assertThat(send.messageOutcome()).isEqualTo("aborted");
        assertThat(send.bodyError().rootMessage).isEqualTo("attachment source failed");
        assertThat(send.end()).isEqualTo(ConnectionEnd.CLIENT_EXCEPTION);
        assertThat(send.errorType()).isEqualTo("java.io.IOException");
    }

    @Test
    void eofAndTimeoutsNameHowTheConnectionEnded() {
        connect();
        c.operationExit(null);
        c.operationEnter(OperationKind.SEND);
        c.command("MAIL FROM:<a@example.com>".getBytes(StandardCharsets.US_ASCII));
        c.reply(-1, "[EOF]", null);
        c.connectionClosed();
        c.operationExit(new IOException("x"));
        assertThat(ops.get(1).end()).isEqualTo(ConnectionEnd.SERVER_CLOSED);
        assertThat(ops.get(1).exchanges().get(0).replyError()).isEqualTo("eof");

        Conversation t = new Conversation(new ConnectionInfo("id2", "lib", "1"), ops::add, clock,
                EnvelopePrivacy.DOMAIN);
        t.operationEnter(OperationKind.CONNECT);
        t.connectStart("h", 465, false);
        t.reply(0, "", new IOException("Exception reading response", new SocketTimeoutException("Read timed out")));
        t.connectEnd(null, -1, null, new IOException("no greeting"));
        t.operationExit(new IOException("no greeting"));
        Operation last = ops.get(ops.size() - 1);
        assertThat(last.end()).isEqualTo(ConnectionEnd.TIMEOUT);
        assertThat(last.exchanges().get(0).replyError()).isEqualTo("java.net.SocketTimeoutException");
    }

    @Test
    void quitWithoutWaitingIsStillAQuit() {
        connect();
        c.operationExit(null);
        c.operationEnter(OperationKind.CLOSE);
        c.command("QUIT".getBytes(StandardCharsets.US_ASCII));
        c.connectionClosed();
        c.operationExit(null);
        Operation close = ops.get(1);
        assertThat(close.end()).isEqualTo(ConnectionEnd.QUIT);
        assertThat(close.exchanges().get(0).replyError()).isEqualTo("not_awaited");
    }

    @Test
    void strayCommandsOutsideAnyCallGetTheirOwnSpan() {
        connect();
        c.operationExit(null);
        cmd("NOOP", 250, "250 OK\n");
        assertThat(ops).extracting(o -> o.kind).containsExactly(OperationKind.CONNECT, OperationKind.COMMAND);
    }

    @Test
    void aRecipientThatTimesOutIsAbortedNotRejected() {
        connect();
        c.operationExit(null);
        c.operationEnter(OperationKind.SEND);
        cmd("MAIL FROM:<a@example.com>", 250, "250 OK\n");
        c.command("RCPT TO:<b@example.org>".getBytes(StandardCharsets.US_ASCII));
        c.reply(0, "", new IOException("Exception reading response", new SocketTimeoutException("Read timed out")));
        c.operationExit(new IOException("x", new SocketTimeoutException("Read timed out")));
        Operation send = ops.get(1);
        assertThat(send.messageOutcome()).isEqualTo("aborted");
        assertThat(send.refused()).isEmpty();
    }

    @Test
    void repeatedEnvelopeLinesAreReusedButNeverConfused() {
        connect();
        c.operationExit(null);
        String[][] messages = {{"a@one.example", "x@r.example"}, {"a@one.example", "x@r.example"},
            {"b@two.example", "x@r.example"}, {"a@one.example", "y@s.example"}};
        for (String[] m : messages) {
            c.operationEnter(OperationKind.SEND);
            cmd("MAIL FROM:<" + m[0] + ">", 250, "250 OK\n");
            cmd("RCPT TO:<" + m[1] + ">", 250, "250 OK\n");
            cmd("DATA", 354, "354 go\n");
            cmd(".", 250, "250 OK\n");
            c.operationExit(null);
        }
        assertThat(ops.subList(1, ops.size())).extracting(Operation::sender)
                .containsExactly("***@one.example", "***@one.example", "***@two.example", "***@one.example");
        assertThat(ops.subList(1, ops.size())).extracting(o -> o.recipients().get(0))
                .containsExactly("***@r.example", "***@r.example", "***@r.example", "***@s.example");
        assertThat(ops.get(3).exchanges()).extracting(e -> e.line)
                .containsExactly("MAIL FROM:<***@two.example>", "RCPT TO:<***@r.example>", "DATA", ".");
        // a repeated line is not parsed (redacted) again: the same strings, not new ones for every message
        assertThat(ops.get(2).sender()).isSameAs(ops.get(1).sender());
        assertThat(ops.get(2).recipients().get(0)).isSameAs(ops.get(1).recipients().get(0));
        assertThat(ops.get(2).exchange(1).line).isSameAs(ops.get(1).exchange(1).line);
    }

    private void sendUpToDot() {
        c.operationEnter(OperationKind.SEND);
        cmd("MAIL FROM:<a@example.com>", 250, "250 OK\n");
        cmd("RCPT TO:<b@example.org>", 250, "250 OK\n");
        cmd("DATA", 354, "354 go ahead\n");
        c.bodyStream("stream", false);
        c.currentBody().write("hello\r\n".getBytes(StandardCharsets.US_ASCII), 0, 7);
        c.command(".".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aServerThatClosesAfterTheFinalDotEndsTheConnectionEvenWithoutClose() {
        connect();
        c.operationExit(null);
        sendUpToDot();
        c.reply(-1, "[EOF]", null);
        c.operationExit(new IOException("[EOF]"));

        Operation send = ops.get(1);
        assertThat(send.end()).isEqualTo(ConnectionEnd.SERVER_CLOSED);
        assertThat(send.dataStarted()).isTrue();
        assertThat(send.dataEndSent()).as("'.' was written").isTrue();
        assertThat(send.dataCompleted()).isFalse();
        assertThat(send.messageOutcome()).isEqualTo("aborted");
        assertThat(send.connectionMessages()).isEqualTo(1);

        // the application closes later: the QUIT into the void is not a new, attached-midway connection
        c.operationEnter(OperationKind.CLOSE);
        c.command("QUIT".getBytes(StandardCharsets.US_ASCII));
        c.reply(-1, "[EOF]", null);
        c.connectionClosed();
        c.operationExit(null);
        assertThat(ops).hasSize(2);
        assertThat(c.isFinished()).isTrue();
    }

    @Test
    void aResetWhileWaitingForTheReplyIsAServerClose() {
        connect();
        c.operationExit(null);
        sendUpToDot();
        java.net.SocketException reset = new java.net.SocketException("Connection reset");
        c.reply(0, "", new IOException("Exception reading response", reset));
        c.operationExit(new IOException("Exception reading response", reset));
        assertThat(ops.get(1).end()).isEqualTo(ConnectionEnd.SERVER_CLOSED);
        assertThat(c.isLingering()).isTrue();
        assertThat(c.isFinished()).isFalse();
    }

    @Test
    void aServerThatClosesAfter354EndsTheConnectionBeforeTheDot() {
        connect();
        c.operationExit(null);
        c.operationEnter(OperationKind.SEND);
        cmd("MAIL FROM:<a@example.com>", 250, "250 OK\n");
        cmd("RCPT TO:<b@example.org>", 250, "250 OK\n");
        cmd("DATA", 354, "354 go ahead\n");
        c.bodyStream("stream", false);
        c.operationExit(new IOException("x", new java.net.SocketException("Broken pipe")));
        Operation send = ops.get(1);
        assertThat(send.end()).isEqualTo(ConnectionEnd.SERVER_CLOSED);
        assertThat(send.dataEndSent()).isFalse();
        assertThat(send.bodyError().rootType).isEqualTo("java.net.SocketException");
    }

    @Test
    void aFailedSaslLoginIsAnErrorLikeAnyFailedLogin() {
        Conversation sasl = new Conversation(new ConnectionInfo("id2", "lib", "1.0", "jakarta.mail"), ops::add, clock,
                EnvelopePrivacy.DOMAIN);
        sasl.operationEnter(OperationKind.CONNECT);
        sasl.connectStart("mx.example", 25, false);
        sasl.reply(220, "220 mx.example ESMTP\n", null);
        sasl.connectEnd("192.0.2.1", 25, null, null);
        sasl.command("EHLO me".getBytes(StandardCharsets.US_ASCII));
        sasl.reply(250, "250 AUTH PLAIN\n", null);
        sasl.command("AUTH PLAIN AHVzZXIAcGFzcw==".getBytes(StandardCharsets.US_ASCII));
        sasl.reply(535, "535 5.7.8 Authentication credentials invalid\n", null);
        // protocolConnect returns false; Service.connect throws outside the woven method
        sasl.operationExit(null);
        Operation connect = ops.get(0);
        assertThat(connect.authOutcome()).isEqualTo("failure");
        assertThat(connect.errorType()).isEqualTo("535");
        assertThat(connect.thrown().type).isEqualTo("jakarta.mail.AuthenticationFailedException");
        assertThat(connect.thrown().message).isEqualTo("failed to connect");
    }

    @Test
    void theFirstReplyAfterAMidwayAttachIsNotAGreeting() {
        c.markAttachedMidway();
        c.reply(250, "250 2.1.5 Ok\n", null);
        cmd("DATA", 354, "354 go ahead\n");
        assertThat(ops).hasSize(2);
        assertThat(ops.get(0).exchanges().get(0).type).isEqualTo(ExchangeType.IN_FLIGHT_REPLY);
        assertThat(ops.get(1).exchanges().get(0).type).isEqualTo(ExchangeType.COMMAND);
    }

    // ---- TLS ------------------------------------------------------------------------------------------------------

    @Test
    void implicitTlsIsRecordedWithItsHandshake() {
        c.operationEnter(OperationKind.CONNECT);
        c.connectStart("mx.example", 465, true);
        c.reply(220, "220 mx.example ESMTP\n", null);
        c.connectEnd("192.0.2.1", 465, new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256"), null);
        c.operationExit(null);
        Operation op = ops.get(0);
        assertThat(op.tlsMode()).isEqualTo("implicit");
        assertThat(op.tls().protocol).isEqualTo("TLSv1.3");
        assertThat(op.tlsError()).isNull();
        assertThat(op.connection.peerAddress()).isEqualTo("192.0.2.1");
        assertThat(op.connection.port()).isEqualTo(465);
        assertThat(op.errorType()).isNull();
    }

    @Test
    void aPlainConnectionHasNoTlsModeAndKeepsItsPortWhenNoneIsReported() {
        connect();
        c.operationExit(null);
        Conversation p = new Conversation(new ConnectionInfo("id2", "lib", "1"), ops::add, clock, EnvelopePrivacy.DOMAIN);
        p.operationEnter(OperationKind.CONNECT);
        p.connectStart("mx.example", 2525, false);
        p.reply(220, "220 mx\n", null);
        p.connectEnd(null, 0, null, null);
        p.operationExit(null);
        assertThat(ops.get(0).tlsMode()).isNull();
        assertThat(ops.get(1).tlsMode()).isNull();
        assertThat(ops.get(1).connection.port()).isEqualTo(2525);
        assertThat(ops.get(1).connection.peerAddress()).isNull();
        assertThat(ops.get(1).connection.sslRequested()).isFalse();
    }

    @Test
    void aFailedImplicitTlsHandshakeIsATlsErrorButARefusedTcpConnectIsNot() {
        c.operationEnter(OperationKind.CONNECT);
        c.connectStart("mx.example", 465, true);
        javax.net.ssl.SSLHandshakeException handshake = new javax.net.ssl.SSLHandshakeException("PKIX path building failed");
        c.connectEnd("192.0.2.1", 465, null, handshake);
        c.operationExit(handshake);
        Operation op = ops.get(0);
        assertThat(op.tlsMode()).isEqualTo("implicit");
        assertThat(op.tlsError()).isNotNull();
        assertThat(op.tlsError().rootType).isEqualTo("javax.net.ssl.SSLHandshakeException");
        assertThat(op.end()).isEqualTo(ConnectionEnd.CONNECT_FAILED);

        // the library's own check after the handshake (not a TLS exception, not a connect error) is TLS setup too
        Conversation id = new Conversation(new ConnectionInfo("id3", "lib", "1"), ops::add, clock, EnvelopePrivacy.DOMAIN);
        id.operationEnter(OperationKind.CONNECT);
        id.connectStart("mx.example", 465, true);
        IOException identity = new IOException("Server is not trusted: mx.example");
        id.connectEnd("192.0.2.1", 465, null, identity);
        id.operationExit(identity);
        assertThat(ops.get(1).tlsError()).isNotNull();

        Conversation refused = new Conversation(new ConnectionInfo("id4", "lib", "1"), ops::add, clock,
                EnvelopePrivacy.DOMAIN);
        refused.operationEnter(OperationKind.CONNECT);
        refused.connectStart("mx.example", 465, true);
        ConnectException tcp = new ConnectException("Connection refused");
        refused.connectEnd(null, -1, null, tcp);
        refused.operationExit(tcp);
        assertThat(ops.get(2).tlsError()).isNull();
        assertThat(ops.get(2).errorType()).isEqualTo("java.net.ConnectException");

        // without implicit TLS a failed connect is never a TLS error
        Conversation plain = new Conversation(new ConnectionInfo("id5", "lib", "1"), ops::add, clock,
                EnvelopePrivacy.DOMAIN);
        plain.operationEnter(OperationKind.CONNECT);
        plain.connectStart("mx.example", 25, false);
        plain.connectEnd("192.0.2.1", 25, null, identity);
        plain.operationExit(identity);
        assertThat(ops.get(3).tlsError()).isNull();
        assertThat(ops.get(3).tlsMode()).isNull();
    }

    @Test
    void starttlsRecordsTheHandshakeAndOnlyAHandshakeFailureIsATlsError() {
        connect();
        cmd("STARTTLS", 220, "220 2.0.0 Ready to start TLS\n");
        c.startTlsEnd(new TlsInfo("TLSv1.2", "ECDHE"), null);
        c.operationExit(null);
        assertThat(ops.get(0).tlsMode()).isEqualTo("starttls");
        assertThat(ops.get(0).tls().cipher).isEqualTo("ECDHE");
        assertThat(ops.get(0).tlsError()).isNull();

        Conversation broken = new Conversation(new ConnectionInfo("id2", "lib", "1"), ops::add, clock,
                EnvelopePrivacy.DOMAIN);
        broken.operationEnter(OperationKind.CONNECT);
        broken.connectStart("mx.example", 587, false);
        broken.reply(220, "220 mx\n", null);
        broken.command("STARTTLS".getBytes(StandardCharsets.US_ASCII));
        broken.reply(220, "220 go ahead\n", null);
        javax.net.ssl.SSLHandshakeException e = new javax.net.ssl.SSLHandshakeException("no cipher suites in common");
        broken.startTlsEnd(null, e);
        broken.operationExit(e);
        assertThat(ops.get(1).tlsMode()).isEqualTo("starttls");
        assertThat(ops.get(1).tlsError().rootMessage).isEqualTo("no cipher suites in common");

        // refused by a reply: the reply tells the story, not a TLS error
        Conversation refused = new Conversation(new ConnectionInfo("id3", "lib", "1"), ops::add, clock,
                EnvelopePrivacy.DOMAIN);
        refused.operationEnter(OperationKind.CONNECT);
        refused.connectStart("mx.example", 587, false);
        refused.reply(220, "220 mx\n", null);
        refused.command("STARTTLS".getBytes(StandardCharsets.US_ASCII));
        refused.reply(454, "454 4.7.0 TLS not available\n", null);
        IOException notAvailable = new IOException("454 4.7.0 TLS not available");
        refused.startTlsEnd(null, notAvailable);
        refused.operationExit(notAvailable);
        assertThat(ops.get(2).tlsError()).isNull();
        assertThat(ops.get(2).errorType()).isEqualTo("454");
    }

    @Test
    void aStarttlsWithoutItsReplyIsNotATlsErrorButAHandshakeWithoutTheCommandSeenIs() {
        connect();
        c.command("STARTTLS".getBytes(StandardCharsets.US_ASCII));
        IOException lost = new IOException("Exception reading response", new SocketTimeoutException("Read timed out"));
        c.startTlsEnd(null, lost);
        c.operationExit(lost);
        assertThat(ops.get(0).tlsError()).isNull();

        // attached after the 220: the handshake's failure is all there is
        Conversation midway = new Conversation(new ConnectionInfo("id2", "lib", "1"), ops::add, clock,
                EnvelopePrivacy.DOMAIN);
        midway.markAttachedMidway();
        midway.operationEnter(OperationKind.CONNECT);
        javax.net.ssl.SSLHandshakeException e = new javax.net.ssl.SSLHandshakeException("bad certificate");
        midway.startTlsEnd(null, e);
        midway.operationExit(e);
        assertThat(ops.get(1).tlsError().rootMessage).isEqualTo("bad certificate");
    }

    @Test
    void aGreetingOtherThan220IsAFailedConnect() {
        c.operationEnter(OperationKind.CONNECT);
        c.connectStart("mx.example", 25, false);
        c.reply(554, "554 5.7.1 No SMTP service here\n", null);
        c.connectionClosed();
        c.operationExit(new IOException("554 5.7.1 No SMTP service here"));
        assertThat(ops.get(0).end()).isEqualTo(ConnectionEnd.CONNECT_FAILED);
        assertThat(ops.get(0).errorType()).isEqualTo("554");
        assertThat(ops.get(0).exchanges().get(0).type).isEqualTo(ExchangeType.GREETING);
    }

    // ---- envelope and data ----------------------------------------------------------------------------------------

    @Test
    void aMessageRefusedAtMailIsRejectedAndNamesTheReply() {
        connect();
        c.operationExit(null);
        c.operationEnter(OperationKind.SEND);
        cmd("MAIL FROM:<a@example.com>", 553, "553 5.7.1 Sender address rejected\n");
        cmd("RSET", 250, "250 OK\n");
        c.operationExit(new IOException("553 5.7.1 Sender address rejected"));
        Operation send = ops.get(1);
        assertThat(send.messageOutcome()).isEqualTo("rejected");
        assertThat(send.errorType()).isEqualTo("553");
        assertThat(send.dataStarted()).isFalse();
        assertThat(send.refused()).isEmpty();
    }

    @Test
    void aFailedResetOrQuitIsNotWhatRejectedTheMessage() {
        connect();
        c.operationExit(null);
        c.operationEnter(OperationKind.SEND);
        cmd("MAIL FROM:<a@example.com>", 250, "250 OK\n");
        cmd("RCPT TO:<b@example.org>", 250, "250 OK\n");
        cmd("RSET", 421, "421 4.4.2 timeout\n");
        c.command("QUIT".getBytes(StandardCharsets.US_ASCII));
        c.reply(500, "500 unexpected\n", null);
        c.operationExit(new IOException("client gave up", new IOException("application failure")));
        Operation send = ops.get(1);
        assertThat(send.messageOutcome()).isEqualTo("aborted");
        assertThat(send.errorType()).as("no 4xx/5xx of its own: the exception's root").isEqualTo("java.io.IOException");
    }

    @Test
    void theLastFailingReplyNamesTheError() {
        connect();
        c.operationExit(null);
        c.operationEnter(OperationKind.SEND);
        cmd("MAIL FROM:<a@example.com>", 250, "250 OK\n");
        cmd("RCPT TO:<b@example.org>", 450, "450 4.2.0 greylisted\n");
        cmd("RCPT TO:<c@example.org>", 550, "550 5.1.1 unknown\n");
        cmd("RSET", 500, "500 what\n");
        c.operationExit(new IOException("Invalid Addresses"));
        Operation send = ops.get(1);
        assertThat(send.errorType()).isEqualTo("550");
        assertThat(send.refused()).containsExactly("***@example.org", "***@example.org");
        assertThat(send.recipients()).hasSize(2);
        assertThat(send.messageOutcome()).isEqualTo("rejected");
    }

    @Test
    void aRecipientAcceptedWithA2xxOr3xxBoundaryIsNotRefused() {
        connect();
        c.operationExit(null);
        c.operationEnter(OperationKind.SEND);
        cmd("MAIL FROM:<a@example.com>", 250, "250 OK\n");
        cmd("RCPT TO:<b@example.org>", 251, "251 User not local; will forward\n");
        cmd("RCPT TO:<c@example.org>", 300, "300 odd\n");
        c.operationExit(null);
        assertThat(ops.get(1).refused()).containsExactly("***@example.org");
        assertThat(ops.get(1).recipients()).hasSize(2);
    }

    @Test
    void aRecipientWithoutMailStillCounts() {
        connect();
        c.operationExit(null);
        c.operationEnter(OperationKind.SEND);
        cmd("RCPT TO:<b@example.org>", 550, "550 no\n");
        c.operationExit(null);
        assertThat(ops.get(1).recipients()).containsExactly("***@example.org");
        assertThat(ops.get(1).refused()).containsExactly("***@example.org");
        assertThat(ops.get(1).messageIndex()).isZero();
    }

    @Test
    void dataRefusedBefore354StartsNoBody() {
        connect();
        c.operationExit(null);
        c.operationEnter(OperationKind.SEND);
        cmd("MAIL FROM:<a@example.com>", 250, "250 OK\n");
        cmd("RCPT TO:<b@example.org>", 250, "250 OK\n");
        cmd("DATA", 554, "554 5.5.1 No valid recipients\n");
        c.operationExit(new IOException("554"));
        Operation send = ops.get(1);
        assertThat(send.dataStarted()).isFalse();
        assertThat(send.dataMode()).isNull();
        assertThat(send.messageOutcome()).isEqualTo("rejected");
        assertThat(send.bodyError()).isNull();
    }

    @Test
    void aBodyRejectedAfterTheDotIsRejectedNotAborted() {
        connect();
        c.operationExit(null);
        sendUpToDot();
        c.reply(552, "552 5.3.4 Message size exceeds fixed limit\n", null);
        c.operationExit(new IOException("552"));
        Operation send = ops.get(1);
        assertThat(send.dataCompleted()).isTrue();
        assertThat(send.messageOutcome()).isEqualTo("rejected");
        assertThat(send.dataMode()).isEqualTo("data");
        assertThat(send.bodyError()).isNull();
        assertThat(send.body().wireBytes).isEqualTo(7);
        assertThat(c.currentBodyStream()).isNull();
        assertThat(c.currentBody()).isNull();
    }

    @Test
    void theDotRepliesAtTheBoundariesOf2xx() {
        connect();
        c.operationExit(null);
        sendUpToDot();
        c.reply(199, "199 odd\n", null);
        c.operationExit(null);
        sendUpToDot();
        c.reply(299, "299 odd but fine\n", null);
        c.operationExit(null);
        sendUpToDot();
        c.reply(300, "300 odd\n", null);
        c.operationExit(null);
        assertThat(ops.subList(1, 4)).extracting(Operation::messageOutcome)
                .containsExactly("rejected", "accepted", "rejected");
        assertThat(ops.subList(1, 4)).extracting(Operation::messageIndex).containsExactly(1, 2, 3);
    }

    @Test
    void bdatChunksEndWithLast() {
        connect();
        c.operationExit(null);
        c.operationEnter(OperationKind.SEND);
        cmd("MAIL FROM:<a@example.com>", 250, "250 OK\n");
        cmd("RCPT TO:<b@example.org>", 250, "250 OK\n");
        c.bodyStream("s", true);
        cmd("BDAT 100", 250, "250 2.0.0 100 octets received\n");
        assertThat(c.currentBodyStream()).isEqualTo("s");
        cmd("BDAT 20 LAST", 250, "250 2.0.0 Ok: queued\n");
        c.operationExit(null);
        Operation send = ops.get(1);
        assertThat(send.dataMode()).isEqualTo("bdat");
        assertThat(send.dataStarted()).isTrue();
        assertThat(send.dataEndSent()).isTrue();
        assertThat(send.dataCompleted()).isTrue();
        assertThat(send.messageOutcome()).isEqualTo("accepted");
    }

    @Test
    void aBdatChunkRefusedBeforeLastRejectsTheMessage() {
        connect();
        c.operationExit(null);
        c.operationEnter(OperationKind.SEND);
        cmd("MAIL FROM:<a@example.com>", 250, "250 OK\n");
        cmd("RCPT TO:<b@example.org>", 250, "250 OK\n");
        cmd("BDAT 100", 552, "552 5.3.4 too big\n");
        c.operationExit(new IOException("552"));
        Operation send = ops.get(1);
        assertThat(send.dataMode()).isEqualTo("bdat");
        assertThat(send.dataEndSent()).isFalse();
        assertThat(send.dataCompleted()).isFalse();
        assertThat(send.messageOutcome()).isEqualTo("rejected");

        c.operationEnter(OperationKind.SEND);
        cmd("MAIL FROM:<a@example.com>", 250, "250 OK\n");
        cmd("BDAT 10 LAST", 554, "554 5.7.1 spam\n");
        c.operationExit(new IOException("554"));
        assertThat(ops.get(2).messageOutcome()).isEqualTo("rejected");
        assertThat(ops.get(2).dataCompleted()).isTrue();

        c.operationEnter(OperationKind.SEND);
        cmd("MAIL FROM:<a@example.com>", 250, "250 OK\n");
        cmd("BDAT 10", 299, "299 fine\n");
        cmd("BDAT 0 LAST", 200, "200 fine\n");
        c.operationExit(null);
        assertThat(ops.get(3).messageOutcome()).isEqualTo("accepted");
    }

    @Test
    void anEhloRefusedLeavesNoCapabilities() {
        c.operationEnter(OperationKind.CONNECT);
        c.connectStart("mx.example", 25, false);
        c.reply(220, "220 mx\n", null);
        cmd("EHLO me", 502, "502 5.5.2 Error: command not recognized\n");
        cmd("HELO me", 250, "250 mx\n");
        c.operationExit(null);
        assertThat(ops.get(0).ehlo()).isNull();
        assertThat(ops.get(0).startTlsOffered()).isFalse();
    }

    @Test
    void starttlsOfferedOnceIsRememberedAfterTheSecondEhlo() {
        connect();
        cmd("STARTTLS", 220, "220 go\n");
        c.startTlsEnd(new TlsInfo("TLSv1.3", "x"), null);
        cmd("EHLO me", 250, "250-mx.example\n250 AUTH PLAIN\n");
        c.operationExit(null);
        assertThat(ops.get(0).startTlsOffered()).isTrue();
        assertThat(ops.get(0).ehlo().startTls).isFalse();
    }

    // ---- AUTH -----------------------------------------------------------------------------------------------------

    @Test
    void authWithoutAMechanismAndAFailedLogin() {
        connect();
        cmd("AUTH", 501, "501 5.5.4 Syntax: AUTH mechanism\n");
        c.operationExit(new IOException("501"));
        assertThat(ops.get(0).authMechanism()).isNull();
        assertThat(ops.get(0).authOutcome()).isEqualTo("failure");
        assertThat(ops.get(0).authReplyCode()).isEqualTo(501);
    }

    @Test
    void aConnectionLostDuringAuthAbortsTheLogin() {
        connect();
        cmd("AUTH LOGIN", 334, "334 VXNlcm5hbWU6\n");
        c.command("dXNlcg==".getBytes(StandardCharsets.US_ASCII));
        c.reply(-1, "[EOF]", null);
        c.connectionClosed();
        c.operationExit(new IOException("[EOF]"));
        Operation op = ops.get(0);
        assertThat(op.authOutcome()).isEqualTo("aborted");
        assertThat(op.authMechanism()).isEqualTo("LOGIN");
        assertThat(op.end()).isEqualTo(ConnectionEnd.SERVER_CLOSED);
    }

    @Test
    void theExceptionRepeatingAFailedAuthReplyHasTheCredentialRedacted() {
        connect();
        cmd("AUTH PLAIN AHVzZXJAZXhhbXBsZS5jb20Ac2VjcmV0", 535, "535 5.7.8 bad credentials for user@example.com\n");
        c.operationExit(new IOException("535 5.7.8 bad credentials for user@example.com"));
        Operation op = ops.get(0);
        assertThat(op.exchanges().get(2).line).isEqualTo("AUTH PLAIN");
        assertThat(op.thrown().message).doesNotContain("user@example.com");
        assertThat(op.exchanges().get(2).rawReply).doesNotContain("user@example.com");
        assertThat(op.errorType()).isEqualTo("535");
    }

    @Test
    void aSuccessfulLoginThenAFailedCallIsNotAnAuthenticationFailure() {
        Conversation jakarta = new Conversation(new ConnectionInfo("id2", "lib", "1.0", null), ops::add, clock,
                EnvelopePrivacy.DOMAIN);
        jakarta.operationEnter(OperationKind.CONNECT);
        jakarta.connectStart("mx.example", 25, false);
        jakarta.reply(220, "220 mx\n", null);
        jakarta.command("AUTH PLAIN AHVzZXIAcGFzcw==".getBytes(StandardCharsets.US_ASCII));
        jakarta.reply(535, "535 no\n", null);
        jakarta.operationExit(null);
        // no API package known: javax.mail's name
        assertThat(ops.get(0).thrown().type).isEqualTo("javax.mail.AuthenticationFailedException");

        Conversation ok = new Conversation(new ConnectionInfo("id3", "lib", "1.0"), ops::add, clock,
                EnvelopePrivacy.DOMAIN);
        ok.operationEnter(OperationKind.CONNECT);
        ok.connectStart("mx.example", 25, false);
        ok.reply(220, "220 mx\n", null);
        ok.command("AUTH PLAIN AHVzZXIAcGFzcw==".getBytes(StandardCharsets.US_ASCII));
        ok.reply(235, "235 ok\n", null);
        ok.operationExit(null);
        assertThat(ops.get(1).thrown()).isNull();
        assertThat(ops.get(1).authOutcome()).isEqualTo("success");

        // a SEND that ends without exception after a failed login on another call is not an auth failure
        c.operationEnter(OperationKind.SEND);
        c.connectStart("mx.example", 25, false);
        c.reply(220, "220 mx\n", null);
        c.command("AUTH PLAIN AHVzZXIAcGFzcw==".getBytes(StandardCharsets.US_ASCII));
        c.reply(535, "535 no\n", null);
        c.operationExit(null);
        assertThat(ops.get(2).thrown()).isNull();
    }

    // ---- operations and the end of the connection -----------------------------------------------------------------

    @Test
    void nestedCallsAreOneOperation() {
        connect();
        c.operationEnter(OperationKind.SEND);
        cmd("NOOP", 250, "250 OK\n");
        c.operationExit(null);
        assertThat(ops).as("the inner call's exit does not end the outer one").isEmpty();
        c.operationExit(null);
        assertThat(ops).hasSize(1);
        assertThat(ops.get(0).kind).isEqualTo(OperationKind.CONNECT);
        assertThat(ops.get(0).exchanges()).extracting(e -> e.verb).containsExactly(null, "EHLO", "NOOP");
        c.operationExit(null);
        assertThat(ops).as("an exit with no call open is ignored").hasSize(1);
    }

    @Test
    void aCallThatEndsWithoutTheReplyMarksTheCommandUnanswered() {
        connect();
        c.operationExit(null);
        c.operationEnter(OperationKind.SEND);
        c.command("MAIL FROM:<a@example.com>".getBytes(StandardCharsets.US_ASCII));
        c.operationExit(new IllegalStateException("interrupted"));
        assertThat(ops.get(1).exchanges().get(0).replyError()).isEqualTo("java.lang.IllegalStateException");
        assertThat(ops.get(1).errorType()).isEqualTo("java.lang.IllegalStateException");

        c.operationEnter(OperationKind.SEND);
        c.command("MAIL FROM:<a@example.com>".getBytes(StandardCharsets.US_ASCII));
        c.operationExit(null);
        assertThat(ops.get(2).exchanges().get(0).replyError()).isEqualTo("no_reply");
        assertThat(ops.get(2).exchanges().get(0).endEpochNanos()).isEqualTo(ops.get(2).endEpochNanos());
    }

    @Test
    void aCommandSentBeforeThePreviousReplyWasReadLeavesThatOneNotAwaited() {
        connect();
        c.command("NOOP".getBytes(StandardCharsets.US_ASCII));
        c.command("RSET".getBytes(StandardCharsets.US_ASCII));
        c.reply(250, "250 OK\n", null);
        c.operationExit(null);
        List<Exchange> ex = ops.get(0).exchanges();
        assertThat(ex.get(2).replyError()).isEqualTo("not_awaited");
        assertThat(ex.get(2).endEpochNanos()).isPositive();
        assertThat(ex.get(3).code()).isEqualTo(250);
        assertThat(ex.get(3).replyError()).isNull();
    }

    @Test
    void theConnectionDurationAndMessageCountAreOnTheLastOperation() {
        connect();
        c.operationExit(null);
        sendUpToDot();
        c.reply(250, "250 OK\n", null);
        c.operationExit(null);
        c.operationEnter(OperationKind.CLOSE);
        cmd("QUIT", 221, "221 bye\n");
        c.connectionClosed();
        c.operationExit(null);
        Operation close = ops.get(2);
        assertThat(close.connectionMessages()).isEqualTo(1);
        // the clock advances 1 ms per reading: start to the close span's end
        assertThat(close.connectionDurationMs()).isEqualTo((close.endEpochNanos() - 1_001_000_000L) / 1_000_000.0);
        assertThat(ops.get(0).connectionDurationMs()).isZero();
        assertThat(ops.get(1).end()).isNull();
    }

    @Test
    void aCloseOutsideAnyCallGetsItsOwnCloseSpan() {
        connect();
        c.operationExit(null);
        assertThat(c.isEnded()).isFalse();
        c.connectionClosed();
        assertThat(c.isEnded()).isTrue();
        assertThat(ops).extracting(o -> o.kind).containsExactly(OperationKind.CONNECT, OperationKind.CLOSE);
        assertThat(ops.get(1).end()).isEqualTo(ConnectionEnd.CLIENT_EXCEPTION);
        assertThat(c.isFinished()).isTrue();
        c.connectionClosed();
        assertThat(ops).as("closed once").hasSize(2);
    }

    @Test
    void aConnectionNeverStartedIsFinishedAtOnce() {
        assertThat(c.isFinished()).isTrue();
        c.operationEnter(OperationKind.CONNECT);
        assertThat(c.isFinished()).isFalse();
        c.connectStart("mx.example", 25, false);
        c.operationExit(null);
        assertThat(c.isFinished()).as("started, not closed").isFalse();
    }

    @Test
    void afterTheServerEndedTheConnectionNothingIsRecordedUntilClose() {
        connect();
        c.reply(-1, "[EOF]", null);
        c.operationExit(new IOException("[EOF]"));
        assertThat(c.isLingering()).isTrue();
        int before = ops.size();
        c.operationEnter(OperationKind.SEND);
        c.connectEnd("192.0.2.9", 26, null, null);
        c.startTlsEnd(null, new IOException("x"));
        c.bodyStream("s", false);
        cmd("MAIL FROM:<a@example.com>", 250, "250 OK\n");
        c.operationExit(null);
        assertThat(ops).hasSize(before);
        assertThat(c.currentBodyStream()).isNull();
        c.connectionClosed();
        assertThat(c.isLingering()).isFalse();
        assertThat(c.isFinished()).isTrue();
        assertThat(ops).hasSize(before);
    }

    @Test
    void aTimeoutOutranksAServerCloseAndAQuitOutranksBoth() {
        connect();
        c.operationExit(null);
        c.operationEnter(OperationKind.SEND);
        c.command("MAIL FROM:<a@example.com>".getBytes(StandardCharsets.US_ASCII));
        c.reply(0, "", new IOException("read", new SocketTimeoutException("Read timed out")));
        c.connectionClosed();
        c.operationExit(new IOException("x", new java.net.SocketException("Connection reset")));
        assertThat(ops.get(1).end()).isEqualTo(ConnectionEnd.TIMEOUT);
    }

    // ---- the application's span ------------------------------------------------------------------------------------

    private static final ParentRef APP = ParentRef.of("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true);
    private static final ParentRef OTHER = ParentRef.of("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", true);

    @Test
    void aConnectUnderASampledApplicationSpanPutsTheConnectionInThatTrace() {
        c.operationEnter(OperationKind.CONNECT, APP);
        c.connectStart("mx.example", 25, false);
        c.reply(220, "220 mx\n", null);
        c.connectEnd("192.0.2.1", 25, null, null);
        c.operationEnter(OperationKind.COMMAND, OTHER);
        cmd("EHLO me", 250, "250 mx\n");
        c.operationExit(null);
        c.operationExit(null);
        c.operationEnter(OperationKind.SEND, OTHER);
        cmd("NOOP", 250, "250 OK\n");
        c.operationExit(null);
        cmd("NOOP", 250, "250 OK\n");

        assertThat(c.info().connectParent()).isSameAs(APP);
        assertThat(ops.get(0).parent()).as("a nested call does not change the parent").isSameAs(APP);
        assertThat(ops.get(1).parent()).isSameAs(OTHER);
        assertThat(ops.get(2).parent()).as("a stray command has no application span").isNull();
    }

    @Test
    void onlyASampledSpanAroundTheFirstConnectIsTheConnectionsParent() {
        ParentRef unsampled = ParentRef.of("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", false);
        c.operationEnter(OperationKind.CONNECT, unsampled);
        c.connectStart("mx.example", 25, false);
        c.reply(220, "220 mx\n", null);
        c.operationExit(null);
        assertThat(c.info().connectParent()).isNull();
        assertThat(ops.get(0).parent()).as("still the operation's own parent").isSameAs(unsampled);

        Conversation send = new Conversation(new ConnectionInfo("id2", "lib", "1"), ops::add, clock,
                EnvelopePrivacy.DOMAIN);
        send.operationEnter(OperationKind.SEND, APP);
        send.connectStart("mx.example", 25, false);
        send.operationExit(null);
        assertThat(send.info().connectParent()).as("not a connect call").isNull();

        Conversation none = new Conversation(new ConnectionInfo("id3", "lib", "1"), ops::add, clock,
                EnvelopePrivacy.DOMAIN);
        none.operationEnter(OperationKind.CONNECT);
        none.connectStart("mx.example", 25, false);
        none.operationExit(null);
        assertThat(none.info().connectParent()).isNull();

        Conversation midway = new Conversation(new ConnectionInfo("id4", "lib", "1"), ops::add, clock,
                EnvelopePrivacy.DOMAIN);
        midway.markAttachedMidway();
        midway.operationEnter(OperationKind.CONNECT, APP);
        midway.operationExit(null);
        assertThat(midway.info().connectParent()).as("the connection started before").isNull();
        assertThat(midway.info().attachedMidway()).isTrue();
    }

    // ---- TLS, more --------------------------------------------------------------------------------------------------

    @Test
    void aFailureAfterTheImplicitTlsGreetingIsNotATlsError() {
        c.operationEnter(OperationKind.CONNECT);
        c.connectStart("mx.example", 465, true);
        c.reply(220, "220 mx\n", null);
        IOException after = new IOException("something after the greeting");
        c.connectEnd("192.0.2.1", 465, null, after);
        c.operationExit(after);
        assertThat(ops.get(0).tlsMode()).isEqualTo("implicit");
        assertThat(ops.get(0).tlsError()).isNull();
        assertThat(ops.get(0).end()).isEqualTo(ConnectionEnd.CONNECT_FAILED);
    }

    @Test
    void aHandshakeFailureAfterAnotherCommandThanStarttlsIsATlsError() {
        connect();
        javax.net.ssl.SSLHandshakeException e = new javax.net.ssl.SSLHandshakeException("handshake_failure");
        c.startTlsEnd(null, e);
        c.operationExit(e);
        assertThat(ops.get(0).tlsMode()).isEqualTo("starttls");
        assertThat(ops.get(0).tlsError().rootMessage).isEqualTo("handshake_failure");
        assertThat(ops.get(0).tls()).isNull();
    }

    @Test
    void aHandshakeReportedWithAnErrorKeepsOnlyTheError() {
        connect();
        cmd("STARTTLS", 220, "220 go\n");
        javax.net.ssl.SSLException e = new javax.net.ssl.SSLException("closed during handshake");
        c.startTlsEnd(new TlsInfo("TLSv1.3", "x"), e);
        c.operationExit(e);
        assertThat(ops.get(0).tls()).isNull();
        assertThat(ops.get(0).tlsError().type).isEqualTo("javax.net.ssl.SSLException");
    }

    // ---- errors seen before the call ends -------------------------------------------------------------------------

    @Test
    void aConnectTimeoutSeenByTheHookNamesTheEndEvenIfTheLibraryThrowsSomethingElse() {
        c.operationEnter(OperationKind.CONNECT);
        c.connectStart("mx.example", 25, false);
        c.connectEnd(null, -1, null, new SocketTimeoutException("connect timed out"));
        // the library wraps it without a cause (old JavaMail: MessagingException with getNextException())
        c.operationExit(new IOException("Could not connect to SMTP host: mx.example, port: 25"));
        assertThat(ops.get(0).end()).isEqualTo(ConnectionEnd.TIMEOUT);
        assertThat(ops.get(0).errorType()).isEqualTo("java.io.IOException");
    }

    @Test
    void aStarttlsHandshakeThatTimesOutEndsTheConnectionAsATimeout() {
        connect();
        cmd("STARTTLS", 220, "220 go\n");
        c.startTlsEnd(null, new SocketTimeoutException("Read timed out"));
        c.operationExit(new IOException("Could not convert socket to TLS"));
        c.connectionClosed();
        assertThat(ops.get(0).tlsError().rootType).isEqualTo("java.net.SocketTimeoutException");
        assertThat(ops).extracting(Operation::end).containsExactly(null, ConnectionEnd.TIMEOUT);
    }

    @Test
    void aConnectThatFailedButReturnedNormallyIsStillAConnectFailure() {
        c.operationEnter(OperationKind.CONNECT);
        c.connectStart("mx.example", 25, false);
        c.connectEnd(null, -1, null, new ConnectException("Connection refused"));
        c.operationExit(null);
        Operation op = ops.get(0);
        assertThat(op.errorType()).isEqualTo("connect_failed");
        assertThat(op.thrown()).isNull();
        assertThat(op.end()).isEqualTo(ConnectionEnd.CONNECT_FAILED);
    }

    // ---- stray commands (outside any call) ------------------------------------------------------------------------

    @Test
    void aStrayCommandWhoseReplyFailsIsFinishedAtOnce() {
        connect();
        c.operationExit(null);
        c.command("NOOP".getBytes(StandardCharsets.US_ASCII));
        c.reply(0, "", new IOException("read", new SocketTimeoutException("Read timed out")));
        assertThat(ops).extracting(o -> o.kind).containsExactly(OperationKind.CONNECT, OperationKind.COMMAND);
        assertThat(ops.get(1).exchange(0).replyError()).isEqualTo("java.net.SocketTimeoutException");
        assertThat(c.inOperation()).isFalse();

        c.operationEnter(OperationKind.SEND);
        assertThat(c.inOperation()).isTrue();
        cmd("MAIL FROM:<a@example.com>", 250, "250 OK\n");
        c.operationExit(null);
        assertThat(ops.get(2).kind).as("the next call is its own operation").isEqualTo(OperationKind.SEND);
        assertThat(ops.get(2).exchanges()).hasSize(1);
    }

    @Test
    void aStrayCommandAnsweredByEofIsFinishedAndEndsTheConnection() {
        connect();
        c.operationExit(null);
        c.command("NOOP".getBytes(StandardCharsets.US_ASCII));
        c.reply(-1, "[EOF]", null);
        assertThat(ops).hasSize(2);
        assertThat(ops.get(1).kind).isEqualTo(OperationKind.COMMAND);
        assertThat(ops.get(1).exchange(0).replyError()).isEqualTo("eof");
        assertThat(ops.get(1).end()).isEqualTo(ConnectionEnd.SERVER_CLOSED);
        assertThat(c.isLingering()).isTrue();
    }

    @Test
    void aStrayMailRefusedByTheServerIsARejectedMessage() {
        c.markAttachedMidway();
        cmd("MAIL FROM:<a@example.com>", 550, "550 5.7.1 no\n");
        Operation op = ops.get(0);
        assertThat(op.kind).isEqualTo(OperationKind.COMMAND);
        assertThat(op.messageIndex()).isEqualTo(1);
        assertThat(op.messageOutcome()).isEqualTo("rejected");
        assertThat(op.sender()).isEqualTo("***@example.com");
    }

    // ---- messages seen only in part -------------------------------------------------------------------------------

    @Test
    void aSendWhoseMailWasNotSeenStillReportsItsBrokenBody() {
        c.markAttachedMidway();
        c.operationEnter(OperationKind.SEND);
        cmd("DATA", 354, "354 go ahead\n");
        c.bodyStream("s", false);
        c.currentBody().write('x');
        c.operationExit(new IOException("x", new IOException("source failed")));
        Operation send = ops.get(0);
        assertThat(send.messageIndex()).isZero();
        assertThat(send.bodyError().rootMessage).isEqualTo("source failed");
        assertThat(send.messageOutcome()).as("no message seen starting: no outcome").isNull();
    }

    @Test
    void aSendThatFailsBeforeMailHasNoMessage() {
        connect();
        c.operationExit(null);
        c.operationEnter(OperationKind.SEND);
        c.operationExit(new IllegalStateException("Not connected"));
        Operation send = ops.get(1);
        assertThat(send.errorType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(send.messageIndex()).isZero();
        assertThat(send.messageOutcome()).isNull();
        assertThat(send.bodyError()).isNull();
    }

    @Test
    void aBodyThatBreaksInsideAnotherCallIsNoMessageBodyError() {
        c.markAttachedMidway();
        c.operationEnter(OperationKind.COMMAND);
        cmd("DATA", 354, "354 go ahead\n");
        c.operationExit(new IOException("broken"));
        assertThat(ops.get(0).dataStarted()).isTrue();
        assertThat(ops.get(0).bodyError()).isNull();
        assertThat(ops.get(0).messageOutcome()).isNull();
    }

    @Test
    void aCallWithNoTrafficIsNoOperation() {
        connect();
        c.operationExit(null);
        c.operationEnter(OperationKind.CHECK);
        c.operationExit(null);
        assertThat(ops).hasSize(1);
    }

    // ---- reply codes at the edges ---------------------------------------------------------------------------------

    @Test
    void replyCodesAtTheEdgesOfTheirClasses() {
        connect();
        c.operationExit(null);
        sendUpToDot();
        c.reply(200, "200 odd but fine\n", null);
        c.operationExit(null);
        assertThat(ops.get(1).messageOutcome()).isEqualTo("accepted");

        c.operationEnter(OperationKind.SEND);
        cmd("MAIL FROM:<a@example.com>", 400, "400 try later\n");
        c.operationExit(new IOException("400"));
        assertThat(ops.get(2).messageOutcome()).as("400 is a refusal").isEqualTo("rejected");
        assertThat(ops.get(2).errorType()).isEqualTo("400");

        c.operationEnter(OperationKind.SEND);
        cmd("MAIL FROM:<a@example.com>", 250, "250 OK\n");
        cmd("BDAT 10", 300, "300 odd\n");
        c.operationExit(new IOException("300"));
        assertThat(ops.get(3).messageOutcome()).isEqualTo("rejected");

        c.operationEnter(OperationKind.SEND);
        cmd("MAIL FROM:<a@example.com>", 250, "250 OK\n");
        cmd("BDAT 10 LAST", 300, "300 odd\n");
        c.operationExit(null);
        assertThat(ops.get(4).messageOutcome()).isEqualTo("rejected");

        c.operationEnter(OperationKind.SEND);
        cmd("MAIL FROM:<a@example.com>", 250, "250 OK\n");
        cmd("BDAT 10 LAST", 199, "199 odd\n");
        c.operationExit(null);
        assertThat(ops.get(5).messageOutcome()).isEqualTo("rejected");

        c.operationEnter(OperationKind.COMMAND);
        cmd("NOOP", 0, "000 odd\n");
        c.operationExit(null);
        assertThat(ops.get(6).exchange(0).hasReply()).as("a reply, however odd its code").isTrue();
        assertThat(ops.get(6).exchange(0).code()).isZero();
        assertThat(ops.get(6).exchange(0).reply().lines).containsExactly("000 odd");
    }
}
