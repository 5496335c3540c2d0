package io.smtptrace.agent.export;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.smtptrace.agent.AgentConfig;
import io.smtptrace.agent.AgentLog;
import io.smtptrace.agent.AgentThreads;
import io.smtptrace.agent.capture.Operation;
import io.smtptrace.agent.capture.OperationSink;
import io.smtptrace.agent.metrics.MetricsRecorder;
import io.smtptrace.agent.metrics.MetricsSettings;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands finished operations from the application's threads to one export thread through a bounded queue (full: the
 * operation is dropped and counted, the application never waits). That thread starts with the first operation, so a
 * JVM that never sends mail never pays for it; it maps each operation to span records ({@link SpanMapper}) for the
 * trace file's own writer ({@link OtlpJsonFileWriter}, no OpenTelemetry SDK) and, only when an SDK exporter is
 * configured (OTLP, ...), for the SDK ({@link SdkSpanSink}). Every span that cannot be delivered is counted in
 * {@link ExportLosses}.
 *
 * <p>At exit, what is queued is exported; waiting on an exporter that stalls (a full disk, an OTLP endpoint that
 * refuses or never answers) is bounded by one setting, {@code smtptrace.shutdown.timeout_ms}; what is left is counted.
 */
public final class ExportPipeline implements OperationSink {

    public static final String SCOPE = "io.smtptrace.agent";

    private final AgentConfig config;
    private final String version;
    /** Operations, and {@link #WAKE}. */
    private final BlockingQueue<Object> queue;
    /** Put in the queue at exit: the export thread, waiting for operations, drains and ends now, not at its next poll. */
    private static final Object WAKE = new Object();
    private final AtomicBoolean started = new AtomicBoolean();
    private final ExportLosses losses = new ExportLosses();
    /** The trace file's writer, once open (its pending spans are counted if the exit comes first). */
    private volatile SpanSink fileSink;
    private volatile long scheduleDelayMs = 1000;
    private final int capacity;
    /** Bumped by the export thread whenever it gets something done; the shutdown hook watches it for stalls. */
    private volatile long progress;
    /** The export thread is doing local work (starting the SDK, mapping, serialising): it cannot stall on the outside. */
    private volatile boolean localWork;
    private volatile RotatingFileOutputStream fileStream;
    private volatile boolean closing;
    private volatile boolean failed;
    private volatile Thread thread;
    private volatile OpenTelemetrySdk sdk;
    // ---- metrics (issue #11): recorded on this pipeline's export thread from each finished operation ----
    private final MetricsRecorder metrics;
    private final MetricsSettings metricsSettings;

    public ExportPipeline(AgentConfig config, String version) {
        this.config = config;
        this.version = version;
        this.capacity = queueCapacity(config.queueSize, Runtime.getRuntime().maxMemory());
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.metricsSettings = MetricsSettings.of(config);
        this.metrics = new MetricsRecorder(config, metricsSettings, losses, queue::size);
    }

    /**
     * With a Prometheus endpoint, the metrics (and so the endpoint) start now, on their own thread, rather than on the
     * first mail: a scrape target that refuses until the application sends mail would look down.
     */
    public void startEarly() {
        if (metricsSettings.exporters.contains(MetricsSettings.Exporter.PROMETHEUS)) {
            metrics.startAsync(0);
        }
    }

    /**
     * Queued operations take ~2 KB each: on a small heap (-Xmx16m) the configured queue could hold more than the heap
     * can spare, so it is capped at about 1/32 of the heap (the default 4,096 from a 256 MB heap up).
     */
    static int queueCapacity(int configured, long maxHeap) {
        long byHeap = maxHeap == Long.MAX_VALUE ? Integer.MAX_VALUE : maxHeap / 32 / 2048;
        return (int) Math.max(16, Math.min(configured, byHeap));
    }

    @Override
    public void accept(Operation operation) {
        if (failed) {
            return;
        }
        if (!started.get() && started.compareAndSet(false, true)) {
            start();
        }
        if (!queue.offer(operation)) {
            losses.droppedQueueFull();
        }
    }

    private void start() {
        // inner classes, not lambdas: this runs on the application's first send (see AgentHooks)
        Thread t = AgentThreads.newThread("export", new Runnable() {
            @Override
            public void run() {
                ExportPipeline.this.run();
            }
        });
        t.setPriority(Thread.NORM_PRIORITY - 1);
        thread = t;
        t.start();
        Runtime.getRuntime().addShutdownHook(AgentThreads.newThread("shutdown", new Runnable() {
            @Override
            public void run() {
                shutdown();
            }
        }));
    }

    /** The SDK (OTLP) starts this long after the first operation, so it does not compete with the application's first sends. */
    static final long SDK_START_DELAY_MS = 2000;

    /**
     * An exporter of the OpenTelemetry SDK is configured ({@code otel.traces.exporter} other than {@code none}, or an
     * OTLP endpoint without a trace file): only then does the SDK start. The trace file is written without it.
     */
    boolean sdkExporterConfigured() {
        String e = config.otel("otel.traces.exporter");
        if (e == null) {
            return config.file == null;
        }
        for (String name : e.split(",")) {
            if (!name.isBlank() && !"none".equalsIgnoreCase(name.trim())) {
                return true;
            }
        }
        return false;
    }

    private void run() {
        metrics.startAsync(MetricsRecorder.START_DELAY_MS);
        LazyResource lazy = LazyResource.start(config); // issue #11: detected meanwhile, off the exit path
        SpanSink file = null;
        boolean disabled = "true".equalsIgnoreCase(config.otel("otel.sdk.disabled")); // OTEL_SDK_DISABLED: nothing
        if (config.file != null && !disabled) {
            localWork = true;
            file = openFile(resource(lazy));
            localWork = false;
        }
        SpanSink sdkSink = null;
        if (sdkExporterConfigured() && !disabled) {
            long startAt = System.nanoTime() + SDK_START_DELAY_MS * 1_000_000L;
            while (!closing && System.nanoTime() < startAt && queue.remainingCapacity() > capacity / 2) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    break;
                }
            }
            sdkSink = startSdk(resource(lazy));
        }
        if (file == null && sdkSink == null) {
            failed = true;
            queue.remove(WAKE);
            losses.unexported(queue.size());
            queue.clear();
            return;
        }
        fileSink = file;
        SpanSink sink = file == null ? sdkSink : sdkSink == null ? file : new TeeSink(file, sdkSink);
        SpanMapper mapper = new SpanMapper(sink, config.exchangeSpans, config.envelope);
        long flushAt = 0;
        while (true) {
            Operation op;
            try {
                long wait = flushAt == 0 ? 200 : Math.max(1, (flushAt - System.nanoTime()) / 1_000_000L);
                Object next = closing ? queue.poll() : queue.poll(wait, TimeUnit.MILLISECONDS);
                if (next == WAKE) {
                    continue; // closing is set: the loop drains without waiting now
                }
                op = (Operation) next;
            } catch (InterruptedException e) {
                closing = true;
                continue;
            }
            if (op != null) {
                try {
                    localWork = true; // mapping and serialising; a write itself is watched by the stream
                    mapper.export(op);
                    progress++;
                    recordMetrics(op);
                } catch (Throwable t) {
                    // an OutOfMemoryError included: this operation is lost (counted), the thread goes on
                    losses.tooLarge(1, t);
                    AgentLog.once("export:" + t.getClass().getName(), "could not export an SMTP operation: " + t);
                } finally {
                    localWork = false;
                }
            }
            if (file == null) {
                if (op == null && closing) {
                    return;
                }
                continue;
            }
            if (flushAt == 0 && file.pending() > 0) {
                flushAt = System.nanoTime() + scheduleDelayMs * 1_000_000L;
            }
            if (op == null || flushAt != 0 && System.nanoTime() - flushAt >= 0) {
                try {
                    localWork = true;
                    file.flush();
                    progress++;
                } catch (Throwable t) {
                    AgentLog.once("flush:" + t.getClass().getName(), "could not write SMTP spans: " + t);
                } finally {
                    localWork = false;
                }
                flushAt = 0;
                if (op == null && closing) {
                    return;
                }
            }
        }
    }

    private void recordMetrics(Operation op) {
        try {
            metrics.record(op);
        } catch (Throwable t) {
            AgentLog.once("metrics:" + t.getClass().getName(), "could not record SMTP metrics: " + t);
        }
    }

    /** The trace file's writer, the file opened now (on the export thread, at the first operation); null if it cannot be. */
    private SpanSink openFile(Resource resource) {
        try {
            // the default directory may be replaced by a fresh private one (TraceFiles)
            Path path = TraceFiles.prepare(config.file, config.defaultFile, config.filesKept);
            RotatingFileOutputStream stream = new RotatingFileOutputStream(path, config.fileMaxBytes);
            fileStream = stream;
            scheduleDelayMs = Math.max(1, millis(config.otel("otel.bsp.schedule.delay"), 1000));
            int batch = 512;
            try {
                String b = config.otel("otel.bsp.max.export.batch.size");
                batch = b == null ? 512 : Math.max(1, Integer.parseInt(b.trim()));
            } catch (NumberFormatException e) {
                // the SDK's default
            }
            if ("sdk".equalsIgnoreCase(config.fileWriter)) {
                return new SdkFileWriter(stream, resource, SCOPE, version, losses, path, batch);
            }
            return new OtlpJsonFileWriter(stream, resource, SCOPE, version, losses, path, batch);
        } catch (Throwable t) {
            AgentLog.info("could not open the trace file " + config.file + ", SMTP traces are not written to it: "
                    + t);
            return null;
        }
    }

    /**
     * The resource of every span (the file's and the SDK's): the detected one when detection ends in time; once the JVM
     * exits, or after {@link LazyResource#WAIT_MS}, the configured one without waiting (fast exit, issue #14).
     */
    private Resource resource(LazyResource lazy) {
        if (lazy == null) {
            return AgentResource.resource(config);
        }
        long end = System.nanoTime() + LazyResource.WAIT_MS * 1_000_000L;
        while (!closing && !lazy.isDone() && System.nanoTime() - end < 0) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                break;
            }
        }
        return lazy.get(true);
    }

    /** A duration setting as the SDK reads it (a plain number is milliseconds), or a plain number. */
    static long millis(String value, long fallback) {
        if (value == null) {
            return fallback;
        }
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        String digits = v;
        if (v.endsWith("ms")) {
            digits = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            digits = v.substring(0, v.length() - 1);
            unit = 1000;
        } else if (v.endsWith("m")) {
            digits = v.substring(0, v.length() - 1);
            unit = 60_000;
        } else if (v.endsWith("h")) {
            digits = v.substring(0, v.length() - 1);
            unit = 3_600_000;
        }
        try {
            return Long.parseLong(digits.trim()) * unit;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The SDK with the exporters the user configured, fed by replaying records; null when it cannot start. */
    private SpanSink startSdk(Resource resource) {
        try {
            RecordIds ids = new RecordIds();
            localWork = true;
            long t0 = System.nanoTime();
            java.util.Set<Thread> before = AgentThreads.snapshot();
            sdk = createSdk(ids, resource);
            AgentThreads.nameNewOnes(before);
            AgentLog.debug("OpenTelemetry SDK started in " + (System.nanoTime() - t0) / 1_000_000L + " ms"
                    + (closing ? " (at exit)" : ""));
            return new SdkSpanSink(sdk.getTracer(SCOPE, version), ids);
        } catch (Throwable t) {
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            AgentLog.info("could not start the OpenTelemetry SDK, SMTP traces are not exported to "
                    + config.otel("otel.traces.exporter") + ": " + t
                    + (root != t ? " (" + root + ")" : "")
                    + (String.valueOf(root.getMessage()).contains("Grpc") ? "; smtp-trace sends OTLP over HTTP only:"
                    + " set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf and the endpoint's HTTP port (4318)" : ""));
            return null;
        } finally {
            localWork = false;
        }
    }

    private OpenTelemetrySdk createSdk(RecordIds ids, Resource resource) {
        return AutoConfiguredOpenTelemetrySdk.builder()
                .disableShutdownHook()
                .setServiceClassLoader(ExportPipeline.class.getClassLoader())
                // like the OpenTelemetry Java agent 2.x: OTLP over HTTP (port 4318) unless the user says otherwise;
                // the bundled JDK HTTP sender keeps the jar small and cannot speak gRPC
                .addPropertiesSupplier(() -> Map.of("otel.exporter.otlp.protocol", "http/protobuf"))
                // otel.* agent arguments: over system properties and environment, as agent arguments are for ours
                .addPropertiesCustomizer(props -> config.otelArguments)
                // the one resource of the agent's spans (AgentResource), the file's too
                .addResourceCustomizer((r, props) -> resource)
                // metrics (issue #11): what the configured exporter (OTLP) delivers, for smtptrace.agent.spans.exported
                .addSpanExporterCustomizer((exporter, props) -> new CountingSpanExporter(exporter, losses))
                .addPropertiesCustomizer(props -> {
                    Map<String, String> m = new HashMap<>();
                    // smtp-trace exports traces only
                    m.put("otel.metrics.exporter", "none");
                    m.put("otel.logs.exporter", "none");
                    return m;
                })
                .addTracerProviderCustomizer((builder, props) -> builder.setIdGenerator(ids))
                .build()
                .getOpenTelemetrySdk();
    }

    /**
     * Drains what is queued and flushes the SDK, so the spans of the last messages before exit are not lost. Local work
     * (starting the SDK, mapping, writing) goes on while it progresses; waiting on anything that stalls (a file that
     * cannot be written, an OTLP endpoint that refuses or never answers) ends after {@code smtptrace.shutdown.timeout_ms}
     * in all, and what is left then is counted and reported.
     */
    public void shutdown() {
        long budgetNanos = config.shutdownTimeoutMs * 1_000_000L;
        closing = true;
        queue.offer(WAKE); // when full, the export thread is not waiting anyway
        Thread t = thread;
        long stalledNanos = 0;
        if (t != null) {
            stalledNanos = awaitExportThread(t, budgetNanos);
        }
        boolean exporterDone = true;
        // one deadline for the SDK's exporters and the final metrics export together
        long exportDeadline = System.nanoTime() + Math.max(1_000_000L, budgetNanos - stalledNanos);
        OpenTelemetrySdk s = sdk;
        if (s != null) {
            // the SDK's exporters (OTLP) flush asynchronously: wait for them only as long as the budget allows
            long left = Math.max(1, (budgetNanos - stalledNanos) / 1_000_000L);
            exporterDone = s.getSdkTracerProvider().shutdown().join(left, TimeUnit.MILLISECONDS).isDone();
        }
        // the final metrics export (file, OTLP) after the last operation was recorded, within what is left
        long metricsLeft = Math.max(1, (exportDeadline - System.nanoTime()) / 1_000_000L);
        if (!metrics.shutdown(metricsLeft, t == null || !t.isAlive())) {
            AgentLog.info("the final metrics export had not finished within smtptrace.shutdown.timeout_ms="
                    + config.shutdownTimeoutMs);
        }
        boolean exportThreadDone = t == null || !t.isAlive();
        if (!exportThreadDone) {
            SpanSink file = fileSink;
            queue.remove(WAKE);
            losses.unexported(queue.size() + (file != null ? file.pending() : 0));
        } else {
            // operations queued after the export thread's last poll (a thread still sending while the JVM exits) are
            // not written: counted, never lost silently
            int late = 0;
            for (Object o; (o = queue.poll()) != null; ) {
                if (o != WAKE) {
                    late++;
                }
            }
            if (late > 0) {
                losses.unexported(late);
            }
        }
        String summary = losses.summary("export stalled at exit for smtptrace.shutdown.timeout_ms="
                + config.shutdownTimeoutMs);
        if (summary != null) {
            AgentLog.info(summary);
        }
        if (!exporterDone) {
            AgentLog.info("the OpenTelemetry exporter had not finished within smtptrace.shutdown.timeout_ms="
                    + config.shutdownTimeoutMs + ": spans it still held may not have been sent");
        }
    }

    /** However busy the machine, starting the SDK and writing what is queued never holds the exit longer than this. */
    private static final long LOCAL_WORK_CAP_NANOS = 10_000_000_000L;

    /**
     * Lets the export thread finish what it has, as long as it makes progress (starting the SDK, mapping, writing:
     * local work, bounded by the queue); once it stalls (a file that cannot be written, a blocked disk) for the budget,
     * gives up. Returns how long it waited on a stall.
     */
    private long awaitExportThread(Thread t, long budgetNanos) {
        long start = System.nanoTime();
        long lastProgress = progress;
        long lastChange = start;
        try {
            while (t.isAlive()) {
                t.join(10);
                long now = System.nanoTime();
                long p = progress;
                RotatingFileOutputStream f = fileStream;
                boolean working = localWork && (f == null || !f.inWrite());
                if (p != lastProgress || working) {
                    lastProgress = p;
                    lastChange = now;
                } else if (now - lastChange >= budgetNanos) {
                    return now - lastChange;
                }
                if (now - start >= LOCAL_WORK_CAP_NANOS + budgetNanos) {
                    return budgetNanos;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Math.min(budgetNanos, System.nanoTime() - lastChange);
    }

    /** Everything lost so far, by cause (for a self-metric). */
    public ExportLosses losses() {
        return losses;
    }

    public long dropped() {
        return losses.droppedQueueFullCount();
    }
}
