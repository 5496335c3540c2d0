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

    @Test
    void aGivenPatternCutsNamesTheStreamAndGivesTheTime() {
        LinePrefixes p = new LinePrefixes(java.util.regex.Pattern.compile("\\[(?<stream>[^]]+)\\] (?<time>\\S+) "));
        assertThat(p.active()).isTrue();
        LinePrefixes.Cut c = new LinePrefixes.Cut();
        assertThat(p.strip("[web-1] 2026-11-30T10:00:01.5Z 250 OK", c)).isTrue();
        assertThat(c.text).isEqualTo("250 OK");
        assertThat(c.stream).isEqualTo("web-1");
        assertThat(c.time).isEqualTo(Instant.parse("2026-11-30T10:00:01.5Z"));
        assertThat(p.strip("250 OK", c)).isFalse();
        // a given pattern is never replaced by learning
        assertThat(p.learn("2026-11-30T10:00:01Z DEBUG SMTP: x", c, NONE)).isFalse();
        // its flags are kept
        LinePrefixes ci = new LinePrefixes(java.util.regex.Pattern.compile("app: ", java.util.regex.Pattern.CASE_INSENSITIVE));
        assertThat(ci.strip("APP: 250 OK ", c)).isTrue();
        assertThat(c.text).as("a given prefix leaves trailing blanks").isEqualTo("250 OK ");
        assertThat(c.stream).isEmpty();
        assertThat(c.time).isNull();
        assertThat(ci.stateKey()).isNotEqualTo(new LinePrefixes(java.util.regex.Pattern.compile("app: ")).stateKey());
    }

    @Test
    void theStateKeyTellsWhatWasLearned() {
        LinePrefixes a = new LinePrefixes(null);
        LinePrefixes b = new LinePrefixes(null);
        assertThat(a.stateKey()).isEqualTo(b.stateKey());
        assertThat(a.learn("web-1  | DEBUG SMTP: x", new LinePrefixes.Cut(), NONE)).isTrue();
        assertThat(a.stateKey()).isNotEqualTo(b.stateKey());
        assertThat(b.learn("web-1  | DEBUG SMTP: x", new LinePrefixes.Cut(), NONE)).isTrue();
        assertThat(a.stateKey()).isEqualTo(b.stateKey());
        assertThat(b.learn("    DEBUG SMTP: x", new LinePrefixes.Cut(), NONE)).isTrue();
        assertThat(a.stateKey()).isNotEqualTo(b.stateKey());
        // the shape that fitted last is tried first
        LinePrefixes.Cut c = new LinePrefixes.Cut();
        String before = b.stateKey();
        assertThat(b.strip("web-2  | 250 OK", c)).isTrue();
        assertThat(b.stateKey()).isNotEqualTo(before);
        assertThat(b.strip("web-2  | 250 OK", c)).isTrue();
        assertThat(c.text).isEqualTo("250 OK");
    }

    @Test
    void atMostEightShapesAreLearned() {
        LinePrefixes p = new LinePrefixes(null);
        for (int i = 1; i <= 8; i++) {
            assertThat(p.learn("|".repeat(i) + " DEBUG SMTP: x", new LinePrefixes.Cut(), NONE)).as("shape %d", i).isTrue();
        }
        assertThat(p.learn("||||||||| DEBUG SMTP: x", new LinePrefixes.Cut(), NONE)).isFalse();
        LinePrefixes.Cut c = new LinePrefixes.Cut();
        assertThat(p.strip("||| 250 OK", c)).isTrue();
        assertThat(c.text).isEqualTo("250 OK");
    }

    @Test
    void syslogTimesInTheCurrentYear() {
        LinePrefixes.Cut j = learnThenStrip("Nov 30 10:00:01 mailhost java[4242]: DEBUG SMTP: useEhlo true, useAuth true",
                "Dec  1 09:08:07 mailhost java[4242]: 250 2.1.0 Ok");
        int year = java.time.Year.now(java.time.ZoneOffset.UTC).getValue();
        assertThat(j.time).isEqualTo(Instant.parse(year + "-12-01T09:08:07Z"));
        assertThat(LinePrefixes.parseTime("Nov 30 10:00:01")).isEqualTo(Instant.parse(year + "-11-30T10:00:01Z"));
        assertThat(LinePrefixes.parseTime("Foo 30 10:00:01")).isNull();
        assertThat(LinePrefixes.parseTime("Nov 30")).isNull();
        assertThat(LinePrefixes.parseTime("Nov 30 25:00:01")).isNull();
        assertThat(LinePrefixes.parseTime("")).isNull();
        assertThat(LinePrefixes.parseTime("[2026-11-30T10:00:01.25Z]")).isEqualTo(Instant.parse("2026-11-30T10:00:01.25Z"));
        assertThat(LinePrefixes.parseTime("2026-11-30 10:00:01")).isEqualTo(Instant.parse("2026-11-30T10:00:01Z"));
        assertThat(LinePrefixes.parseTime("[2026-11-30 10:00:0]")).as("shorter than a time").isNull();
        assertThat(LinePrefixes.parseTime("10:00:01")).isNull();
        assertThat(LinePrefixes.parseTime("[")).isNull();
        // a user's pattern whose time group takes the brackets too (--log-prefix '(?<time>\[[^]]+\]) ')
        LinePrefixes given = new LinePrefixes(java.util.regex.Pattern.compile("(?<time>\\[[^]]+\\]) "));
        LinePrefixes.Cut c = new LinePrefixes.Cut();
        assertThat(given.strip("[2026-11-30 10:00:01,123] 250 OK", c)).isTrue();
        assertThat(c.time).isEqualTo(Instant.parse("2026-11-30T10:00:01.123Z"));
    }

    @Test
    void anchorsOnlyAfterSomethingAndNotInsideAWord() {
        assertThat(LinePrefixes.anchor("x DEBUG SMTP: y")).isEqualTo(2);
        assertThat(LinePrefixes.anchor("x|DEBUG: y")).isEqualTo(2);
        assertThat(LinePrefixes.anchor("DEBUG SMTP: y")).isEqualTo(-1);
        assertThat(LinePrefixes.anchor("XDEBUG: y")).isEqualTo(-1);
        assertThat(LinePrefixes.anchor("x 1DEBUG: y")).isEqualTo(-1);
        assertThat(LinePrefixes.anchor("x MAIL FROM:<a@b>")).isEqualTo(2);
        assertThat(LinePrefixes.anchor("x RCPT TO:<a@b>")).isEqualTo(2);
        assertThat(LinePrefixes.anchor("x EHLO app")).isEqualTo(2);
        assertThat(LinePrefixes.anchor("x QUIT")).isEqualTo(-1);
        assertThat(LinePrefixes.mayHoldAnchor("x DEBUG")).isTrue();
        assertThat(LinePrefixes.mayHoldAnchor("DEBUG")).isFalse();
        assertThat(LinePrefixes.mayHoldAnchor("x FROM:<")).isTrue();
        assertThat(LinePrefixes.mayHoldAnchor(" FROM:<")).isFalse();
        assertThat(LinePrefixes.mayHoldAnchor("x TO:<")).isTrue();
        assertThat(LinePrefixes.mayHoldAnchor(" TO:<")).isFalse();
        assertThat(LinePrefixes.mayHoldAnchor("x EHLO ")).isTrue();
        assertThat(LinePrefixes.mayHoldAnchor("EHLO x")).isFalse();
        assertThat(LinePrefixes.mayHoldAnchor("x mail.")).isTrue();
        assertThat(LinePrefixes.mayHoldAnchor("mail.smtp")).isFalse();
        assertThat(LinePrefixes.mayHoldAnchor("250 OK")).isFalse();
    }

    @Test
    void timeTokens() {
        assertThat(LinePrefixes.isTime("10:00:01")).isTrue();
        assertThat(LinePrefixes.isTime("[2026-11-30T10:00:01.5+01:00]")).isTrue();
        assertThat(LinePrefixes.isTime("2026/11/30,Z")).isTrue();
        assertThat(LinePrefixes.isTime("--:")).isFalse();
        assertThat(LinePrefixes.isTime("10h")).isFalse();
        assertThat(LinePrefixes.isTime("")).isFalse();
    }

    @Test
    void whatIsNoPrefixShape() {
        // a bare word before the anchor is an application's sentence, not a wrapper's prefix
        assertThat(new LinePrefixes(null).learn("billing DEBUG SMTP: x", new LinePrefixes.Cut(), NONE)).isFalse();
        // nor are more than eight fields of words and brackets
        assertThat(new LinePrefixes(null).learn("[a] b c d e f g h i DEBUG SMTP: x", new LinePrefixes.Cut(), NONE)).isFalse();
        assertThat(new LinePrefixes(null).learn("[a] b c d e f g h DEBUG SMTP: x", new LinePrefixes.Cut(), NONE)).isTrue();
        // only a JUL level in front: nothing of a wrapper's is left
        assertThat(new LinePrefixes(null).learn("FINE: DEBUG SMTP: x", new LinePrefixes.Cut(), NONE)).isFalse();
        assertThat(LinePrefixes.shapeOf("billing ")).isNull();
        assertThat(LinePrefixes.shapeOf("a | ")).isNotNull();
        assertThat(LinePrefixes.shapeOf("\t")).isNotNull();
    }

    @Test
    void aLoggerLineBehindAWrapperTeachesWhereTheTextStarts() {
        LinePrefixes p = new LinePrefixes(null);
        LinePrefixes.Cut c = new LinePrefixes.Cut();
        java.util.function.Predicate<String> javaMail = s -> s.startsWith("Nov 29, 2026");
        assertThat(p.learn("2026-11-30T10:00:01Z Nov 29, 2026 4:10:01 AM com.sun.mail.smtp.SMTPTransport rcptTo", c, javaMail)).isTrue();
        assertThat(c.text).isEqualTo("Nov 29, 2026 4:10:01 AM com.sun.mail.smtp.SMTPTransport rcptTo");
        assertThat(c.time).isEqualTo(Instant.parse("2026-11-30T10:00:01Z"));
        assertThat(new LinePrefixes(null).learn("2026-11-30T10:00:01Z about mail.smtp", c, NONE)).isFalse();
        // the text must start within the first ten fields
        assertThat(new LinePrefixes(null).learn("2026-11-30T10:00:01Z a b c d e f g h i j mail.smtp", c, s -> s.startsWith("mail.smtp"))).isFalse();
        assertThat(new LinePrefixes(null).learn("2026-11-30T10:00:01Z a b c d e f g h mail.smtp", c, s -> s.startsWith("mail.smtp"))).isFalse();
        assertThat(new LinePrefixes(null).learn("2026-11-30T10:00:01Z a b c d e f g mail.smtp", c, s -> s.startsWith("mail.smtp"))).isTrue();
    }

    @Test
    void learnedTimesFitLaterLinesWithOtherDigitsAndFractions() {
        // each form learned from one line, then a line with other digits in every field and the fraction there or not
        String[][] cases = {
            {"2026-11-30T10:00:01Z", "2027-01-02T09:59:59.5Z", "2027-01-02T09:59:59.500Z"},
            {"2026-11-30T10:00:01.123Z", "2027-01-02T09:59:59Z", "2027-01-02T09:59:59Z"},
            {"2026-11-30 10:00:01,123", "2027-01-02 09:59:59", "2027-01-02T09:59:59Z"},
            {"2026-11-30 10:00:01", "2027-01-02 09:59:59,25", "2027-01-02T09:59:59.250Z"},
            {"2026-11-30T00:00:00Z", "2026-12-01T23:45:12.000001Z", "2026-12-01T23:45:12.000001Z"}};
        for (String[] c : cases) {
            LinePrefixes.Cut cut = learnThenStrip(c[0] + " | DEBUG SMTP: useEhlo true", c[1] + " | 250 OK");
            assertThat(cut.text).as(c[0]).isEqualTo("250 OK");
            assertThat(cut.time).as(c[0]).isEqualTo(Instant.parse(c[2]));
        }
        // a time token ending in a dot is kept as it is
        LinePrefixes.Cut dot = learnThenStrip("10:00:01. | DEBUG SMTP: x", "11:02:03. | 250 OK");
        assertThat(dot.text).isEqualTo("250 OK");
        assertThat(LinePrefixes.isTime("00:00:00")).isTrue();
        assertThat(LinePrefixes.isTime("9")).isTrue();
    }

    @Test
    void bracketsOfEveryKindSideBySideAndWithPunctuationAfterThem() {
        LinePrefixes.Cut angle = learnThenStrip("<pod-1> DEBUG SMTP: x", "<pod-2> 250 OK");
        assertThat(angle.stream).isEqualTo("<pod-2>");
        assertThat(angle.text).isEqualTo("250 OK");
        LinePrefixes.Cut adjacent = learnThenStrip("[app][main] DEBUG SMTP: x", "[billing][worker-2] 250 OK");
        assertThat(adjacent.stream).isEqualTo("[billing] [worker-2]");
        assertThat(adjacent.text).isEqualTo("250 OK");
        LinePrefixes.Cut colon = learnThenStrip("[web-1]: DEBUG SMTP: useEhlo true", "[web-2]: 250 OK");
        assertThat(colon.stream).isEqualTo("[web-2]");
        assertThat(colon.text).isEqualTo("250 OK");
        LinePrefixes.Cut paren = learnThenStrip("(default task-7)| DEBUG SMTP: x", "(default task-8)| 250 OK");
        assertThat(paren.stream).isEqualTo("(default task-8)");
        // an opening bracket without its closing one is a name
        LinePrefixes.Cut open = learnThenStrip("[a][b DEBUG SMTP: x", "[c][d 250 OK");
        assertThat(open.stream).isEqualTo("[c] [d");
        assertThat(open.text).isEqualTo("250 OK");
        // a name right before the text, no blank between
        LinePrefixes.Cut glued = learnThenStrip("[pod/a] web-1|DEBUG: x", "[pod/b] web-2|250 OK");
        assertThat(glued.text).isEqualTo("250 OK");
        assertThat(glued.stream).isEqualTo("[pod/b] web-2");
    }

    @Test
    void aJulLevelAfterATabOrAtTheStartIsTheRecords() {
        LinePrefixes.Cut tab = learnThenStrip("2026-11-30T10:00:01.5Z\tFINE: DEBUG SMTP: x", "2026-11-30T10:00:02Z\tFINEST: 250 OK");
        assertThat(tab.text).isEqualTo("FINEST: 250 OK");
        assertThat(tab.time).isEqualTo(Instant.parse("2026-11-30T10:00:02Z"));
        assertThat(new LinePrefixes(null).learn("FINE: [main] DEBUG SMTP: x", new LinePrefixes.Cut(), NONE)).isFalse();
    }

    @Test
    void theTextStartsWithinTenFieldsBlanksInsideBracketsCounted() {
        java.util.function.Predicate<String> mail = s -> s.startsWith("mail.smtp");
        LinePrefixes.Cut c = new LinePrefixes.Cut();
        assertThat(new LinePrefixes(null).learn("2026-11-30T10:00:01Z [a b c d e f g h i] mail.smtp x", c, mail)).isTrue();
        assertThat(c.text).isEqualTo("mail.smtp x");
        assertThat(new LinePrefixes(null).learn("2026-11-30T10:00:01Z [a b c d e f g h i j] mail.smtp x", c, mail)).isFalse();
        // a line ending in a blank
        assertThat(new LinePrefixes(null).learn("2026-11-30T10:00:01Z about mail.smtp ", c, NONE)).isFalse();
    }

    @Test
    void aSleuthBracketWithoutTraceIdsAndASyslogDayOfOneDigit() {
        // Spring Cloud Sleuth prints "[app,,]" when there is no span; the bracket ends at its "]", commas and all
        LinePrefixes.Cut sleuth = learnThenStrip("[billing,,] DEBUG SMTP: useEhlo true", "[billing,5f3a,7b2c] 250 OK");
        assertThat(sleuth.stream).isEqualTo("[billing,5f3a,7b2c]");
        assertThat(sleuth.text).isEqualTo("250 OK");
        LinePrefixes.Cut day = learnThenStrip("Nov  9 10:00:01 mailhost java[4242]: DEBUG SMTP: x", "Nov 10 09:08:07 mailhost java[4242]: 250 OK");
        int year = java.time.Year.now(java.time.ZoneOffset.UTC).getValue();
        assertThat(day.time).isEqualTo(Instant.parse(year + "-11-10T09:08:07Z"));
        assertThat(day.text).isEqualTo("250 OK");
    }
}
