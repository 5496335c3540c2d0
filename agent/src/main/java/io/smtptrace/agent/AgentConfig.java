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
 * OpenTelemetry's own ({@code OTEL_*}, {@code otel.*}): those given as agent arguments are handed to the SDK's
 * autoconfiguration ({@link #otelArguments}); system properties and environment variables it reads itself.
 */
public final class AgentConfig {

    /** Every {@code smtptrace.*} key the agent reads; anything else under that prefix is reported once. */
    static final Set<String> KNOWN = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
            "smtptrace.enabled", "smtptrace.envelope", "smtptrace.envelope.key", "smtptrace.exchanges",
            "smtptrace.file", "smtptrace.file.max_mb", "smtptrace.file.keep", "smtptrace.debug",
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
    /** {@code otel.*} agent arguments, for the SDK's autoconfiguration (they win over system properties and env). */
    public final Map<String, String> otelArguments;
    /** Metrics: the first this many distinct servers keep their name in {@code server.address}, later ones are "_other". */
    public final int metricsServerLimit;
    /** Settings that were given but mean nothing to the agent, to be reported once. */
    public final List<String> unknown;
    /** At exit, the most the agent adds to the JVM's exit draining and flushing its export (smtptrace.shutdown.timeout_ms). */
    public long shutdownTimeoutMs = 1000;

    private AgentConfig(Source s, Map<String, String> otelArguments, List<String> unknown, Properties sys) {
        this.enabled = !"false".equalsIgnoreCase(s.get("smtptrace.enabled"));
        this.envelope = EnvelopePrivacy.parse(s.get("smtptrace.envelope"), EnvelopePrivacy.DOMAIN);
        String key = s.get("smtptrace.envelope.key");
        this.envelopeKeyConfigured = key != null;
        this.envelopeKey = key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.exchangeSpans = "spans".equalsIgnoreCase(s.get("smtptrace.exchanges"));
        this.debug = "true".equalsIgnoreCase(s.get("smtptrace.debug"));
        this.queueSize = (int) Math.max(16, number(s, "smtptrace.queue.size", 4096));
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
        } else if (!otelExporterConfigured(s)) {
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
        Map<String, String> args = new LinkedHashMap<>();
        Map<String, String> otel = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> e : parseArgs(agentArgs, unknown).entrySet()) {
            String k = e.getKey();
            if (k.startsWith("otel.")) {
                otel.put(k, e.getValue());
            } else {
                String full = k.startsWith("smtptrace.") ? k : "smtptrace." + k;
                if (!KNOWN.contains(full)) {
                    unknown.add("agent argument '" + k + "'");
                }
                args.put(full, e.getValue());
            }
        }
        for (String name : sys.stringPropertyNames()) {
            if (name.startsWith("smtptrace.") && !KNOWN.contains(name) && !name.startsWith("smtptrace.agent")) {
                unknown.add("system property '" + name + "'");
            }
        }
        return new AgentConfig(new Source(env, sys, args, otel), otel, unknown, sys);
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
    static final class Source {
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
        if (v == null) {
            v = System.getProperty(key);
        }
        if (v == null) {
            v = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return v == null || v.isBlank() ? null : v;
    }
}
