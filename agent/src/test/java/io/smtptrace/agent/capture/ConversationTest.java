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
}
