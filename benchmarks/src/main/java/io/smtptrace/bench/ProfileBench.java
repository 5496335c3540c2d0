package io.smtptrace.bench;

import io.smtptrace.testsupport.SmtpTestServer;
import io.smtptrace.testsupport.TestTls;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Section "profile": the per-message and per-connection loops of sections 1 and 2 run once per variant under JFR
 * ({@code settings=profile}: execution samples of every Java thread every 10 ms, allocation samples), and the
 * events of the measured loop only (the client prints its wall-clock window) aggregated by thread group (application
 * thread, the agent's {@code smtp-trace-*} threads) into top frames, self and total, and top allocation sites.
 * The thread CPU split comes from {@code ThreadMXBean} over the same loop, which is exact where samples are not.
 */
final class ProfileBench {

    private static final String SHADED = "io.smtptrace.agent.shaded.";
    private static final int TOP = 10;

    private final BenchMain bench;

    ProfileBench(BenchMain bench) {
        this.bench = bench;
    }

    String run() throws Exception {
        List<String> variants = List.of(BenchMain.prop("bench.profileVariants",
                "no agent;agent, file export (default)").split(";"));
        StringBuilder s = new StringBuilder("## 6. Profiles (JFR) of the per-message and per-connection loops\n\n");
        int sampleMs = BenchMain.intProp("bench.profileSampleMs", 2);
        int warmup = BenchMain.intProp("bench.profileWarmup", 4_000);
        int n = BenchMain.intProp("bench.profileMessages", 30_000);
        int connWarmup = BenchMain.intProp("bench.profileConnWarmup", 200);
        int conns = BenchMain.intProp("bench.profileConnections", 1_000);
        s.append(String.format(Locale.ROOT, "One forked client per variant with `-XX:StartFlightRecording` and the JDK's `profile` "
                + "settings, the Java execution sampling period lowered from 10 to %d ms (samples of every thread, "
                + "allocation samples); only events inside the "
                + "measured loop count: %,d messages after %,d warm-up (section 1's loop), %,d connections after %,d "
                + "warm-up (section 2's loop). \"app\" is the thread running the loop (`main`), \"agent\" the agent's "
                + "threads (`smtp-trace-*`: its export thread and the SDK's batch processor it starts). Self = the "
                + "sampled top frame; total = the method anywhere on the stack. Frames of the shaded OpenTelemetry SDK "
                + "are shown as `~sdk.` (package `%sio.opentelemetry`). Allocation: sum of the samples' weights "
                + "(JFR's estimate of the bytes allocated) per operation, by the allocating frame and class. JFR adds its "
                + "own cost to both variants: read shares, not absolute speeds.\n\n", sampleMs, n, warmup, conns, connWarmup,
                SHADED));
        String settings = settings().toString();
        boolean jfrOn = Boolean.parseBoolean(BenchMain.prop("bench.profileJfr", "true"));
        List<String> sections = List.of(BenchMain.prop("bench.profileSections", "messages,connections").split(","));
        if (sections.contains("messages")) try (FastSmtpServer server = new FastSmtpServer()) {
            for (String v : variants) {
                Path jfr = bench.runDir().resolve("profile-messages-" + variants.indexOf(v) + ".jfr");
                Path trace = bench.runDir().resolve("profile-messages-" + variants.indexOf(v) + ".jsonl");
                List<String> opts = new ArrayList<>(bench.variantOptions(v, trace, 0));
                if (jfrOn) {
                    opts.add(0, "-XX:StartFlightRecording=settings=" + settings + ",filename=" + jfr);
                }
                List<String> cmd = bench.clientCommand(opts, "messages", "127.0.0.1", Integer.toString(server.port()),
                        Integer.toString(warmup), Integer.toString(n));
                bench.command("profile, messages, " + v, cmd);
                BenchMain.log("profile messages " + v);
                Map<String, String> m = bench.fork(cmd, 900).last();
                s.append("### Per message, ").append(v).append("\n\n");
                s.append(analyze(jfr, m, n, "message", 1e3, "µs"));
                Files.deleteIfExists(jfr);
                Files.deleteIfExists(trace);
            }
        }
        if (sections.contains("connections")) try (SmtpTestServer server = SmtpTestServer.builder().requireStartTls()
                .requireAuth("bench", "secret").recordMessages(false).start()) {
            for (String v : variants) {
                Path jfr = bench.runDir().resolve("profile-connections-" + variants.indexOf(v) + ".jfr");
                Path trace = bench.runDir().resolve("profile-connections-" + variants.indexOf(v) + ".jsonl");
                List<String> opts = new ArrayList<>(bench.variantOptions(v, trace, 0));
                if (jfrOn) {
                    opts.add(0, "-XX:StartFlightRecording=settings=" + settings + ",filename=" + jfr);
                }
                TestTls.trustStoreSystemProperties().forEach((key, val) -> opts.add("-D" + key + "=" + val));
                List<String> cmd = bench.clientCommand(opts, "connections", "localhost", Integer.toString(server.port()),
                        Integer.toString(connWarmup), Integer.toString(conns), "bench", "secret");
                bench.command("profile, connections, " + v, cmd);
                BenchMain.log("profile connections " + v);
                Map<String, String> m = bench.fork(cmd, 900).last();
                s.append("### Per connection, ").append(v).append("\n\n");
                s.append(analyze(jfr, m, conns, "connection", 1e6, "ms"));
                Files.deleteIfExists(jfr);
                Files.deleteIfExists(trace);
            }
        }
        return s.toString();
    }

    /** The thread CPU split and allocation of the loop from the client's own ThreadMXBean figures. */
    static String cpuLine(Map<String, String> m, int ops, String op, double unitDiv, String unit) {
        StringBuilder s = new StringBuilder();
        Map<String, Long> cpu = threadCpu(m);
        long cpuNanos = Long.parseLong(m.get("cpuNanos"));
        s.append(String.format(Locale.ROOT, "CPU over the loop (ThreadMXBean): %.1f %s per %s all threads; ",
                cpuNanos / unitDiv / ops, unit, op));
        List<String> parts = new ArrayList<>();
        cpu.forEach((g, ns) -> parts.add(String.format(Locale.ROOT, "%s %.1f (%.0f %%)", g, ns / unitDiv / ops,
                100.0 * ns / Math.max(1, cpuNanos))));
        s.append(String.join(", ", parts)).append(String.format(Locale.ROOT,
                ". Allocation (ThreadMXBean, all threads): %,.0f B per %s, app thread %,.0f B.\n\n",
                Long.parseLong(m.get("allocAll")) / (double) ops, op, Long.parseLong(m.get("allocApp")) / (double) ops));
        return s.toString();
    }

    /** The JDK's profile.jfc with a shorter Java sampling period: 10 ms gives too few samples of a 10 s loop. */
    private Path settings() throws IOException {
        String jfc = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
        String marker = "control=\"method-sampling-java-interval\">";
        int at = jfc.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("no Java sampling interval in the JDK's profile.jfc");
        }
        int end = jfc.indexOf('<', at + marker.length());
        jfc = jfc.substring(0, at + marker.length()) + BenchMain.intProp("bench.profileSampleMs", 2) + " ms"
                + jfc.substring(end);
        Path p = bench.runDir().resolve("profile.jfc");
        Files.writeString(p, jfc);
        return p;
    }

    /** Thread CPU split of a client's BENCH line: group → nanos. */
    static Map<String, Long> threadCpu(Map<String, String> m) {
        Map<String, Long> r = new LinkedHashMap<>();
        r.put("app", 0L);
        r.put("agent", 0L);
        r.put("other Java threads", 0L);
        String tc = m.getOrDefault("threadCpu", "-");
        if (!tc.equals("-")) {
            for (String kv : tc.split(",")) {
                int i = kv.lastIndexOf(':');
                r.merge(group(kv.substring(0, i)), Long.parseLong(kv.substring(i + 1)), Long::sum);
            }
        }
        long threads = r.values().stream().mapToLong(Long::longValue).sum();
        r.put("JVM (JIT, GC: process minus threads)", Math.max(0, Long.parseLong(m.get("cpuNanos")) - threads));
        return r;
    }

    static String group(String threadName) {
        if (threadName.equals("main")) {
            return "app";
        }
        if (threadName.startsWith("smtp-trace-")) {
            return "agent";
        }
        return "other Java threads";
    }

    private static final class Counts {
        long samples;
        final Map<String, Long> self = new HashMap<>();
        final Map<String, Long> total = new HashMap<>();
        final Map<String, Long> component = new HashMap<>();
        long agentOnStack;
        long allocBytes;
        long allocAgentOnStack;
        final Map<String, Long> allocSite = new HashMap<>();
        final Map<String, Long> allocTotal = new HashMap<>();
    }

    private String analyze(Path jfr, Map<String, String> m, int ops, String op, double unitDiv, String unit)
            throws IOException {
        if (!Files.exists(jfr)) {
            return cpuLine(m, ops, op, unitDiv, unit) + "(no JFR recording: `-Dbench.profileJfr=false`)\n\n";
        }
        Instant from = Instant.ofEpochMilli(Long.parseLong(m.get("loopStartMs")));
        Instant to = Instant.ofEpochMilli(Long.parseLong(m.get("loopEndMs")));
        Map<String, Counts> byGroup = new LinkedHashMap<>();
        byGroup.put("app", new Counts());
        byGroup.put("agent", new Counts());
        byGroup.put("other Java threads", new Counts());
        try (RecordingFile rf = new RecordingFile(jfr)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                String type = e.getEventType().getName();
                boolean exec = type.equals("jdk.ExecutionSample");
                boolean alloc = type.equals("jdk.ObjectAllocationSample");
                if (!exec && !alloc || e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
                    continue;
                }
                RecordedThread t = exec ? e.getThread("sampledThread") : e.getThread("eventThread");
                RecordedStackTrace st = e.getStackTrace();
                if (t == null || st == null || st.getFrames().isEmpty()) {
                    continue;
                }
                Counts c = byGroup.get(group(t.getJavaName() == null ? "" : t.getJavaName()));
                List<RecordedFrame> frames = st.getFrames();
                Set<String> seen = new HashSet<>();
                if (exec) {
                    c.samples++;
                    String top = frame(frames.get(0));
                    c.self.merge(top, 1L, Long::sum);
                    c.component.merge(component(frames.get(0)), 1L, Long::sum);
                    boolean agent = false;
                    for (RecordedFrame f : frames) {
                        String name = frame(f);
                        if (seen.add(name)) {
                            c.total.merge(name, 1L, Long::sum);
                        }
                        agent |= isAgent(f);
                    }
                    if (agent) {
                        c.agentOnStack++;
                    }
                } else {
                    long w = e.getLong("weight");
                    c.allocBytes += w;
                    String cls = e.getClass("objectClass").getName().replace(SHADED, "~");
                    c.allocSite.merge(simpleClass(cls) + " in " + frame(frames.get(0)), w, Long::sum);
                    boolean agent = false;
                    for (RecordedFrame f : frames) {
                        String name = frame(f);
                        if (seen.add(name)) {
                            c.allocTotal.merge(name, w, Long::sum);
                        }
                        agent |= isAgent(name);
                    }
                    if (agent) {
                        c.allocAgentOnStack += w;
                    }
                }
            }
        }
        StringBuilder s = new StringBuilder(cpuLine(m, ops, op, unitDiv, unit));
        for (Map.Entry<String, Counts> g : byGroup.entrySet()) {
            Counts c = g.getValue();
            if (c.samples == 0 && c.allocBytes == 0 || g.getKey().equals("other Java threads") && c.samples < 20) {
                continue; // JFR's own periodic tasks and the like
            }
            s.append(String.format(Locale.ROOT, "**%s threads**: %,d execution samples", g.getKey(), c.samples));
            if (g.getKey().equals("app")) {
                s.append(String.format(Locale.ROOT, ", %,d of them (%.1f %%) with agent code (`io.smtptrace`, SDK "
                        + "included) on the stack", c.agentOnStack, 100.0 * c.agentOnStack / Math.max(1, c.samples)));
            }
            s.append(String.format(Locale.ROOT, "; allocation sampled %,.0f B per %s. Self samples by component: %s.\n\n",
                    c.allocBytes / (double) ops, op, top(c.component, c.samples, 8, "%")));
            s.append("| self | samples | % | total (on stack) | samples | % |\n|---|---|---|---|---|---|\n");
            List<Map.Entry<String, Long>> self = sorted(c.self);
            List<Map.Entry<String, Long>> total = sorted(c.total);
            for (int i = 0; i < TOP && (i < self.size() || i < total.size()); i++) {
                s.append("| ").append(cell(self, i, c.samples)).append(" | ").append(cell(total, i, c.samples))
                        .append(" |\n");
            }
            if (g.getKey().equals("app") && c.agentOnStack > 0) {
                s.append("\nAgent frames on the application thread (total):\n\n");
                Map<String, Long> agentOnly = new HashMap<>();
                c.total.forEach((k, val) -> {
                    if (isAgent(k)) {
                        agentOnly.put(k, val);
                    }
                });
                s.append("| frame | samples | % of app |\n|---|---|---|\n");
                for (Map.Entry<String, Long> e : sorted(agentOnly).subList(0, Math.min(TOP, agentOnly.size()))) {
                    s.append(String.format(Locale.ROOT, "| `%s` | %d | %.1f |\n", e.getKey(), e.getValue(),
                            100.0 * e.getValue() / c.samples));
                }
            }
            if (g.getKey().equals("app") && c.allocAgentOnStack > 0) {
                s.append(String.format(Locale.ROOT, "\nAllocated on the application thread with agent code on the "
                        + "stack: %,.0f B per %s. By agent frame (total):\n\n", c.allocAgentOnStack / (double) ops, op));
                Map<String, Long> agentOnly = new HashMap<>();
                c.allocTotal.forEach((k, val) -> {
                    if (isAgent(k)) {
                        agentOnly.put(k, val);
                    }
                });
                s.append("| frame | B per ").append(op).append(" |\n|---|---|\n");
                for (Map.Entry<String, Long> e : sorted(agentOnly).subList(0, Math.min(TOP, agentOnly.size()))) {
                    s.append(String.format(Locale.ROOT, "| `%s` | %,.0f |\n", e.getKey(), e.getValue() / (double) ops));
                }
            }
            if (c.allocBytes > 0) {
                s.append("\n| allocation site (class in frame) | B per ").append(op)
                        .append(" | allocated under (total) | B per ").append(op).append(" |\n|---|---|---|---|\n");
                List<Map.Entry<String, Long>> sites = sorted(c.allocSite);
                List<Map.Entry<String, Long>> under = sorted(c.allocTotal);
                for (int i = 0; i < TOP && (i < sites.size() || i < under.size()); i++) {
                    s.append("| ").append(bytesCell(sites, i, ops)).append(" | ").append(bytesCell(under, i, ops))
                            .append(" |\n");
                }
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static String top(Map<String, Long> m, long all, int k, String unit) {
        List<String> r = new ArrayList<>();
        for (Map.Entry<String, Long> e : sorted(m).subList(0, Math.min(k, m.size()))) {
            r.add(String.format(Locale.ROOT, "%s %.0f %s", e.getKey(), 100.0 * e.getValue() / Math.max(1, all), unit));
        }
        return String.join(", ", r);
    }

    private static List<Map.Entry<String, Long>> sorted(Map<String, Long> m) {
        List<Map.Entry<String, Long>> l = new ArrayList<>(m.entrySet());
        l.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
                : Long.compare(b.getValue(), a.getValue()));
        return l;
    }

    private static String cell(List<Map.Entry<String, Long>> l, int i, long all) {
        if (i >= l.size()) {
            return " | | ";
        }
        Map.Entry<String, Long> e = l.get(i);
        return String.format(Locale.ROOT, "`%s` | %d | %.1f", e.getKey(), e.getValue(), 100.0 * e.getValue() / Math.max(1, all));
    }

    private static String bytesCell(List<Map.Entry<String, Long>> l, int i, int ops) {
        if (i >= l.size()) {
            return " | ";
        }
        Map.Entry<String, Long> e = l.get(i);
        return String.format(Locale.ROOT, "`%s` | %,.0f", e.getKey(), e.getValue() / (double) ops);
    }

    private static String frame(RecordedFrame f) {
        String cls = f.getMethod().getType().getName().replace(SHADED, "~");
        if (cls.startsWith("~io.opentelemetry.")) {
            cls = "~sdk." + cls.substring("~io.opentelemetry.".length());
        }
        return cls + "." + f.getMethod().getName();
    }

    private static boolean isAgent(RecordedFrame f) {
        return isAgent(frame(f));
    }

    /** Agent code, its bootstrap bridge and the shaded SDK; not the harness's own classes. */
    private static boolean isAgent(String frame) {
        return frame.startsWith("~") || frame.startsWith("io.smtptrace.")
                && !frame.startsWith("io.smtptrace.bench.") && !frame.startsWith("io.smtptrace.testsupport.");
    }

    private static String component(RecordedFrame f) {
        String c = f.getMethod().getType().getName();
        if (c.startsWith(SHADED + "io.opentelemetry")) {
            return "OpenTelemetry SDK";
        }
        if (c.startsWith(SHADED)) {
            return "agent (other shaded)";
        }
        if (c.startsWith("io.smtptrace.bench.")) {
            return "benchmark";
        }
        if (c.startsWith("io.smtptrace.")) {
            return "agent";
        }
        if (c.startsWith("org.eclipse.angus.") || c.startsWith("jakarta.") || c.startsWith("com.sun.mail.")) {
            return "mail library";
        }
        if (c.startsWith("sun.security.") || c.startsWith("javax.net.") || c.startsWith("javax.crypto.")
                || c.startsWith("com.sun.crypto.") || c.startsWith("java.security.") || c.startsWith("sun.security")) {
            return "JDK TLS/crypto";
        }
        return "JDK other";
    }

    private static String simpleClass(String cls) {
        return cls.startsWith("~io.opentelemetry.") ? "~sdk." + cls.substring("~io.opentelemetry.".length()) : cls;
    }
}
