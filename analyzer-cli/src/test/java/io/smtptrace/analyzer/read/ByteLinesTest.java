package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** JSON lines as bytes: line ends and numbers, lines across refills and far beyond the buffer, the streams over them. */
class ByteLinesTest {
    static ByteLines of(String s) {
        return new ByteLines(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** Every line through bufferLine/consumeLine, as text. */
    static List<String> lines(ByteLines in) throws IOException {
        List<String> out = new ArrayList<>();
        while (!in.atEof()) {
            int nl = in.bufferLine();
            out.add(new String(in.buffer(), in.position(), nl - in.position(), StandardCharsets.UTF_8));
            in.consumeLine(nl);
        }
        return out;
    }

    @Test
    void linesAndTheirNumbers() throws IOException {
        ByteLines in = new ByteLines(new ByteArrayInputStream("{\"a\":1}\n\n{\"b\":2}".getBytes(StandardCharsets.UTF_8)), 4);
        assertThat(in.lineNumber()).isEqualTo(5);
        assertThat(lines(in)).containsExactly("{\"a\":1}", "", "{\"b\":2}");
        assertThat(in.lineNumber()).as("the last line has no terminator").isEqualTo(7);
        assertThat(in.atEof()).isTrue();
    }

    @Test
    void linesAcrossManySmallReadsAndPastTheFirstBuffer() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) sb.append("{\"n\":").append(i).append(",\"pad\":\"").append("p".repeat(i % 50)).append("\"}\n");
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        for (int step : new int[] {7, 5000, 1 << 16}) {
            ByteLines in = new ByteLines(SlowStreams.trickleWithEmptyReads(b, step));
            List<String> got = lines(in);
            assertThat(got).hasSize(3000);
            assertThat(got.get(2999)).isEqualTo("{\"n\":2999,\"pad\":\"" + "p".repeat(2999 % 50) + "\"}");
            assertThat(String.join("\n", got) + "\n").isEqualTo(sb.toString());
            assertThat(in.lineNumber()).isEqualTo(3001);
        }
    }

    @Test
    void aLineLongerThanTheBufferGrowsItAndIsStillOneLine() throws IOException {
        String big = "{\"x\":\"" + "y".repeat(200_000) + "\"}";
        ByteLines in = new ByteLines(SlowStreams.trickleWithEmptyReads(("{}\n" + big + "\n{}\n").getBytes(StandardCharsets.UTF_8), 10_000));
        assertThat(lines(in)).containsExactly("{}", big, "{}");
    }

    @Test
    void aLineBeyondTheBufferedMaximumIsOnlyStreamed() throws IOException {
        int size = ByteLines.MAX_BUFFERED_LINE + 100;
        byte[] b = new byte[size + 4];
        java.util.Arrays.fill(b, 0, size, (byte) 'q');
        b[size] = '\n';
        b[size + 1] = '{';
        b[size + 2] = '}';
        b[size + 3] = '\n';
        ByteLines in = new ByteLines(SlowStreams.trickleWithEmptyReads(b, 64));
        assertThat(in.bufferLine()).isEqualTo(-1);
        assertThat(in.lineStream().readAllBytes()).hasSize(size);
        assertThat(in.lineNumber()).isEqualTo(1);
        in.skipRestOfLine();
        assertThat(in.lineNumber()).isEqualTo(2);
        assertThat(lines(in)).containsExactly("{}");
    }

    @Test
    void aLineOfExactlyTheBufferedMaximumIsBuffered() throws IOException {
        // MAX_BUFFERED_LINE bytes before the line end: still buffered (the limit is inclusive)
        int size = ByteLines.MAX_BUFFERED_LINE;
        byte[] b = new byte[size + 1];
        java.util.Arrays.fill(b, 0, size, (byte) 'q');
        b[size] = '\n';
        ByteLines in = new ByteLines(new ByteArrayInputStream(b));
        int nl = in.bufferLine();
        assertThat(nl - in.position()).isEqualTo(size);
    }

    @Test
    void theLineStreamStopsAtTheLineEndAndLeavesIt() throws IOException {
        ByteLines in = new ByteLines(SlowStreams.trickleWithEmptyReads("abc\ndef\n".getBytes(StandardCharsets.UTF_8), 2));
        InputStream line = in.lineStream();
        assertThat(line.read()).isEqualTo('a');
        byte[] buf = new byte[10];
        assertThat(line.read(buf, 0, 0)).isZero();
        int n = line.read(buf, 0, 10);
        assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo("b");
        assertThat(line.read(buf, 3, 10)).isEqualTo(1);
        assertThat(buf[3]).isEqualTo((byte) 'c');
        assertThat(line.read(buf, 0, 10)).isEqualTo(-1);
        assertThat(line.read()).isEqualTo(-1);
        assertThat(in.restOfLineBlankInBuffer()).isTrue();
        in.skipRestOfLine();
        assertThat(in.lineNumber()).isEqualTo(2);
        assertThat(new String(in.lineStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("def");
        in.skipRestOfLine();
        assertThat(in.lineStream().read()).isEqualTo(-1);
        assertThat(in.lineStream().read(buf, 0, 5)).isEqualTo(-1);
        in.skipRestOfLine(); // at the end: nothing happens
        assertThat(in.lineNumber()).isEqualTo(3);
    }

    @Test
    void theRestStreamHasEverythingLeft() throws IOException {
        ByteLines in = of("one\ntwo\nthree");
        in.consumeLine(in.bufferLine());
        InputStream rest = in.restStream();
        assertThat(rest.read()).isEqualTo('t');
        byte[] buf = new byte[64];
        assertThat(rest.read(buf, 0, 0)).isZero();
        int n = rest.read(buf, 5, 64 - 5);
        assertThat(new String(buf, 5, n, StandardCharsets.UTF_8)).isEqualTo("wo\nthree");
        assertThat(rest.read(buf, 0, 5)).isEqualTo(-1);
        assertThat(rest.read()).isEqualTo(-1);
    }

    @Test
    void blankRestOfLineOnlyWhenOnlyWhitespaceComesBeforeTheLineEnd() throws IOException {
        assertThat(of(" \t\r\nx").restOfLineBlankInBuffer()).isTrue();
        assertThat(of(" x\n").restOfLineBlankInBuffer()).isFalse();
        assertThat(of("").restOfLineBlankInBuffer()).isTrue();
        assertThat(of("  ").restOfLineBlankInBuffer()).as("no line end seen in the buffer").isFalse();
        assertThat(of("\u00a0\n").restOfLineBlankInBuffer()).as("non-ASCII bytes are not blanks").isFalse();
        ByteLines in = of(" \n{}");
        assertThat(in.restOfLineBlankInBuffer()).isTrue();
        assertThat(in.lineNumber()).as("nothing consumed").isEqualTo(1);
        assertThat(lines(in)).containsExactly(" ", "{}");
    }

    @Test
    void peekingShowsTheStartAsLatin1WithoutConsumingIt() throws IOException {
        ByteLines in = of("é{\"a\":1}\n" + "z".repeat(20_000));
        String peek = new java.io.BufferedReader(in.peekReader()).lines().reduce("", (a, b) -> a + b + "\n");
        assertThat(peek).startsWith("\u00c3\u00a9{\"a\":1}\n");
        assertThat(peek.length()).as("a window of 16384 bytes").isEqualTo(16384 + 1);
        assertThat(lines(in).get(0)).isEqualTo("é{\"a\":1}");
        assertThat(new java.io.BufferedReader(of("").peekReader()).readLine()).isNull();
    }

    @Test
    void piecesOfALargerInputAreReadInPlace() throws IOException {
        byte[] piece = "a\nb\nIGNORED".getBytes(StandardCharsets.UTF_8);
        ByteLines in = new ByteLines(piece, 4, 100);
        assertThat(in.lineNumber()).isEqualTo(101);
        assertThat(lines(in)).containsExactly("a", "b");
        assertThat(in.lineNumber()).isEqualTo(103);
    }

    @Test
    void peekingAfterAConsumedLineShowsOnlyWhatIsLeft() throws IOException {
        ByteLines in = of("{\"a\":1}\nxyz");
        in.consumeLine(in.bufferLine());
        char[] buf = new char[64];
        int n = in.peekReader().read(buf);
        assertThat(new String(buf, 0, n)).isEqualTo("xyz");
        assertThat(lines(in)).containsExactly("xyz");
    }

    @Test
    void theBufferedLineLiesWithinTheBytesRead() throws IOException {
        ByteLines in = of("ab\ncd");
        int nl = in.bufferLine();
        assertThat(nl).isEqualTo(2);
        assertThat(in.limit()).isEqualTo(5);
        in.consumeLine(nl);
        assertThat(in.bufferLine()).as("the last line ends at the end of input").isEqualTo(in.limit());
    }

    @Test
    void aPieceEndsAtItsLengthWhateverFollowsInTheArray() throws IOException {
        // a piece of a larger input shares its array with the next piece's bytes: they are not this piece's
        ByteLines blank = new ByteLines("  \nIGNORED".getBytes(StandardCharsets.UTF_8), 2, 0);
        assertThat(blank.restOfLineBlankInBuffer()).as("no line end within the piece").isFalse();
        ByteLines skip = new ByteLines("ab\nIGNORED".getBytes(StandardCharsets.UTF_8), 2, 0);
        skip.skipRestOfLine();
        assertThat(skip.lineNumber()).isEqualTo(1);
        assertThat(skip.atEof()).isTrue();
    }
}
