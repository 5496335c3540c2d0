package io.smtptrace.analyzer.record;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Records REAL debug output of a real mail library talking to a real (embedded) SMTP server, the way it shows up in
 * production logs: raw {@code mail.debug} output, java.util.logging's SimpleFormatter, or an SLF4J/logback-style
 * pattern. Application log lines and stack traces are interleaved, as in a real service log.
 */
public final class Recorder {
    public enum Mode {
        PLAIN, JUL, LOGBACK,
        /** log4j2's JsonTemplateLayout with its ECS template, JavaMail's java.util.logging output through log4j-jul's bridge */
        LOG4J2_ECS_JSON,
        /** logback with logstash-logback-encoder's LogstashEncoder, JavaMail's output through jul-to-slf4j's bridge */
        LOGBACK_LOGSTASH_JSON;

        /** one JSON object per line, not text a wrapper can prefix */
        public boolean structured() {
            return this == LOG4J2_ECS_JSON || this == LOGBACK_LOGSTASH_JSON;
        }
    }

    private static final Map<String, Recording> CACHE = new ConcurrentHashMap<>();

    /** A recorded log and which scenario each server port belonged to. */
    public record Recording(Path file, Map<Integer, Scenario> ports) {
        public Scenario scenarioOf(String server) {
            return ports.get(Integer.parseInt(server.substring(server.lastIndexOf(':') + 1)));
        }
    }

    private Recorder() {}

    /** Records the scenarios into one log file (several connections in one file); cached per JVM. */
    public static synchronized Recording record(Path dir, Scenario.Library lib, Mode mode, Scenario... scenarios) throws Exception {
        StringBuilder name = new StringBuilder(lib.name().toLowerCase()).append('-').append(mode.name().toLowerCase());
        if (scenarios.length == Scenario.values().length) name.append("-all");
        else for (Scenario s : scenarios) name.append('-').append(s.name().toLowerCase());
        Path file = dir.resolve(name + ".log");
        Recording cached = CACHE.get(file.toString());
        if (cached != null && Files.exists(file)) return cached;
        Map<Integer, Scenario> ports = new java.util.HashMap<>();
        Files.createDirectories(dir);
        if (mode == Mode.PLAIN) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
                for (Scenario s : scenarios) {
                    out.println("2026-11-29 04:10:01,000 INFO  [main] com.acme.billing.ReportMailer - sending report (" + s + ")");
                    try (Scenario.Running r = startOnNewPort(s, ports)) {
                        ports.put(r.client().port, s);
                        s.runClient(lib, r.client(), out, e -> {
                            out.println("2026-11-29 04:10:02,000 ERROR [main] com.acme.billing.ReportMailer - mail failed");
                            e.printStackTrace(out);
                        });
                    }
                }
            }
            Files.write(file, buf.toByteArray());
        } else {
            Logger mailLogger = Logger.getLogger(lib.loggerName);
            Logger app = Logger.getLogger("com.acme.billing.ReportMailer");
            Handler h;
            AutoCloseable log4j = null;
            if (mode == Mode.LOG4J2_ECS_JSON) {
                log4j = Log4j2Json.writeTo(file);
                h = new org.apache.logging.log4j.jul.Log4jBridgeHandler(false, null, false);
            } else if (mode == Mode.LOGBACK_LOGSTASH_JSON) {
                LogstashJson json = new LogstashJson(file);
                log4j = json;
                h = json.bridge();
            } else {
                h = new FileHandler(file.toString(), false);
                h.setEncoding("UTF-8");
                h.setFormatter(mode == Mode.JUL ? new SimpleFormatter() : new LogbackStyle());
            }
            h.setLevel(Level.ALL);
            Level old = mailLogger.getLevel();
            try {
                mailLogger.setLevel(Level.FINEST);
                mailLogger.addHandler(h);
                app.addHandler(h);
                app.setUseParentHandlers(false);
                mailLogger.setUseParentHandlers(false);
                for (Scenario s : scenarios) {
                    app.info("sending report (" + s + ")");
                    try (Scenario.Running r = startOnNewPort(s, ports)) {
                        ports.put(r.client().port, s);
                        s.runClient(lib, r.client(), null, e -> app.log(Level.SEVERE, "mail failed", e));
                    }
                }
            } finally {
                mailLogger.removeHandler(h);
                app.removeHandler(h);
                mailLogger.setLevel(old);
                h.close();
                if (log4j != null) log4j.close();
            }
        }
        Recording rec = new Recording(file, Map.copyOf(ports));
        CACHE.put(file.toString(), rec);
        return rec;
    }

    /**
     * Starts the scenario on a port no earlier scenario of this recording used: findings are told apart by server port,
     * and the kernel hands out just-closed ephemeral ports again (two scenarios on one port swapped their findings in CI).
     */
    static Scenario.Running startOnNewPort(Scenario s, Map<Integer, Scenario> used) throws Exception {
        java.util.List<Scenario.Running> taken = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Scenario.Running r = s.start();
                if (!used.containsKey(r.client().port)) return r;
                taken.add(r); // held open so the next start cannot get the same port
            }
            throw new IllegalStateException("no new port for " + s + " after 50 starts");
        } finally {
            for (Scenario.Running r : taken) r.close();
        }
    }

    /** {@code %d{yyyy-MM-dd HH:mm:ss.SSS} [%thread] %-5level %logger - %msg%n%ex}, as logback would print it. */
    static final class LogbackStyle extends Formatter {
        @Override public String format(LogRecord r) {
            String lvl = r.getLevel().intValue() >= Level.SEVERE.intValue() ? "ERROR"
                    : r.getLevel().intValue() >= Level.WARNING.intValue() ? "WARN"
                    : r.getLevel().intValue() >= Level.INFO.intValue() ? "INFO"
                    : r.getLevel().intValue() >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
            StringBuilder sb = new StringBuilder();
            sb.append(new SimpleDateFormat("yyyy-MM-dd HH:mm:ss.SSS").format(new Date(r.getMillis())))
                    .append(" [").append(Thread.currentThread().getName()).append("] ")
                    .append(String.format("%-5s", lvl)).append(' ').append(r.getLoggerName()).append(" - ")
                    .append(formatMessage(r)).append(System.lineSeparator());
            if (r.getThrown() != null) {
                StringWriter sw = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(sw));
                sb.append(sw);
            }
            return sb.toString();
        }
    }

    /** {@code Recorder DIR [LIBRARY MODE]}: records all scenarios (used in a child JVM under the agent by AgentEquivalenceTest). */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/recorded");
        if (args.length == 3) {
            System.out.println(record(dir, Scenario.Library.valueOf(args[1]), Mode.valueOf(args[2]), Scenario.values()).file());
            return;
        }
        for (Scenario.Library lib : Scenario.Library.values())
            for (Mode m : Mode.values())
                System.out.println(record(dir, lib, m, Scenario.values()).file());
    }

    static void ignore(IOException e) {}
}
