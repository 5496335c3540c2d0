package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.read.InputStatus.State;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening inputs: stdin, files, gzip, encodings, format detection, and what became of each input when it failed. */
class InputsTest {
    @TempDir
    Path dir;

    private final StringWriter errText = new StringWriter();
    private final Diagnostics diag = new Diagnostics(new PrintWriter(errText, true));
    private final List<Session> sessions = new ArrayList<>();
    private final List<String> progress = new ArrayList<>();

    static String line(String conn) {
        return OtlpJsonReaderTest.request(OtlpJsonReaderTest.smtpSpan("s-" + conn, conn,
                OtlpJsonReaderTest.str("smtp.connection.end", "quit"))) + "\n";
    }

    private Inputs inputs(InputStream stdin, boolean stdinClosed) {
        return new Inputs(diag, stdin, stdinClosed, progress::add, Lang.en);
    }

    private InputStatus readFile(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        inputs(null, false).read(f.toString(), sessions::add);
        return last();
    }

    private InputStatus readStdin(InputStream in) {
        inputs(in, false).read("-", sessions::add);
        return last();
    }

    private InputStatus last() {
        List<InputStatus> all = diag.status().inputs();
        return all.get(all.size() - 1);
    }

    private List<String> err() {
        return errText.toString().lines().toList();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFileIsReadAndItsSessionsCounted() throws IOException {
        InputStatus s = readFile("t.jsonl", utf8(line("c1") + line("c2")));
        assertThat(sessions).extracting(x -> x.id).containsExactly("c1", "c2");
        assertThat(s.state()).isEqualTo(State.READ);
        assertThat(s.sessions()).isEqualTo(2);
        assertThat(s.problems()).isZero();
        assertThat(s.name()).isEqualTo(dir.resolve("t.jsonl").toString());
        assertThat(progress).containsExactly(s.name());
        assertThat(err()).isEmpty();
    }

    @Test
    void stdinIsReadAndLeftOpen() {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(utf8(line("c1"))) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        InputStatus s = readStdin(in);
        assertThat(s.name()).isEqualTo("<stdin>");
        assertThat(s.sessions()).isEqualTo(1);
        assertThat(progress).containsExactly("<stdin>");
        assertThat(closed[0]).isFalse();
    }

    @Test
    void whatCannotBeOpenedIsUnreadableWithTheReason() throws IOException {
        inputs(new ByteArrayInputStream(new byte[0]), true).read("-", sessions::add);
        assertThat(last().state()).isEqualTo(State.UNREADABLE);
        assertThat(last().name()).isEqualTo("<stdin>");
        assertThat(last().error()).startsWith("standard input is closed");
        inputs(null, false).read("-", sessions::add);
        assertThat(last().error()).startsWith("standard input is closed");
        inputs(null, false).read(dir.toString(), sessions::add);
        assertThat(last().error()).isEqualTo("is a directory");
        inputs(null, false).read(dir.resolve("missing.jsonl").toString(), sessions::add);
        assertThat(last().error()).isEqualTo("no such file");
        assertThat(last().state()).isEqualTo(State.UNREADABLE);
        assertThat(err()).containsExactly(
                "smtp-trace: -: standard input is closed, there is nothing to read for '-' (give a file, or pipe the input in)",
                "smtp-trace: -: standard input is closed, there is nothing to read for '-' (give a file, or pipe the input in)",
                "smtp-trace: " + dir + ": is a directory",
                "smtp-trace: " + dir.resolve("missing.jsonl") + ": no such file");
        assertThat(diag.unreadable()).isEqualTo(4);
        assertThat(progress).isEmpty();
        assertThat(diag.status().outcome()).isEqualTo(RunStatus.Outcome.INCOMPLETE);
    }

    @Test
    void anEmptyInputIsAWarningNotAFailure() throws IOException {
        InputStatus s = readFile("empty.jsonl", utf8(" \n\t\r\n"));
        assertThat(s.state()).isEqualTo(State.READ);
        assertThat(s.problems()).isEqualTo(1);
        assertThat(err()).containsExactly("smtp-trace: " + s.name() + ": empty input, nothing to analyse");
        InputStatus stdin = readStdin(new ByteArrayInputStream(new byte[0]));
        assertThat(stdin.problems()).isEqualTo(1);
        assertThat(err()).last().isEqualTo("smtp-trace: <stdin>: empty input, nothing to analyse");
    }

    @Test
    void leadingBlankLinesCountInLineNumbers() throws IOException {
        InputStatus s = readFile("t.jsonl", utf8("\n\r\n  \n{\"resourceSpans\":[\n" + line("c1")));
        assertThat(err()).singleElement().asString().startsWith("smtp-trace: " + s.name() + ":4: truncated JSON");
        assertThat(sessions).hasSize(1);
        assertThat(s.problems()).isEqualTo(1);
    }

    @Test
    void byteOrderMarksAndUnicodeSpacesBeforeTheFirstBraceAreSkipped() throws IOException {
        for (String lead : List.of("\uFEFF", "\uFEFF\uFEFF", "\u2003\n", "\u3000", " \uFEFF\u2028")) {
            sessions.clear();
            readFile("t.jsonl", utf8(lead + line("c1")));
            assertThat(sessions).as(lead).hasSize(1);
        }
        assertThat(err()).isEmpty();
    }

    @Test
    void anythingElseFirstIsADebugLog() throws IOException {
        for (byte[] lead : List.of(utf8("é"), utf8("\u00A0"), utf8("x"), utf8("\u2192"), utf8("\uD83D\uDE00"),
                new byte[] {(byte) 0xC3, '{'}, new byte[] {(byte) 0xE2, (byte) 0x80, '{'}, new byte[] {(byte) 0xC1, (byte) 0x81})) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(lead);
            b.writeBytes(utf8(line("c1")));
            sessions.clear();
            readFile("t.log", b.toByteArray());
            assertThat(sessions).isEmpty();
        }
        assertThat(err()).noneMatch(l -> l.contains("JSON") || l.contains("SMTP spans"));
    }

    @Test
    void gzipIsReadAndATruncatedOneCutShort() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream o = new GZIPOutputStream(gz)) {
            java.util.Random random = new java.util.Random(7);
            for (int i = 0; i < 3000; i++) o.write(utf8(line(Long.toHexString(random.nextLong()))));
        }
        byte[] whole = gz.toByteArray();
        InputStatus ok = readFile("t.jsonl.gz", whole);
        assertThat(ok.sessions()).isEqualTo(3000);
        assertThat(ok.state()).isEqualTo(State.READ);

        sessions.clear();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 12);
        InputStatus s = readFile("cut.jsonl.gz", cut);
        assertThat(s.state()).isEqualTo(State.CUT_SHORT);
        assertThat(s.error()).isEqualTo("input ends unexpectedly (truncated gzip?)");
        assertThat(s.sessions()).isPositive();
        assertThat(s.errorLine()).isPositive();
        assertThat(err()).last().asString().isEqualTo("smtp-trace: " + s.name() + ":" + s.errorLine()
                + ": read error: input ends unexpectedly (truncated gzip?); only the part read before it was analysed");

        InputStatus corrupt = readFile("corrupt.gz", new byte[] {0x1f, (byte) 0x8b, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
        assertThat(corrupt.state()).isEqualTo(State.CUT_SHORT);
        assertThat(corrupt.error()).startsWith("corrupt gzip data: ");
        assertThat(corrupt.errorLine()).isZero();
        assertThat(err()).last().asString().startsWith("smtp-trace: " + corrupt.name() + ": read error: corrupt gzip data: ")
                .endsWith("; nothing of this input was analysed");
        assertThat(diag.unreadable()).isEqualTo(2);
    }

    /** Stdin that gives {@code data} and then fails as a broken disk or pipe would. */
    static InputStream failingAfter(byte[] data, Exception failure) {
        return new InputStream() {
            int i;

            @Override
            public int read() throws IOException {
                if (i < data.length) return data[i++] & 0xff;
                if (failure instanceof IOException io) throw io;
                throw (RuntimeException) failure;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                if (i >= data.length) read();
                int n = Math.min(len, data.length - i);
                System.arraycopy(data, i, b, off, n);
                i += n;
                return n;
            }
        };
    }

    @Test
    void aReadErrorCutsTheInputShortAtItsLine() {
        InputStatus s = readStdin(failingAfter(utf8(line("c1") + line("c2") + "{\"resou"), new IOException("Input/output error")));
        assertThat(sessions).hasSize(2);
        assertThat(s.state()).isEqualTo(State.CUT_SHORT);
        assertThat(s.errorLine()).isEqualTo(3);
        assertThat(s.error()).isEqualTo("Input/output error");
        assertThat(s.sessions()).isEqualTo(2);
        assertThat(err()).containsExactly(
                "smtp-trace: <stdin>:3: read error: Input/output error; only the part read before it was analysed");
    }

    @Test
    void aReadErrorBeforeAnythingWasReadSaysSo() {
        InputStatus s = readStdin(failingAfter(utf8("{\"resou"), new IOException()));
        assertThat(s.state()).isEqualTo(State.CUT_SHORT);
        assertThat(s.error()).isEqualTo("IOException");
        assertThat(s.errorLine()).isZero();
        assertThat(err()).containsExactly("smtp-trace: <stdin>: read error: IOException; nothing of this input was analysed");
        assertThat(s.problems()).isZero();
    }

    @Test
    void aReadErrorInALongInputIsReportedWhereItHappened() {
        StringBuilder text = new StringBuilder();
        while (text.length() < 3 * EncodingSniffer.SAMPLE) text.append(line("c" + text.length()));
        int lines = (int) text.chars().filter(c -> c == '\n').count();
        InputStatus s = readStdin(failingAfter(utf8(text.toString()), new java.io.EOFException()));
        assertThat(s.sessions()).isEqualTo(lines);
        assertThat(s.errorLine()).isEqualTo(lines + 1);
        assertThat(s.error()).isEqualTo("input ends unexpectedly (truncated gzip?)");
    }

    @Test
    void aDefectOfAReaderCutsTheInputShortAndTheRunGoesOn() {
        StringBuilder text = new StringBuilder();
        while (text.length() < 2 * EncodingSniffer.SAMPLE) text.append(line("c" + text.length()));
        int lines = (int) text.chars().filter(c -> c == '\n').count();
        InputStatus s = readStdin(failingAfter(utf8(text.toString()), new IllegalStateException("reader bug")));
        assertThat(s.state()).isEqualTo(State.CUT_SHORT);
        assertThat(s.error()).isEqualTo("java.lang.IllegalStateException: reader bug");
        assertThat(s.errorLine()).isEqualTo(lines + 1);
        assertThat(err()).containsExactly("smtp-trace: <stdin>:" + (lines + 1) + ": internal error while reading"
                + " (java.lang.IllegalStateException: reader bug); only the part read before it was analysed");
        assertThat(diag.unreadable()).isEqualTo(1);
        // a defect before the input could be opened: no line to name
        readStdin(failingAfter(utf8("{"), new IllegalStateException("early")));
        assertThat(last().errorLine()).isZero();
        assertThat(err()).last().asString().startsWith("smtp-trace: <stdin>: internal error while reading");
    }

    @Test
    void aReadErrorInsideTheFirstLineSaysNothingWasAnalysed() {
        String longFirst = line("c1").replace("\"spanId\"", "\"pad\":\"" + "x".repeat(3 * EncodingSniffer.SAMPLE) + "\",\"spanId\"");
        InputStatus s = readStdin(failingAfter(utf8(longFirst.substring(0, longFirst.length() - 20)), new IOException("gone")));
        assertThat(s.errorLine()).isEqualTo(1);
        assertThat(s.sessions()).isZero();
        assertThat(err()).containsExactly("smtp-trace: <stdin>:1: read error: gone; nothing of this input was analysed");
    }

    @Test
    void aZlibEndOfInputIsATruncatedGzipWhateverItsType() {
        String text = line("c1").repeat(300);
        InputStatus s = readStdin(failingAfter(utf8(text), new IOException("Unexpected end of ZLIB input stream")));
        assertThat(s.error()).isEqualTo("input ends unexpectedly (truncated gzip?)");
        assertThat(s.errorLine()).isEqualTo(301);
    }

    @Test
    void aNameThatIsNoPathCannotBeOpened() {
        inputs(null, false).read("bad\0name.jsonl", sessions::add);
        assertThat(last().state()).isEqualTo(State.UNREADABLE);
        assertThat(last().error()).startsWith("cannot open: ");
        assertThat(err()).singleElement().asString().startsWith("smtp-trace: bad\0name.jsonl: cannot open: ");
    }

    @Test
    void utf16IsTranscodedWithOrWithoutAByteOrderMark() throws IOException {
        String text = line("c1") + line("c2");
        ByteArrayOutputStream bom = new ByteArrayOutputStream();
        bom.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE});
        bom.writeBytes(text.getBytes(StandardCharsets.UTF_16LE));
        InputStatus a = readFile("bom.jsonl", bom.toByteArray());
        assertThat(a.sessions()).isEqualTo(2);
        assertThat(err()).isEmpty();
        InputStatus b = readFile("be.jsonl", text.getBytes(StandardCharsets.UTF_16BE));
        assertThat(b.sessions()).isEqualTo(2);
        assertThat(err()).containsExactly("smtp-trace: " + b.name() + ":1: no byte-order mark, but the text is UTF-16BE: read as UTF-16BE");
        assertThat(b.problems()).isEqualTo(1);

        ByteArrayOutputStream liar = new ByteArrayOutputStream();
        liar.writeBytes(new byte[] {(byte) 0xFE, (byte) 0xFF});
        liar.writeBytes(utf8(text));
        InputStatus c = readFile("liar.jsonl", liar.toByteArray());
        assertThat(c.sessions()).isEqualTo(2);
        assertThat(err()).last().asString().isEqualTo("smtp-trace: " + c.name() + ":1: starts with the bytes FE FF"
                + " (a UTF-16 byte-order mark) but the text is UTF-8: read as UTF-8, the two bytes dropped");
    }

    @Test
    void utf16CharactersOutsideTheBmpSurviveTranscoding() throws IOException {
        String service = "\uD83D\uDCE7".repeat(12_000) + "x";
        String text = OtlpJsonReaderTest.requestOf(OtlpJsonReaderTest.str("service.name", service),
                OtlpJsonReaderTest.smtpSpan("s1", "c1", OtlpJsonReaderTest.str("smtp.connection.end", "quit"))) + "\n";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE});
        b.writeBytes(text.getBytes(StandardCharsets.UTF_16LE));
        readFile("mail.jsonl", b.toByteArray());
        assertThat(sessions).singleElement().satisfies(s -> assertThat(s.serviceName).isEqualTo(service));
    }

    @Test
    void largeFilesAreReadInParallelFromTheThresholdOnWithTheSameResult() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40; i++) text.append(i % 9 == 4 ? "{\"resourceSpans\":[\n" : line("c" + i));
        byte[] bytes = utf8(text.toString());
        Path f = dir.resolve("big.jsonl");
        Files.write(f, bytes);
        List<String> outcomes = new ArrayList<>();
        for (long min : new long[] {bytes.length + 1L, bytes.length, bytes.length - 1L}) {
            for (int threads : new int[] {1, 2}) {
                StringWriter e = new StringWriter();
                Diagnostics d = new Diagnostics(new PrintWriter(e, true));
                List<String> ids = new ArrayList<>();
                new Inputs(d, null, null).parallelism(threads, 100, min).read(f.toString(), s -> ids.add(s.id));
                outcomes.add(ids + "\n" + e);
                assertThat(d.status().inputs().get(0).problems()).isEqualTo(4);
            }
        }
        assertThat(outcomes).hasSize(6).containsOnly(outcomes.get(0));
        assertThat(outcomes.get(0)).contains(f + ":5: truncated JSON");
    }
}
