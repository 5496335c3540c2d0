package io.smtptrace.analyzer.read;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

import io.smtptrace.analyzer.model.Session;

/**
 * Opens inputs ({@code -} is stdin; gzip detected by magic bytes; UTF-8, or UTF-16 with a BOM), detects each one's
 * format on its own (first non-blank character {@code {} means OTLP JSON, anything else a debug log) and streams
 * its sessions to the sink.
 */
public final class Inputs {
    public enum Format { OTLP_JSON, DEBUG_LOG, EMPTY }

    private final Diagnostics diag;
    private final InputStream stdin;
    private final Consumer<String> progress;

    public Inputs(Diagnostics diag, InputStream stdin, Consumer<String> progress) {
        this.diag = diag;
        this.stdin = stdin;
        this.progress = progress;
    }

    public void readAll(List<String> files, Consumer<Session> sink) {
        for (String f : files) read(f, sink);
    }

    /** Reads one input; problems are reported through the diagnostics, never thrown. */
    public void read(String file, Consumer<Session> sink) {
        InputStream raw;
        try {
            if ("-".equals(file)) raw = stdin;
            else {
                Path p = Path.of(file);
                if (Files.isDirectory(p)) {
                    diag.unreadableInput(file, "directory");
                    return;
                }
                raw = Files.newInputStream(p);
            }
        } catch (NoSuchFileException e) {
            diag.unreadableInput(file, "noSuchFile");
            return;
        } catch (AccessDeniedException e) {
            diag.unreadableInput(file, "permissionDenied");
            return;
        } catch (IOException | RuntimeException e) {
            diag.unreadableInput(file, "cannotOpen", String.valueOf(e.getMessage()));
            return;
        }
        String name = "-".equals(file) ? "<stdin>" : file;
        if (progress != null) progress.accept(name);
        try (InputStream in = raw == stdin ? new NonClosing(raw) : raw) {
            BufferedInputStream data = open(in);
            long[] lines = {0};
            Format f = detect(data, lines);
            switch (f) {
                case EMPTY -> diag.problem(name, 0, "empty");
                // JSON is parsed from bytes: Jackson's UTF-8 parser is several times faster than reading chars
                case OTLP_JSON -> new OtlpJsonReader().read(new ByteLines(data, lines[0]), name, sink, diag);
                case DEBUG_LOG -> new DebugLogReader().read(new CharSource(new InputStreamReader(data, utf8Decoder()), lines[0]), name, sink, diag);
            }
        } catch (IOException e) {
            diag.problem(name, 0, "readError", describe(e, diag));
        }
    }

    static String describe(IOException e, Diagnostics diag) {
        String m = e.getMessage();
        if (e instanceof java.io.EOFException || (m != null && m.contains("Unexpected end of ZLIB"))) return diag.texts().get("truncatedGzip");
        if (e instanceof java.util.zip.ZipException) return diag.texts().get("corruptGzip", String.valueOf(m));
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** The input as UTF-8 bytes: gunzipped when it is gzip, transcoded when it is UTF-16 (with a BOM). */
    static BufferedInputStream open(InputStream in) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 65536);
        b.mark(4);
        int m1 = b.read();
        int m2 = b.read();
        b.reset();
        BufferedInputStream data = b;
        if (m1 == 0x1f && m2 == 0x8b) data = new BufferedInputStream(new GZIPInputStream(b, 65536), 65536);
        data.mark(4);
        int c1 = data.read();
        int c2 = data.read();
        data.reset();
        if (c1 == 0xFE && c2 == 0xFF || c1 == 0xFF && c2 == 0xFE) {
            CharsetDecoder dec = StandardCharsets.UTF_16.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            data = new BufferedInputStream(new Utf8Encoded(new InputStreamReader(data, dec)), 65536);
        }
        return data;
    }

    private static CharsetDecoder utf8Decoder() {
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
            if (c < 0x80) {
                if (c == '\n') lines[0]++;
                if (Character.isWhitespace(c)) continue;
                in.reset();
                return c == '{' ? Format.OTLP_JSON : Format.DEBUG_LOG;
            }
            // a non-ASCII character: whitespace (or the BOM) is skipped as before, when the input was read as chars
            int cp = -1;
            if (c >= 0xC2 && c <= 0xDF) cp = cont(in, c & 0x1F, 1);
            else if (c >= 0xE0 && c <= 0xEF) cp = cont(in, c & 0x0F, 2);
            if (cp == 0xFEFF || cp >= 0 && Character.isWhitespace(cp)) continue;
            in.reset();
            return Format.DEBUG_LOG;
        }
    }

    /** Decodes {@code n} UTF-8 continuation bytes onto {@code cp}; -1 when they are not continuation bytes. */
    private static int cont(InputStream in, int cp, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            int b = in.read();
            if (b < 0 || (b & 0xC0) != 0x80) return -1;
            cp = cp << 6 | b & 0x3F;
        }
        return cp;
    }

    /** Chars back to UTF-8 bytes (UTF-16 inputs), keeping a surrogate pair together across reads. */
    private static final class Utf8Encoded extends InputStream {
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

    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
