package io.smtptrace.analyzer.rules;

import static io.smtptrace.analyzer.rules.RuleRun.none;
import static io.smtptrace.analyzer.rules.RuleRun.one;
import static io.smtptrace.analyzer.rules.RuleRun.oneId;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.support.Conversation;

/** Slow replies from 3 s (15 s for end of data) and read timeouts, each cited with the command that waited. */
class SlowServerRuleTest {

    private static Conversation greeted() {
        return Conversation.to("mx.example", 25).greet("220 mx").cmd("EHLO a", "250 mx");
    }

    @Test
    void aCommandIsSlowFromThreeSeconds() {
        none(new SlowServerRule(), greeted().cmdTook("MAIL FROM:<***@a>", 2999.4, "250 ok").build());
        Finding f = one(new SlowServerRule(), greeted().cmdTook("MAIL FROM:<***@a>", 3000, "250 2.1.0 ok").build());
        assertThat(f.rule()).isEqualTo("slow-server");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.count()).isEqualTo(1);
        assertThat(f.server()).isEqualTo("mx.example:25");
        assertThat(f.title()).isEqualTo("Slow server or timeouts");
        assertThat(f.explanation()).isEqualTo("The server was slow to answer or did not answer in time. The slowest reply took 3000 ms"
                + " (threshold 3000 ms per command, 15000 ms for end of data).");
        assertThat(f.evidence().sample()).isEqualTo("MAIL FROM:<***@a> -> 250 2.1.0 ok after 3000 ms");
        assertThat(f.fix()).contains("mail.smtp.timeout");
    }

    @Test
    void theEndOfDataMayTakeFifteenSeconds() {
        Session fourteen = greeted().cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "250 ok").cmd("DATA", "354 go")
                .cmdTook(".", 14999, "250 queued").build();
        none(new SlowServerRule(), fourteen);
        Session fifteen = greeted().cmd("MAIL FROM:<***@a>", "250 ok").cmd("RCPT TO:<***@b>", "250 ok").cmd("DATA", "354 go")
                .cmdTook(".", 15000, "250 queued").build();
        assertThat(one(new SlowServerRule(), fifteen).evidence().sample()).isEqualTo(". -> 250 queued after 15000 ms");
        none(new SlowServerRule(), greeted().cmd("MAIL FROM:<***@a>", "250 ok").cmdTook("BDAT 10 LAST", 14999, "250 ok").build());
        assertThat(one(new SlowServerRule(), greeted().cmd("MAIL FROM:<***@a>", "250 ok").cmdTook("BDAT 10 LAST", 15000, "250 ok")
                .build()).count()).isEqualTo(1);
    }

    @Test
    void theSlowestReplyIsNamedAndEverySlowExchangeCounted() {
        Session s = greeted().cmdTook("MAIL FROM:<***@a>", 4000, "250 ok").cmdTook("RCPT TO:<***@b>", 9000.6, "250 ok")
                .cmdTook("RCPT TO:<***@c>", 5000, "250 ok").build();
        Finding f = one(new SlowServerRule(), s);
        assertThat(f.count()).isEqualTo(3);
        assertThat(f.explanation()).contains("(3 exchanges)").contains("The slowest reply took 9001 ms");
        assertThat(f.evidence().sample()).as("the first slow exchange").isEqualTo("MAIL FROM:<***@a> -> 250 ok after 4000 ms");
    }

    @Test
    void aReadTimeoutIsCitedWithItsCommand() {
        Session s = greeted().noReply("MAIL FROM:<***@a>", "java.net.SocketTimeoutException").build();
        s.exchanges.get(2).replyErrorMessage = "Read timed out";
        Finding f = one(new SlowServerRule(), s);
        assertThat(f.evidence().sample()).isEqualTo("MAIL FROM:<***@a> -> no reply (java.net.SocketTimeoutException: Read timed out)");
        assertThat(f.explanation()).isEqualTo("The server was slow to answer or did not answer in time. One command got no reply before"
                + " the client's read timeout, which aborts the send (the server may still process it: duplicates are possible).");
        Session bare = greeted().noReply("RCPT TO:<***@b>", "java.net.SocketTimeoutException").build();
        assertThat(one(new SlowServerRule(), bare).evidence().sample()).isEqualTo("RCPT TO:<***@b> -> no reply (java.net.SocketTimeoutException)");
    }

    @Test
    void timeoutsAreCountedAcrossConnections() {
        Session a = greeted().id("a").noReply("MAIL FROM:<***@a>", "java.net.SocketTimeoutException").build();
        Session b = greeted().id("b").cmdTook("MAIL FROM:<***@a>", 3500, "250 ok").noReply("RCPT TO:<***@b>", "SocketTimeoutException").build();
        Finding f = one(new SlowServerRule(), a, b);
        assertThat(f.count()).isEqualTo(3);
        assertThat(f.evidence().sessions()).containsExactly("a", "b");
        assertThat(f.explanation()).contains("(3 exchanges)").contains("2 commands got no reply").contains("slowest reply took 3500 ms");
        // an answer that is not a timeout (the server closed) is no latency finding
        none(new SlowServerRule(), greeted().noReply("MAIL FROM:<***@a>", "eof").build());
    }

    @Test
    void aMissingGreetingIsLeftToTheTlsRulesButALateOneCounts() {
        Session silent = Conversation.to("mx.example", 465).greet().build();
        silent.exchanges.get(0).replyError = "java.net.SocketTimeoutException";
        none(new SlowServerRule(), silent);
        // a part of a long connection starts after its greeting: a timeout there is the server's
        Session later = Conversation.to("mx.example", 25).noReply("NOOP", "java.net.SocketTimeoutException").build();
        later.part = 2;
        assertThat(one(new SlowServerRule(), later).evidence().sample()).isEqualTo("NOOP -> no reply (java.net.SocketTimeoutException)");
        // a greeting that came, then timed out on a later read of it
        Session greetedLate = Conversation.to("mx.example", 25).greet("220 mx").build();
        greetedLate.exchanges.get(0).replyError = "SocketTimeoutException";
        assertThat(one(new SlowServerRule(), greetedLate).evidence().sample()).isEqualTo("(greeting) -> no reply (SocketTimeoutException)");
        Session slowGreeting = Conversation.to("mx.example", 25).greet("220 mx").build();
        slowGreeting.exchanges.get(0).durationMs = 3000.0;
        assertThat(one(new SlowServerRule(), slowGreeting).evidence().sample()).isEqualTo("(greeting) -> 220 mx after 3000 ms");
    }

    @Test
    void theTextsAreIndonesianToo() {
        Finding f = oneId(new SlowServerRule(), greeted().cmdTook("MAIL FROM:<***@a>", 3200, "250 ok")
                .noReply("RCPT TO:<***@b>", "java.net.SocketTimeoutException").build());
        assertThat(f.title()).isEqualTo("Server lambat atau batas waktu habis");
        assertThat(f.explanation()).contains("(2 pertukaran)").contains("Satu perintah tidak mendapat balasan")
                .contains("Balasan paling lambat memakan waktu 3200 ms (ambang 3000 ms per perintah, 15000 ms untuk akhir data)");
        assertThat(f.evidence().sample()).isEqualTo("MAIL FROM:<***@a> -> 250 ok setelah 3200 ms");
    }
}
