package io.smtptrace.agent.capture;

/**
 * Streaming diagnostics of a message as the application wrote it after 354, keeping no content. Also computes the
 * bytes JavaMail puts on the wire: it turns bare CR and bare LF into CRLF and dot-stuffs lines starting with ".".
 */
public final class BodyStats {

    private long inputBytes;
    private long lines;
    private long longestLine;
    private long currentLine;
    private long bareCr;
    private long bareLf;
    private long nonAscii;
    private long nul;
    private long dotLines;
    /** -1 before the first byte, like JavaMail's CRLFOutputStream. */
    private int last = -1;
    private boolean pendingCr;

    public void write(byte[] b, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            write(b[i] & 0xFF);
        }
    }

    public void write(int c) {
        c &= 0xFF;
        inputBytes++;
        if (pendingCr) {
            pendingCr = false;
            if (c != '\n') {
                bareCr++;
            }
        }
        if (c == '\r') {
            pendingCr = true;
            endLine();
        } else if (c == '\n') {
            if (last != '\r') {
                bareLf++;
                endLine();
            }
        } else {
            if (currentLine == 0 && c == '.' && (last == -1 || last == '\r' || last == '\n')) {
                dotLines++;
            }
            currentLine++;
            if (c >= 0x80) {
                nonAscii++;
            } else if (c == 0) {
                nul++;
            }
        }
        last = c;
    }

    private void endLine() {
        lines++;
        // PIT: ConditionalsBoundary here is equivalent: on equal lengths it assigns the same value
        if (currentLine > longestLine) {
            longestLine = currentLine;
        }
        currentLine = 0;
    }

    /** A snapshot; call after the last byte. A trailing CR counts as bare; an unterminated last line counts. */
    public Snapshot snapshot() {
        long cr = bareCr + (pendingCr ? 1 : 0);
        long ln = lines + (currentLine > 0 ? 1 : 0);
        long longest = Math.max(longestLine, currentLine);
        // JavaMail's ensureAtBOL() adds CRLF when the message does not end with a line break
        long trailing = currentLine > 0 ? 2 : 0;
        long wire = inputBytes + cr + bareLf + dotLines + trailing;
        return new Snapshot(inputBytes, wire, ln, longest, cr, bareLf, nonAscii, nul, dotLines);
    }

    public static final class Snapshot {
        public final long inputBytes;
        public final long wireBytes;
        public final long lines;
        public final long longestLine;
        public final long bareCr;
        public final long bareLf;
        public final long nonAscii;
        public final long nul;
        public final long dotLines;

        Snapshot(long inputBytes, long wireBytes, long lines, long longestLine, long bareCr, long bareLf,
                 long nonAscii, long nul, long dotLines) {
            this.inputBytes = inputBytes;
            this.wireBytes = wireBytes;
            this.lines = lines;
            this.longestLine = longestLine;
            this.bareCr = bareCr;
            this.bareLf = bareLf;
            this.nonAscii = nonAscii;
            this.nul = nul;
            this.dotLines = dotLines;
        }
    }
}
