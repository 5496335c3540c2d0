package io.smtptrace.agent.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The trace file: only whole OTLP JSON lines, capped in size.
 *
 * <p>A write that fails part-way (disk full, {@code EFBIG} past a file size limit) leaves no partial line for the
 * next batch to continue: the file is truncated back to the end of its last complete line, and if even that fails the
 * next write starts on a fresh line. A file left with a partial line by an earlier process is treated the same way.
 *
 * <p>Once the file holds {@code maxBytes}, it is renamed to {@code <name>.1} (replacing an older one) and a new file
 * is started, so the agent keeps at most about twice the cap on disk. It rotates only right after a line break, so
 * every file holds whole lines that the analyzer (or a Collector) can read alone.
 */
final class RotatingFileOutputStream extends OutputStream {

    private static final byte[] NEWLINE = {'\n'};

    private final Path file;
    private final long maxBytes;
    private FileChannel ch;
    private long size;
    /** The file's size at the end of its last complete line. */
    private long lineEnd;
    /** The file ends with a partial line that could not be removed: the next write starts a new line. */
    private boolean newlineFirst;
    /** In a system call on the file: the one place the export can block on something outside the JVM. */
    private volatile boolean inWrite;

    RotatingFileOutputStream(Path file, long maxBytes) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        open(false);
    }

    private void open(boolean truncate) throws IOException {
        ch = TraceFiles.openChannel(file, truncate); // created 0600, never through a symbolic link
        size = ch.size();
        lineEnd = size;
        newlineFirst = size > 0 && lastByte() != '\n';
    }

    private int lastByte() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        try (FileChannel r = FileChannel.open(file, StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return r.read(b, size - 1) == 1 ? b.get(0) : '\n';
        }
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (len <= 0) {
            return;
        }
        inWrite = true;
        try {
            if (newlineFirst) {
                writeFully(NEWLINE, 0, 1);
                newlineFirst = false;
                lineEnd = size;
            }
            writeFully(b, off, len);
        } catch (IOException e) {
            dropPartialLine();
            throw e;
        } finally {
            inWrite = false;
        }
        for (int i = off + len - 1; i >= off; i--) {
            if (b[i] == '\n') {
                lineEnd = size - (off + len - 1 - i);
                break;
            }
        }
        maybeRotate(b[off + len - 1]);
    }

    private void writeFully(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
            size += ch.write(buf);
        }
    }

    /** After a failed write: cut the file back to its last complete line, or make sure the next write starts one. */
    private void dropPartialLine() {
        try {
            long actual = ch.size();
            if (actual > lineEnd) {
                ch.truncate(lineEnd);
            }
            size = ch.size();
            newlineFirst = size != lineEnd;
        } catch (IOException | RuntimeException e) {
            newlineFirst = true;
        }
    }

    private void maybeRotate(byte last) throws IOException {
        if (maxBytes <= 0 || size < maxBytes || last != '\n') {
            return;
        }
        ch.close();
        Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        open(true);
    }

    /** The export is waiting on the file system (for the shutdown's stall detection). */
    boolean inWrite() {
        return inWrite;
    }

    @Override
    public synchronized void flush() {
        // a FileChannel keeps no buffer: every write is already in the file
    }

    @Override
    public synchronized void close() throws IOException {
        ch.close();
    }
}
