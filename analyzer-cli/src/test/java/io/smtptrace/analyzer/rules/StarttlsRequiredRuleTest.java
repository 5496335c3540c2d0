package io.smtptrace.analyzer.rules;

import static io.smtptrace.analyzer.rules.RuleRun.none;
import static io.smtptrace.analyzer.rules.RuleRun.one;
import static io.smtptrace.analyzer.rules.RuleRun.oneId;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.support.Conversation;

/** A refusal that asks for STARTTLS first, on a connection that did not complete one. */
class StarttlsRequiredRuleTest {

    private static final String MUST = "530 5.7.0 Must issue a STARTTLS command first";

    @Test
    void theRefusedCommandIsNamedAndCitedOncePerConnection() {
        Session s = Conversation.to("mx.example", 25).id("s1").greet("220 mx").cmd("EHLO a", "250 mx").cmd("MAIL FROM:<***@a>", MUST)
                .cmd("RCPT TO:<***@b>", MUST).build();
        Finding f = one(new StarttlsRequiredRule(), s);
        assertThat(f.rule()).isEqualTo("starttls-required");
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.count()).isEqualTo(1);
        assertThat(f.evidence().sample()).isEqualTo(MUST);
        assertThat(f.explanation()).isEqualTo("The server refused MAIL with 530 'must issue STARTTLS first': it accepts mail only over an"
                + " encrypted connection, and the client never sent STARTTLS. Because many servers offer AUTH only after STARTTLS,"
                + " the client also skipped authentication silently.");
        assertThat(f.fix()).contains("mail.smtp.starttls.required=true");
    }

    @Test
    void anOfferIsMentionedAndRepeatsCounted() {
        Session a = Conversation.to("mx.example", 25).greet("220 mx").cmd("EHLO a", "250-mx", "250 STARTTLS").cmd("AUTH PLAIN", MUST).build();
        Session b = Conversation.to("mx.example", 25).greet("220 mx").cmd("EHLO a", "250 mx").cmd("AUTH PLAIN", MUST).build();
        Finding f = one(new StarttlsRequiredRule(), a, b);
        assertThat(f.count()).isEqualTo(2);
        assertThat(f.explanation()).startsWith("The server refused AUTH with 530 'must issue STARTTLS first' (2 connections):")
                .contains("The server even offered it in its EHLO reply.");
    }

    @Test
    void aRefusalWithoutACommandIsShownAsUnknown() {
        Session s = Conversation.to("mx.example", 25).greet("554 5.7.0 TLS required").build();
        assertThat(one(new StarttlsRequiredRule(), s).explanation()).startsWith("The server refused ? with 530");
    }

    @Test
    void notAfterACompletedStarttlsButAfterAFailedOne() {
        Session done = Conversation.to("mx.example", 587).greet("220 mx").cmd("STARTTLS", "220 go").cmd("EHLO a", "250 mx")
                .cmd("MAIL FROM:<***@a>", MUST).build();
        none(new StarttlsRequiredRule(), done);
        Session failed = Conversation.to("mx.example", 587).greet("220 mx").cmd("STARTTLS", "220 go").cmd("EHLO a", "250 mx")
                .cmd("MAIL FROM:<***@a>", MUST).build();
        failed.tlsEstablished = false;
        assertThat(one(new StarttlsRequiredRule(), failed).count()).isEqualTo(1);
        Session implicit = Conversation.to("mx.example", 465).ssl().greet("220 mx").cmd("MAIL FROM:<***@a>", MUST).build();
        assertThat(implicit.tlsEstablished).isTrue();
        assertThat(one(new StarttlsRequiredRule(), implicit).count()).as("implicit TLS is not the STARTTLS asked for").isEqualTo(1);
        none(new StarttlsRequiredRule(), Conversation.to("mx.example", 25).greet("220 mx").cmd("MAIL FROM:<***@a>", "530 5.7.0 Authentication required").build());
    }

    @Test
    void theTextsAreIndonesianToo() {
        Session s = Conversation.to("mx.example", 25).greet("220 mx").cmd("EHLO a", "250-mx", "250 STARTTLS").cmd("MAIL FROM:<***@a>", MUST).build();
        Finding f = oneId(new StarttlsRequiredRule(), s);
        assertThat(f.explanation()).startsWith("Server menolak MAIL dengan 530 'must issue STARTTLS first': server hanya menerima")
                .contains("Padahal server sudah menawarkannya dalam balasan EHLO.");
    }
}
