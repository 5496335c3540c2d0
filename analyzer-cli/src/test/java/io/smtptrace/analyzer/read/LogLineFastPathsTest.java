package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;

/**
 * The hand-written fast paths of {@link LogLine} (issue #14: no regex for the usual line) against the patterns they
 * stand for, on generated lines: near-misses of real timestamps and JUL levels, one character changed at every
 * position. A fast path may hand a line back to the pattern (TS_FALLBACK), never answer differently; and the usual
 * forms must not need the pattern at all.
 */
class LogLineFastPathsTest {
    private static final long SEED = Long.getLong("smtptrace.test.seed", System.nanoTime());
    private static final java.util.regex.Pattern ZONE_OFFSET = java.util.regex.Pattern.compile(".*[+-]\\d{2}:?\\d{2}");
    private static final String ODD = " \t\u000B\f\r\n\u0085\u2028\u2029[]Zz+-:.,T0123456789xA\u00e9";

    @Test
    void timestampPrefixAgreesWithThePatternOnGeneratedLines() {
        Random rnd = new Random(SEED);
        String[] bases = {"2026-11-29 04:10:01,123 INFO  [main] c.a.B - x", "[2026-11-29T04:10:01.123456789Z] DEBUG a - b",
            "2026-11-29T04:10:01+01:00 x", "2026-11-29T04:10:01-0130\tx y", "2026-11-29 04:10:01.5Z]   rest", "2026-11-29 04:10:01 a"};
        int checked = 0;
        for (String base : bases) {
            for (int pos = 0; pos < base.length(); pos++) {
                for (int k = 0; k < ODD.length(); k++) {
                    checked += agreeOnTimestamp(base.substring(0, pos) + ODD.charAt(k) + base.substring(pos + 1));
                    checked += agreeOnTimestamp(base.substring(0, pos) + ODD.charAt(k) + base.substring(pos));
                }
                checked += agreeOnTimestamp(base.substring(0, pos));
                checked += agreeOnTimestamp(base.substring(0, pos) + base.substring(pos + 1));
            }
        }
        for (int n = 0; n < 5_000; n++) checked += agreeOnTimestamp(randomTimestampLine(rnd));
        assertThat(checked).as("lines the fast path answered itself (seed %d)", SEED).isGreaterThan(5_000);
    }

    @Test
    void theUsualTimestampsNeedNoPattern() {
        for (String line : new String[] {"2026-11-29 04:10:01,123 INFO  [main] c.a.B - x", "[2026-11-29T04:10:01.123456789Z] DEBUG a - b",
            "2026-11-29T04:10:01+01:00 x", "2026-11-29T04:10:01-0130\tx y", "2026-11-29 04:10:01 a", "2026-11-29T04:10:01Z  a"}) {
            assertThat(LogLine.tsPrefix(line)).as(line).isNotSameAs(LogLine.TS_FALLBACK).isNotNull();
        }
    }

    @Test
    void julLevelAgreesWithThePatternOnGeneratedLines() {
        Random rnd = new Random(SEED);
        String[] bases = {"FINEST: 250 Ok", "FINE: DEBUG SMTP: x", "INFO:x", "ABCDEFGHIJ: ten", "WARNING: \u00e9t\u00e9"};
        for (String base : bases) {
            for (int pos = 0; pos < base.length(); pos++) {
                for (int k = 0; k < ODD.length(); k++) {
                    agreeOnLevel(base.substring(0, pos) + ODD.charAt(k) + base.substring(pos + 1));
                    agreeOnLevel(base.substring(0, pos) + ODD.charAt(k) + base.substring(pos));
                }
                agreeOnLevel(base.substring(0, pos));
            }
        }
        String alphabet = "ABCDEFINOSTRWZ:: \r\u2028ax1";
        for (int n = 0; n < 5_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = rnd.nextInt(16); i > 0; i--) sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            agreeOnLevel(sb.toString());
        }
    }

    @Test
    void julHeaderShortcutAgreesWithThePatternOnGeneratedLines() {
        // a line is a JUL header (kind HEADER) exactly when the header pattern matches it: the cheap pre-test before
        // the pattern may only say "no" to lines the pattern rejects too
        Random rnd = new Random(SEED);
        String[] bases = {"Nov 29, 2026 4:10:01 PM com.sun.mail.smtp.SMTPTransport readServerResponse",
            "Apr 1, 2026 12:00:00 AM a.B m", "Jan 5, 2026, 4:10:01 p.m. x.Y", "Aug. 31, 2026 11:59:59 pm o.e.a.m.S <init>",
            "Zzz 9, 2026 1:02:03 AM a.B", "Mzy 9, 2026 1:02:03 AM a.B", "2026-11-29 04:10:01 com.sun.mail.smtp.SMTPTransport rcptTo",
            "0999-01-01T00:00:00,5 a.B", "9999-12-31 23:59:59.123456 a.b.C$D m", "Nov. 29, 2026, 4:10:01 P. M. a.B c"};
        String alphabet = "09AZaz@[`{ ,.:-T\t$<>";
        int headers = 0;
        for (String base : bases) {
            headers += agreeOnHeader(base);
            for (int pos = 0; pos < base.length(); pos++) {
                for (int k = 0; k < alphabet.length(); k++) {
                    headers += agreeOnHeader(base.substring(0, pos) + alphabet.charAt(k) + base.substring(pos + 1));
                    headers += agreeOnHeader(base.substring(0, pos) + alphabet.charAt(k) + base.substring(pos));
                }
                headers += agreeOnHeader(base.substring(0, pos));
                headers += agreeOnHeader(base.substring(0, pos) + base.substring(pos + 1));
            }
        }
        for (int n = 0; n < 3_000; n++) {
            String base = bases[rnd.nextInt(bases.length)];
            StringBuilder sb = new StringBuilder(base);
            for (int k = rnd.nextInt(4); k >= 0; k--) sb.setCharAt(rnd.nextInt(sb.length()), alphabet.charAt(rnd.nextInt(alphabet.length())));
            headers += agreeOnHeader(sb.toString());
        }
        assertThat(headers).as("headers among the generated lines (seed %d)", SEED).isGreaterThan(1_000);
    }

    @Test
    void plainTimesParseAsTheIsoFormatterDoesOnGeneratedTexts() {
        // LogLine.parseTime reads "yyyy-MM-dd[ T]HH:mm:ss[.,]fraction" field by field; any other text goes to the ISO
        // formatter. The fast path must never accept what the formatter rejects, nor read a field differently.
        Random rnd = new Random(SEED);
        String[] bases = {"2026-11-29 04:10:01", "2026-11-29T04:10:01,123", "2024-02-29 23:59:59.123456789", "0001-01-01T00:00:00.5",
            "9999-12-31 23:59:59,000000001"};
        String alphabet = "0159 T:-.,x/";
        int checked = 0;
        for (String base : bases) {
            checked += agreeOnTime(base);
            for (int pos = 0; pos < base.length(); pos++) {
                for (int k = 0; k < alphabet.length(); k++) {
                    checked += agreeOnTime(base.substring(0, pos) + alphabet.charAt(k) + base.substring(pos + 1));
                    checked += agreeOnTime(base.substring(0, pos) + alphabet.charAt(k) + base.substring(pos));
                }
                checked += agreeOnTime(base.substring(0, pos) + base.substring(pos + 1));
            }
        }
        for (int n = 0; n < 3_000; n++) {
            StringBuilder sb = new StringBuilder(String.format("%04d-%02d-%02d%c%02d:%02d:%02d", rnd.nextInt(10_000), rnd.nextInt(14),
                    rnd.nextInt(33), rnd.nextBoolean() ? ' ' : 'T', rnd.nextInt(26), rnd.nextInt(61), rnd.nextInt(62)));
            int frac = rnd.nextInt(12) - 1;
            if (frac >= 0) sb.append(rnd.nextBoolean() ? '.' : ',');
            for (int i = 0; i < frac; i++) sb.append((char) ('0' + rnd.nextInt(10)));
            checked += agreeOnTime(sb.toString());
        }
        assertThat(checked).as("times the formatter accepts (seed %d)", SEED).isGreaterThan(1_000);
    }

    @Test
    void aLineTheShortcutHandsToThePatternIsReadAsThePatternSays() {
        // a line break character after the timestamp (a lone CR, U+2028): the shortcut leaves the line to the pattern,
        // which does not match it whole; the line is then read as it is, without a time
        for (String line : new String[] {"2026-11-29T04:10:01 a\rb", "2026-11-29 04:10:01,123 [main] TRACE com.sun.mail.smtp.protocol - 250 OK\r",
            "2026-11-29T04:10:01Z DEBUG com.sun.mail.smtp - useEhlo true\u2028"}) {
            assertThat(LogLine.tsPrefix(line)).isSameAs(LogLine.TS_FALLBACK);
            LogLine l = LogLine.parse(line, new LogLine.Context());
            assertThat(l.kind).as(printable(line)).isEqualTo(LogLine.Kind.RAW);
            assertThat(l.payload).isEqualTo(line);
            assertThat(l.time).isNull();
        }
    }

    private static int agreeOnHeader(String line) {
        boolean expected = LogLine.JUL_HEADER.matcher(line).matches();
        assertThat(LogLine.parse(line, new LogLine.Context()).kind == LogLine.Kind.HEADER).as("%s (seed %d)", printable(line), SEED)
                .isEqualTo(expected);
        return expected ? 1 : 0;
    }

    private static int agreeOnTime(String text) {
        if (text.isEmpty() || text.charAt(0) < '0' || text.charAt(0) > '9') return 0; // log timestamps start with a digit
        if (ZONE_OFFSET.matcher(text).matches()) return 0; // a zone offset: timesWithZonesInEveryWriting
        java.time.Instant expected;
        try {
            expected = java.time.LocalDateTime.parse(text.replace(' ', 'T').replace(',', '.')).toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            expected = null;
        }
        assertThat(LogLine.parseTime(text)).as("%s (seed %d)", text, SEED).isEqualTo(expected);
        return expected == null ? 0 : 1;
    }

    private static int agreeOnTimestamp(String line) {
        String[] got = LogLine.tsPrefix(line);
        if (got == LogLine.TS_FALLBACK) return 0;
        Matcher m = LogLine.TS_PREFIX.matcher(line);
        String[] expected = m.matches() ? new String[] {m.group(1), m.group(2), m.group(3)} : null;
        assertThat(got).as("%s (seed %d)", printable(line), SEED).isEqualTo(expected);
        return 1;
    }

    private static void agreeOnLevel(String line) {
        Matcher m = LogLine.JUL_LEVEL.matcher(line);
        String[] expected = m.matches() ? new String[] {m.group(1), m.group(2)} : null;
        assertThat(LogLine.julLevel(line)).as("%s (seed %d)", printable(line), SEED).isEqualTo(expected);
    }

    /** Timestamps with random fields: fraction lengths 0-11, every zone spelling, brackets, spaces, line breaks. */
    private static String randomTimestampLine(Random r) {
        StringBuilder sb = new StringBuilder();
        boolean bracket = r.nextInt(3) == 0;
        if (bracket) sb.append('[');
        sb.append(String.format("%04d-%02d-%02d", r.nextInt(10_000), r.nextInt(13), r.nextInt(32)));
        sb.append(r.nextBoolean() ? ' ' : r.nextInt(10) == 0 ? 'x' : 'T');
        sb.append(String.format("%02d:%02d:%02d", r.nextInt(25), r.nextInt(60), r.nextInt(61)));
        int frac = r.nextInt(12);
        if (frac > 0 || r.nextInt(5) == 0) {
            sb.append(".,;".charAt(r.nextInt(3)));
            for (int i = 0; i < frac; i++) sb.append((char) ('0' + r.nextInt(10)));
        }
        switch (r.nextInt(7)) {
            case 0 -> sb.append('Z');
            case 1 -> sb.append(String.format("%c%02d:%02d", r.nextBoolean() ? '+' : '-', r.nextInt(15), r.nextInt(60)));
            case 2 -> sb.append(String.format("%c%02d%02d", r.nextBoolean() ? '+' : '-', r.nextInt(15), r.nextInt(60)));
            case 3 -> sb.append(String.format("%c%d", r.nextBoolean() ? '+' : '-', r.nextInt(100)));
            default -> { }
        }
        if (bracket && r.nextInt(4) != 0) sb.append(']');
        for (int i = r.nextInt(4); i > 0; i--) sb.append(" \t\u000B\f".charAt(r.nextInt(4)));
        String rest = "ab -:[]\r\n\u0085\u2028x";
        for (int i = r.nextInt(12); i > 0; i--) sb.append(rest.charAt(r.nextInt(rest.length())));
        return sb.toString();
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        return sb.toString();
    }
}
