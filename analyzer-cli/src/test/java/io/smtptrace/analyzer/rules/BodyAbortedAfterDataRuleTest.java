package io.smtptrace.analyzer.rules;

import static io.smtptrace.analyzer.rules.RuleRun.none;
import static io.smtptrace.analyzer.rules.RuleRun.one;
import static io.smtptrace.analyzer.rules.RuleRun.oneId;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.MessageAttempt;
import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.support.Conversation;

/** A body that got a 354 and never a reply to its end of data: who stopped, which end of data, whether delivery is known. */
class BodyAbortedAfterDataRuleTest {

    private static Conversation afterData(String id) {
        return Conversation.to("mx.example", 25).id(id).greet("220 mx").cmd("EHLO a", "250 mx").cmd("MAIL FROM:<***@a>", "250 ok")
                .cmd("RCPT TO:<***@b>", "250 ok").cmd("DATA", "354 go");
    }

    @Test
    void aTimeoutAfterTheFinalDotLeavesTheOutcomeOpen() {
        Session s = afterData("a").noReply(".", "java.net.SocketTimeoutException").end("timeout").build(m -> m.bytes = 4096L);
        Finding f = one(new BodyAbortedAfterDataRule(), s);
        assertThat(f.rule()).isEqualTo("body-aborted-after-data");
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.evidence().sample()).isEqualTo(". sent, no reply (java.net.SocketTimeoutException)");
        assertThat(f.evidence().first()).isEqualTo(s.lastExchange().time);
        assertThat(f.explanation()).isEqualTo("After the server's 354 the message was never finished. The connection timed out while the"
                + " body streamed or while waiting for the reply to the final '.'. 4096 bytes had been written. Whether the message was"
                + " delivered is unknown: only the server's log can tell.");
        assertThat(f.fix()).startsWith("Raise mail.smtp.writetimeout");
    }

    @Test
    void aDotWithoutAnyErrorNamedEndedInEof() {
        Session s = afterData("a").noReply(".", null).build(m -> m.bytes = 0L);
        Finding f = one(new BodyAbortedAfterDataRule(), s);
        assertThat(f.evidence().sample()).isEqualTo(". sent, no reply (eof)");
        assertThat(f.explanation()).doesNotContain("bytes had been written").contains("the final '.', then the connection ended");
        Session reset = afterData("b").noReply(".", "java.net.SocketException").build();
        assertThat(one(new BodyAbortedAfterDataRule(), reset).evidence().sample()).isEqualTo(". sent, no reply (java.net.SocketException)");
    }

    @Test
    void aLastBdatChunkIsTheEndOfData() {
        Session s = Conversation.to("mx.example", 25).greet("220 mx").cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "250 ok")
                .noReply("BDAT 100 LAST", "eof").build();
        assertThat(one(new BodyAbortedAfterDataRule(), s).evidence().sample()).isEqualTo("BDAT 100 LAST sent, no reply (eof)");
    }

    @Test
    void withoutTheDecidingExchangeTheDotOfThisMessageIsFound() {
        Session s = afterData("a").noReply(".", "eof").cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "250 ok")
                .cmd("DATA", "354 go").noReply(".", "not_awaited").noReply(".", "java.net.SocketTimeoutException").build();
        for (MessageAttempt m : s.messages) m.decidingExchange = null;
        assertThat(BodyAbortedAfterDataRule.endOfData(s, s.messages.get(0)).replyError).isEqualTo("eof");
        assertThat(BodyAbortedAfterDataRule.endOfData(s, s.messages.get(1)).replyError).isEqualTo("java.net.SocketTimeoutException");
        Finding f = one(new BodyAbortedAfterDataRule(), s);
        assertThat(f.count()).isEqualTo(2);
        assertThat(f.explanation()).contains("the final '.', then the connection ended without a reply: the server may or may not have"
                + " queued the message. (one message)").contains("waiting for the reply to the final '.'. (one message)");
        // the deciding exchange is not the end of data (a RSET decided it): the dot is still looked up
        Session rset = afterData("b").noReply(".", "eof").build();
        Exchange other = new Exchange();
        other.verb = "RSET";
        rset.messages.get(0).decidingExchange = other;
        assertThat(BodyAbortedAfterDataRule.endOfData(rset, rset.messages.get(0)).verb).isEqualTo(".");
        // a later part of a long connection counts messages from before it: its own MAIL opens the message
        Session part = afterData("c").noReply(".", "eof").build();
        part.part = 2;
        part.messages.get(0).index = 7;
        part.messages.get(0).decidingExchange = null;
        assertThat(BodyAbortedAfterDataRule.endOfData(part, part.messages.get(0)).verb).isEqualTo(".");
        part.part = 1;
        assertThat(BodyAbortedAfterDataRule.endOfData(part, part.messages.get(0))).isNull();
    }

    @Test
    void anEndOfDataSentWithoutAwaitingItsReplyIsStillTheOneThatDecided() {
        Session dot = afterData("a").noReply(".", "not_awaited").build();
        assertThat(one(new BodyAbortedAfterDataRule(), dot).evidence().sample()).isEqualTo(". sent, no reply (not_awaited)");
        Session bdat = Conversation.to("mx.example", 25).greet("220 mx").cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "250 ok")
                .noReply("BDAT 1 LAST", "not_awaited").build();
        assertThat(one(new BodyAbortedAfterDataRule(), bdat).evidence().sample()).isEqualTo("BDAT 1 LAST sent, no reply (not_awaited)");
        // looked up without a deciding exchange: a chunk is an end of data, an unanswered other command is not
        Session chunk = Conversation.to("mx.example", 25).greet("220 mx").cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "250 ok")
                .noReply("NOOP", null).noReply("BDAT 5", "eof").build();
        chunk.messages.get(0).decidingExchange = null;
        assertThat(BodyAbortedAfterDataRule.endOfData(chunk, chunk.messages.get(0)).line).isEqualTo("BDAT 5");
    }

    @Test
    void aWriteErrorIsTheClientsUnlessThePeerWasGone() {
        String[] lost = {"java.net.SocketException: Connection reset", "java.io.EOFException", "java.io.IOException: Broken pipe",
            "x: connection closed by peer", "x: Connection aborted", "java.nio.channels.ClosedChannelException"};
        for (String e : lost) assertThat(BodyAbortedAfterDataRule.connectionLost(e)).as(e).isTrue();
        assertThat(BodyAbortedAfterDataRule.connectionLost("java.io.FileNotFoundException: a.pdf")).isFalse();
        Session client = afterData("a").end("client_exception").build(m -> {
            m.bodyErrorType = "java.io.FileNotFoundException";
            m.bodyErrorMessage = "";
        });
        Finding f = one(new BodyAbortedAfterDataRule(), client);
        assertThat(f.evidence().sample()).isEqualTo("java.io.FileNotFoundException");
        assertThat(f.evidence().first()).isEqualTo(client.end);
        assertThat(f.explanation()).contains("The client stopped mid-body").contains("The message was not delivered.");
    }

    @Test
    void withoutAnyEvidenceTheEndOfTheConnectionTells() {
        Finding timeout = one(new BodyAbortedAfterDataRule(), afterData("a").end("timeout").build());
        assertThat(timeout.evidence().sample()).isEqualTo("the connection timed out during the body");
        assertThat(timeout.explanation()).contains("timed out").contains("unknown");
        Finding closed = one(new BodyAbortedAfterDataRule(), afterData("a").end("server_closed").build());
        assertThat(closed.evidence().sample()).isEqualTo("DATA answered 354, then the server closed the connection before the final '.'");
        Finding quit = one(new BodyAbortedAfterDataRule(), afterData("a").end("quit").build());
        assertThat(quit.evidence().sample()).isEqualTo("no final '.' sent; connection closed (end: quit)");
        assertThat(quit.explanation()).isEqualTo("After the server's 354 the message was never finished. The client closed the connection"
                + " (end: quit) without sending the final '.' and without an exception while writing the body, so the server discarded"
                + " the truncated message. The message was not delivered.");
        assertThat(quit.fix()).startsWith("Find where the application gave up");
    }

    @Test
    void aMessageRefusedOrFinishedIsNotAborted() {
        none(new BodyAbortedAfterDataRule(), afterData("a").cmd(".", "250 ok").build());
        none(new BodyAbortedAfterDataRule(), afterData("a").cmd(".", "554 no").build());
        none(new BodyAbortedAfterDataRule(), Conversation.to("mx.example", 25).greet("220 mx").cmd("MAIL FROM:<***@a>", "250 ok")
                .cmd("RCPT TO:<***@b>", "250 ok").cmd("DATA", "554 no").build());
        Exchange refusal = new Exchange();
        refusal.verb = "RSET";
        refusal.replyCode = 400;
        none(new BodyAbortedAfterDataRule(), afterData("a").end("quit").build(m -> m.decidingExchange = refusal));
        Exchange odd = new Exchange();
        odd.verb = "RSET";
        odd.replyCode = 399;
        assertThat(one(new BodyAbortedAfterDataRule(), afterData("a").end("quit").build(m -> m.decidingExchange = odd)).count()).isEqualTo(1);
        Exchange silent = new Exchange();
        silent.verb = "RSET";
        assertThat(one(new BodyAbortedAfterDataRule(), afterData("a").end("quit").build(m -> m.decidingExchange = silent)).count()).isEqualTo(1);
    }

    @Test
    void severalCausesOnOneServerAreCountedEach() {
        Session a = afterData("a").noReply(".", "eof").build();
        Session b = afterData("b").noReply(".", "eof").build();
        Session c = afterData("c").end("quit").build();
        Finding f = one(new BodyAbortedAfterDataRule(), a, b, c);
        assertThat(f.count()).isEqualTo(3);
        assertThat(f.explanation()).startsWith("After the server's 354 the message was never finished (3 messages).")
                .contains("(end: quit) without sending the final '.' and without an exception while writing the body, so the server"
                        + " discarded the truncated message. (one message)")
                .contains("queued the message. (2 messages)").contains("unknown");
        assertThat(f.fix()).startsWith("Find where the application gave up").contains("queue id");
    }

    @Test
    void theTextsAreIndonesianToo() {
        Finding f = oneId(new BodyAbortedAfterDataRule(), afterData("a").end("quit").build(m -> m.bytes = 12L),
                afterData("b").noReply(".", "eof").build());
        assertThat(f.explanation()).startsWith("Setelah server menjawab 354, pengiriman pesan tidak pernah selesai (2 pesan).")
                .contains("(satu pesan)").contains("12 byte sudah tertulis.");
        assertThat(f.evidence().sample()).isEqualTo("'.' terakhir tidak dikirim; koneksi ditutup (akhir: quit)");
    }
}
