package io.smtptrace.agent;

import io.smtptrace.agent.capture.EnvelopePrivacy;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The agent's own settings: agent argument ({@code key=value}, also {@code smtptrace.key=value}), system property
 * {@code smtptrace.x.y} or environment variable {@code SMTPTRACE_X_Y}, in that order of precedence. Export settings are
 * OpenTelemetry's own ({@code OTEL_*}, {@code otel.*}); the same settings set apart for smtp-trace alone
 * ({@code otel.*} agent arguments, {@code smtptrace.otel.*} system properties, {@code SMTPTRACE_OTEL_*} environment
 * variables, in that order) win over them and are handed to the SDK's autoconfiguration ({@link #otelArguments});
 * plain system properties and environment variables it reads itself.
 */
public final class AgentConfig {

    /** Every {@code smtptrace.*} key the agent reads; anything else under that prefix is reported once. */
    static final Set<String> KNOWN = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
            "smtptrace.enabled", "smtptrace.envelope", "smtptrace.envelope.key", "smtptrace.exchanges",
            "smtptrace.file", "smtptrace.file.max_mb", "smtptrace.file.writer", "smtptrace.file.keep", "smtptrace.debug",
            "smtptrace.queue.size", "smtptrace.shutdown.timeout_ms", "smtptrace.metrics.server_limit")));

    public final boolean enabled;
    public final EnvelopePrivacy envelope;
    /** HMAC key for {@code envelope=hash} as configured, or null (then a random key per process, made on first use). */
    public final byte[] envelopeKey;
    public final boolean envelopeKeyConfigured;
    public final boolean exchangeSpans;
    /** Where OTLP JSON lines go; null when only an OpenTelemetry exporter was configured. */
    public final Path file;
    /** {@link #file} is the default one (per-user private directory, cleaned up), not one the user chose. */
    public final boolean defaultFile;
    /** The file rotates to {@code <file>.1} past this size; 0 = never. */
    public final long fileMaxBytes;
    /** How many default trace files the default directory keeps. */
    public final int filesKept;
    public final boolean debug;
    public final int queueSize;
    /**
     * Who writes the trace file: {@code direct} (default, the agent's own OTLP JSON writer, no SDK) or {@code sdk}
     * (the SDK's OtlpStdoutSpanExporter from the same records). Hidden: for the benchmark's A/B of the two writers.
     */
    public final String fileWriter;
    /**
     * OpenTelemetry settings for smtp-trace alone, as {@code otel.*} keys: agent arguments, then {@code smtptrace.otel.*}
     * system properties, then {@code SMTPTRACE_OTEL_*} environment variables; for the SDK's autoconfiguration (they win
     * over plain {@code otel.*} system properties and {@code OTEL_*} environment variables).
     */
    public final Map<String, String> otelArguments;
    /** Metrics: the first this many distinct servers keep their name in {@code server.address}, later ones are "_other". */
    public final int metricsServerLimit;
    /**
     * The OpenTelemetry Java agent runs in this JVM: plain {@code OTEL_*} exporter settings are taken as meant for it
     * too, and do not switch off the default trace file (only settings set apart for smtp-trace do).
     */
    public final boolean otelJavaAgent;
    /** A note for the start-up line about settings adjusted to live beside the OpenTelemetry Java agent, or null. */
    public final String besideOtelAgentNote;
    private final Source source;
    /** Settings that were given but mean nothing to the agent, to be reported once. */
    public final List<String> unknown;
    /** At exit, the most the agent adds to the JVM's exit draining and flushing its export (smtptrace.shutdown.timeout_ms). */
    public long shutdownTimeoutMs = 1000;

    private AgentConfig(Source s, Map<String, String> otelArguments, List<String> unknown, Properties sys,
                        boolean otelJavaAgent) {
        this.source = s;
        this.otelJavaAgent = otelJavaAgent;
        this.besideOtelAgentNote = otelJavaAgent ? apartFromOtelAgent(s, otelArguments) : null;
        this.enabled = !"false".equalsIgnoreCase(s.get("smtptrace.enabled"));
        this.envelope = EnvelopePrivacy.parse(s.get("smtptrace.envelope"), EnvelopePrivacy.DOMAIN);
        String key = s.get("smtptrace.envelope.key");
        this.envelopeKeyConfigured = key != null;
        this.envelopeKey = key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.exchangeSpans = "spans".equalsIgnoreCase(s.get("smtptrace.exchanges"));
        this.debug = "true".equalsIgnoreCase(s.get("smtptrace.debug"));
        this.queueSize = (int) Math.max(16, number(s, "smtptrace.queue.size", 4096));
        this.fileWriter = "sdk".equalsIgnoreCase(s.get("smtptrace.file.writer")) ? "sdk" : "direct";
        this.fileMaxBytes = Math.max(0, number(s, "smtptrace.file.max_mb", 100)) * 1024 * 1024;
        this.filesKept = (int) Math.max(1, number(s, "smtptrace.file.keep", 10));
        this.shutdownTimeoutMs = Math.max(0, number(s, "smtptrace.shutdown.timeout_ms", 1000));
        this.otelArguments = Collections.unmodifiableMap(otelArguments);
        this.metricsServerLimit = (int) Math.max(0, Math.min(100_000, number(s, "smtptrace.metrics.server_limit", 100)));
        this.unknown = Collections.unmodifiableList(unknown);
        String file = s.get("smtptrace.file");
        if (file != null) {
            this.file = Paths.get(file);
            this.defaultFile = false;
        } else if (!otelExporterConfigured(otelJavaAgent ? s.apartOnly() : s)) {
            this.file = defaultDirectory(sys).resolve(defaultFileName());
            this.defaultFile = true;
        } else {
            this.file = null;
            this.defaultFile = false;
        }
    }

    public static AgentConfig load(Map<String, String> env, Properties sys) {
        return load(env, sys, null);
    }

    /**
     * @param agentArgs {@code key=value,...} from {@code -javaagent:...=} or attach; a value in double quotes may hold
     *                  commas ({@code otel.resource.attributes="a=1,b=2"}), {@code \"} and {@code \\} escape inside
     */
    public static AgentConfig load(Map<String, String> env, Properties sys, String agentArgs) {
        return load(env, sys, agentArgs, OtelJavaAgent.present(env));
    }

    static AgentConfig load(Map<String, String> env, Properties sys, String agentArgs, boolean otelJavaAgent) {
        Map<String, String> args = new LinkedHashMap<>();
        Map<String, String> otel = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> e : parseArgs(agentArgs, unknown).entrySet()) {
            String k = e.getKey();
            if (k.startsWith("otel.")) {
                otel.put(k, e.getValue());
            } else if (k.startsWith(APART)) {
                otel.putIfAbsent(k.substring("smtptrace.".length()), e.getValue());
            } else {
                String full = k.startsWith("smtptrace.") ? k : "smtptrace." + k;
                if (!KNOWN.contains(full)) {
                    unknown.add("agent argument '" + k + "'");
                }
                args.put(full, e.getValue());
            }
        }
        for (String name : sys.stringPropertyNames()) {
            if (name.startsWith(APART)) {
                otel.putIfAbsent(name.substring("smtptrace.".length()), sys.getProperty(name));
            } else if (name.startsWith("smtptrace.") && !KNOWN.contains(name) && !name.startsWith("smtptrace.agent")) {
                unknown.add("system property '" + name + "'");
            }
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith("SMTPTRACE_OTEL_")) {
                // the SDK's own mapping of environment variables: lower case, '_' to '.'
                otel.putIfAbsent(e.getKey().substring("SMTPTRACE_".length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                        e.getValue());
            }
        }
        otel.values().removeIf(v -> v == null || v.isBlank());
        return new AgentConfig(new Source(env, sys, args, otel), otel, unknown, sys, otelJavaAgent);
    }

    /** The prefix of OpenTelemetry settings set apart for smtp-trace ({@code smtptrace.otel.x} is our {@code otel.x}). */
    static final String APART = "smtptrace.otel.";

    /** The OpenTelemetry Java agent's Prometheus endpoint port unless told otherwise (and ours without it). */
    static final int PROMETHEUS_DEFAULT_PORT = 9464;

    /**
     * Beside the OpenTelemetry Java agent, with a Prometheus metrics exporter that both would read from the same plain
     * settings, ours moves to the next port unless its own port is set apart; returns what to say about it.
     */
    private static String apartFromOtelAgent(Source s, Map<String, String> otel) {
        if (s.plain("otel.traces.sampler") != null && !otel.containsKey("otel.traces.sampler")) {
            // a sampler meant for the application's spans: SMTP capture never depends on the application's sampling
            otel.put("otel.traces.sampler", "always_on");
        }
        // both would serve Prometheus only when the plain setting (theirs) asks for it and ours does too
        String plainExporter = s.plain("otel.metrics.exporter");
        String exporter = s.get("otel.metrics.exporter");
        if (plainExporter == null || !plainExporter.contains("prometheus") || !exporter.contains("prometheus")
                || otel.containsKey("otel.exporter.prometheus.port")) {
            return null;
        }
        int theirs = PROMETHEUS_DEFAULT_PORT;
        String plain = s.plain("otel.exporter.prometheus.port");
        if (plain != null) {
            try {
                theirs = Integer.parseInt(plain.trim());
            } catch (NumberFormatException e) {
                return null; // the SDK reports the bad number
            }
        }
        int ours = theirs + 1;
        otel.put("otel.exporter.prometheus.port", Integer.toString(ours));
        return "beside the OpenTelemetry Java agent, smtp-trace's Prometheus endpoint uses port " + ours
                + " (the agent's: " + theirs + "; smtptrace.otel.exporter.prometheus.port sets ours)";
    }

    /** Splits agent arguments at commas outside double quotes. */
    static Map<String, String> parseArgs(String args, List<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        if (args == null || args.isBlank()) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (quoted && c == '\\' && i + 1 < args.length()
                    && (args.charAt(i + 1) == '"' || args.charAt(i + 1) == '\\')) {
                cur.append(args.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            problems.add("agent arguments (a double quote is not closed)");
        }
        parts.add(cur.toString());
        for (String part : parts) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            } else if (!part.isBlank()) {
                problems.add("agent argument '" + part.trim() + "' (not key=value)");
            }
        }
        return out;
    }

    /** The names of agent arguments, never their values (a value may be a key or a password). */
    public static String keysOf(String agentArgs) {
        return String.join(", ", parseArgs(agentArgs, new ArrayList<>()).keySet());
    }

    private static long number(Source s, String key, long fallback) {
        String v = s.get(key);
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

    /**
     * {@code ${java.io.tmpdir}/smtp-trace-<user>}: one directory per user, so no user reads another's traces; its
     * ownership and mode are checked when the file is first opened.
     */
    static Path defaultDirectory(Properties sys) {
        String tmp = sys.getProperty("java.io.tmpdir", ".");
        String user = sys.getProperty("user.name", "");
        StringBuilder safe = new StringBuilder();
        for (char c : user.toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_') {
                safe.append(c);
            }
        }
        return Paths.get(tmp, "smtp-trace-" + (safe.length() == 0 ? "user" : safe));
    }

    /**
     * {@code smtp-trace-<start time>-<pid>-<random>.jsonl}: unique even where every JVM is pid 1 (containers sharing
     * a volume), and sorted by name is sorted by start.
     */
    static String defaultFileName() {
        // UTC, formatted by hand: a DateTimeFormatter or a SecureRandom costs milliseconds of JVM start-up here
        LocalDateTime t = LocalDateTime.ofEpochSecond(System.currentTimeMillis() / 1000, 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder("smtp-trace-").append(t.getYear());
        two(sb, t.getMonthValue());
        two(sb, t.getDayOfMonth());
        sb.append('T');
        two(sb, t.getHour());
        two(sb, t.getMinute());
        two(sb, t.getSecond());
        String rnd = Integer.toHexString(0x10000 | ThreadLocalRandom.current().nextInt(0x10000)).substring(1);
        return sb.append('-').append(ProcessHandle.current().pid()).append('-').append(rnd).append(".jsonl")
                .toString();
    }

    private static void two(StringBuilder sb, int v) {
        sb.append(v < 10 ? "0" : "").append(v);
    }

    /** The user chose an OpenTelemetry exporter: then the file is written only when asked for. */
    static boolean otelExporterConfigured(Source s) {
        return s.get("otel.traces.exporter") != null
                || s.get("otel.exporter.otlp.endpoint") != null
                || s.get("otel.exporter.otlp.traces.endpoint") != null;
    }

    /** Agent arguments win over system properties, which win over environment variables (as in OpenTelemetry). */
    static class Source {
        private final Map<String, String> env;
        private final Properties sys;
        private final Map<String, String> args;
        private final Map<String, String> otelArgs;

        Source(Map<String, String> env, Properties sys, Map<String, String> args, Map<String, String> otelArgs) {
            this.env = env;
            this.sys = sys;
            this.args = args;
            this.otelArgs = otelArgs;
        }

        /** Only what is set apart for smtp-trace: its own settings and {@code otel.*} set through agent arguments,
         *  {@code smtptrace.otel.*} or {@code SMTPTRACE_OTEL_*}, without plain {@code otel.*} / {@code OTEL_*}. */
        Source apartOnly() {
            Properties none = new Properties();
            return new Source(Map.of(), none, args, otelArgs) {
                @Override
                String get(String key) {
                    return key.startsWith("otel.") ? fromArgs(key) : Source.this.get(key);
                }
            };
        }

        /** A plain {@code otel.*} system property or {@code OTEL_*} environment variable (what another agent reads). */
        String plain(String key) {
            String v = sys.getProperty(key);
            if (v == null) {
                v = env.get(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            }
            return v == null || v.isBlank() ? null : v;
        }

        private String fromArgs(String key) {
            String v = args.get(key);
            if (v == null) {
                v = otelArgs.get(key);
            }
            return v == null || v.isBlank() ? null : v;
        }

        String get(String key) {
            String v = args.get(key);
            if (v == null) {
                v = otelArgs.get(key);
            }
            if (v == null) {
                v = sys.getProperty(key);
            }
            if (v == null) {
                v = env.get(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            }
            return v == null || v.isBlank() ? null : v;
        }
    }

    /** The value of an OpenTelemetry setting as the SDK will see it (agent argument, system property, env). */
    public String otel(String key) {
        String v = otelArguments.get(key);
        return v != null ? v : source.plain(key);
    }
}
