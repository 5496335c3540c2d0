package io.smtptrace.analyzer.read;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An input cut into pieces of about {@code size} bytes that end at a line end ({@code '\n'}), each with the number of
 * lines before it, for reading the pieces on several cores. Bytes are not decoded here.
 */
final class Chunks {
    /** A piece: {@code bytes[0, length)}, whole lines; {@code linesBefore} line terminators come before it. */
    record Chunk(byte[] bytes, int length, long linesBefore) {
        /** The piece's lines as characters (a piece ends at a line end, so never inside a UTF-8 sequence). */
        CharSource chars() {
            return new CharSource(new java.io.InputStreamReader(new ByteArrayInputStream(bytes, 0, length), Inputs.utf8Decoder()), linesBefore);
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final InputStream in;
    private final int size;
    private final int maxLine;
    private byte[] carry = new byte[0];
    private int carryLength;
    private long lines;
    private boolean eof;
    private IOException failed;
    private boolean longLine;

    /**
     * @param linesBefore line terminators already read from the input
     * @param maxLine a line longer than this ends the cutting: {@link #longLine()}, and the rest is {@link #rest()}
     */
    Chunks(InputStream in, long linesBefore, int size, int maxLine) {
        this.in = in;
        this.lines = linesBefore;
        this.size = Math.max(1, size);
        this.maxLine = maxLine;
    }

    /**
     * The next piece; null at the end of the input or at a line longer than {@code maxLine}. A read error is thrown
     * only after the whole lines read before it were handed out (as a line-by-line reader would have read them).
     */
    Chunk next() throws IOException {
        if (failed != null) throw failed;
        while (true) {
            if (eof && carryLength == 0 || longLine) return null;
            // a line longer than a piece: the buffer doubles until the line fits (no quadratic copying)
            // PIT: carryLength <= size, and carryLength - 1 below, are equivalent: only how fast the buffer grows
            int capacity = carryLength < size ? size : (int) Math.min(2L * carryLength, Integer.MAX_VALUE - 16);
            byte[] buf = new byte[Math.max(capacity, carryLength + 1)];
            System.arraycopy(carry, 0, buf, 0, carryLength);
            int n = carryLength;
            try {
                while (!eof && n < buf.length) {
                    int r = in.read(buf, n, buf.length - n);
                    if (r < 0) eof = true;
                    else n += r;
                }
            } catch (IOException e) {
                failed = e;
                eof = true;
                int end = lastLineEnd(buf, n);
                if (end <= 0) throw e;
                return cut(buf, end, n, false);
            }
            int end = pieceEnd(buf, n);
            if (end == 0 && eof) end = n; // the last line, without a terminator
            if (end > 0) return cut(buf, end, n, true);
            // no line end in all of it: one line longer than the piece; read on, up to maxLine
            carry = buf;
            carryLength = n;
            if (n > maxLine) {
                longLine = true;
                return null;
            }
        }
    }

    /** Just after the last line end within the first {@code size} bytes, else after the first one; 0 when none. */
    private int pieceEnd(byte[] b, int n) {
        int i = lastLineEnd(b, Math.min(n, size));
        if (i > 0) return i;
        for (int j = Math.min(n, size); j < n; j++) if (b[j] == '\n') return j + 1;
        return 0;
    }

    private Chunk cut(byte[] buf, int end, int n, boolean keepRest) {
        long before = lines;
        lines += count(buf, end);
        carryLength = keepRest ? n - end : 0;
        carry = carryLength == 0 ? new byte[0] : Arrays.copyOfRange(buf, end, n);
        return new Chunk(buf, end, before);
    }

    private static int lastLineEnd(byte[] b, int n) {
        for (int i = n - 1; i >= 0; i--) if (b[i] == '\n') return i + 1;
        return 0;
    }

    /** Line terminators in {@code b[0, n)}, eight bytes at a time. */
    static long count(byte[] b, int n) {
        long c = 0;
        int i = 0;
        // PIT: i + 8 < n is equivalent: the last eight bytes are counted by the loop after it
        for (; i + 8 <= n; i += 8) {
            long y = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL; // a '\n' byte becomes 0
            long t = ((y & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | y; // high bit set in every non-zero byte
            c += Long.bitCount(~t & 0x8080808080808080L);
        }
        for (; i < n; i++) if (b[i] == '\n') c++;
        return c;
    }

    /** Line terminators handed out in pieces so far (plus those before the first). */
    long lines() {
        return lines;
    }

    /** Cutting stopped at a line longer than {@code maxLine}. */
    boolean longLine() {
        return longLine;
    }

    /** What was not handed out as pieces: the start of the long line, then the rest of the input. */
    InputStream rest() {
        return new SequenceInputStream(new ByteArrayInputStream(carry, 0, carryLength), in);
    }
}
