package io.smtptrace.agent.export;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.logging.otlp.internal.traces.OtlpStdoutSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.smtptrace.agent.AgentConfig;
import io.smtptrace.agent.AgentLog;
import io.smtptrace.agent.AgentThreads;
import io.smtptrace.agent.capture.Operation;
import io.smtptrace.agent.capture.OperationSink;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands finished operations from the application's threads to one export thread through a bounded queue (full: the
 * operation is dropped and counted, the application never waits). The OpenTelemetry SDK starts on that thread when
 * the first operation arrives, so a JVM that never sends mail never pays for it.
 */
public final class ExportPipeline implements OperationSink {

    public static final String SCOPE = "io.smtptrace.agent";

    private final AgentConfig config;
    private final String version;
    private final BlockingQueue<Operation> queue;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closing;
    private volatile boolean failed;
    private volatile Thread thread;
    private volatile OpenTelemetrySdk sdk;

    public ExportPipeline(AgentConfig config, String version) {
        this.config = config;
        this.version = version;
        this.queue = new ArrayBlockingQueue<>(config.queueSize);
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
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 10_000 == 0) {
                AgentLog.info("export queue full: " + n + " operation(s) dropped so far");
            }
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
        long startAt = System.nanoTime() + SDK_START_DELAY_MS * 1_000_000L;
        while (!closing && System.nanoTime() < startAt && queue.remainingCapacity() > config.queueSize / 2) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                break;
            }
        }
        SpanMapper mapper;
        try {
            java.util.Set<Thread> before = AgentThreads.snapshot();
            sdk = createSdk();
            AgentThreads.nameNewOnes(before);
            Tracer tracer = sdk.getTracer(SCOPE, version);
            mapper = new SpanMapper(tracer, config.exchangeSpans, config.envelope);
        } catch (Throwable t) {
            failed = true;
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
        while (true) {
            Operation op;
            try {
                op = closing ? queue.poll() : queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                closing = true;
                continue;
            }
            if (op == null) {
                if (closing) {
                    return;
                }
                continue;
            }
            try {
                mapper.export(op);
            } catch (Throwable t) {
                AgentLog.once("export:" + t.getClass().getName(), "could not export an SMTP operation: " + t);
            }
        }
    }

    private OpenTelemetrySdk createSdk() throws Exception {
        Path file = config.file;
        OutputStream out = null;
        if (file != null) {
            file = TraceFiles.prepare(file, config.defaultFile, config.filesKept);
            out = new RotatingFileOutputStream(file, config.fileMaxBytes);
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
                    if (fileOut != null) {
                        // our own writer of the same OTLP JSON lines: no per-span garbage, one write per batch;
                        // the SDK's exporter stays as its fallback for what only the SDK writes (VALUE attributes)
                        builder.addSpanProcessor(BatchSpanProcessor.builder(new OtlpJsonFileSpanExporter(fileOut,
                                        OtlpStdoutSpanExporter.builder()
                                                .setOutput(fileOut)
                                                .setWrapperJsonObject(true)
                                                .setMemoryMode(MemoryMode.REUSABLE_DATA)
                                                .build()))
                                .setScheduleDelay(props.getDuration("otel.bsp.schedule.delay",
                                        Duration.ofSeconds(1)))
                                .build());
                    }
                    return builder;
                })
                .build()
                .getOpenTelemetrySdk();
    }

    /** Drains what is queued and flushes the SDK: spans of the last messages before exit are not lost. */
    public void shutdown() {
        closing = true;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
        OpenTelemetrySdk s = sdk;
        if (s != null) {
            s.getSdkTracerProvider().shutdown().join(10, TimeUnit.SECONDS);
        }
        long d = dropped.get();
        if (d > 0) {
            AgentLog.info(d + " SMTP operation(s) were dropped because the export queue was full");
        }
    }

    public long dropped() {
        return dropped.get();
    }
}
