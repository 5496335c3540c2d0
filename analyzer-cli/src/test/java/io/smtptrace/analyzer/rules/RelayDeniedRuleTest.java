package io.smtptrace.analyzer.rules;

import static io.smtptrace.analyzer.rules.RuleRun.none;
import static io.smtptrace.analyzer.rules.RuleRun.one;
import static io.smtptrace.analyzer.rules.RuleRun.oneId;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.support.Conversation;

/** Relaying refused on RCPT: unauthenticated clients are told to authenticate, authenticated ones to ask for the right. */
class RelayDeniedRuleTest {

    private static Session relay(boolean authenticated, String... replies) {
        Conversation c = Conversation.to("mx.example", 25).greet("220 mx");
        if (authenticated) c.cmd("AUTH PLAIN [redacted]", "235 ok");
        c.cmd("MAIL FROM:<***@a>", "250 ok");
        for (int i = 0; i < replies.length; i++) c.cmd("RCPT TO:<***@r" + i + ">", replies[i]);
        return c.build();
    }

    @Test
    void anUnauthenticatedClientIsToldToAuthenticate() {
        Finding f = one(new RelayDeniedRule(), relay(false, "554 5.7.1 Relay access denied", "250 ok", "550 5.7.1 Relaying denied"));
        assertThat(f.rule()).isEqualTo("relay-denied");
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.count()).isEqualTo(2);
        assertThat(f.evidence().sample()).isEqualTo("554 5.7.1 Relay access denied");
        assertThat(f.explanation()).startsWith("The server refused to relay to 2 recipients:").endsWith("this connection never authenticated.");
        assertThat(f.fix()).startsWith("Authenticate before sending");
        assertThat(one(new RelayDeniedRule(), relay(false, "554 5.7.1 Relay access denied")).explanation())
                .startsWith("The server refused to relay to a recipient:");
    }

    @Test
    void anAuthenticatedClientNeedsTheAdministrator() {
        Finding f = one(new RelayDeniedRule(), relay(true, "554 5.7.1 Relay access denied"));
        assertThat(f.explanation()).contains("even the authenticated account is not allowed");
        assertThat(f.fix()).startsWith("Ask the mail administrator");
    }

    @Test
    void notForOtherRefusalsOrCommands() {
        none(new RelayDeniedRule(), relay(false, "550 5.1.1 User unknown", "450 4.7.1 relay later"));
        none(new RelayDeniedRule(), Conversation.to("mx.example", 25).greet("220 mx").cmd("MAIL FROM:<***@a>", "554 5.7.1 Relay access denied").build());
    }

    @Test
    void theTextsAreIndonesianToo() {
        assertThat(oneId(new RelayDeniedRule(), relay(true, "554 5.7.1 Relay access denied")).fix())
                .isNotEqualTo(one(new RelayDeniedRule(), relay(true, "554 5.7.1 Relay access denied")).fix()).isNotBlank();
    }
}
