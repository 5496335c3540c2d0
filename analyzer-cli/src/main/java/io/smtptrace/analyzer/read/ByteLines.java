package io.smtptrace.analyzer.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * UTF-8 bytes split into lines on {@code '\n'} without decoding, for the JSON reader: a line that fits in the buffer is
 * handed to Jackson as a byte range (its fastest parser, no char conversion); a longer one only as a stream bounded by
 * the line end, so even a 100 MB line is never buffered whole.
 */
public final class ByteLines {
    /** Lines up to this size are parsed from the buffer; longer ones are streamed. */
    static final int MAX_BUFFERED_LINE = 8 << 20;

    private final InputStream in;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private long line; // number of line terminators consumed

    public ByteLines(InputStream in) {
        this(in, 0);
    }

    /** @param linesBefore line terminators already consumed from {@code in} (while sniffing the format) */
    public ByteLines(InputStream in, long linesBefore) {
        this.in = in;
        this.line = linesBefore;
    }

    /** The whole lines {@code bytes[0, length)}, read in place (a piece of a larger input). */
    ByteLines(byte[] bytes, int length, long linesBefore) {
        this.in = InputStream.nullInputStream();
        this.buf = bytes;
        this.limit = length;
        this.eof = true;
        this.line = linesBefore;
    }

    /** Reads more into the buffer after {@code limit} (compacting or growing it); false at end of input. */
    private boolean more() throws IOException {
        if (eof) return false;
        if (limit == buf.length) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            } else {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
        }
        int n;
        do {
            n = in.read(buf, limit, buf.length - limit);
        } while (n == 0);
        // PIT: n <= 0 is equivalent: the loop above never ends on 0
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    private boolean fill() throws IOException {
        return pos < limit || more();
    }

    public boolean atEof() throws IOException {
        return !fill();
    }

    /** 1-based number of the line the next byte belongs to. */
    public long lineNumber() {
        return line + 1;
    }

    byte[] buffer() {
        return buf;
    }

    int position() {
        return pos;
    }

    int limit() {
        return limit;
    }

    /**
     * Makes the current line available in {@link #buffer()} from {@link #position()}: returns the index of its
     * {@code '\n'} (or of the end of input), or -1 when it is longer than {@link #MAX_BUFFERED_LINE}.
     */
    int bufferLine() throws IOException {
        int scanned = 0; // relative to pos: compaction moves the data
        while (true) {
            for (int i = pos + scanned; i < limit; i++) if (buf[i] == '\n') return i;
            scanned = limit - pos;
            if (scanned > MAX_BUFFERED_LINE) return -1;
            if (!more()) return limit;
        }
    }

    /** Consumes up to and including index {@code nl} (a {@code '\n'} or the end of input). */
    void consumeLine(int nl) {
        if (nl < limit) {
            line++;
            pos = nl + 1;
        } else {
            pos = limit;
        }
    }

    /** Skips to just after the next line terminator. */
    public void skipRestOfLine() throws IOException {
        while (fill()) {
            while (pos < limit) {
                if (buf[pos++] == '\n') {
                    line++;
                    return;
                }
            }
        }
    }

    /** Whether the rest of the current line is blank (does not consume). Only looks inside the buffer. */
    public boolean restOfLineBlankInBuffer() throws IOException {
        if (!fill()) return true;
        for (int i = pos; i < limit; i++) {
            byte c = buf[i];
            if (c == '\n') return true;
            // PIT: c <= 0 is equivalent: NUL is no whitespace either
            if (c < 0 || !Character.isWhitespace(c)) return false;
        }
        return false;
    }

    /** The rest of the current line as a stream (ends before the line terminator, which stays unread). */
    InputStream lineStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                if (!fill() || buf[pos] == '\n') return -1;
                return buf[pos++] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                if (!fill() || buf[pos] == '\n') return -1;
                int n = 0;
                while (n < len && pos < limit && buf[pos] != '\n') b[off + n++] = buf[pos++];
                return n;
            }
        };
    }

    /** Everything that is left, as a stream. */
    InputStream restStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return fill() ? buf[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                if (!fill()) return -1;
                int n = Math.min(len, limit - pos);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    /** Bytes currently buffered from the read position, as Latin-1 chars, without consuming them (for sniffing). */
    java.io.Reader peekReader() throws IOException {
        fill();
        int from = pos;
        int to = Math.min(limit, pos + 16384); // the window the char-based sniffing had
        return new java.io.StringReader(new String(buf, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
