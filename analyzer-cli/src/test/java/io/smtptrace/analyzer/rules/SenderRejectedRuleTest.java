package io.smtptrace.analyzer.rules;

import static io.smtptrace.analyzer.rules.RuleRun.none;
import static io.smtptrace.analyzer.rules.RuleRun.one;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.support.Conversation;

/** A permanent refusal of MAIL FROM that is not about AUTH or TLS. */
class SenderRejectedRuleTest {

    private static Session mail(String reply) {
        return Conversation.to("mx.example", 25).greet("220 mx").cmd("MAIL FROM:<***@a>", reply).build();
    }

    @Test
    void fromFiveHundredTheSenderIsRefused() {
        none(new SenderRejectedRule(), mail("499 odd"));
        none(new SenderRejectedRule(), mail("451 4.3.0 later"));
        Finding f = one(new SenderRejectedRule(), mail("500 odd"));
        assertThat(f.rule()).isEqualTo("sender-rejected");
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.evidence().sample()).isEqualTo("500 odd");
        assertThat(f.explanation()).startsWith("The server refused the envelope sender (MAIL FROM): the address");
        assertThat(f.fix()).startsWith("Use a sender address in a domain that exists");
        assertThat(one(new SenderRejectedRule(), mail("553 5.1.8 no"), mail("553 5.1.8 no")).explanation())
                .startsWith("The server refused the envelope sender (MAIL FROM) (2 times):");
    }

    @Test
    void notForAuthOrTlsRefusals() {
        none(new SenderRejectedRule(), mail("530 5.7.0 Authentication required"));
        none(new SenderRejectedRule(), mail("530 5.7.0 Must issue a STARTTLS command first"));
        none(new SenderRejectedRule(), Conversation.to("mx.example", 25).greet("220 mx").cmd("MAIL FROM:<***@a>", "250 ok")
                .cmd("RCPT TO:<***@b>", "550 no").build());
    }
}
