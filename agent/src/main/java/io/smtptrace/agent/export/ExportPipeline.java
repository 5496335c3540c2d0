package io.smtptrace.agent.export;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.logging.otlp.internal.traces.OtlpStdoutSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.smtptrace.agent.AgentConfig;
import io.smtptrace.agent.AgentLog;
import io.smtptrace.agent.AgentThreads;
import io.smtptrace.agent.capture.Operation;
import io.smtptrace.agent.capture.OperationSink;
import io.smtptrace.agent.metrics.MetricsRecorder;
import io.smtptrace.agent.metrics.MetricsSettings;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands finished operations from the application's threads to one export thread through a bounded queue (full: the
 * operation is dropped and counted, the application never waits). The OpenTelemetry SDK starts on that thread when
 * the first operation arrives, so a JVM that never sends mail never pays for it. The trace file is written on that
 * thread too ({@link FileSpanBatch}); every span that cannot be delivered is counted in {@link ExportLosses}.
 *
 * <p>At exit, what is queued is exported; waiting on an exporter that stalls (a full disk, an OTLP endpoint that
 * refuses or never answers) is bounded by one setting, {@code smtptrace.shutdown.timeout_ms}; what is left is counted.
 */
public final class ExportPipeline implements OperationSink {

    public static final String SCOPE = "io.smtptrace.agent";

    private final AgentConfig config;
    private final String version;
    private final BlockingQueue<Operation> queue;
    private final AtomicBoolean started = new AtomicBoolean();
    private final ExportLosses losses = new ExportLosses();
    private volatile FileSpanBatch fileBatch;
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
            metrics.startAsync();
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

    /** The SDK starts this long after the first operation, so it does not compete with the application's first sends. */
    static final long SDK_START_DELAY_MS = 2000;

    private void run() {
        metrics.startAsync();
        long startAt = System.nanoTime() + SDK_START_DELAY_MS * 1_000_000L;
        while (!closing && System.nanoTime() < startAt && queue.remainingCapacity() > capacity / 2) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                break;
            }
        }
        SpanMapper mapper;
        try {
            ConnectionIds ids = new ConnectionIds();
            localWork = true;
            long t0 = System.nanoTime();
            java.util.Set<Thread> before = AgentThreads.snapshot();
            sdk = createSdk(ids);
            AgentThreads.nameNewOnes(before);
            localWork = false;
            AgentLog.debug("OpenTelemetry SDK started in " + (System.nanoTime() - t0) / 1_000_000L + " ms"
                    + (closing ? " (at exit)" : ""));
            Tracer tracer = sdk.getTracer(SCOPE, version);
            mapper = new SpanMapper(tracer, config.exchangeSpans, config.envelope, ids);
        } catch (Throwable t) {
            localWork = false;
            failed = true;
            losses.unexported(queue.size());
            queue.clear();
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            AgentLog.info("could not start the OpenTelemetry SDK, SMTP traces are not exported: " + t
                    + (root != t ? " (" + root + ")" : "")
                    + (String.valueOf(root.getMessage()).contains("Grpc") ? "; smtp-trace sends OTLP over HTTP only:"
                    + " set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf and the endpoint's HTTP port (4318)" : ""));
            return;
        }
        FileSpanBatch batch = fileBatch;
        long flushAt = 0;
        while (true) {
            Operation op;
            try {
                long wait = flushAt == 0 ? 200 : Math.max(1, (flushAt - System.nanoTime()) / 1_000_000L);
                op = closing ? queue.poll() : queue.poll(wait, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                closing = true;
                continue;
            }
            if (op != null) {
                try {
                    localWork = true;
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
            if (batch == null) {
                if (op == null && closing) {
                    return;
                }
                continue;
            }
            if (flushAt == 0 && batch.pending() > 0) {
                flushAt = System.nanoTime() + scheduleDelayMs * 1_000_000L;
            }
            if (op == null || flushAt != 0 && System.nanoTime() - flushAt >= 0) {
                try {
                    localWork = true; // serialising; the write itself is watched by the stream
                    batch.flush();
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

    private OpenTelemetrySdk createSdk(ConnectionIds ids) throws Exception {
        // the default directory may be replaced by a fresh private one (TraceFiles)
        final Path file = config.file == null ? null
                : TraceFiles.prepare(config.file, config.defaultFile, config.filesKept);
        OutputStream out = null;
        if (file != null) {
            RotatingFileOutputStream stream = new RotatingFileOutputStream(file, config.fileMaxBytes);
            fileStream = stream;
            out = stream;
        }
        final OutputStream fileOut = out;
        return AutoConfiguredOpenTelemetrySdk.builder()
                .disableShutdownHook()
                .setServiceClassLoader(ExportPipeline.class.getClassLoader())
                // like the OpenTelemetry Java agent 2.x: OTLP over HTTP (port 4318) unless the user says otherwise;
                // the bundled JDK HTTP sender keeps the jar small and cannot speak gRPC
                .addPropertiesSupplier(() -> Map.of("otel.exporter.otlp.protocol", "http/protobuf"))
                // otel.* agent arguments: over system properties and environment, as agent arguments are for ours
                .addPropertiesCustomizer(props -> config.otelArguments)
                .addResourceCustomizer((resource, props) -> SafeResource.of(resource))
                // metrics (issue #11): what the configured exporter (OTLP) delivers, for smtptrace.agent.spans.exported
                .addSpanExporterCustomizer((exporter, props) -> new CountingSpanExporter(exporter, losses))
                .addPropertiesCustomizer(props -> {
                    Map<String, String> m = new HashMap<>();
                    // smtp-trace exports traces only
                    m.put("otel.metrics.exporter", "none");
                    m.put("otel.logs.exporter", "none");
                    if (fileOut != null && props.getString("otel.traces.exporter") == null) {
                        m.put("otel.traces.exporter", "none");
                    }
                    return m;
                })
                .addTracerProviderCustomizer((builder, props) -> {
                    builder.setIdGenerator(ids);
                    if (fileOut != null) {
                        // our own writer of the same OTLP JSON lines: no per-span garbage, one write per batch;
                        // the SDK's exporter stays as its fallback for what only the SDK writes (VALUE attributes)
                        FileSpanBatch batch = new FileSpanBatch(new OtlpJsonFileSpanExporter(fileOut,
                                OtlpStdoutSpanExporter.builder()
                                        .setOutput(fileOut)
                                        .setWrapperJsonObject(true)
                                        .setMemoryMode(MemoryMode.REUSABLE_DATA)
                                        .build(), losses, file),
                                props.getInt("otel.bsp.max.export.batch.size", 512));
                        scheduleDelayMs = Math.max(1, props.getDuration("otel.bsp.schedule.delay",
                                Duration.ofSeconds(1)).toMillis());
                        fileBatch = batch;
                        builder.addSpanProcessor(batch);
                    }
                    return builder;
                })
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
        Thread t = thread;
        long stalledNanos = 0;
        if (t != null) {
            stalledNanos = awaitExportThread(t, budgetNanos);
        }
        boolean exporterDone = true;
        OpenTelemetrySdk s = sdk;
        if (s != null) {
            // the SDK's exporters (OTLP) flush asynchronously: wait for them only as long as the budget allows
            long left = Math.max(1, (budgetNanos - stalledNanos) / 1_000_000L);
            exporterDone = s.getSdkTracerProvider().shutdown().join(left, TimeUnit.MILLISECONDS).isDone();
        }
        // the final metrics export (file, OTLP) after the last operation was recorded, within what is left
        long metricsLeft = Math.max(1, (budgetNanos - stalledNanos) / 1_000_000L);
        if (!metrics.shutdown(metricsLeft, t == null || !t.isAlive())) {
            AgentLog.info("the final metrics export had not finished within smtptrace.shutdown.timeout_ms="
                    + config.shutdownTimeoutMs);
        }
        boolean exportThreadDone = t == null || !t.isAlive();
        if (!exportThreadDone) {
            FileSpanBatch batch = fileBatch;
            losses.unexported(queue.size() + (batch != null ? batch.pending() : 0));
        } else {
            // operations queued after the export thread's last poll (a thread still sending while the JVM exits) are
            // not written: counted, never lost silently
            int late = 0;
            while (queue.poll() != null) {
                late++;
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
