package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smtptrace.analyzer.read.OtlpJsonReader.SpanRec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON lines parsed on several threads: the same spans, problems and line numbers, in input order, as line by line. */
class ParallelJsonReadingTest {

    static String text(int lines) {
        StringBuilder t = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            if (i % 6 == 2) t.append("{\"resourceSpans\":[\n");
            else if (i % 10 == 7) t.append("\n");
            else t.append(OtlpJsonReaderTest.request(OtlpJsonReaderTest.smtpSpan("s" + i, "c" + i))).append('\n');
        }
        return t.toString();
    }

    /** Spans as "line:spanId" and problems as "file:line: text", in the order they were handed on. */
    static List<String> parallel(InputStream in, long linesBefore, int threads, int chunk, ParallelJsonReading[] keep) throws IOException {
        return parallel(in, linesBefore, threads, chunk, keep, new ArrayList<>());
    }

    static List<String> parallel(InputStream in, long linesBefore, int threads, int chunk, ParallelJsonReading[] keep,
            List<String> out) throws IOException {
        // problems in the order they come, among the spans
        Diagnostics diag = new Diagnostics(new PrintWriter(new java.io.Writer() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(char[] c, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    if (c[i] == '\n') {
                        out.add(line.toString().replaceFirst("^smtp-trace: ", "").replace("\r", ""));
                        line.setLength(0);
                    } else line.append(c[i]);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        }, true));
        ParallelJsonReading p = new ParallelJsonReading("f", diag, chunk, threads);
        if (keep != null) keep[0] = p;
        p.read(new ByteLines(in, linesBefore), (SpanRec s) -> out.add(s.line + ":" + s.spanId));
        return out;
    }

    static List<String> sequential(byte[] bytes, long linesBefore) throws IOException {
        List<String> out = new ArrayList<>();
        new OtlpJsonReader().readLines(new ByteLines(new ByteArrayInputStream(bytes), linesBefore), s -> out.add(s.line + ":" + s.spanId),
                (line, key, args) -> out.add("f:" + line + ": " + new Diagnostics(new PrintWriter(new StringWriter())).texts().get(key, args)));
        return out;
    }

    @Test
    void everyPieceSizeAndThreadCountGivesTheSameResultInOrder() throws IOException {
        byte[] bytes = text(80).getBytes(StandardCharsets.UTF_8);
        List<String> expected = sequential(bytes, 0);
        assertThat(expected).hasSize(80 - 8).contains("1:s1", "f:2: truncated JSON (the line ends inside JSON), rest of line skipped", "79:s79");
        for (int threads : new int[] {0, 1, 2, 4}) {
            for (int chunk : new int[] {1, 40, 300, 1 << 20}) {
                assertThat(parallel(new ByteArrayInputStream(bytes), 0, threads, chunk, null)).as(threads + "/" + chunk).isEqualTo(expected);
            }
        }
    }

    @Test
    void linesBeforeTheStartCount() throws IOException {
        byte[] bytes = text(20).getBytes(StandardCharsets.UTF_8);
        ParallelJsonReading[] p = new ParallelJsonReading[1];
        List<String> out = parallel(new ByteArrayInputStream(bytes), 5, 2, 64, p);
        assertThat(out).isEqualTo(sequential(bytes, 5)).first().isEqualTo("6:s1");
        assertThat(p[0].lineNumber()).isEqualTo(26);
    }

    @Test
    void aLineTooLongToCutIsReadLineByLineWithTheRest() throws IOException {
        String big = OtlpJsonReaderTest.request(OtlpJsonReaderTest.smtpSpan("big", "c0",
                OtlpJsonReaderTest.str("http.filler", "x".repeat(ParallelJsonReading.MAX_LINE_BYTES + 10))));
        String text = text(8) + big + "\n" + text(8);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ParallelJsonReading[] p = new ParallelJsonReading[1];
        List<String> out = parallel(new ByteArrayInputStream(bytes), 0, 2, 256, p);
        assertThat(out).isEqualTo(sequential(bytes, 0)).contains("9:big", "10:s1", "f:11: truncated JSON (the line ends inside JSON), rest of line skipped");
        assertThat(p[0].lineNumber()).isEqualTo(18);
        // pieces of the limit and one byte: the cutting meets more than the limit of the line with no end in it and
        // stops; the rest (the big line and all after it) is read line by line (with pieces of 256 bytes the buffer
        // doubles past the limit and holds the whole line)
        List<String> atLimit = parallel(new ByteArrayInputStream(bytes), 0, 2, ParallelJsonReading.MAX_LINE_BYTES + 1, p);
        assertThat(atLimit).isEqualTo(out);
        assertThat(p[0].lineNumber()).isEqualTo(18);
    }

    @Test
    void aReadErrorComesAfterTheWholeLinesBeforeIt() throws IOException {
        byte[] bytes = text(30).getBytes(StandardCharsets.UTF_8);
        int cut = bytes.length - 50;
        InputStream failing = new InputStream() {
            int i;

            @Override
            public int read() throws IOException {
                if (i >= cut) throw new IOException("disk gone");
                return bytes[i++] & 0xff;
            }
        };
        List<String> seen = new ArrayList<>();
        ParallelJsonReading[] p = new ParallelJsonReading[1];
        assertThatThrownBy(() -> parallel(failing, 0, 2, 100, p, seen)).isInstanceOf(IOException.class).hasMessage("disk gone");
        assertThat(p[0].lineNumber()).isEqualTo(30);
        List<String> before = new ArrayList<>();
        for (String l : sequential(bytes, 0)) if (!l.startsWith("30:") && !l.startsWith("f:30:")) before.add(l);
        assertThat(seen).isEqualTo(before).last().isEqualTo("29:s29");
    }

    @Test
    void anInterruptedReaderStopsAndKeepsTheInterrupt() {
        byte[] bytes = text(30).getBytes(StandardCharsets.UTF_8);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> parallel(new ByteArrayInputStream(bytes), 0, 2, 100, null))
                    .isInstanceOf(java.io.InterruptedIOException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void beforeReadingItIsAtTheFirstLine() {
        assertThat(new ParallelJsonReading("f", new Diagnostics(new PrintWriter(new StringWriter())), 10, 2).lineNumber()).isEqualTo(1);
    }

    /**
     * All threads busy, memory bounded: when the first piece's spans are handed on, exactly one piece per thread and
     * one more have been read from the input (pieces are cut from full buffers of the piece size; ByteLines may hold
     * up to one read of 100 bytes more).
     */
    @Test
    void onePiecePerThreadAndOneMoreAreReadAhead() throws IOException {
        byte[] bytes = text(200).getBytes(StandardCharsets.UTF_8);
        for (int threads : new int[] {1, 2, 3}) {
            long[] consumed = {0};
            InputStream counting = new java.io.FilterInputStream(new ByteArrayInputStream(bytes)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, Math.min(len, 100)); // what is buffered on the way stays small
                    if (n > 0) consumed[0] += n;
                    return n;
                }
            };
            long[] atFirst = {-1};
            List<String> out = new ArrayList<>();
            Diagnostics diag = new Diagnostics(new PrintWriter(new StringWriter(), true));
            new ParallelJsonReading("f", diag, 2000, threads).read(new ByteLines(counting, 0), (SpanRec sp) -> {
                if (atFirst[0] < 0) atFirst[0] = consumed[0];
                out.add(sp.line + ":" + sp.spanId);
            });
            assertThat(atFirst[0]).as("%d threads", threads).isBetween((threads + 1) * 2000L, (threads + 1) * 2000L + 100);
            assertThat(out).isEqualTo(sequential(bytes, 0).stream().filter(l -> !l.startsWith("f:")).toList());
        }
    }
}
