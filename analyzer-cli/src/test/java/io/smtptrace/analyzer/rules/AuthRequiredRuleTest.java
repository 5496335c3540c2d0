package io.smtptrace.analyzer.rules;

import static io.smtptrace.analyzer.rules.RuleRun.none;
import static io.smtptrace.analyzer.rules.RuleRun.one;
import static io.smtptrace.analyzer.rules.RuleRun.oneId;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.support.Conversation;

/** A 530 to a client that never authenticated: once per connection, with what the EHLO reply and the config say. */
class AuthRequiredRuleTest {

    private static Conversation refused(String id, String... ehlo) {
        return Conversation.to("mx.example", 587).id(id).greet("220 mx").cmd("EHLO a", ehlo)
                .cmd("MAIL FROM:<***@a>", "530 5.7.0 Authentication required");
    }

    @Test
    void oneRefusalIsCitedWithItsReply() {
        Finding f = one(new AuthRequiredRule(), refused("s1", "250 mx").build());
        assertThat(f.rule()).isEqualTo("auth-required");
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.evidence().sample()).isEqualTo("530 5.7.0 Authentication required");
        assertThat(f.evidence().sessions()).containsExactly("s1");
        assertThat(f.explanation()).isEqualTo("The server answered 530 (authentication required) once on one connection: the client"
                + " sent MAIL FROM without AUTH, so the message was not accepted.");
        assertThat(f.fix()).startsWith("Set mail.smtp.auth=true");
    }

    @Test
    void onlyTheFirstRefusalOfAConnectionCounts() {
        Session s = refused("s1", "250 mx").cmd("MAIL FROM:<***@b>", "530 5.7.0 Authentication required").build();
        assertThat(one(new AuthRequiredRule(), s).count()).isEqualTo(1);
    }

    @Test
    void theThirdRefusalIsCalledARetryLoop() {
        Finding two = one(new AuthRequiredRule(), refused("a", "250 mx").build(), refused("b", "250 mx").build());
        assertThat(two.explanation()).contains("2 times on 2 connections").doesNotContain("retried");
        Finding three = one(new AuthRequiredRule(), refused("a", "250 mx").build(), refused("b", "250 mx").build(),
                refused("c", "250 mx").build());
        assertThat(three.explanation()).contains("3 times on 3 connections").contains("The application retried 3 times");
    }

    @Test
    void whatTheServerOfferedAndTheConfigurationSaidIsExplained() {
        assertThat(one(new AuthRequiredRule(), refused("a", "250-mx", "250 AUTH PLAIN LOGIN").build()).explanation())
                .contains("The server offered AUTH in its EHLO reply").doesNotContain("mail.smtp.auth was true");
        assertThat(one(new AuthRequiredRule(), refused("a", "250-mx", "250 auth=login").build()).explanation())
                .as("the old AUTH= form, any case").contains("The server offered AUTH");
        assertThat(one(new AuthRequiredRule(), refused("a", "250-mx", "250 SIZE 10").build()).explanation())
                .doesNotContain("offered").doesNotContain("mail.smtp.auth was true");
        Session configured = refused("a", "250-mx", "250 AUTH PLAIN").build();
        configured.authConfigured = true;
        assertThat(one(new AuthRequiredRule(), configured).explanation()).contains("mail.smtp.auth was true, but no AUTH was sent")
                .doesNotContain("The server offered AUTH");
        Session notConfigured = refused("a", "250 mx").build();
        notConfigured.authConfigured = false;
        assertThat(one(new AuthRequiredRule(), notConfigured).explanation()).doesNotContain("mail.smtp.auth was true");
    }

    @Test
    void theFirstConnectionsFactsStand() {
        Finding f = one(new AuthRequiredRule(), refused("a", "250 mx").build(), refused("b", "250-mx", "250 AUTH PLAIN").build());
        assertThat(f.explanation()).doesNotContain("offered");
    }

    @Test
    void notForAnAuthenticatedClientAGreetingOrTheAuthCommandItself() {
        Session authenticated = Conversation.to("mx.example", 587).greet("220 mx").cmd("AUTH PLAIN", "235 ok")
                .cmd("MAIL FROM:<***@a>", "530 5.7.0 Authentication required").build();
        none(new AuthRequiredRule(), authenticated);
        none(new AuthRequiredRule(), Conversation.to("mx.example", 587).greet("530 5.7.0 Authentication required").build());
        none(new AuthRequiredRule(), Conversation.to("mx.example", 587).greet("220 mx").cmd("AUTH PLAIN", "530 5.7.0 Authentication required").build());
        none(new AuthRequiredRule(), Conversation.to("mx.example", 587).greet("220 mx").cmd("MAIL FROM:<***@a>", "550 5.1.8 bad sender").build());
        // a failed AUTH, then MAIL without it: the 530 to MAIL counts
        Session failed = Conversation.to("mx.example", 587).greet("220 mx").cmd("AUTH PLAIN", "535 no")
                .cmd("MAIL FROM:<***@a>", "530 5.7.0 Authentication required").build();
        assertThat(one(new AuthRequiredRule(), failed).evidence().sample()).isEqualTo("530 5.7.0 Authentication required");
    }

    @Test
    void theTextsAreIndonesianToo() {
        Finding f = oneId(new AuthRequiredRule(), refused("a", "250 AUTH PLAIN").build(), refused("b", "250 mx").build(),
                refused("c", "250 mx").build());
        assertThat(f.explanation()).startsWith("Server menjawab 530 (autentikasi diperlukan) 3 kali pada 3 koneksi")
                .contains("Aplikasi mencoba ulang 3 kali");
    }
}
