package io.smtptrace.analyzer.read;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Session;

/**
 * Opens inputs ({@code -} is stdin; files, pipes and FIFOs read as streams; gzip detected by magic bytes; UTF-8, or
 * UTF-16 when the bytes agree), detects each one's format on its own (first non-blank character {@code {} means OTLP
 * JSON, anything else a debug log), streams its sessions to the sink and records what became of it in
 * {@link Diagnostics#status()}.
 */
public final class Inputs {
    public enum Format { OTLP_JSON, DEBUG_LOG, EMPTY }

    private final Diagnostics diag;
    private final InputStream stdin;
    private final boolean stdinClosed;
    private final Consumer<String> progress;
    private final Messages msg;
    /** The {@code metrics} bundle: the note on a skipped metrics file. */
    private final Messages metricsMsg;
    private java.util.regex.Pattern logPrefix;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int chunkBytes = ParallelLogReading.CHUNK_BYTES;
    private long minBytes = ParallelLogReading.MIN_BYTES;
    /** the input being read is neither gzip nor transcoded (set by {@link #open}) */
    private boolean plain;

    public Inputs(Diagnostics diag, InputStream stdin, Consumer<String> progress) {
        this(diag, stdin, false, progress, Lang.en);
    }

    /** @param stdinClosed standard input was closed when the process started: {@code -} is then an error */
    public Inputs(Diagnostics diag, InputStream stdin, boolean stdinClosed, Consumer<String> progress, Lang lang) {
        this.diag = diag;
        this.stdin = stdin;
        this.stdinClosed = stdinClosed;
        this.progress = progress;
        this.msg = Messages.of("inputs", lang);
        this.metricsMsg = Messages.of("metrics", lang);
    }

    /** The prefix of every debug-log line ({@code --log-prefix}), for what learning cannot guess; null to learn it. */
    public Inputs logPrefix(java.util.regex.Pattern prefix) {
        this.logPrefix = prefix;
        return this;
    }

    public void readAll(List<String> files, Consumer<Session> sink) {
        for (String f : files) read(f, sink);
    }

    /** Reads one input; problems are reported through the diagnostics and its {@link InputStatus}, never thrown. */
    public void read(String file, Consumer<Session> sink) {
        String name = "-".equals(file) ? "<stdin>" : file;
        InputStatus status = diag.status().add(name);
        InputStream raw;
        try {
            if ("-".equals(file)) {
                if (stdinClosed || stdin == null) {
                    unreadable(status, file, msg.get("stdin.closed"));
                    return;
                }
                raw = stdin;
            } else {
                Path p = Path.of(file);
                if (Files.isDirectory(p)) {
                    unreadable(status, file, msg.get("open.directory"));
                    return;
                }
                // FileInputStream, not Files.newInputStream: the NIO stream asks a pipe, a FIFO or <(...) for its
                // size and position ("Illegal seek"); this one just reads
                raw = new FileInputStream(p.toFile());
            }
        } catch (FileNotFoundException e) {
            Path p = Path.of(file);
            // a link to nothing is missing too (as cat says), not "permission denied"; a loop of links is neither
            String why = Files.notExists(p) ? msg.get("open.missing")
                    : Files.exists(p) && !Files.isReadable(p) ? msg.get("open.denied") : msg.get("open.failed", e.getMessage());
            unreadable(status, file, why);
            return;
        } catch (RuntimeException e) {
            unreadable(status, file, msg.get("open.failed", String.valueOf(e.getMessage())));
            return;
        }
        if (progress != null) progress.accept(name);
        int problemsBefore = diag.warnings();
        Consumer<Session> counting = s -> {
            status.session();
            sink.accept(s);
        };
        LineCounter at = null;
        try (InputStream in = raw == stdin ? new NonClosing(raw) : raw) {
            BufferedInputStream data = open(in, name);
            long[] lines = {0};
            Format f = detect(data, lines);
            if (f == Format.OTLP_JSON && MetricsFile.is(data)
                    || f == Format.EMPTY && !"-".equals(file) && MetricsFile.named(file)) {
                // the agent's metrics beside its traces (a glob picks both up): a note, not bad input
                diag.err().println("smtp-trace: " + metricsMsg.get("skipped", name));
                diag.err().flush();
                return;
            }
            switch (f) {
                case EMPTY -> diag.warn(name, 0, msg.get("empty"));
                case OTLP_JSON -> {
                    if (JsonLogReader.isLog(data)) {
                        // JSON lines of a structured log (a message field, no resourceSpans) carry debug-log lines
                        CharSource src = new CharSource(new InputStreamReader(data, utf8Decoder()), lines[0]);
                        at = src::lineNumber;
                        new JsonLogReader(logPrefix).read(src, name, counting, diag);
                    } else {
                        // JSON is parsed from bytes: Jackson's UTF-8 parser is several times faster than reading chars
                        ByteLines src = new ByteLines(data, lines[0]);
                        OtlpJsonReader r = new OtlpJsonReader();
                        // a large regular file's JSON lines are parsed on all cores, the same result
                        if (parallel(raw, file)) r.parallel(threads(), chunkBytes);
                        at = r::lineNumber;
                        r.read(src, name, counting, diag);
                    }
                }
                case DEBUG_LOG -> {
                    if (parallel(raw, file)) {
                        // a large regular file: read on all cores, the same result (ParallelLogReading)
                        ParallelLogReading par = new ParallelLogReading(name, logPrefix, diag, chunkBytes, threads());
                        at = par::lineNumber;
                        par.read(data, lines[0], counting);
                        break;
                    }
                    CharSource src = new CharSource(new InputStreamReader(data, utf8Decoder()), lines[0]);
                    at = src::lineNumber;
                    new DebugLogReader(logPrefix).read(src, name, counting, diag);
                }
            }
        } catch (IOException e) {
            long line = at == null ? 0 : at.line();
            status.cutShort(line, describe(e));
            diag.fail(name, line, msg.get(status.sessions() > 0 || line > 1 ? "read.error.partial" : "read.error", describe(e)));
        } catch (RuntimeException | StackOverflowError e) {
            // a defect of a reader must not end the whole run, nor pass as a clean input
            long line = at == null ? 0 : at.line();
            status.cutShort(line, e.toString());
            diag.fail(name, line, msg.get("read.internal", e.toString()));
        }
        status.problems(diag.warnings() - problemsBefore);
    }

    /** Parallel reading: a regular file of some size, neither gzip nor UTF-16 (pipes, stdin, gzip are streamed). */
    private boolean parallel(InputStream raw, String file) {
        if (!plain || raw == stdin || threads() < 2) return false;
        try {
            Path p = Path.of(file);
            return Files.isRegularFile(p) && Files.size(p) >= minBytes;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private int threads() {
        return threads;
    }

    /**
     * How large regular files are read: on {@code threads} threads (1: line by line) in pieces of {@code chunkBytes},
     * from {@code minBytes} on. The defaults suit the machine; tests force pieces of a few bytes.
     */
    public Inputs parallelism(int threads, int chunkBytes, long minBytes) {
        this.threads = threads;
        this.chunkBytes = chunkBytes;
        this.minBytes = minBytes;
        return this;
    }

    private interface LineCounter {
        long line();
    }

    private void unreadable(InputStatus status, String file, String why) {
        status.unreadable(why);
        diag.unreadable(file, why);
    }

    /** The read error in the run's language (the diagnostics bundle). */
    String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.io.EOFException || (m != null && m.contains("Unexpected end of ZLIB"))) return diag.texts().get("truncatedGzip");
        if (e instanceof java.util.zip.ZipException) return diag.texts().get("corruptGzip", String.valueOf(m));
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /**
     * The input as UTF-8 bytes: gunzipped when it is gzip, transcoded when its first bytes say UTF-16 (see
     * {@link EncodingSniffer}: a UTF-16 BOM in front of UTF-8 text is dropped, not believed).
     */
    BufferedInputStream open(InputStream in, String name) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 65536);
        b.mark(4);
        int m1 = b.read();
        int m2 = b.read();
        b.reset();
        BufferedInputStream data = b;
        if (m1 == 0x1f && m2 == 0x8b) data = new BufferedInputStream(new GZIPInputStream(b, 65536), 65536);
        byte[] sample = new byte[EncodingSniffer.SAMPLE];
        data.mark(sample.length);
        int n = 0;
        IOException failed = null;
        try {
            // PIT: ConditionalsBoundaryMutator on k >= 0 here is equivalent: a read of at least one byte blocks until it
            // has one (InputStream's contract), so k is never 0
            for (int k; n < sample.length && (k = data.read(sample, n, sample.length - n)) >= 0; ) n += k;
        } catch (IOException e) {
            failed = e;
        }
        if (failed == null) data.reset();
        // a read error inside the sample: the bytes before it are read as usual, and the error surfaces where it happened
        else data = new BufferedInputStream(new SequenceInputStream(new ByteArrayInputStream(sample, 0, n), new Failing(failed)), 65536);
        EncodingSniffer.Decision d = EncodingSniffer.sniff(sample, n);
        switch (d.note()) {
            case BOM_BUT_UTF8 -> diag.warn(name, 1, msg.get("encoding.bom.utf8", String.format("%02X %02X", sample[0] & 0xff, sample[1] & 0xff)));
            case UTF16_WITHOUT_BOM -> diag.warn(name, 1, msg.get("encoding.utf16", d.charset().name()));
            case NONE -> { }
        }
        data.skipNBytes(d.skip());
        plain = data == b && d.charset().equals(StandardCharsets.UTF_8);
        if (!d.charset().equals(StandardCharsets.UTF_8)) {
            CharsetDecoder dec = d.charset().newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            data = new BufferedInputStream(new Utf8Encoded(new InputStreamReader(data, dec)), 65536);
        }
        return data;
    }

    static CharsetDecoder utf8Decoder() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    /**
     * Skips leading whitespace and byte-order marks (counting the line terminators skipped in {@code lines[0]}); the
     * first other character {@code {} means OTLP JSON, anything else a debug log.
     */
    static Format detect(BufferedInputStream in, long[] lines) throws IOException {
        while (true) {
            in.mark(4);
            int c = in.read();
            if (c == -1) return Format.EMPTY;
            // a non-ASCII character: whitespace (or the BOM) is skipped as before, when the input was read as chars;
            // all of those are three UTF-8 bytes long, from U+1680 (E1 9A 80) to the BOM U+FEFF (EF BB BF)
            if (c >= 0xE1 && c <= 0xEF) {
                if (spaceOrBom(in, c)) continue;
                in.reset();
                return Format.DEBUG_LOG;
            }
            if (c == '\n') lines[0]++;
            // any other byte from 0x80 on is no whitespace read as a character either (U+0080 to U+00FF are none)
            if (Character.isWhitespace(c)) continue;
            in.reset();
            return c == '{' ? Format.OTLP_JSON : Format.DEBUG_LOG;
        }
    }

    /** Whether the three-byte UTF-8 character that starts with {@code lead} is whitespace or the byte-order mark. */
    private static boolean spaceOrBom(InputStream in, int lead) throws IOException {
        int cp = lead & 0x0F;
        for (int i = 0; i < 2; i++) {
            int b = in.read();
            if ((b & 0xC0) != 0x80) return false; // not a continuation byte (-1, the end, is none either)
            cp = cp << 6 | b & 0x3F;
        }
        return cp == 0xFEFF || Character.isWhitespace(cp);
    }

    /** Chars back to UTF-8 bytes (UTF-16 inputs), keeping a surrogate pair together across reads. */
    static final class Utf8Encoded extends InputStream {
        private final java.io.Reader r;
        private final char[] chars = new char[8192];
        private int carry; // a high surrogate held back from the previous chunk
        private byte[] bytes = new byte[0];
        private int bp;

        Utf8Encoded(java.io.Reader r) {
            this.r = r;
        }

        private boolean more() throws IOException {
            while (bp >= bytes.length) {
                // PIT: ConditionalsBoundaryMutator on n < 0 and n > 0 here is equivalent: a read of at least one char
                // blocks until it has one (Reader's contract), so n is never 0
                int n = r.read(chars, carry, chars.length - carry);
                if (n < 0 && carry == 0) return false;
                int total = carry + Math.max(n, 0);
                int keep = n > 0 && Character.isHighSurrogate(chars[total - 1]) ? 1 : 0;
                bytes = new String(chars, 0, total - keep).getBytes(StandardCharsets.UTF_8);
                bp = 0;
                if (keep == 1) chars[0] = chars[total - 1];
                carry = keep;
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return more() ? bytes[bp++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (!more()) return -1;
            int n = Math.min(len, bytes.length - bp);
            System.arraycopy(bytes, bp, b, off, n);
            bp += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            r.close();
        }
    }

    private static final class Failing extends InputStream {
        private final IOException e;

        Failing(IOException e) {
            this.e = e;
        }

        @Override
        public int read() throws IOException {
            throw e;
        }
    }

    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
