package io.smtptrace.agent;

import io.smtptrace.agent.capture.EnvelopePrivacy;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's own settings: system property {@code smtptrace.x.y} or environment variable {@code SMTPTRACE_X_Y}.
 * Export settings are OpenTelemetry's own ({@code OTEL_*}), read by the SDK's autoconfiguration.
 */
public final class AgentConfig {

    public final boolean enabled;
    public final EnvelopePrivacy envelope;
    public final boolean exchangeSpans;
    /** Where OTLP JSON lines go; null when only an OpenTelemetry exporter was configured. */
    public final Path file;
    /** The file rotates to {@code <file>.1} past this size; 0 = never. */
    public final long fileMaxBytes;
    public final boolean debug;
    public final int queueSize;
    /** At exit, the most the agent adds to the JVM's exit draining and flushing its export (smtptrace.shutdown.timeout_ms). */
    public long shutdownTimeoutMs = 1000;

    private AgentConfig(boolean enabled, EnvelopePrivacy envelope, boolean exchangeSpans, Path file, long fileMaxBytes,
                        boolean debug, int queueSize) {
        this.fileMaxBytes = fileMaxBytes;
        this.enabled = enabled;
        this.envelope = envelope;
        this.exchangeSpans = exchangeSpans;
        this.file = file;
        this.debug = debug;
        this.queueSize = queueSize;
    }

    public static AgentConfig load(Map<String, String> env, java.util.Properties sys) {
        Source s = new Source(env, sys);
        boolean enabled = !"false".equalsIgnoreCase(s.get("smtptrace.enabled"));
        EnvelopePrivacy envelope = EnvelopePrivacy.parse(s.get("smtptrace.envelope"), EnvelopePrivacy.DOMAIN);
        boolean spans = "spans".equalsIgnoreCase(s.get("smtptrace.exchanges"));
        boolean debug = "true".equalsIgnoreCase(s.get("smtptrace.debug"));
        int queue = 4096;
        try {
            String q = s.get("smtptrace.queue.size");
            if (q != null) {
                queue = Math.max(16, Integer.parseInt(q.trim()));
            }
        } catch (NumberFormatException ignored) {
            // keep the default
        }
        String file = s.get("smtptrace.file");
        Path path = null;
        if (file != null && !file.isBlank()) {
            path = Paths.get(file);
        } else if (!otelExporterConfigured(s)) {
            String tmp = sys.getProperty("java.io.tmpdir", ".");
            path = Paths.get(tmp, "smtp-trace", "smtp-trace-" + ProcessHandle.current().pid() + ".jsonl");
        }
        long maxMb = 100;
        try {
            String m = s.get("smtptrace.file.max_mb");
            if (m != null) {
                maxMb = Math.max(0, Long.parseLong(m.trim()));
            }
        } catch (NumberFormatException ignored) {
            // keep the default
        }
        AgentConfig c = new AgentConfig(enabled, envelope, spans, path, maxMb * 1024 * 1024, debug, queue);
        try {
            String t = s.get("smtptrace.shutdown.timeout_ms");
            if (t != null) {
                c.shutdownTimeoutMs = Math.max(0, Long.parseLong(t.trim()));
            }
        } catch (NumberFormatException ignored) {
            // keep the default
        }
        return c;
    }

    /** The user chose an OpenTelemetry exporter: then the file is written only when asked for. */
    static boolean otelExporterConfigured(Source s) {
        return s.get("otel.traces.exporter") != null
                || s.get("otel.exporter.otlp.endpoint") != null
                || s.get("otel.exporter.otlp.traces.endpoint") != null;
    }

    /** System properties win over environment variables, as in OpenTelemetry. */
    static final class Source {
        private final Map<String, String> env;
        private final java.util.Properties sys;

        Source(Map<String, String> env, java.util.Properties sys) {
            this.env = env;
            this.sys = sys;
        }

        String get(String key) {
            String v = sys.getProperty(key);
            if (v == null) {
                v = env.get(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            }
            return v == null || v.isBlank() ? null : v;
        }
    }
}
