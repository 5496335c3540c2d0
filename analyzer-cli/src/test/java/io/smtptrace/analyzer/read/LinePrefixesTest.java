package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Learning a wrapper's prefix from one line and cutting it from the next ones. */
class LinePrefixesTest {
    static final java.util.function.Predicate<String> NONE = s -> false;

    static LinePrefixes.Cut learnThenStrip(String first, String next) {
        LinePrefixes p = new LinePrefixes(null);
        LinePrefixes.Cut c = new LinePrefixes.Cut();
        assertThat(p.learn(first, c, NONE)).as(first).isTrue();
        LinePrefixes.Cut n = new LinePrefixes.Cut();
        assertThat(p.strip(next, n)).as(next).isTrue();
        return n;
    }

    @Test
    void kubectlTimestampsLearnedAtAFullSecondStillFitLinesWithAFraction() {
        LinePrefixes.Cut c = learnThenStrip("2026-11-30T10:00:00Z DEBUG: setDebug: Jakarta Mail version 1.6.7",
                "2026-11-30T10:00:00.00001Z DEBUG: getProvider() returning javax.mail.Provider[TRANSPORT,smtp]");
        assertThat(c.text).startsWith("DEBUG: getProvider()");
        assertThat(c.time).isEqualTo(Instant.parse("2026-11-30T10:00:00.00001Z"));
        assertThat(c.stream).isEmpty();
    }

    @Test
    void composeNamesTheStreamAndKeepsTheTextAsItIs() {
        LinePrefixes.Cut c = learnThenStrip("billing-1  | DEBUG SMTP: trying to connect to host \"mx\", port 25, isSSL false",
                "alerts-worker-1  | 250-SIZE 10240000 ");
        assertThat(c.text).isEqualTo("250-SIZE 10240000 ");
        assertThat(c.stream).isEqualTo("alerts-worker-1");
    }

    @Test
    void journaldWildflyKubectlPrefixAndCri() {
        LinePrefixes.Cut j = learnThenStrip("Nov 30 10:00:01 mailhost java[4242]: DEBUG SMTP: useEhlo true, useAuth true",
                "Nov  3 10:00:02 mailhost java[4242]: 250 2.1.0 Ok");
        assertThat(j.text).isEqualTo("250 2.1.0 Ok");
        assertThat(j.stream).isEqualTo("mailhost java[4242]");
        LinePrefixes.Cut w = learnThenStrip("2026-11-30 10:00:01,123 INFO  [stdout] (default task-7) DEBUG SMTP: useEhlo true",
                "2026-11-30 10:00:01,124 ERROR [stderr] (default task-7) javax.mail.MessagingException: x");
        assertThat(w.stream).isEqualTo("(default task-7)");
        assertThat(w.time).isEqualTo(Instant.parse("2026-11-30T10:00:01.124Z"));
        LinePrefixes.Cut k = learnThenStrip("[pod/billing-7d9f/billing] 2026-11-30T10:00:01.5Z DEBUG: x",
                "[pod/billing-8e1a/billing] 2026-11-30T10:00:02Z QUIT");
        assertThat(k.text).isEqualTo("QUIT");
        assertThat(k.stream).isEqualTo("[pod/billing-8e1a/billing]");
        LinePrefixes.Cut cri = learnThenStrip("2026-11-30T10:00:01.5Z stdout F DEBUG: x", "2026-11-30T10:00:01.6Z stdout F 221 Bye");
        assertThat(cri.stream).isEmpty();
    }

    @Test
    void aPasteLosesItsIndentationAndTrailingBlanksOnly() {
        LinePrefixes.Cut c = learnThenStrip("    DEBUG SMTP: connected", "     folded header line   ");
        assertThat(c.text).isEqualTo(" folded header line");
    }

    @Test
    void anApplicationSentenceIsNoPrefix() {
        LinePrefixes p = new LinePrefixes(null);
        assertThat(p.learn("Sending the report with DEBUG: on", new LinePrefixes.Cut(), NONE)).isFalse();
        assertThat(p.learn("user said MAIL FROM:<x@y> is wrong", new LinePrefixes.Cut(), NONE)).isFalse();
        assertThat(p.active()).isFalse();
    }

    @Test
    void aJulLevelBelongsToTheRecordNotToThePrefix() {
        LinePrefixes.Cut c = learnThenStrip("2026-11-30T10:00:01.5Z FINEST: MAIL FROM:<a@b>", "2026-11-30T10:00:01.6Z FINE: useEhlo true");
        assertThat(c.text).isEqualTo("FINE: useEhlo true");
    }
}
