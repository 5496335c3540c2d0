package io.smtptrace.agent.metrics;

import io.smtptrace.agent.AgentConfig;
import io.smtptrace.agent.AgentLog;
import io.smtptrace.agent.AgentThreads;
import io.smtptrace.agent.capture.Operation;
import io.smtptrace.agent.export.ExportLosses;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The export thread's handle on the metrics. The meter provider starts on a thread of its own (class loading and
 * setup take tens of milliseconds of CPU): neither the first sends nor the export of their spans, nor the JVM's exit,
 * wait for it. Operations finished before it is up are kept (bounded) and recorded once it is. A JVM that exits
 * before the metrics started exports none (its trace file has every operation).
 */
public final class MetricsRecorder {

    /** Operations kept while the metrics start; beyond, they are not counted in the metrics (the spans still are). */
    static final int PENDING_MAX = 4096;

    private final AgentConfig config;
    private final MetricsSettings settings;
    private final ExportLosses losses;
    private final IntSupplier queueSize;
    private final List<Operation> pending = new ArrayList<>();
    private volatile MetricsExport export;
    private volatile boolean startedOrFailed;
    private volatile boolean starting;

    public MetricsRecorder(AgentConfig config, MetricsSettings settings, ExportLosses losses, IntSupplier queueSize) {
        this.config = config;
        this.settings = settings;
        this.losses = losses;
        this.queueSize = queueSize;
    }

    public boolean wanted() {
        return !settings.exporters.isEmpty();
    }

    /** Metrics that start with the first mail start this long after it: not beside the application's first sends. */
    public static final long START_DELAY_MS = 1000;

    /**
     * Starts the meter provider on its own thread, once, after {@code delayMs} (a JVM that exits before that writes no
     * metrics; its trace file has every operation). Any thread.
     */
    public synchronized void startAsync(final long delayMs) {
        if (starting || !wanted()) {
            return;
        }
        starting = true;
        Thread t = AgentThreads.newThread("metrics-start", new Runnable() {
            @Override
            public void run() {
                if (delayMs > 0) {
                    try {
                        Thread.sleep(delayMs);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                start();
            }
        });
        t.setPriority(Thread.NORM_PRIORITY - 1);
        t.start();
    }

    private void start() {
        try {
            long t0 = System.nanoTime();
            java.lang.management.ThreadMXBean mx = AgentLog.isDebug()
                    ? java.lang.management.ManagementFactory.getThreadMXBean() : null;
            long cpu0 = mx != null ? mx.getCurrentThreadCpuTime() : 0;
            java.util.Set<Thread> before = AgentThreads.snapshot();
            MetricsExport e = MetricsExport.start(config, settings, losses, queueSize);
            AgentThreads.nameNewOnes(before);
            if (e != null && mx != null) {
                AgentLog.debug("metrics started in " + (System.nanoTime() - t0) / 1_000 + " µs ("
                        + (mx.getCurrentThreadCpuTime() - cpu0) / 1_000 + " µs CPU, on a thread of their own)");
            }
            export = e;
        } catch (Throwable t) {
            AgentLog.info("could not start the SMTP metrics: " + t);
        } finally {
            startedOrFailed = true;
        }
    }

    /** The start has ended (metrics up, or failed). */
    boolean settled() {
        return startedOrFailed;
    }

    /** Export thread only. */
    public void record(Operation op) {
        if (!startedOrFailed) {
            if (pending.size() < PENDING_MAX) {
                pending.add(op);
            }
            return;
        }
        MetricsExport e = export;
        if (e == null) {
            pending.clear();
            return;
        }
        try {
            if (!pending.isEmpty()) {
                replay(e);
            }
            e.smtp().record(op);
        } catch (Throwable t) {
            AgentLog.once("metrics:" + t.getClass().getName(), "could not record SMTP metrics: " + t);
        }
    }

    private void replay(MetricsExport e) {
        for (Operation p : pending) {
            e.smtp().record(p);
        }
        pending.clear();
    }

    /**
     * The final export, if the metrics are up, within {@code timeoutMs}; call once the export thread is done (or
     * {@code exportThreadDone} false: then what it kept is not touched). Never waits for a start still running.
     */
    public boolean shutdown(long timeoutMs, boolean exportThreadDone) {
        MetricsExport e = export;
        if (e == null) {
            return true;
        }
        if (exportThreadDone && !pending.isEmpty()) {
            try {
                replay(e);
            } catch (Throwable t) {
                AgentLog.once("metrics:" + t.getClass().getName(), "could not record SMTP metrics: " + t);
            }
        }
        return e.shutdown(timeoutMs);
    }
}
