package io.smtptrace.analyzer.read;

import java.io.InputStream;

/** Streams that hand out their bytes a few at a time, as pipes and sockets do: reads must not assume a full buffer. */
final class SlowStreams {
    private SlowStreams() {}

    /** At most {@code step} bytes per read. */
    static InputStream trickle(byte[] b, int step) {
        return trickle(b, step, false);
    }

    /** At most {@code step} bytes per read, and 0 bytes every other call (not the end of the input). */
    static InputStream trickleWithEmptyReads(byte[] b, int step) {
        return trickle(b, step, true);
    }

    private static InputStream trickle(byte[] b, int step, boolean emptyReads) {
        return new InputStream() {
            int pos;
            boolean empty;

            @Override
            public int read() {
                return pos < b.length ? b[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                if (pos >= b.length) return -1;
                if (emptyReads && (empty = !empty)) return 0;
                int n = Math.min(Math.min(step, len), b.length - pos);
                System.arraycopy(b, pos, buf, off, n);
                pos += n;
                return n;
            }
        };
    }
}
