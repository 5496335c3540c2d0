package io.smtptrace.analyzer.rules;

import static io.smtptrace.analyzer.rules.RuleRun.none;
import static io.smtptrace.analyzer.rules.RuleRun.one;
import static io.smtptrace.analyzer.rules.RuleRun.oneId;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.support.Conversation;

/** Permanent RCPT refusals that are not about relaying, AUTH or TLS; each refused recipient counts. */
class RecipientRejectedRuleTest {

    private static Session rcpt(String... replies) {
        Conversation c = Conversation.to("mx.example", 25).greet("220 mx").cmd("MAIL FROM:<***@a>", "250 ok");
        for (int i = 0; i < replies.length; i++) c.cmd("RCPT TO:<***@r" + i + ">", replies[i]);
        return c.build();
    }

    @Test
    void everyPermanentRefusalOfARecipientCounts() {
        Finding f = one(new RecipientRejectedRule(), rcpt("550 5.1.1 User unknown", "250 ok", "500 odd"));
        assertThat(f.rule()).isEqualTo("recipient-rejected");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.count()).isEqualTo(2);
        assertThat(f.evidence().sample()).isEqualTo("550 5.1.1 User unknown");
        assertThat(f.explanation()).startsWith("The server permanently refused 2 recipients (5xx to RCPT TO)");
        assertThat(f.fix()).contains("mail.smtp.sendpartial=true");
        assertThat(one(new RecipientRejectedRule(), rcpt("553 5.1.3 bad address")).explanation())
                .startsWith("The server permanently refused one recipient");
    }

    @Test
    void notForTemporaryRelayAuthOrTlsRefusals() {
        none(new RecipientRejectedRule(), rcpt("499 odd", "450 4.2.0 busy"));
        none(new RecipientRejectedRule(), rcpt("554 5.7.1 Relay access denied"));
        none(new RecipientRejectedRule(), rcpt("530 5.7.0 Authentication required"));
        none(new RecipientRejectedRule(), rcpt("530 5.7.0 Must issue a STARTTLS command first"));
        none(new RecipientRejectedRule(), Conversation.to("mx.example", 25).greet("220 mx").cmd("MAIL FROM:<***@a>", "550 no").build());
    }

    @Test
    void theTextsAreIndonesianToo() {
        assertThat(oneId(new RecipientRejectedRule(), rcpt("550 no", "550 no")).explanation()).contains("2 penerima");
    }
}
