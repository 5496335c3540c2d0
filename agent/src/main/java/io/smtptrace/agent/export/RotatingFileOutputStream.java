package io.smtptrace.agent.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The default trace file, capped: once it holds {@code maxBytes}, it is renamed to {@code <name>.1} (replacing an
 * older one) and a new file is started, so the agent keeps at most about twice the cap on disk. It rotates only right
 * after a line break, so every file holds whole OTLP JSON lines that the analyzer (or a Collector) can read alone.
 */
final class RotatingFileOutputStream extends OutputStream {

    private final Path file;
    private final long maxBytes;
    private OutputStream out;
    private long size;
    private int last = -1;

    RotatingFileOutputStream(Path file, long maxBytes) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.out = TraceFiles.open(file, true); // 0600, never through a symlink
        this.size = Files.size(file);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        out.write(b);
        size++;
        last = b;
        maybeRotate();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (len <= 0) {
            return;
        }
        out.write(b, off, len);
        size += len;
        last = b[off + len - 1];
        maybeRotate();
    }

    private void maybeRotate() throws IOException {
        if (maxBytes <= 0 || size < maxBytes || last != '\n') {
            return;
        }
        out.close();
        Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        out = TraceFiles.open(file, false);
        size = 0;
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
