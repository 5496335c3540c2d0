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
