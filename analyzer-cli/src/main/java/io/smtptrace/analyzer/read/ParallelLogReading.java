package io.smtptrace.analyzer.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.smtptrace.analyzer.model.Session;

/**
 * A debug log read on several cores with the same result as {@link DebugLogReader#read} line by line: the input is
 * cut into pieces at line ends ({@link Chunks}); each piece is read by a fresh reader on a worker thread, which keeps
 * what it produced (conversations, problems) and, at the first line with no conversation open after each stretch
 * with one, a description of its state ({@link DebugLogReader#stateKey()}). In input order, the reader that read
 * everything before the piece (the true state) reads the piece's first lines itself until it reaches such a line in
 * the same state as the worker's reader; from there on the worker's results are the true ones and its reader goes on
 * with the next piece. A conversation that crosses a piece's start is therefore always read by the true state; a
 * piece where the two never meet (threads that always have a conversation open, a state only the file's beginning
 * set) is simply read again in full by the true state. Nothing a worker guessed reaches the output.
 */
final class ParallelLogReading {
    /** Inputs from this size on are read in parallel (smaller ones take less than the threads cost). */
    static final long MIN_BYTES = 16L << 20;
    static final int CHUNK_BYTES = 4 << 20;
    /** A line longer than this stops the cutting: the rest is read line by line (it is capped anyway). */
    static final int MAX_LINE_BYTES = 16 << 20;
    /** States a worker describes per piece (at most): a piece whose state meets the true one does so early. */
    private static final int MAX_SNAPSHOTS = 512;
    /** After this many pieces in a row read again in full, the rest of the input is read line by line. */
    private static final int GIVE_UP = 4;

    private final String file;
    private final Pattern logPrefix;
    private final Diagnostics diag;
    private final int chunkBytes;
    private final int threads;
    private final int maxLineBytes;
    private volatile CharSource current;
    private Chunks chunks;
    private long emitted;
    /** pieces whose worker's result was taken (from some line on), pieces read again in full, lines read again */
    long met;
    long reread;
    long linesReread;
    private int missedInARow;

    ParallelLogReading(String file, Pattern logPrefix, Diagnostics diag, int chunkBytes, int threads) {
        this(file, logPrefix, diag, chunkBytes, threads, MAX_LINE_BYTES);
    }

    /** @param maxLineBytes where the cutting stops ({@link #MAX_LINE_BYTES}; tests use a short one instead of 16 MB) */
    ParallelLogReading(String file, Pattern logPrefix, Diagnostics diag, int chunkBytes, int threads, int maxLineBytes) {
        this.file = file;
        this.logPrefix = logPrefix;
        this.diag = diag;
        this.chunkBytes = chunkBytes;
        this.threads = Math.max(1, threads);
        this.maxLineBytes = maxLineBytes;
    }

    /** 1-based number of the line being read (for a read error's message). */
    long lineNumber() {
        CharSource c = current;
        return c != null ? c.lineNumber() : chunks == null ? 1 : chunks.lines() + 1;
    }

    /** What a worker made of one piece. */
    private static final class Result {
        DebugLogReader reader;
        /** in order: {@link Emitted} and {@link Problem} */
        final List<Object> out = new ArrayList<>();
        final long[] snapLines = new long[MAX_SNAPSHOTS];
        final String[] snapKeys = new String[MAX_SNAPSHOTS];
        int snaps;
        boolean failed;
    }

    private record Emitted(long line, Session session) {}

    private record Problem(long line, String key, Object[] args) {}

    private record Pending(Chunks.Chunk chunk, Future<Result> result) {}

    void read(InputStream in, long linesBefore, Consumer<Session> sink) throws IOException {
        Consumer<Session> counting = s -> {
            // PIT: MathMutator here is equivalent: only whether any was emitted counts (finishInput), and -n is not 0
            emitted++;
            sink.accept(s);
        };
        LineProblems problems = (line, key, args) -> diag.problem(file, line, key, args);
        DebugLogReader.LineChecks checks = new DebugLogReader.LineChecks();
        chunks = new Chunks(in, linesBefore, chunkBytes, maxLineBytes);
        ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "smtp-trace-reader");
            t.setDaemon(true);
            return t;
        });
        DebugLogReader truth = null;
        IOException failed = null;
        try {
            ArrayDeque<Pending> inflight = new ArrayDeque<>();
            while (true) {
                Chunks.Chunk c;
                try {
                    c = chunks.next();
                } catch (IOException e) {
                    failed = e;
                    break;
                }
                if (c == null) break;
                if (missedInARow >= GIVE_UP) {
                    // this log's state never meets (see the class comment): workers would only double the work
                    while (!inflight.isEmpty()) truth = stitch(inflight.poll(), truth, counting, problems, checks);
                    CharSource src = c.chars();
                    current = src;
                    truth.readLines(src, problems, checks, null);
                    current = null;
                    continue;
                }
                inflight.add(new Pending(c, pool.submit(() -> work(c))));
                // bounded: one piece per thread being read, one more waiting, the oldest stitched
                while (inflight.size() > threads) truth = stitch(inflight.poll(), truth, counting, problems, checks);
            }
            while (!inflight.isEmpty()) truth = stitch(inflight.poll(), truth, counting, problems, checks);
            if (truth == null) truth = begun(counting);
            if (failed == null && chunks.longLine()) {
                CharSource rest = new CharSource(new java.io.InputStreamReader(chunks.rest(), Inputs.utf8Decoder()), chunks.lines());
                current = rest;
                truth.readLines(rest, problems, checks, null);
            }
        } finally {
            pool.shutdownNow();
            if (truth == null) truth = begun(counting);
            truth.end();
        }
        if (failed != null) throw failed;
        DebugLogReader.finishInput(diag, file, emitted, checks.binaryWarned);
    }

    private DebugLogReader begun(Consumer<Session> sink) {
        DebugLogReader r = new DebugLogReader(logPrefix);
        r.begin(file, sink);
        return r;
    }

    private Result work(Chunks.Chunk c) {
        Result res = new Result();
        long[] at = {c.linesBefore()}; // the last line read completely
        DebugLogReader r = new DebugLogReader(logPrefix);
        r.begin(file, s -> res.out.add(new Emitted(at[0] + 1, s)));
        res.reader = r;
        res.snapLines[0] = c.linesBefore();
        res.snapKeys[0] = r.stateKey();
        res.snaps = 1;
        boolean[] busy = {false};
        try {
            r.readLines(c.chars(), (line, key, args) -> res.out.add(new Problem(line, key, args)), new DebugLogReader.LineChecks(), line -> {
                at[0] = line;
                boolean quiet = r.quiescent();
                if (quiet && busy[0] && res.snaps < MAX_SNAPSHOTS) {
                    res.snapLines[res.snaps] = line;
                    res.snapKeys[res.snaps++] = r.stateKey();
                }
                busy[0] = !quiet;
                return false;
            });
        } catch (Throwable e) {
            // a defect shows again, in order, when the true state reads this piece itself
            res.failed = true;
        }
        return res;
    }

    /** Brings the true state through one piece; returns the reader that holds it afterwards. */
    private DebugLogReader stitch(Pending p, DebugLogReader truth, Consumer<Session> sink, LineProblems problems,
            DebugLogReader.LineChecks checks) throws IOException {
        Result w;
        try {
            w = p.result().get();
        } catch (ExecutionException e) {
            w = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
        if (w != null && w.failed) w = null;
        if (truth == null) truth = begun(sink);
        long met = -1;
        if (w != null && truth.quiescent() && truth.stateKey().equals(w.snapKeys[0])) met = w.snapLines[0];
        if (met < 0) {
            long first = p.chunk().linesBefore();
            Result wr = w;
            DebugLogReader t = truth;
            int[] next = {1};
            long[] meetAt = {-1};
            CharSource src = p.chunk().chars();
            current = src;
            truth.readLines(src, problems, checks, line -> {
                if (wr == null) return false;
                while (next[0] < wr.snaps && wr.snapLines[next[0]] < line) next[0]++;
                if (next[0] >= wr.snaps) return false;
                if (wr.snapLines[next[0]] != line || !t.quiescent() || !t.stateKey().equals(wr.snapKeys[next[0]])) return false;
                meetAt[0] = line;
                return true;
            });
            current = null;
            met = meetAt[0];
            // PIT: ConditionalsBoundaryMutator on met < 0 here is equivalent: a meeting line is a line number, never 0
            linesReread += (met < 0 ? src.lineNumber() - 1 : met) - first;
        }
        if (met < 0) {
            reread++;
            missedInARow++;
            return truth; // read in full by the true state
        }
        this.met++;
        missedInARow = 0;
        for (Object o : w.out) {
            if (o instanceof Emitted e) {
                if (e.line() > met) sink.accept(e.session());
            } else {
                Problem pr = (Problem) o;
                // PIT: `<` here is equivalent: on the meeting line a worker can only have warned what is warned once
                // per input (a skipped line ends no conversation), which the true state, having read it, has warned
                if (pr.line() <= met) continue;
                // the warnings given once per input: a worker gives them once per piece
                if (pr.key().equals("log.binary")) {
                    if (checks.binaryWarned) continue;
                    checks.binaryWarned = true;
                } else if (pr.key().equals("log.notUtf8")) {
                    if (checks.encodingWarned) continue;
                    checks.encodingWarned = true;
                }
                problems.problem(pr.line(), pr.key(), pr.args());
            }
        }
        w.reader.sink(sink);
        return w.reader;
    }
}
