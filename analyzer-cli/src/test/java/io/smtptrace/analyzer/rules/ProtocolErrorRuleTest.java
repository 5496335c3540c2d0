package io.smtptrace.analyzer.rules;

import static io.smtptrace.analyzer.rules.RuleRun.none;
import static io.smtptrace.analyzer.rules.RuleRun.one;
import static io.smtptrace.analyzer.rules.RuleRun.oneId;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.support.Conversation;

/** 500-504: the command and reply cited; a 501 to EHLO/HELO names the host name; EHLO falling back to HELO is fine. */
class ProtocolErrorRuleTest {

    private static Conversation greeted() {
        return Conversation.to("mx.example", 25).greet("220 mx");
    }

    @Test
    void only500To504Count() {
        none(new ProtocolErrorRule(), greeted().cmd("VRFY x", "499 odd").build());
        none(new ProtocolErrorRule(), greeted().cmd("VRFY x", "505 odd").build());
        none(new ProtocolErrorRule(), greeted().cmd("VRFY x", "550 no").build());
        none(new ProtocolErrorRule(), greeted().noReply("VRFY x", "eof").build());
        Finding f = one(new ProtocolErrorRule(), greeted().cmd("VRFY x", "500 5.5.1 what").build());
        assertThat(f.rule()).isEqualTo("protocol-error");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.evidence().sample()).isEqualTo("VRFY x -> 500 5.5.1 what");
        assertThat(f.explanation()).startsWith("The server answered 500-504 once (first on VRFY):");
        assertThat(f.fix()).startsWith("Check commands the application sends directly");
        assertThat(one(new ProtocolErrorRule(), greeted().cmd("MAIL FROM:<***@a> SMTPUTF8", "504 5.5.4 not implemented").build())
                .explanation()).startsWith("The server answered 500-504 once (first on MAIL)");
    }

    @Test
    void ehloFallingBackToAWorkingHeloIsNoError() {
        none(new ProtocolErrorRule(), greeted().cmd("EHLO a", "502 5.5.2 no").cmd("HELO a", "250 mx").build());
        Finding failedHelo = one(new ProtocolErrorRule(), greeted().cmd("EHLO a", "502 5.5.2 no").cmd("HELO a", "502 5.5.2 no either").build());
        assertThat(failedHelo.count()).isEqualTo(2);
        assertThat(failedHelo.explanation()).contains("2 times (first on EHLO)");
        assertThat(one(new ProtocolErrorRule(), greeted().cmd("EHLO a", "502 5.5.2 no").build()).evidence().sample())
                .as("EHLO as the last exchange").isEqualTo("EHLO a -> 502 5.5.2 no");
        assertThat(one(new ProtocolErrorRule(), greeted().cmd("EHLO a", "502 5.5.2 no").cmd("NOOP", "250 ok").build()).count()).isEqualTo(1);
        assertThat(one(new ProtocolErrorRule(), greeted().cmd("RSET", "502 5.5.2 no").cmd("HELO a", "250 ok").build()).count())
                .as("only EHLO falls back").isEqualTo(1);
    }

    @Test
    void a501ToTheGreetingCommandIsAboutTheHostName() {
        Finding ehlo = one(new ProtocolErrorRule(), greeted().cmd("EHLO my_host", "501 5.5.2 bad name").cmd("QUIT", "221 bye").build());
        assertThat(ehlo.explanation()).contains("local host name is not a valid domain");
        assertThat(ehlo.fix()).startsWith("Set mail.smtp.localhost");
        Finding helo = one(new ProtocolErrorRule(), greeted().cmd("HELO my_host", "501 5.5.2 bad name").build());
        assertThat(helo.fix()).startsWith("Set mail.smtp.localhost");
        Finding mail = one(new ProtocolErrorRule(), greeted().cmd("MAIL FROM:<bad", "501 5.1.7 bad address").build());
        assertThat(mail.explanation()).doesNotContain("host name");
        assertThat(mail.fix()).startsWith("Check commands");
        assertThat(one(new ProtocolErrorRule(), greeted().cmd("EHLO a", "502 no").build()).fix()).startsWith("Check commands");
    }

    @Test
    void aReplyWithoutCommandIsCitedAlone() {
        Session s = Conversation.to("mx.example", 25).greet("500 go away").build();
        Finding f = one(new ProtocolErrorRule(), s);
        assertThat(f.evidence().sample()).isEqualTo("500 go away");
        assertThat(f.explanation()).contains("(first on ?)");
    }

    @Test
    void theTextsAreIndonesianToo() {
        Finding f = oneId(new ProtocolErrorRule(), greeted().cmd("EHLO my_host", "501 bad").cmd("HELO my_host", "501 bad").build());
        assertThat(f.explanation()).startsWith("Server menjawab 500-504 2 kali (pertama kali pada EHLO)").contains("nama host lokal");
        assertThat(f.fix()).startsWith("Atur mail.smtp.localhost");
    }
}
