package io.smtptrace.analyzer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.smtptrace.analyzer.model.MessageAttempt;
import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.support.Analysis;
import io.smtptrace.analyzer.support.Conversation;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What the finding says about a body refused at end of data: each diagnosis appears exactly when it applies. */
class BodyRejectedAfterDataRuleTest {

    private static final String RULE = "body-rejected-after-data";

    /** A message with the body sent and {@code reply} to its end of data; EHLO answers {@code ehlo}. */
    private static Session rejected(String reply, List<String> ehlo, Consumer<MessageAttempt> message) {
        Conversation c = Conversation.to("mx.example", 587).greet("220 mx")
                .cmd("EHLO a", ehlo.toArray(String[]::new))
                .cmd("MAIL FROM:<***@a.example>", "250 ok").cmd("RCPT TO:<***@b.example>", "250 ok")
                .cmd("DATA", "354 go").cmd(".", reply);
        return c.build(message);
    }

    private static Optional<Finding> finding(Session... s) {
        return Analysis.findingsOf(List.of(s)).stream().filter(f -> f.rule().equals(RULE)).findFirst();
    }

    private static Finding only(Session... s) {
        return finding(s).orElseThrow(() -> new AssertionError("no " + RULE));
    }

    private static final List<String> PLAIN = List.of("250 mx");
    private static final List<String> SIZE_1000 = List.of("250-mx", "250 SIZE 1000");

    @Test
    void aMessageOverTheAdvertisedSizeSaysByHowMuchAndHowToFixIt() {
        Finding f = only(rejected("552 5.3.4 Message size exceeds fixed limit", SIZE_1000, m -> m.bytes = 5000L));
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.explanation()).contains("5000 bytes on the wire").contains("SIZE 1000")
                .contains("4000 bytes over the limit").contains("never sends SIZE=")
                .doesNotContain("transient");
        assertThat(f.fix()).startsWith("Make the message smaller");
        assertThat(f.count()).isEqualTo(1);
    }

    @Test
    void aMessageExactlyAtTheLimitIsNotCalledOverIt() {
        Finding f = only(rejected("554 5.7.1 rejected by policy", SIZE_1000, m -> m.bytes = 1000L));
        assertThat(f.explanation()).contains("1000 bytes on the wire").doesNotContain("over the limit");
        assertThat(f.fix()).startsWith("Read the reply text");
        Finding under = only(rejected("554 5.7.1 rejected by policy", SIZE_1000, m -> m.bytes = 999L));
        assertThat(under.fix()).startsWith("Read the reply text");
        Finding over = only(rejected("552 too big", SIZE_1000, m -> m.bytes = 1001L));
        assertThat(over.explanation()).contains("1 bytes over the limit");
        assertThat(over.fix()).startsWith("Make the message smaller");
    }

    @Test
    void onlyTheSizeOrOnlyTheAdvertisedLimitIsStatedAlone() {
        assertThat(only(rejected("554 no", PLAIN, m -> m.bytes = 5000L)).explanation())
                .contains("The message was 5000 bytes on the wire.").doesNotContain("SIZE");
        assertThat(only(rejected("554 no", SIZE_1000, m -> m.bytes = null)).explanation())
                .contains("The server advertised SIZE 1000.").doesNotContain("on the wire");
        // SIZE 0 means no limit: nothing to compare with
        assertThat(only(rejected("554 no", List.of("250-mx", "250 SIZE 0"), m -> m.bytes = null)).explanation())
                .doesNotContain("SIZE").doesNotContain("bytes");
    }

    @Test
    void aLineOverTheRfcLimitIsNamedFrom999Octets() {
        Finding at = only(rejected("554 no", PLAIN, m -> m.body.put("longest_line", 998L)));
        assertThat(at.explanation()).doesNotContain("octets long");
        assertThat(at.fix()).startsWith("Read the reply text");
        Finding over = only(rejected("554 no", PLAIN, m -> m.body.put("longest_line", 999L)));
        assertThat(over.explanation()).contains("A line is 999 octets long");
        assertThat(over.fix()).startsWith("Fix the content");
    }

    @Test
    void bareLineEndsCountOnlyWhenBdatCarriedThem() {
        Consumer<MessageAttempt> bare = m -> {
            m.body.put("bare_lf", 2L);
            m.body.put("bare_cr", 1L);
        };
        assertThat(only(rejected("554 no", PLAIN, bare)).explanation()).doesNotContain("bare");
        Session bdat = Conversation.to("mx.example", 587).greet("220 mx").cmd("EHLO a", "250-mx", "250 CHUNKING")
                .cmd("MAIL FROM:<***@a.example>", "250 ok").cmd("RCPT TO:<***@b.example>", "250 ok")
                .cmd("BDAT 120 LAST", "554 5.6.0 bare LF").build(bare);
        Finding f = only(bdat);
        assertThat(f.explanation()).contains("3 bare CR/LF");
        assertThat(f.fix()).startsWith("Fix the content");
        Session onlyCr = Conversation.to("mx.example", 587).greet("220 mx").cmd("EHLO a", "250 mx")
                .cmd("MAIL FROM:<***@a.example>", "250 ok").cmd("BDAT 12 LAST", "554 no")
                .build(m -> m.body.put("bare_cr", 1L));
        assertThat(only(onlyCr).explanation()).contains("1 bare CR/LF");
        Session clean = Conversation.to("mx.example", 587).greet("220 mx").cmd("EHLO a", "250 mx")
                .cmd("MAIL FROM:<***@a.example>", "250 ok").cmd("BDAT 12 LAST", "554 no").build();
        assertThat(only(clean).explanation()).doesNotContain("bare");
        assertThat(only(clean).fix()).startsWith("Read the reply text");
    }

    @Test
    void nulBytesAreNamed() {
        Finding f = only(rejected("554 no", PLAIN, m -> m.body.put("nul", 1L)));
        assertThat(f.explanation()).contains("NUL bytes");
        assertThat(f.fix()).startsWith("Fix the content");
        assertThat(only(rejected("554 no", PLAIN, m -> m.body.put("nul", 0L))).explanation()).doesNotContain("NUL");
    }

    @Test
    void eightBitDataIsAProblemOnlyWithout8bitmime() {
        Finding without = only(rejected("554 no", PLAIN, m -> m.body.put("non_ascii", 4L)));
        assertThat(without.explanation()).contains("8-bit data");
        assertThat(without.fix()).startsWith("Fix the content");
        Finding with = only(rejected("554 no", List.of("250-mx", "250 8bitmime"), m -> m.body.put("non_ascii", 4L)));
        assertThat(with.explanation()).doesNotContain("8-bit");
        assertThat(only(rejected("554 no", PLAIN, m -> m.body.put("non_ascii", 0L))).explanation())
                .doesNotContain("8-bit");
        // other extensions are no 8BITMIME
        assertThat(only(rejected("554 no", SIZE_1000, m -> m.body.put("non_ascii", 4L))).explanation()).contains("8-bit data");
    }

    @Test
    void aTransientReplyMayBeAcceptedLater() {
        assertThat(only(rejected("451 4.3.0 try later", PLAIN, m -> { })).explanation()).contains("transient (4xx)");
        assertThat(only(rejected("550 5.7.1 no", PLAIN, m -> { })).explanation()).doesNotContain("transient");
    }

    @Test
    void onlyARefusalOfTheBodyItselfCounts() {
        assertThat(finding(rejected("399 odd", PLAIN, m -> { }))).isEmpty();
        assertThat(finding(rejected("400 odd", PLAIN, m -> { }))).isPresent();
        assertThat(finding(rejected("250 ok", PLAIN, m -> { }))).isEmpty();
        // refused at DATA: no body was sent
        Session atData = Conversation.to("mx.example", 25).greet("220 mx").cmd("EHLO a", "250 mx")
                .cmd("MAIL FROM:<***@a.example>", "250 ok").cmd("RCPT TO:<***@b.example>", "250 ok")
                .cmd("DATA", "554 no valid recipients").build();
        assertThat(finding(atData)).isEmpty();
        // the body started but a RCPT decided the message: not this rule
        Session rcpt = Conversation.to("mx.example", 25).greet("220 mx").cmd("EHLO a", "250 mx")
                .cmd("MAIL FROM:<***@a.example>", "250 ok").cmd("RCPT TO:<***@b.example>", "550 unknown").build(
                        m -> m.dataStarted = true);
        assertThat(finding(rcpt)).isEmpty();
        // no reply to the end of data: aborted, another rule
        Session noReply = Conversation.to("mx.example", 25).greet("220 mx").cmd("EHLO a", "250 mx")
                .cmd("MAIL FROM:<***@a.example>", "250 ok").cmd("RCPT TO:<***@b.example>", "250 ok")
                .cmd("DATA", "354 go").noReply(".", "java.net.SocketTimeoutException").build();
        assertThat(finding(noReply)).isEmpty();
    }

    @Test
    void repeatedRejectionsAreCounted() {
        Finding f = only(rejected("554 no", PLAIN, m -> { }), rejected("554 no", PLAIN, m -> { }));
        assertThat(f.count()).isEqualTo(2);
        assertThat(f.explanation()).contains("(2 messages)");
        assertThat(only(rejected("554 no", PLAIN, m -> { })).explanation()).doesNotContain("messages)");
    }
}
