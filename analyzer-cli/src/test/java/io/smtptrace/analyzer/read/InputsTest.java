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

    /** Inputs as a test configures them, on the diagnostics given. */
    interface Make {
        Inputs of(Diagnostics d);
    }

    /** What a read through {@link Inputs} gave, and whether worker threads were reading while it did. */
    record Observed(List<String> sessions, String err, boolean onWorkers, boolean workersAreDaemons) {}

    /**
     * Reads {@code file} on a thread of a thread group of its own: a reader's worker threads are created in it, so
     * whenever a conversation or a problem comes out, the group shows whether the input is being read on them.
     */
    static Observed observe(Make make, String file) throws Exception {
        ThreadGroup group = new ThreadGroup("inputs-test");
        boolean[] workers = {false, true};
        Runnable look = () -> {
            Thread[] all = new Thread[group.activeCount() + 8];
            for (int i = group.enumerate(all) - 1; i >= 0; i--) {
                if (all[i] == Thread.currentThread()) continue;
                workers[0] = true;
                workers[1] &= all[i].isDaemon();
            }
        };
        StringWriter text = new StringWriter();
        PrintWriter err = new PrintWriter(new java.io.Writer() {
            @Override
            public void write(char[] c, int off, int len) {
                look.run();
                text.write(c, off, len);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        }, true);
        List<String> ids = new ArrayList<>();
        Throwable[] failed = {null};
        Thread t = new Thread(group, () -> {
            try {
                make.of(new Diagnostics(err)).read(file, s -> {
                    look.run();
                    ids.add(s.id.substring(s.id.lastIndexOf(':') + 1)); // a debug log's: name:line
                });
            } catch (Throwable e) {
                failed[0] = e;
            }
        });
        t.start();
        t.join();
        if (failed[0] != null) throw new AssertionError(failed[0]);
        return new Observed(ids, text.toString().replace(file, "FILE"), workers[0], workers[1]);
    }

    private static String debugLog(int conversations) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < conversations; i++) sb.append(ParallelLogReadingTest.conversation(i)).append(i % 5 == 2 ? "\u0000junk\n" : "");
        return sb.toString();
    }

    private static String jsonLines(int lines) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) text.append(i % 9 == 1 ? "{\"resourceSpans\":[\n" : line("c" + i));
        return text.toString();
    }

    @Test
    void largeRegularFilesAreReadOnWorkerThreadsFromTheThresholdOn() throws Exception {
        for (String text : List.of(debugLog(12), jsonLines(30))) {
            byte[] bytes = utf8(text);
            Path f = dir.resolve("big.log");
            Files.write(f, bytes);
            Observed small = observe(d -> new Inputs(d, null, null).parallelism(2, 200, bytes.length + 1L), f.toString());
            Observed exact = observe(d -> new Inputs(d, null, null).parallelism(2, 200, bytes.length), f.toString());
            Observed oneThread = observe(d -> new Inputs(d, null, null).parallelism(1, 200, 0), f.toString());
            assertThat(small.onWorkers()).as("below the threshold: line by line").isFalse();
            assertThat(oneThread.onWorkers()).as("one thread: line by line").isFalse();
            assertThat(exact.onWorkers()).as("at the threshold: in parallel").isTrue();
            assertThat(exact.workersAreDaemons()).as("a reader's threads never keep the JVM alive").isTrue();
            assertThat(exact.sessions()).isNotEmpty();
            assertThat(List.of(small, oneThread)).allSatisfy(o -> {
                assertThat(o.sessions()).isEqualTo(exact.sessions());
                assertThat(o.err()).isEqualTo(exact.err());
            });
            assertThat(exact.err()).startsWith("smtp-trace: FILE:");
        }
    }

    @Test
    void gzipUtf16AndStdinAreStreamedLineByLineWhateverTheirSize() throws Exception {
        String text = debugLog(12);
        Path plain = dir.resolve("plain.log");
        Files.write(plain, utf8(text));
        Observed expected = observe(d -> new Inputs(d, null, null).parallelism(2, 200, 0), plain.toString());
        assertThat(expected.onWorkers()).isTrue();

        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream o = new GZIPOutputStream(gz)) {
            o.write(utf8(text));
        }
        Path gzip = dir.resolve("app.log.gz");
        Files.write(gzip, gz.toByteArray());
        Path utf16 = dir.resolve("utf16.log");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE});
        b.writeBytes(text.getBytes(StandardCharsets.UTF_16LE));
        Files.write(utf16, b.toByteArray());
        for (Path p : List.of(gzip, utf16)) {
            Observed o = observe(d -> new Inputs(d, null, null).parallelism(2, 200, 0), p.toString());
            assertThat(o.onWorkers()).as(p.toString()).isFalse();
            assertThat(o.sessions()).isEqualTo(expected.sessions());
            assertThat(o.err()).isEqualTo(expected.err());
        }
        Observed stdin = observe(d -> new Inputs(d, new ByteArrayInputStream(utf8(text)), null).parallelism(2, 200, 0), "-");
        assertThat(stdin.onWorkers()).isFalse();
        assertThat(stdin.sessions()).hasSameSizeAs(expected.sessions());

        // a UTF-16 byte-order mark in front of UTF-8 text: dropped, and the file is still read on all cores
        Path liar = dir.resolve("liar.log");
        ByteArrayOutputStream l = new ByteArrayOutputStream();
        l.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE});
        l.writeBytes(utf8(text.replaceAll("\u0000junk\n", "")));
        Files.write(liar, l.toByteArray());
        Observed dropped = observe(d -> new Inputs(d, null, null).parallelism(2, 200, 0), liar.toString());
        assertThat(dropped.onWorkers()).as(dropped.toString()).isTrue();
        assertThat(dropped.sessions()).hasSize(12);
        assertThat(dropped.err()).startsWith("smtp-trace: FILE:1: starts with the bytes FF FE");
    }

    @Test
    void aDebugLogIsReadWithItsConversationsAndLines() throws IOException {
        InputStatus s = readFile("app.log", utf8("\n\n" + ParallelLogReadingTest.conversation(0) + ParallelLogReadingTest.conversation(1)
                + ParallelLogReadingTest.conversation(2)));
        assertThat(sessions).extracting(x -> x.id).containsExactly("app.log:3", "app.log:21", "app.log:39");
        assertThat(s.sessions()).isEqualTo(3);
        assertThat(err()).isEmpty();
    }

    @Test
    void aDebugLogStartingWithABadByteKeepsItsFirstLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0xC3, '\n'});
        b.writeBytes(utf8(ParallelLogReadingTest.conversation(1)));
        InputStatus s = readFile("app.log", b.toByteArray());
        assertThat(sessions).extracting(x -> x.id).containsExactly("app.log:2");
        assertThat(err()).containsExactly("smtp-trace: " + s.name() + ":1: text is not valid UTF-8; undecodable bytes were replaced");
    }

    @Test
    void aBrokenThreeByteCharacterFirstKeepsTheLineEndAfterIt() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0xE2, '\n'});
        b.writeBytes(utf8(ParallelLogReadingTest.conversation(1)));
        InputStatus s = readFile("app.log", b.toByteArray());
        assertThat(sessions).extracting(x -> x.id).containsExactly("app.log:2");
        assertThat(err()).containsExactly("smtp-trace: " + s.name() + ":1: text is not valid UTF-8; undecodable bytes were replaced");
    }

    @Test
    void theFirstUnicodeSpaceAndTheLastThreeByteLeadAreSkippedOrKept() throws IOException {
        // U+1680 (OGHAM SPACE MARK) is the first whitespace character above ASCII that Java knows
        readFile("t.jsonl", utf8("\u1680\u1680" + line("c1")));
        assertThat(sessions).hasSize(1);
        sessions.clear();
        // U+0FFF and U+F8FF are no whitespace: a debug log
        for (String lead : List.of("\u0FFF", "\uF8FF", "\u0800")) {
            readFile("t.log", utf8(lead + line("c1")));
            assertThat(sessions).as(lead).isEmpty();
        }
        assertThat(err()).noneMatch(l -> l.contains("JSON"));
    }

    @Test
    void aJsonLinesLogIsReadAsTheDebugLogItCarries() throws IOException {
        StringBuilder text = new StringBuilder();
        for (String l : ParallelLogReadingTest.conversation(1).split("\n")) {
            text.append(JsonLogReaderTest.logstash("2026-11-29T04:10:01.000Z", "main", l.startsWith("DEBUG") ? "com.sun.mail.smtp" : "com.sun.mail.smtp.protocol",
                    "DEBUG", l.startsWith("DEBUG SMTP: ") ? l.substring(12) : l)).append('\n');
        }
        InputStatus s = readFile("app.json", utf8(text.toString()));
        assertThat(s.sessions()).isEqualTo(1);
        assertThat(sessions).singleElement().satisfies(x -> assertThat(x.host).isEqualTo("mx1.example.com"));
    }

    @Test
    void everyInputOfARunIsReadInTurnWithAGivenLogPrefix() throws IOException {
        Path a = dir.resolve("a.log");
        Files.write(a, utf8(debugLog(2).lines().map(l -> "svc| " + l).collect(java.util.stream.Collectors.joining("\n", "", "\n"))));
        Path b = dir.resolve("b.jsonl");
        Files.write(b, utf8(line("c9")));
        Inputs in = inputs(null, false).logPrefix(java.util.regex.Pattern.compile("svc\\| "));
        in.readAll(List.of(a.toString(), b.toString()), sessions::add);
        assertThat(diag.status().inputs()).extracting(InputStatus::name).containsExactly(a.toString(), b.toString());
        assertThat(sessions).extracting(x -> x.id).containsExactly("a.log:1", "a.log:19", "c9");
        assertThat(progress).containsExactly(a.toString(), b.toString());
    }

    @Test
    void theNoteOnASkippedMetricsFileIsOnStderrAtOnce() throws IOException {
        Path m = dir.resolve("smtp-trace-metrics-1.jsonl");
        Files.write(m, utf8("{\"resourceMetrics\":[]}\n"));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Diagnostics d = new Diagnostics(new PrintWriter(bytes, false));
        new Inputs(d, null, null).read(m.toString(), sessions::add);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("smtp-trace: ").contains(m.toString());
        assertThat(d.status().inputs().get(0).failed()).isFalse();
        assertThat(d.warnings()).isZero();
    }

    @Test
    void aLinkToNothingIsAMissingFileAndALoopOfLinksCannotBeOpened() throws IOException {
        Path dangling = dir.resolve("trace.jsonl");
        Files.createSymbolicLink(dangling, dir.resolve("rotated-away.jsonl"));
        inputs(null, false).read(dangling.toString(), sessions::add);
        assertThat(last().state()).isEqualTo(State.UNREADABLE);
        assertThat(last().error()).isEqualTo("no such file");
        Path a = dir.resolve("loop-a");
        Path b = dir.resolve("loop-b");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        inputs(null, false).read(a.toString(), sessions::add);
        assertThat(last().state()).isEqualTo(State.UNREADABLE);
        assertThat(last().error()).startsWith("cannot open: ").contains("symbolic links");
        assertThat(err()).containsExactly("smtp-trace: " + dangling + ": no such file", "smtp-trace: " + a + ": " + last().error());
    }

    /** A reader that hands out at most {@code max} chars per read, so that surrogate pairs are split between reads. */
    static java.io.Reader choppy(String text, int max) {
        return new java.io.StringReader(text) {
            @Override
            public int read(char[] c, int off, int len) throws IOException {
                return super.read(c, off, Math.min(len, max));
            }
        };
    }

    @Test
    void charsBackToUtf8KeepSurrogatePairsSplitBetweenReads() throws IOException {
        String text = "a\uD83D\uDCE7b" + "\uD83D\uDE00".repeat(5000) + "\u00e9\uD83D";
        for (int max : new int[] {1, 2, 3, 8192}) {
            Inputs.Utf8Encoded in = new Inputs.Utf8Encoded(choppy(text, max));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[5];
            assertThat(in.read(buf, 0, 0)).isZero();
            for (int n; (n = in.read(buf, 1, 4)) > 0; ) out.write(buf, 1, n);
            assertThat(in.read(buf, 0, 4)).isEqualTo(-1);
            assertThat(out.toByteArray()).as("chunks of %d chars", max).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
            Inputs.Utf8Encoded single = new Inputs.Utf8Encoded(choppy("x\uD83D\uDCE7", max));
            assertThat(new int[] {single.read(), single.read(), single.read(), single.read(), single.read(), single.read()})
                    .containsExactly('x', 0xF0, 0x9F, 0x93, 0xA7, -1);
        }
        // closing it closes what it reads
        java.io.Reader r = choppy("abc", 2);
        new Inputs.Utf8Encoded(r).close();
        org.assertj.core.api.Assertions.assertThatThrownBy(r::read).isInstanceOf(IOException.class);
    }
}
