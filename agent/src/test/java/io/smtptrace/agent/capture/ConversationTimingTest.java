package io.smtptrace.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Span and exchange times, read from a clock the test sets by hand: each event at the time it happened. */
class ConversationTimingTest {

    private static final long MS = 1_000_000L;

    private final List<Operation> ops = new ArrayList<>();
    private long now = 1_000 * MS;
    private final Conversation c = new Conversation(new ConnectionInfo("t1", "lib", "1.0"), ops::add, () -> now,
            EnvelopePrivacy.DOMAIN);

    private void at(long ms) {
        now = 1_000 * MS + ms * MS;
    }

    private void send(String line) {
        c.command(line.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void operationsAndExchangesSpanFromTheirFirstToTheirLastEvent() {
        at(5);
        c.operationEnter(OperationKind.CONNECT);
        c.connectStart("mx.example", 25, false);
        at(30);
        c.reply(220, "220 mx\n", null);
        at(31);
        c.connectEnd("192.0.2.1", 25, null, null);
        at(40);
        send("EHLO me");
        at(52);
        c.reply(250, "250 mx\n", null);
        at(60);
        c.operationExit(null);

        Operation connect = ops.get(0);
        assertThat(connect.startEpochNanos).isEqualTo(1_005 * MS);
        assertThat(connect.endEpochNanos()).isEqualTo(1_060 * MS);
        Exchange greeting = connect.exchange(0);
        assertThat(greeting.startEpochNanos).as("a greeting has no command: it spans its arrival")
                .isEqualTo(1_030 * MS);
        assertThat(greeting.endEpochNanos()).isEqualTo(1_030 * MS);
        Exchange ehlo = connect.exchange(1);
        assertThat(ehlo.startEpochNanos).isEqualTo(1_040 * MS);
        assertThat(ehlo.endEpochNanos()).isEqualTo(1_052 * MS);
        assertThat(connect.exchangeCount()).isEqualTo(2);

        at(100);
        c.operationEnter(OperationKind.CLOSE);
        at(101);
        send("QUIT");
        at(103);
        c.reply(221, "221 bye\n", null);
        at(104);
        c.connectionClosed();
        at(110);
        c.operationExit(null);
        Operation close = ops.get(1);
        assertThat(close.startEpochNanos).isEqualTo(1_100 * MS);
        assertThat(close.endEpochNanos()).isEqualTo(1_110 * MS);
        assertThat(close.connectionDurationMs()).as("from the conversation's start to the last span's end")
                .isEqualTo(110.0);
        assertThat(close.end()).isEqualTo(ConnectionEnd.QUIT);
    }

    @Test
    void aCommandLeftUnansweredEndsWhenTheNextOneIsSentOrWhenItsCallEnds() {
        at(0);
        c.markAttachedMidway();
        c.operationEnter(OperationKind.SEND);
        at(10);
        send("NOOP");
        at(25);
        send("RSET");
        at(40);
        c.reply(250, "250 OK\n", null);
        at(50);
        send("MAIL FROM:<a@example.com>");
        at(70);
        c.operationExit(null);
        Operation op = ops.get(0);
        assertThat(op.exchange(0).replyError()).isEqualTo("not_awaited");
        assertThat(op.exchange(0).endEpochNanos()).isEqualTo(1_025 * MS);
        assertThat(op.exchange(1).endEpochNanos()).isEqualTo(1_040 * MS);
        assertThat(op.exchange(2).replyError()).isEqualTo("no_reply");
        assertThat(op.exchange(2).endEpochNanos()).isEqualTo(1_070 * MS);
    }

    @Test
    void aReplyThatFailsEndsItsExchangeWithTheCauseAndAQuitNeverAnsweredEndsAtClose() {
        at(0);
        c.markAttachedMidway();
        c.operationEnter(OperationKind.SEND);
        at(10);
        send("MAIL FROM:<a@example.com>");
        at(40);
        c.reply(0, "", new IOException("Exception reading response", new SocketTimeoutException("Read timed out")));
        at(41);
        c.operationExit(new IOException("x", new SocketTimeoutException("Read timed out")));
        Exchange mail = ops.get(0).exchange(0);
        assertThat(mail.replyError()).isEqualTo("java.net.SocketTimeoutException");
        assertThat(mail.replyErrorMessage()).isEqualTo("Read timed out");
        assertThat(mail.endEpochNanos()).isEqualTo(1_040 * MS);
        assertThat(mail.hasReply()).isFalse();
        assertThat(mail.code()).isEqualTo(-1);
        assertThat(mail.reply()).isNull();

        at(50);
        c.operationEnter(OperationKind.CLOSE);
        send("QUIT");
        at(65);
        c.connectionClosed();
        at(66);
        c.operationExit(null);
        Exchange quit = ops.get(1).exchange(0);
        assertThat(quit.replyError()).isEqualTo("not_awaited");
        assertThat(quit.endEpochNanos()).isEqualTo(1_065 * MS);
        assertThat(ops.get(1).end()).as("a QUIT sent, its reply not awaited, then closed")
                .isEqualTo(ConnectionEnd.QUIT);
    }
}
