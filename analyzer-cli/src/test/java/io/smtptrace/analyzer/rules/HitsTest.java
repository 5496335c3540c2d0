package io.smtptrace.analyzer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;

/** The bounded evidence of a finding: counts, connections, sources, first and last time, one sample. */
class HitsTest {
    private static final Instant T0 = Instant.parse("2026-11-29T04:10:00Z");

    private static Session session(String id, String source, Instant start) {
        Session s = new Session();
        s.id = id;
        s.host = "mx.example";
        s.port = 25;
        s.source = source;
        s.start = start;
        return s;
    }

    @Test
    void hitsAreCountedPerServerAndConnection() {
        Hits h = new Hits();
        Session a = session("a", "one.log", T0);
        Session b = session("b", "one.log", T0);
        h.hit(a, null, "550 first");
        h.hit(a, null, "550 second");
        h.hit(b, null, null);
        h.hit(a, null, "550 third");
        Session other = session("c", "two.log", T0);
        other.host = "other.example";
        h.hit(other, null, "");
        assertThat(h.total()).isEqualTo(5);
        assertThat(h.all()).extracting(x -> x.server).containsExactly("mx.example:25", "other.example:25");
        Hits.Agg mx = h.all().get(0);
        assertThat(mx.count).isEqualTo(4);
        assertThat(mx.sessionCount).as("a connection hit again later is not counted twice").isEqualTo(2);
        assertThat(mx.sessions).containsExactly("a", "b");
        assertThat(mx.sample).isEqualTo("550 first");
        assertThat(h.all().get(1).sample).as("a blank sample is none").isNull();
        Evidence e = Hits.evidence(mx, RuleRun.EN);
        assertThat(e.sessions()).containsExactly("a", "b");
        assertThat(e.sessionCount()).isEqualTo(2);
        assertThat(e.count()).isEqualTo(4);
        assertThat(e.sample()).isEqualTo("550 first");
        assertThat(e.sources()).containsExactly("one.log");
        assertThat(Hits.evidence(h.all().get(1), RuleRun.EN).sample()).isNull();
    }

    @Test
    void tenConnectionsAndFiveSourcesAreKeptAllAreCounted() {
        Hits h = new Hits();
        for (int i = 0; i < 12; i++) h.hit(session("s" + i, i == 3 ? null : "log" + i, T0), T0, "x");
        Hits.Agg a = h.all().get(0);
        assertThat(a.sessionCount).isEqualTo(12);
        assertThat(a.sessions).hasSize(Hits.MAX_IDS).startsWith("s0").endsWith("s9");
        assertThat(a.sources).containsExactly("log0", "log1", "log2", "log4", "log5");
    }

    @Test
    void firstAndLastSpanTheHitsInAnyOrder() {
        Hits h = new Hits();
        Session s = session("a", null, T0);
        h.hit(s, T0.plusSeconds(5), "x");
        h.hit(s, T0.plusSeconds(9), "x");
        h.hit(s, T0.plusSeconds(1), "x");
        h.hit(s, T0.plusSeconds(7), "x");
        h.hit(s, null, "x"); // no time of its own: the connection's start
        Hits.Agg a = h.all().get(0);
        assertThat(a.first).isEqualTo(T0);
        assertThat(a.last).isEqualTo(T0.plusSeconds(9));
        assertThat(a.sources).isEmpty();
        Hits untimed = new Hits();
        untimed.hit(session("b", null, null), null, "x");
        assertThat(untimed.all().get(0).first).isNull();
        assertThat(untimed.all().get(0).last).isNull();
    }

    @Test
    void aDescribedSampleIsPhrasedAtReportTimeAndAQuotedOneWins() {
        Hits h = new Hits();
        Session s = session("a", null, T0);
        h.hitDescribed(s, null, "slow-server.sample.timeout", "NOOP", "eof");
        h.hitDescribed(s, null, "slow-server.sample.slow", "RCPT", "250 ok", "4000");
        Hits.Agg a = h.all().get(0);
        assertThat(Hits.evidence(a, RuleRun.EN).sample()).isEqualTo("NOOP -> no reply (eof)");
        assertThat(Hits.evidence(a, RuleRun.ID).sample()).isEqualTo("NOOP -> tidak ada balasan (eof)");
        Hits quoted = new Hits();
        quoted.hit(s, null, "550 no");
        quoted.hitDescribed(s, null, "slow-server.sample.timeout", "NOOP", "eof");
        assertThat(quoted.all().get(0).sampleKey).isNull();
        assertThat(Hits.evidence(quoted.all().get(0), RuleRun.EN).sample()).isEqualTo("550 no");
    }
}
