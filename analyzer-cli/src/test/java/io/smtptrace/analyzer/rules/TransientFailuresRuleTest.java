package io.smtptrace.analyzer.rules;

import static io.smtptrace.analyzer.rules.RuleRun.none;
import static io.smtptrace.analyzer.rules.RuleRun.one;
import static io.smtptrace.analyzer.rules.RuleRun.oneId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.support.Conversation;

/** 421 and 450-459: a note once, a warning from the third; retries within a minute are a storm. */
class TransientFailuresRuleTest {
    private static final Instant T0 = Instant.parse("2026-11-29T04:00:00Z");

    private static Session mailAnswered(String reply) {
        return Conversation.to("mx.example", 25).greet("220 mx").cmd("EHLO a", "250 mx").cmd("MAIL FROM:<***@a>", reply).build();
    }

    private static Session at(Instant t, String id, String reply) {
        return Conversation.to("mx.example", 25).id(id).at(t).greet("220 mx").cmd("EHLO a", "250 mx").cmd("MAIL FROM:<***@a>", reply).build();
    }

    @Test
    void only421And450To459AreTransient() {
        none(new TransientFailuresRule(), mailAnswered("420 odd"));
        none(new TransientFailuresRule(), mailAnswered("449 odd"));
        none(new TransientFailuresRule(), mailAnswered("460 odd"));
        none(new TransientFailuresRule(), mailAnswered("550 no"));
        for (String reply : new String[] {"421 4.7.0 bye", "450 4.2.0 mailbox busy", "459 4.0.0 odd"}) {
            Finding f = one(new TransientFailuresRule(), mailAnswered(reply));
            assertThat(f.evidence().sample()).isEqualTo(reply);
            assertThat(f.severity()).isEqualTo(Severity.INFO);
        }
    }

    @Test
    void theRuleIsAWarningRuleThatStartsAsANote() {
        assertThat(new TransientFailuresRule().severity()).isEqualTo(Severity.WARNING);
        assertThat(new TransientFailuresRule().id()).isEqualTo("transient-failures");
    }

    @Test
    void aTransientAuthFailureIsLeftToAuthFailed() {
        none(new TransientFailuresRule(), Conversation.to("mx.example", 25).greet("220 mx").cmd("AUTH PLAIN", "454 4.7.0 later").build());
    }

    @Test
    void oneFailureIsANoteWithoutRetryAdvice() {
        Finding f = one(new TransientFailuresRule(), mailAnswered("451 4.3.0 local error"));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.explanation()).isEqualTo("The server answered with a temporary failure once on one connection.");
        assertThat(f.fix()).contains("exponential back-off");
    }

    @Test
    void theReplyTextSaysGreylistingOrThrottling() {
        assertThat(one(new TransientFailuresRule(), mailAnswered("450 4.2.0 Greylisted, see http://x")).explanation())
                .contains("greylisting").doesNotContain("throttling");
        assertThat(one(new TransientFailuresRule(), mailAnswered("421 4.7.0 closing")).explanation())
                .contains("throttling").doesNotContain("greylisting");
        assertThat(one(new TransientFailuresRule(), mailAnswered("451 4.7.1 Rate limit exceeded")).explanation()).contains("throttling");
        assertThat(one(new TransientFailuresRule(), mailAnswered("451 4.7.1 Too many messages")).explanation()).contains("throttling");
        assertThat(one(new TransientFailuresRule(), mailAnswered("452 4.7.1 Throttled")).explanation()).contains("throttling");
        assertThat(one(new TransientFailuresRule(), mailAnswered("451 4.3.0 local error")).explanation())
                .doesNotContain("throttling").doesNotContain("greylisting");
    }

    @Test
    void twoFailuresStayANoteTheThirdIsAWarning() {
        Finding two = one(new TransientFailuresRule(), at(T0, "a", "451 later"), at(T0.plusSeconds(1), "b", "451 later"));
        assertThat(two.severity()).isEqualTo(Severity.INFO);
        assertThat(two.explanation()).isEqualTo("The server answered with a temporary failure 2 times on 2 connections.");
        Finding three = one(new TransientFailuresRule(), at(T0, "a", "451 later"), at(T0.plusSeconds(1), "b", "451 later"),
                at(T0.plusSeconds(2), "c", "451 later"));
        assertThat(three.severity()).isEqualTo(Severity.WARNING);
        assertThat(three.evidence().sessions()).containsExactly("a", "b", "c");
    }

    @Test
    void retriesWithinAMinuteAreAStormWithTheirSpan() {
        Instant mail = T0.plusMillis(20); // the MAIL of each conversation is 20 ms after its start
        Finding storm = one(new TransientFailuresRule(), at(T0, "a", "451 later"), at(T0.plusSeconds(30), "b", "451 later"),
                at(T0.plusMillis(59_999), "c", "451 later"));
        assertThat(storm.evidence().first()).isEqualTo(mail);
        assertThat(storm.evidence().last()).isEqualTo(mail.plusMillis(59_999));
        assertThat(storm.explanation()).endsWith("The retries came within 59999 ms: a retry storm that keeps the client throttled.");
        Finding spread = one(new TransientFailuresRule(), at(T0, "a", "451 later"), at(T0.plusSeconds(30), "b", "451 later"),
                at(T0.plusSeconds(60), "c", "451 later"));
        assertThat(spread.explanation()).endsWith("The client retried 3 times.").doesNotContain("storm");
    }

    @Test
    void withoutTimesRepeatsAreStillCounted() {
        Session[] s = new Session[3];
        for (int i = 0; i < 3; i++) {
            s[i] = mailAnswered("451 later");
            s[i].id = "s" + i;
            s[i].start = null;
            s[i].exchanges.forEach(e -> e.time = null);
        }
        Finding f = one(new TransientFailuresRule(), s);
        assertThat(f.evidence().first()).isNull();
        assertThat(f.explanation()).endsWith("The client retried 3 times.");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void theTextsAreIndonesianToo() {
        Finding f = oneId(new TransientFailuresRule(), at(T0, "a", "450 greylisted"), at(T0.plusSeconds(1), "b", "421 bye"),
                at(T0.plusSeconds(2), "c", "451 later"));
        assertThat(f.explanation()).startsWith("Server menjawab dengan kegagalan sementara 3 kali pada 3 koneksi.")
                .contains("greylisting").contains("(421)").contains("Percobaan ulang terjadi dalam 2000 ms");
    }
}
