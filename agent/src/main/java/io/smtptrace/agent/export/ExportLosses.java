package io.smtptrace.agent.export;

import io.smtptrace.agent.AgentLog;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every span the agent captured but could not deliver, counted by cause, so nothing is lost silently: the first
 * failure of a kind is reported on stderr when it happens, the totals at exit. The counters are kept for a later
 * self-metric. One operation is one span (exchanges are its events, or its children with exchanges=spans).
 */
public final class ExportLosses {

    /** Operations dropped because the export queue was full. */
    private final AtomicLong droppedQueueFull = new AtomicLong();
    /** Spans whose line could not be written to the trace file (disk full, file too large, I/O error). */
    private final AtomicLong unwritten = new AtomicLong();
    /** Spans too large for one line of the bounded writer, or lost to an OutOfMemoryError while exporting. */
    private final AtomicLong tooLarge = new AtomicLong();
    /** Operations still waiting when the SDK could not start or the shutdown deadline passed. */
    private final AtomicLong unexported = new AtomicLong();
    /** Spans delivered (written to the trace file, or accepted by the OpenTelemetry exporter): a self-metric. */
    private final AtomicLong exported = new AtomicLong();
    /** Export attempts (one write of a batch, one exporter call) that failed: a self-metric. */
    private final AtomicLong exportFailures = new AtomicLong();
    private final AtomicBoolean writeFailing = new AtomicBoolean();
    private final AtomicBoolean writeFailureReported = new AtomicBoolean();
    private final AtomicBoolean recoveryReported = new AtomicBoolean();
    private final AtomicBoolean tooLargeReported = new AtomicBoolean();

    void droppedQueueFull() {
        long n = droppedQueueFull.incrementAndGet();
        if (n == 1) {
            AgentLog.info("export queue full: SMTP operations are being dropped (counted, total at exit;"
                    + " see smtptrace.queue.size)");
        }
    }

    void writeFailed(Object file, int spans, Throwable error) {
        exportFailures.incrementAndGet();
        long total = unwritten.addAndGet(spans);
        writeFailing.set(true);
        if (writeFailureReported.compareAndSet(false, true)) {
            AgentLog.info("cannot write the trace file " + file + " (" + error + "): " + total
                    + " span(s) lost; the file keeps only complete lines, writing resumes when it can"
                    + " and the total lost is reported at exit");
        }
    }

    void writeSucceeded(Object file, int spans) {
        exported.addAndGet(spans);
        if (writeFailing.compareAndSet(true, false) && recoveryReported.compareAndSet(false, true)) {
            AgentLog.info("writing the trace file " + file + " again; " + unwritten.get()
                    + " span(s) were lost while it failed");
        }
    }

    void tooLarge(int spans, Throwable why) {
        tooLarge.addAndGet(spans);
        if (tooLargeReported.compareAndSet(false, true)) {
            AgentLog.info("could not export " + spans + " span(s) within the writer's memory bound (" + why
                    + "); they are counted and reported at exit");
        }
    }

    void unexported(long operations) {
        if (operations > 0) {
            unexported.addAndGet(operations);
        }
    }

    /** Spans an exporter (not the trace file) took ({@code ok}) or failed on: for the self-metrics. */
    public void exporterResult(int spans, boolean ok) {
        if (ok) {
            exported.addAndGet(spans);
        } else {
            exportFailures.incrementAndGet();
        }
    }

    public long exportedCount() {
        return exported.get();
    }

    public long exportFailureCount() {
        return exportFailures.get();
    }

    public long droppedQueueFullCount() {
        return droppedQueueFull.get();
    }

    public long unwrittenCount() {
        return unwritten.get();
    }

    public long tooLargeCount() {
        return tooLarge.get();
    }

    public long unexportedCount() {
        return unexported.get();
    }

    public long total() {
        return droppedQueueFull.get() + unwritten.get() + tooLarge.get() + unexported.get();
    }

    /** The line printed at exit, or null when nothing was lost. */
    String summary(String unexportedWhy) {
        long total = total();
        if (total == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder().append(total).append(" SMTP span(s) lost:");
        String sep = " ";
        if (droppedQueueFull.get() > 0) {
            sb.append(sep).append(droppedQueueFull.get()).append(" dropped because the export queue was full");
            sep = ", ";
        }
        if (unwritten.get() > 0) {
            sb.append(sep).append(unwritten.get()).append(" not written to the trace file");
            sep = ", ";
        }
        if (tooLarge.get() > 0) {
            sb.append(sep).append(tooLarge.get()).append(" beyond the writer's memory bound");
            sep = ", ";
        }
        if (unexported.get() > 0) {
            sb.append(sep).append(unexported.get()).append(" not exported (").append(unexportedWhy).append(')');
        }
        return sb.toString();
    }
}
