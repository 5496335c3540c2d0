package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Lines as the debug-log reader gets them: terminators, line numbers, the length cap, lines across buffer refills. */
class CharSourceTest {
    /** A reader that hands out at most {@code step} characters per call, and nothing (0) every other call. */
    static Reader trickle(String s, int step) {
        return new Reader() {
            int pos;
            boolean zero;

            @Override
            public int read(char[] cbuf, int off, int len) {
                if (pos >= s.length()) return -1;
                zero = !zero;
                if (zero) return 0;
                int n = Math.min(Math.min(step, len), s.length() - pos);
                s.getChars(pos, pos + n, cbuf, off);
                pos += n;
                return n;
            }

            @Override
            public void close() {}
        };
    }

    static List<String> lines(CharSource src, int max) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l; (l = src.readLine(max)) != null; ) out.add(l);
        return out;
    }

    @Test
    void lfCrlfEmptyLinesAndALastLineWithoutTerminator() throws IOException {
        CharSource src = new CharSource(new StringReader("EHLO app\r\n250 OK\n\n\r\nQUIT"));
        assertThat(lines(src, 100)).containsExactly("EHLO app", "250 OK", "", "", "QUIT");
        assertThat(src.readLine(100)).isNull();
        assertThat(src.lineNumber()).as("four terminators consumed").isEqualTo(5);
    }

    @Test
    void onlyTheCarriageReturnBeforeTheLineFeedIsDropped() throws IOException {
        CharSource src = new CharSource(new StringReader("a\rb\r\n\r\n"));
        assertThat(lines(src, 100)).containsExactly("a\rb", "");
    }

    @Test
    void lineNumbersCountOnFromTheLinesAlreadyRead() throws IOException {
        CharSource src = new CharSource(new StringReader("one\ntwo\n"), 41);
        assertThat(src.lineNumber()).isEqualTo(42);
        assertThat(src.readLine(10)).isEqualTo("one");
        assertThat(src.lineNumber()).isEqualTo(43);
        assertThat(src.readLine(10)).isEqualTo("two");
        assertThat(src.lineNumber()).isEqualTo(44);
        assertThat(src.readLine(10)).isNull();
        assertThat(src.lineNumber()).isEqualTo(44);
        assertThat(new CharSource(new StringReader("")).lineNumber()).isEqualTo(1);
    }

    @Test
    void aLineOfExactlyTheCapIsWholeOneMoreIsCutAndTheRestSkipped() throws IOException {
        CharSource src = new CharSource(new StringReader("12345\n123456\nnext\n1234567"));
        assertThat(src.readLine(5)).isEqualTo("12345");
        assertThat(src.lastLineTooLong()).isFalse();
        assertThat(src.lastLineLength()).isEqualTo(5);
        assertThat(src.readLine(5)).isEqualTo("12345");
        assertThat(src.lastLineTooLong()).isTrue();
        assertThat(src.lastLineLength()).isEqualTo(6);
        assertThat(src.lineNumber()).isEqualTo(3);
        assertThat(src.readLine(5)).isEqualTo("next");
        assertThat(src.lastLineTooLong()).as("reset for the next line").isFalse();
        assertThat(src.lastLineLength()).isEqualTo(4);
        // the last line, too long and without a terminator
        assertThat(src.readLine(5)).isEqualTo("12345");
        assertThat(src.lastLineTooLong()).isTrue();
        assertThat(src.lastLineLength()).isEqualTo(7);
        assertThat(src.readLine(5)).isNull();
    }

    @Test
    void aShortLineAfterALongOneInTheSlowPathIsNotTooLong() throws IOException {
        CharSource src = new CharSource(trickle("123456789\nab\ncd", 3));
        assertThat(src.readLine(4)).isEqualTo("1234");
        assertThat(src.lastLineTooLong()).isTrue();
        assertThat(src.readLine(4)).isEqualTo("ab");
        assertThat(src.lastLineTooLong()).isFalse();
        assertThat(src.lastLineLength()).isEqualTo(2);
        assertThat(src.readLine(4)).isEqualTo("cd");
        assertThat(src.lastLineLength()).isEqualTo(2);
        assertThat(src.lastLineTooLong()).isFalse();
    }

    @Test
    void linesSplitAcrossReadsAndCrlfSplitBetweenThem() throws IOException {
        String text = "220 mx.example.com ESMTP\r\nEHLO app\r\n250-mx\r\n250 OK\r\n";
        for (int step = 1; step <= 7; step++) {
            CharSource src = new CharSource(trickle(text, step));
            assertThat(lines(src, 1000)).as("step %d", step).containsExactly("220 mx.example.com ESMTP", "EHLO app", "250-mx", "250 OK");
            assertThat(src.lineNumber()).isEqualTo(5);
        }
    }

    @Test
    void linesLongerThanTheBufferAreReadWholeUpToTheCap() throws IOException {
        String big = "x".repeat(40_000);
        CharSource src = new CharSource(new StringReader("a\n" + big + "\r\nb\n" + big + "y\n"));
        assertThat(src.readLine(50_000)).isEqualTo("a");
        assertThat(src.readLine(50_000)).isEqualTo(big);
        assertThat(src.lastLineTooLong()).isFalse();
        assertThat(src.lastLineLength()).isEqualTo(40_000); // without its '\r'
        assertThat(src.readLine(50_000)).isEqualTo("b");
        assertThat(src.readLine(40_000)).isEqualTo(big);
        assertThat(src.lastLineTooLong()).isTrue();
        assertThat(src.lastLineLength()).isEqualTo(40_001);
        assertThat(src.lineNumber()).isEqualTo(5);
        assertThat(src.readLine(10)).isNull();
    }

    @Test
    void aCutLineKeepsNoCarriageReturnAtTheCap() throws IOException {
        CharSource src = new CharSource(trickle("abc\r\n", 1));
        assertThat(src.readLine(4)).isEqualTo("abc");
        assertThat(src.lastLineTooLong()).isFalse();
    }

    @Test
    void aCrlfLineOfExactlyTheCapFitsInEitherPath() throws IOException {
        // the CR is the terminator's: 5 characters + CRLF under a cap of 5 is whole, not "too long"
        for (int step : new int[] {1, 2, 3, 100}) {
            CharSource src = new CharSource(trickle("12345\r\n123456\r\nok\r\n", step));
            assertThat(src.readLine(5)).as("step %d", step).isEqualTo("12345");
            assertThat(src.lastLineTooLong()).as("step %d", step).isFalse();
            assertThat(src.lastLineLength()).isEqualTo(5);
            assertThat(src.readLine(5)).isEqualTo("12345");
            assertThat(src.lastLineTooLong()).isTrue();
            assertThat(src.lastLineLength()).isEqualTo(6);
            assertThat(src.readLine(5)).isEqualTo("ok");
        }
    }

    @Test
    void anInputStartingWithEmptyLines() throws IOException {
        CharSource src = new CharSource(new StringReader("\n\r\nEHLO app\n"));
        assertThat(lines(src, 100)).containsExactly("", "", "EHLO app");
        assertThat(src.lineNumber()).isEqualTo(4);
    }

    @Test
    void aCapOfZeroKeepsNothingButCountsTheLine() throws IOException {
        CharSource src = new CharSource(new StringReader("abc\n\nx"));
        assertThat(src.readLine(0)).isEmpty();
        assertThat(src.lastLineTooLong()).isTrue();
        assertThat(src.lastLineLength()).isEqualTo(3);
        assertThat(src.readLine(0)).isEmpty();
        assertThat(src.lastLineTooLong()).isFalse();
        assertThat(src.lineNumber()).isEqualTo(3);
    }
}
