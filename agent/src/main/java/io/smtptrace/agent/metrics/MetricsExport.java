package io.smtptrace.agent.metrics;

import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.logging.otlp.internal.metrics.OtlpStdoutMetricExporter;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.smtptrace.agent.AgentConfig;
import io.smtptrace.agent.AgentLog;
import io.smtptrace.agent.AgentThreads;
import io.smtptrace.agent.export.ExportLosses;
import io.smtptrace.agent.export.SafeResource;
import io.smtptrace.agent.export.TraceFiles;

import java.io.OutputStream;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Starts the meter providers {@link MetricsSettings} asks for and holds {@link SmtpMetrics}. The metrics file and the
 * Prometheus endpoint use an {@link SdkMeterProvider} built directly (no autoconfiguration: cheap to start, nothing to
 * start at exit); OTLP goes through the SDK's autoconfiguration, so every {@code otel.exporter.otlp.*} setting of the
 * traces holds for the metrics too.
 */
public final class MetricsExport {

    static final String SCOPE = "io.smtptrace.agent";

    private final SdkMeterProvider provider;
    private final SmtpMetrics smtp;
    private final List<OutputStream> files;

    private MetricsExport(SdkMeterProvider provider, SmtpMetrics smtp, List<OutputStream> files) {
        this.provider = provider;
        this.smtp = smtp;
        this.files = files;
    }

    /** Null when no metrics are wanted, or none could start (said on stderr). Export thread. */
    public static MetricsExport start(AgentConfig config, MetricsSettings settings, ExportLosses losses,
                                      IntSupplier queueSize) {
        if (settings.exporters.isEmpty()) {
            return null;
        }
        // one meter provider, one reader per destination: every destination sees the same instruments
        List<MetricReader> readers = new ArrayList<>();
        List<OutputStream> files = new ArrayList<>();
        for (MetricsSettings.Exporter e : settings.exporters) {
            try {
                if (e == MetricsSettings.Exporter.PROMETHEUS) {
                    PrometheusHttpServer server = prometheus(settings);
                    if (server != null) {
                        readers.add(server);
                    }
                } else if (e == MetricsSettings.Exporter.FILE) {
                    OutputStream out = file(config, settings.file);
                    files.add(out);
                    readers.add(PeriodicMetricReader.builder(OtlpStdoutMetricExporter.builder()
                                    .setOutput(out)
                                    .setWrapperJsonObject(true)
                                    .setMemoryMode(MemoryMode.REUSABLE_DATA)
                                    .build())
                            .setInterval(Duration.ofMillis(settings.intervalMs))
                            .setExecutor(scheduler())
                            .build());
                }
            } catch (Throwable t) {
                AgentLog.info("could not start the " + e.name().toLowerCase(Locale.ROOT)
                        + " metrics exporter, SMTP metrics do not go there: " + t);
            }
        }
        SdkMeterProvider provider;
        try {
            if (settings.exporters.contains(MetricsSettings.Exporter.OTLP)) {
                provider = otlp(config, readers);
            } else if (!readers.isEmpty()) {
                SdkMeterProviderBuilder b = SdkMeterProvider.builder().setResource(resource(config));
                for (MetricReader r : readers) {
                    b.registerMetricReader(r);
                }
                provider = b.build();
            } else {
                return null;
            }
        } catch (Throwable t) {
            AgentLog.info("could not start the OpenTelemetry metrics SDK, SMTP metrics are not exported: " + t);
            for (MetricReader r : readers) {
                r.shutdown();
            }
            return null;
        }
        Meter meter = provider.get(SCOPE);
        SmtpMetrics smtp = new SmtpMetrics(meter, settings.serverLimit);
        AgentHealthMetrics.register(meter, losses, queueSize);
        return new MetricsExport(provider, smtp, files);
    }

    public SmtpMetrics smtp() {
        return smtp;
    }

    /**
     * The final export (metrics file, OTLP), waited for at most {@code timeoutMs}; true when it finished. The SDK's
     * periodic reader shuts down synchronously (up to 5 s for its scheduler, 5 s for the export): on a thread of its
     * own, so a refused or silent OTLP endpoint never holds the exit longer than the bound.
     */
    public boolean shutdown(long timeoutMs) {
        Thread t = AgentThreads.newThread("metrics-shutdown", new Runnable() {
            @Override
            public void run() {
                provider.shutdown().join(10, TimeUnit.SECONDS);
                for (OutputStream f : files) {
                    try {
                        f.close();
                    } catch (Exception ignored) {
                        // the last export has been written or failed already
                    }
                }
            }
        });
        t.start();
        try {
            t.join(Math.max(1, timeoutMs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    /** OTLP through the autoconfiguration (every otel.exporter.otlp.* setting); the other readers join its provider. */
    private static SdkMeterProvider otlp(AgentConfig config, List<MetricReader> readers) {
        return AutoConfiguredOpenTelemetrySdk.builder()
                .disableShutdownHook()
                .setServiceClassLoader(MetricsExport.class.getClassLoader())
                .addPropertiesSupplier(() -> Map.of("otel.exporter.otlp.protocol", "http/protobuf"))
                .addPropertiesCustomizer(props -> config.otelArguments)
                .addResourceCustomizer((resource, props) -> SafeResource.of(resource))
                .addPropertiesCustomizer(props -> Map.of("otel.metrics.exporter", "otlp",
                        "otel.traces.exporter", "none", "otel.logs.exporter", "none"))
                .addMeterProviderCustomizer((builder, props) -> {
                    for (MetricReader r : readers) {
                        builder.registerMetricReader(r);
                    }
                    return builder;
                })
                .build()
                .getOpenTelemetrySdk()
                .getSdkMeterProvider();
    }

    /**
     * The Prometheus endpoint, or null when its port is taken (the OpenTelemetry Java agent's own endpoint has the
     * same default port): said in one line, the application goes on without it.
     */
    private static PrometheusHttpServer prometheus(MetricsSettings settings) {
        try {
            return PrometheusHttpServer.builder()
                    .setHost(settings.prometheusHost)
                    .setPort(settings.prometheusPort)
                    // dashboards select by job and the metric's own labels; scope labels would only add noise
                    .setOtelScopeLabelsEnabled(false)
                    .setExecutor(httpExecutor())
                    // our own executor may serve two scrapes at once: each scrape gets its own data
                    .setMemoryMode(MemoryMode.IMMUTABLE_DATA)
                    .build();
        } catch (RuntimeException e) {
            if (causedByBind(e)) {
                AgentLog.info("the Prometheus metrics endpoint is not started: port " + settings.prometheusPort
                        + " on " + settings.prometheusHost + " is in use (another Prometheus endpoint, such as the"
                        + " OpenTelemetry Java agent's?); set OTEL_EXPORTER_PROMETHEUS_PORT (otel.exporter.prometheus"
                        + ".port) to a free port");
                return null;
            }
            throw e;
        }
    }

    private static boolean causedByBind(Throwable t) {
        for (int i = 0; t != null && i < 16; i++, t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** Daemon threads named like the agent's others: the endpoint never holds the JVM's exit. */
    private static ExecutorService httpExecutor() {
        return Executors.newFixedThreadPool(2, r -> AgentThreads.newThread("prometheus", r));
    }

    private static java.util.concurrent.ScheduledExecutorService scheduler() {
        return Executors.newSingleThreadScheduledExecutor(r -> AgentThreads.newThread("metrics", r));
    }

    /** Beside the trace file, as private as it (0700 directory, 0600 file). */
    private static OutputStream file(AgentConfig config, Path file) throws java.io.IOException {
        Path used = TraceFiles.prepare(file, config.defaultFile, config.filesKept);
        AgentLog.debug("SMTP metrics to " + used);
        return new OpenOnWrite(used);
    }

    /** Opened at the first write: a JVM that exits before its metrics are up leaves no empty metrics file. */
    private static final class OpenOnWrite extends OutputStream {
        private final Path path;
        private OutputStream out;

        OpenOnWrite(Path path) {
            this.path = path;
        }

        private OutputStream out() throws java.io.IOException {
            if (out == null) {
                out = TraceFiles.open(path, true);
            }
            return out;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            out().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            out().write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            if (out != null) {
                out.flush();
            }
        }

        @Override
        public void close() throws java.io.IOException {
            if (out != null) {
                out.close();
            }
        }
    }

    /**
     * The spans' configured resource ({@code service.name}, {@code OTEL_RESOURCE_ATTRIBUTES}, with smtp-trace's own
     * settings first: {@code smtptrace.otel.*}), made without the SDK's autoconfiguration; not the detected one, which
     * may still be running (the metrics start without waiting for it).
     */
    static Resource resource(AgentConfig config) {
        return io.smtptrace.agent.export.AgentResource.resource(config);
    }
}
