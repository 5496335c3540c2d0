package io.smtptrace.analyzer.read;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import io.smtptrace.analyzer.read.OtlpJsonReader.SpanRec;

/**
 * OTLP JSON lines parsed on several cores: JSON lines do not depend on each other, so the input is cut into pieces at
 * line ends ({@link Chunks}), each piece parsed on a worker thread into its spans and problems, and those handed on in
 * input order (the session assembly stays on one thread): the same spans, problems and line numbers as line by line.
 */
final class ParallelJsonReading {
    /** Longer lines stop the cutting (the rest is read line by line, where such lines are streamed, not buffered). */
    static final int MAX_LINE_BYTES = ByteLines.MAX_BUFFERED_LINE / 2;

    private final String file;
    private final Diagnostics diag;
    private final int chunkBytes;
    private final int threads;
    private Chunks chunks;
    private volatile ByteLines rest;

    ParallelJsonReading(String file, Diagnostics diag, int chunkBytes, int threads) {
        this.file = file;
        this.diag = diag;
        this.chunkBytes = chunkBytes;
        this.threads = Math.max(1, threads);
    }

    private record Problem(long line, String key, Object[] args) {}

    long lineNumber() {
        ByteLines r = rest;
        return r != null ? r.lineNumber() : chunks == null ? 1 : chunks.lines() + 1;
    }

    void read(ByteLines src, Consumer<SpanRec> spans) throws IOException {
        chunks = new Chunks(src.restStream(), src.lineNumber() - 1, chunkBytes, MAX_LINE_BYTES);
        ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "smtp-trace-reader");
            t.setDaemon(true);
            return t;
        });
        IOException failed = null;
        try {
            ArrayDeque<Future<List<Object>>> inflight = new ArrayDeque<>();
            while (true) {
                Chunks.Chunk c;
                try {
                    c = chunks.next();
                } catch (IOException e) {
                    failed = e;
                    break;
                }
                if (c == null) break;
                inflight.add(pool.submit(() -> parse(c)));
                while (inflight.size() > threads) deliver(inflight.poll(), spans);
            }
            while (!inflight.isEmpty()) deliver(inflight.poll(), spans);
            if (failed == null && chunks.longLine()) {
                rest = new ByteLines(chunks.rest(), chunks.lines());
                new OtlpJsonReader().readLines(rest, spans, (line, key, args) -> diag.problem(file, line, key, args));
            }
        } finally {
            pool.shutdownNow();
        }
        if (failed != null) throw failed;
    }

    /** One piece's spans and problems, in order. */
    private static List<Object> parse(Chunks.Chunk c) throws IOException {
        List<Object> out = new ArrayList<>();
        new OtlpJsonReader().readLines(new ByteLines(c.bytes(), c.length(), c.linesBefore()), out::add,
                (line, key, args) -> out.add(new Problem(line, key, args)));
        return out;
    }

    private void deliver(Future<List<Object>> f, Consumer<SpanRec> spans) throws IOException {
        List<Object> out;
        try {
            out = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
        for (Object o : out) {
            if (o instanceof SpanRec s) spans.accept(s);
            else {
                Problem p = (Problem) o;
                diag.problem(file, p.line(), p.key(), p.args());
            }
        }
    }
}
