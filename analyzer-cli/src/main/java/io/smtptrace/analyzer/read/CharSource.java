package io.smtptrace.analyzer.read;

import java.io.IOException;
import java.io.Reader;

/**
 * A buffered character source that counts lines, hands out lines with a length cap (longer lines are drained, never
 * buffered whole). Debug logs only: JSON is read from bytes ({@link ByteLines}).
 */
public final class CharSource {
    public static final int DEFAULT_MAX_LINE = 256 * 1024;

    private final Reader in;
    private final char[] buf = new char[16384];
    private int pos;
    private int limit;
    private boolean eof;
    private long line; // number of line terminators consumed
    private boolean lastLineTooLong;
    private long lastLineLength;

    public CharSource(Reader in) {
        this(in, 0);
    }

    /** @param linesBefore line terminators already consumed from the input (while sniffing the format) */
    public CharSource(Reader in, long linesBefore) {
        this.in = in;
        this.line = linesBefore;
    }

    private boolean fill() throws IOException {
        if (eof) return false;
        if (pos < limit) return true;
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        // PIT: n <= 0 is equivalent: the loop above never ends on 0
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    /** 1-based number of the line the next character belongs to. */
    public long lineNumber() {
        return line + 1;
    }

    /**
     * Next line without its terminator, or null at end of input. Lines longer than max are truncated to max characters
     * and the rest is skipped; {@link #lastLineTooLong()} tells.
     */
    public String readLine(int max) throws IOException {
        if (!fill()) return null;
        lastLineTooLong = false;
        // the usual case, a whole line inside the buffer: one copy into the String
        // PIT: negating this loop or n >= max below is equivalent: the general loop after it reads the same line
        for (int i = pos; i < limit; i++) {
            if (buf[i] == '\n') {
                int n = i - pos;
                // the CR of a CRLF is the terminator, not part of the line: a line of exactly max characters fits
                if (n > 0 && buf[i - 1] == '\r') n--;
                lastLineLength = n;
                if (n > max) break;
                String s = new String(buf, pos, n);
                pos = i + 1;
                line++;
                return s;
            }
        }
        StringBuilder sb = new StringBuilder(Math.min(256, max));
        long length = 0;
        char last = 0;
        lastLineTooLong = false;
        while (fill()) {
            int start = pos;
            while (pos < limit && buf[pos] != '\n') pos++;
            int n = pos - start;
            length += n;
            if (n > 0) last = buf[pos - 1];
            int room = max - sb.length();
            // PIT: room >= 0 is equivalent: appends nothing
            if (room > 0) sb.append(buf, start, Math.min(n, room));
            if (pos < limit) { // found newline
                pos++;
                line++;
                break;
            }
        }
        if (last == '\r') length--;
        lastLineLength = length;
        if (length > max) lastLineTooLong = true;
        int l = sb.length();
        if (l > 0 && sb.charAt(l - 1) == '\r') sb.setLength(l - 1);
        return sb.toString();
    }

    public boolean lastLineTooLong() {
        return lastLineTooLong;
    }

    public long lastLineLength() {
        return lastLineLength;
    }
}
