package io.smtptrace.analyzer.rules;

import static io.smtptrace.analyzer.rules.RuleRun.findings;
import static io.smtptrace.analyzer.rules.RuleRun.none;
import static io.smtptrace.analyzer.rules.RuleRun.one;
import static io.smtptrace.analyzer.rules.RuleRun.oneId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.support.Conversation;

/** Five or more one-message connections to one server within a minute of each other. */
class ConnectionPerMessageRuleTest {
    private static final Instant T0 = Instant.parse("2026-11-29T04:00:00Z");

    private static Session oneMessage(String host, Instant start, String id) {
        return Conversation.to(host, 587).id(id).at(start).correct().build();
    }

    /** n one-message connections to mx.example, started {@code gapMs} apart. */
    private static Session[] burst(int n, long gapMs) {
        Session[] s = new Session[n];
        for (int i = 0; i < n; i++) s[i] = oneMessage("mx.example", T0.plusMillis(i * gapMs), "c" + i);
        return s;
    }

    @Test
    void fiveConnectionsWithinAMinuteAreABurstFourAreNot() {
        none(new ConnectionPerMessageRule(), burst(4, 1000));
        Finding f = one(new ConnectionPerMessageRule(), burst(5, 1000));
        assertThat(f.rule()).isEqualTo("connection-per-message");
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.title()).isEqualTo("One connection per message");
        assertThat(f.server()).isEqualTo("mx.example:587");
        assertThat(f.count()).isEqualTo(5);
        assertThat(f.explanation()).startsWith("5 connections to this server carried exactly one message each (up to 5 within one minute).");
        assertThat(f.fix()).contains("Transport");
        assertThat(f.evidence().sample()).isEqualTo("5 connections with one message each within 60 s");
        assertThat(f.evidence().sessions()).containsExactly("c0", "c1", "c2", "c3", "c4");
        assertThat(f.evidence().sessionCount()).isEqualTo(5);
        assertThat(f.evidence().count()).isEqualTo(5);
        assertThat(f.evidence().first()).isEqualTo(T0);
        assertThat(f.evidence().last()).isEqualTo(T0.plusSeconds(4));
        assertThat(f.evidence().sources()).containsExactly("synthetic");
    }

    @Test
    void theWindowIsOneMinuteFromItsFirstConnection() {
        // exactly 60 s after the window opened still belongs to it
        assertThat(one(new ConnectionPerMessageRule(), burst(5, 15_000)).explanation()).contains("(up to 5 within one minute)");
        // 60.004 s later: a new window, so only 4 + 1
        none(new ConnectionPerMessageRule(), burst(5, 15_001));
        // a later burst counts on its own and the total counts every one-message connection
        List<Session> all = new ArrayList<>();
        for (int i = 0; i < 2; i++) all.add(oneMessage("mx.example", T0.minusSeconds(3600 + i), "early" + i));
        all.addAll(List.of(burst(6, 100)));
        Finding f = one(new ConnectionPerMessageRule(), all.toArray(Session[]::new));
        assertThat(f.count()).isEqualTo(8);
        assertThat(f.explanation()).startsWith("8 connections").contains("(up to 6 within one minute)");
        assertThat(f.evidence().first()).isEqualTo(T0.minusSeconds(3601));
        assertThat(f.evidence().last()).isEqualTo(T0.plusMillis(500));
    }

    @Test
    void aConnectionOlderThanTheWindowStartOpensANewWindow() {
        Session[] s = burst(4, 1000);
        List<Session> all = new ArrayList<>(List.of(s));
        all.add(oneMessage("mx.example", T0.minusMillis(1), "older"));
        none(new ConnectionPerMessageRule(), all.toArray(Session[]::new));
        // out of order but inside the window would have made 5: the evidence still spans them all
        List<Session> late = new ArrayList<>(List.of(burst(5, 1000)));
        late.add(0, oneMessage("mx.example", T0.plusSeconds(10), "late"));
        Finding f = one(new ConnectionPerMessageRule(), late.toArray(Session[]::new));
        assertThat(f.evidence().first()).isEqualTo(T0);
        assertThat(f.evidence().last()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void withoutTimesConsecutiveConnectionsAreOneWindow() {
        Session[] s = burst(5, 0);
        for (Session x : s) x.start = null;
        Finding f = one(new ConnectionPerMessageRule(), s);
        assertThat(f.explanation()).contains("(up to 5 within one minute)");
        assertThat(f.evidence().first()).isNull();
        assertThat(f.evidence().last()).isNull();
        // timed connections, then untimed ones: the untimed ones join the open window
        Session[] mixed = burst(5, 1000);
        mixed[3].start = null;
        mixed[4].start = null;
        assertThat(one(new ConnectionPerMessageRule(), mixed).evidence().last()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void onlyGreetedConnectionsWithExactlyOneMessageCount() {
        ConnectionPerMessageRule rule = new ConnectionPerMessageRule();
        Session two = Conversation.to("mx.example", 587).at(T0).correct().message().build();
        Session zero = Conversation.to("mx.example", 587).at(T0).greet("220 mx").cmd("QUIT", "221 bye").build();
        Session unanswered = Conversation.to("mx.example", 587).at(T0).message().build();
        for (Session s : new Session[] {two, two, two, zero, zero, unanswered, unanswered}) rule.accept(s);
        assertThat(rule.hitCount()).isZero();
        for (Session s : burst(4, 10)) rule.accept(s);
        assertThat(rule.hitCount()).as("every one-message connection counts").isEqualTo(4);
        assertThat(rule.findings(RuleRun.EN)).isEmpty();
        rule.accept(unanswered);
        rule.accept(two);
        assertThat(rule.findings(RuleRun.EN)).isEmpty();
    }

    @Test
    void eachServerIsJudgedOnItsOwn() {
        List<Session> s = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            s.add(oneMessage("a.example", T0.plusSeconds(i), "a" + i));
            if (i < 4) s.add(oneMessage("b.example", T0.plusSeconds(i), "b" + i));
        }
        assertThat(findings(new ConnectionPerMessageRule(), s.toArray(Session[]::new))).extracting(Finding::server)
                .containsExactly("a.example:587");
    }

    @Test
    void theEvidenceKeepsTenSessionsAndFiveSources() {
        Session[] s = burst(12, 10);
        for (int i = 0; i < s.length; i++) s[i].source = "log" + (i % 7);
        s[11].source = null;
        Finding f = one(new ConnectionPerMessageRule(), s);
        assertThat(f.count()).isEqualTo(12);
        assertThat(f.evidence().sessions()).hasSize(10).startsWith("c0").endsWith("c9");
        assertThat(f.evidence().sessionCount()).isEqualTo(12);
        assertThat(f.evidence().sources()).containsExactly("log0", "log1", "log2", "log3", "log4");
        Session[] same = burst(6, 10);
        assertThat(one(new ConnectionPerMessageRule(), same).evidence().sources()).containsExactly("synthetic");
    }

    @Test
    void theTextsAreIndonesianToo() {
        Finding f = oneId(new ConnectionPerMessageRule(), burst(7, 100));
        assertThat(f.title()).isEqualTo("Satu koneksi per pesan");
        assertThat(f.explanation()).startsWith("7 koneksi ke server ini masing-masing membawa tepat satu pesan (hingga 7 dalam satu menit).");
        assertThat(f.evidence().sample()).isEqualTo("7 koneksi dengan masing-masing satu pesan dalam 60 detik");
    }
}
