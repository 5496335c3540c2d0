package io.smtptrace.agent.metrics;

import io.smtptrace.agent.AgentConfig;
import io.smtptrace.agent.AgentLog;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where the metrics go, read like the OpenTelemetry Java agent reads it: {@code otel.metrics.exporter}
 * ({@code OTEL_METRICS_EXPORTER}) = {@code otlp}, {@code prometheus}, {@code none}, or a comma list. Unset, the metrics
 * follow the traces: a metrics file beside the trace file when there is one, OTLP when the traces go to OTLP.
 */
public final class MetricsSettings {

    public enum Exporter { FILE, OTLP, PROMETHEUS }

    public static final int DEFAULT_PROMETHEUS_PORT = 9464;
    public static final String DEFAULT_PROMETHEUS_HOST = "127.0.0.1";
    public static final long DEFAULT_INTERVAL_MS = 60_000;

    public final Set<Exporter> exporters;
    /** The metrics file (OTLP JSON lines), or null. */
    public final Path file;
    public final String prometheusHost;
    public final int prometheusPort;
    public final long intervalMs;
    public final int serverLimit;

    private MetricsSettings(Set<Exporter> exporters, Path file, String host, int port, long intervalMs,
                            int serverLimit) {
        this.exporters = exporters;
        this.file = file;
        this.prometheusHost = host;
        this.prometheusPort = port;
        this.intervalMs = intervalMs;
        this.serverLimit = serverLimit;
    }

    public static MetricsSettings of(AgentConfig config) {
        Set<Exporter> exporters = EnumSet.noneOf(Exporter.class);
        String chosen = config.otel("otel.metrics.exporter");
        if (chosen == null) {
            if (config.file != null) {
                exporters.add(Exporter.FILE);
            } else if (tracesGoToOtlp(config)) {
                exporters.add(Exporter.OTLP);
            }
        } else {
            for (String part : chosen.split(",")) {
                String v = part.trim().toLowerCase(Locale.ROOT);
                switch (v) {
                    case "otlp":
                        exporters.add(Exporter.OTLP);
                        break;
                    case "prometheus":
                        exporters.add(Exporter.PROMETHEUS);
                        break;
                    case "none":
                    case "":
                        break;
                    default:
                        AgentLog.info("otel.metrics.exporter=" + v + " is not one smtp-trace knows (otlp, prometheus,"
                                + " none): ignored");
                }
            }
        }
        Path file = exporters.contains(Exporter.FILE) ? fileBeside(config.file) : null;
        return new MetricsSettings(exporters, file,
                text(config.otel("otel.exporter.prometheus.host"), DEFAULT_PROMETHEUS_HOST),
                (int) number(config.otel("otel.exporter.prometheus.port"), "otel.exporter.prometheus.port",
                        DEFAULT_PROMETHEUS_PORT),
                Math.max(100, number(config.otel("otel.metric.export.interval"), "otel.metric.export.interval",
                        DEFAULT_INTERVAL_MS)),
                config.metricsServerLimit);
    }

    /**
     * {@code smtp-trace-metrics-<the trace file's suffix>} in the trace file's directory: the analyzer tells it from a
     * trace file by this prefix.
     */
    public static Path fileBeside(Path traceFile) {
        String name = traceFile.getFileName().toString();
        String rest = name.startsWith("smtp-trace-") ? name.substring("smtp-trace-".length()) : name;
        return traceFile.resolveSibling(METRICS_FILE_PREFIX + rest);
    }

    public static final String METRICS_FILE_PREFIX = "smtp-trace-metrics-";

    private static boolean tracesGoToOtlp(AgentConfig config) {
        String traces = config.otel("otel.traces.exporter");
        if (traces != null) {
            return traces.toLowerCase(Locale.ROOT).contains("otlp");
        }
        return config.otel("otel.exporter.otlp.endpoint") != null
                || config.otel("otel.exporter.otlp.traces.endpoint") != null;
    }

    private static String text(String v, String fallback) {
        return v == null ? fallback : v.trim();
    }

    private static long number(String v, String key, long fallback) {
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            AgentLog.info(key + "=" + v + " is not a number; using " + fallback);
            return fallback;
        }
    }
}
