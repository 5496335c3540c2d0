package io.smtptrace.analyzer.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Keeps the first write error of the stream under a {@link java.io.PrintWriter}: the writer swallows it and only
 * says "there was an error"; the report of a failed write should say which (disk full, broken pipe, file too large).
 */
public final class CheckedOutputStream extends FilterOutputStream {
    private volatile IOException failure;

    public CheckedOutputStream(OutputStream out) {
        super(out);
    }

    public IOException failure() {
        return failure;
    }

    private IOException record(IOException e) {
        if (failure == null) failure = e;
        return e;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw record(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw record(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw record(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            throw record(e);
        }
    }
}
