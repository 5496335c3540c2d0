package io.smtptrace.analyzer.read;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
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
                    diag.unreadable(file, "is a directory");
                    return;
                }
                raw = Files.newInputStream(p);
            }
        } catch (NoSuchFileException e) {
            diag.unreadable(file, "no such file");
            return;
        } catch (AccessDeniedException e) {
            diag.unreadable(file, "permission denied");
            return;
        } catch (IOException | RuntimeException e) {
            diag.unreadable(file, "cannot open: " + e.getMessage());
            return;
        }
        String name = "-".equals(file) ? "<stdin>" : file;
        if (progress != null) progress.accept(name);
        try (InputStream in = raw == stdin ? new NonClosing(raw) : raw) {
            CharSource src = open(in, name);
            Format f = detect(src);
            switch (f) {
                case EMPTY -> diag.warn(name, 0, "empty input, nothing to analyse");
                case OTLP_JSON -> new OtlpJsonReader().read(src, name, sink, diag);
                case DEBUG_LOG -> new DebugLogReader().read(src, name, sink, diag);
            }
        } catch (IOException e) {
            diag.warn(name, 0, "read error: " + describe(e) + " (the part read so far was analysed)");
        }
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.io.EOFException || (m != null && m.contains("Unexpected end of ZLIB"))) return "input ends unexpectedly (truncated gzip?)";
        if (e instanceof java.util.zip.ZipException) return "corrupt gzip data: " + m;
        return m == null ? e.getClass().getSimpleName() : m;
    }

    CharSource open(InputStream in, String name) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 65536);
        b.mark(4);
        int m1 = b.read();
        int m2 = b.read();
        b.reset();
        InputStream data = b;
        if (m1 == 0x1f && m2 == 0x8b) data = new BufferedInputStream(new GZIPInputStream(b, 65536), 65536);
        data.mark(4);
        int c1 = data.read();
        int c2 = data.read();
        data.reset();
        Charset cs = StandardCharsets.UTF_8;
        if (c1 == 0xFE && c2 == 0xFF) cs = StandardCharsets.UTF_16;
        else if (c1 == 0xFF && c2 == 0xFE) cs = StandardCharsets.UTF_16;
        CharsetDecoder dec = cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new CharSource(new InputStreamReader(data, dec));
    }

    static Format detect(CharSource src) throws IOException {
        int c;
        while ((c = src.peek()) != -1) {
            if (c == '\uFEFF' || Character.isWhitespace(c)) {
                src.read();
                continue;
            }
            return c == '{' ? Format.OTLP_JSON : Format.DEBUG_LOG;
        }
        return Format.EMPTY;
    }

    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
