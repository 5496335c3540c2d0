package io.smtptrace.analyzer.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How an exchange's reply is read and shown to a user. */
class ExchangeTest {

    private static Exchange reply(Integer code, String... lines) {
        Exchange e = new Exchange();
        e.seq = 3;
        e.verb = "MAIL";
        e.line = "MAIL FROM:<***@a>";
        e.replyCode = code;
        for (String l : lines) e.replyLines.add(l);
        return e;
    }

    @Test
    void repliedAndPositiveFollowTheCode() {
        assertThat(reply(null).replied()).isFalse();
        assertThat(reply(null).positive()).isFalse();
        assertThat(reply(250).replied()).isTrue();
        assertThat(reply(399).positive()).isTrue();
        assertThat(reply(400).positive()).isFalse();
        assertThat(reply(550).positive()).isFalse();
    }

    @Test
    void theReplyTextIsTheLastLineAsAFinalLine() {
        assertThat(reply(null).replyText()).isEmpty();
        assertThat(reply(421).replyText()).as("a code without text").isEqualTo("421");
        assertThat(reply(250, "250-mx", "250-SIZE 10").replyText()).isEqualTo("250 SIZE 10");
        assertThat(reply(250, "250-mx", "250 SIZE 10").replyText()).isEqualTo("250 SIZE 10");
        assertThat(reply(250, "000-a").replyText()).isEqualTo("000 a");
        assertThat(reply(250, "999-a").replyText()).isEqualTo("999 a");
        assertThat(reply(250, "250-").replyText()).isEqualTo("250 ");
        // not a reply code before the hyphen: left as it is
        assertThat(reply(250, "/50-a").replyText()).isEqualTo("/50-a");
        assertThat(reply(250, ":50-a").replyText()).isEqualTo(":50-a");
        assertThat(reply(250, "2/0-a").replyText()).isEqualTo("2/0-a");
        assertThat(reply(250, "2:0-a").replyText()).isEqualTo("2:0-a");
        assertThat(reply(250, "25/-a").replyText()).isEqualTo("25/-a");
        assertThat(reply(250, "25:-a").replyText()).isEqualTo("25:-a");
        assertThat(reply(250, "250").replyText()).isEqualTo("250");
        assertThat(reply(250, "25-").replyText()).isEqualTo("25-");
        assertThat(reply(250, "2500a").replyText()).isEqualTo("2500a");
    }

    @Test
    void allReplyLinesJoinedForMatching() {
        assertThat(reply(550, "550-5.7.1 first", "550 5.7.1 second").replyAll()).isEqualTo("550-5.7.1 first 550 5.7.1 second");
        assertThat(reply(null).replyAll()).isEmpty();
    }

    @Test
    void theGreetingAndCommandsAreShownAsAUserKnowsThem() {
        Exchange g = reply(220, "220 mx");
        g.type = Exchange.GREETING;
        g.seq = 1;
        assertThat(g.isGreeting()).isTrue();
        assertThat(g.shown()).isEqualTo("(greeting)");
        assertThat(g.toString()).isEqualTo("1 (greeting) -> 220 mx");
        Exchange m = reply(null);
        m.replyError = "eof";
        assertThat(m.isGreeting()).isFalse();
        assertThat(m.shown()).isEqualTo("MAIL FROM:<***@a>");
        assertThat(m.toString()).isEqualTo("3 MAIL FROM:<***@a> -> (no reply: eof)");
        m.line = null;
        assertThat(m.shown()).isEqualTo("MAIL");
        assertThat(m.is("mail")).isTrue();
        assertThat(m.is("RCPT")).isFalse();
    }

    @Test
    void aBodyCounterThatWasNotMeasuredIsZero() {
        MessageAttempt m = new MessageAttempt();
        m.body.put("nul", 3L);
        assertThat(m.bodyStat("nul")).isEqualTo(3);
        assertThat(m.bodyStat("bare_lf")).isZero();
    }
}
