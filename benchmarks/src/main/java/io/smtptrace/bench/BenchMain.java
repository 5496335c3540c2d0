package io.smtptrace.bench;

import io.smtptrace.testsupport.MailLibrary;
import io.smtptrace.testsupport.SmtpTestServer;
import io.smtptrace.testsupport.TestTls;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark harness. {@code java -jar smtp-trace-benchmarks.jar all} runs every benchmark and writes
 * BENCHMARKS.md; {@code messages|connections|startup|memory|analyzer} run one and print its section;
 * {@code generate agent|collector|log FILE MB} writes one generated input.
 * Settings: system properties {@code bench.*} (see {@link #prop}).
 */
public final class BenchMain {

    static final String SEND_SPAN = "SMTP send";

    private final Path repo;
    private final Path runDir;
    private final Path agentJar;
    private final Path analyzerJar;
    private final Path analyzerLauncher;
    private final List<Path> clientClassPath = new ArrayList<>();
    private final StringBuilder commands = new StringBuilder();
    final Verdicts verdicts = new Verdicts();

    private BenchMain() throws IOException {
        repo = findRepo();
        runDir = Files.createTempDirectory("smtp-trace-bench");
        // snapshot the jars: other builds may rewrite target/ while we run
        agentJar = copy(Path.of(prop("bench.agentJar", repo.resolve("agent/target/smtp-trace-agent.jar").toString())));
        analyzerJar = copy(Path.of(prop("bench.analyzerJar",
                repo.resolve("analyzer-cli/target/smtp-trace-analyzer.jar").toString())));
        // the launcher runs the jar beside it, so it goes next to the copy
        analyzerLauncher = copy(Path.of(prop("bench.analyzerLauncher",
                repo.resolve("analyzer-cli/target/smtp-trace").toString())));
        analyzerLauncher.toFile().setExecutable(true);
        for (Path jar : MailLibrary.ANGUS_MAIL_2_0_3.jars()) {
            clientClassPath.add(copy(jar));
        }
        clientClassPath.add(copy(Path.of(URI_OF_SELF())));
    }

    Path runDir() {
        return runDir;
    }

    Path repo() {
        return repo;
    }

    private static String URI_OF_SELF() {
        try {
            return Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Path copy(Path p) throws IOException {
        if (!Files.exists(p)) {
            throw new IllegalStateException(p + " is missing: build first with "
                    + "mvn -B -q -Pbench package -DskipTests");
        }
        if (Files.isDirectory(p)) {
            return p;
        }
        Path target = runDir.resolve(p.getFileName());
        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    static String prop(String key, String def) {
        return System.getProperty(key, def);
    }

    static int intProp(String key, int def) {
        return Integer.parseInt(prop(key, Integer.toString(def)));
    }

    private static Path findRepo() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isDirectory(q.resolve("agent")) && Files.isDirectory(q.resolve("analyzer-cli"))) {
                return q;
            }
        }
        return p;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: all | quick | messages | connections | postfix | startup | memory | analyzer | profile"
                    + " | generate KIND FILE MB");
            System.exit(2);
        }
        if (args[0].equals("generate")) {
            Generators.generate(args[1], Path.of(args[2]), Long.parseLong(args[3]) << 20);
            return;
        }
        boolean quick = args[0].equals("quick");
        if (quick) {
            quickSizes();
        }
        boolean everything = quick || args[0].equals("all");
        BenchMain b = new BenchMain();
        long started = System.nanoTime();
        try {
            List<String> which = everything
                    ? List.of("messages", "connections", "postfix", "startup", "memory", "analyzer", "profile")
                    : List.of(args);
            Map<String, String> sections = new LinkedHashMap<>();
            for (String w : which) {
                long t0 = System.nanoTime();
                log("=== " + w);
                String s = switch (w) {
                    case "messages" -> b.messages();
                    case "connections" -> b.connections();
                    case "startup" -> b.startup();
                    case "memory" -> b.memory();
                    case "analyzer" -> b.analyzer();
                    case "profile" -> new ProfileBench(b).run();
                    case "postfix" -> new PostfixBench(b).run();
                    default -> throw new IllegalArgumentException(w);
                };
                log("=== " + w + " took " + (System.nanoTime() - t0) / 1_000_000_000L + " s");
                sections.put(w, s);
                System.out.println(s);
            }
            if (everything) {
                // a smoke run never overwrites the report of a real one
                Path out = Path.of(prop("bench.output", quick
                        ? b.repo.resolve("benchmarks/target/BENCHMARKS-quick.md").toString()
                        : b.repo.resolve("BENCHMARKS.md").toString()));
                long minutes = (System.nanoTime() - started) / 60_000_000_000L;
                Files.writeString(out, b.report(sections, quick, minutes));
                log("wrote " + out + " (" + minutes + " min)");
            }
        } finally {
            deleteTree(b.runDir);
        }
    }

    static void log(String s) {
        System.err.println("[bench " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + s);
    }

    // ------------------------------------------------------------------------------------------------ forking

    record Fork(int exit, String stdout, String stderr, long startNanos, long endNanos) {
        List<Map<String, String>> bench() {
            List<Map<String, String>> r = new ArrayList<>();
            for (String line : stdout.split("\n")) {
                if (line.startsWith("BENCH ")) {
                    Map<String, String> m = new LinkedHashMap<>();
                    for (String kv : line.substring(6).trim().split(" ")) {
                        int i = kv.indexOf('=');
                        m.put(i < 0 ? kv : kv.substring(0, i), i < 0 ? "" : kv.substring(i + 1));
                    }
                    r.add(m);
                }
            }
            return r;
        }

        Map<String, String> last() {
            List<Map<String, String>> b = bench();
            if (exit != 0 || b.isEmpty()) {
                throw new IllegalStateException("fork failed, exit " + exit + "\n" + stdout + "\n" + stderr);
            }
            return b.get(b.size() - 1);
        }
    }

    List<String> clientCommand(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        // extra options for every client JVM, e.g. -Xlog:gc:file=... to look into one section by hand
        for (String o : prop("bench.clientJvmOptions", "").trim().split("\\s+")) {
            if (!o.isEmpty()) {
                cmd.add(o);
            }
        }
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, clientClassPath.stream().map(Path::toString).toList()));
        cmd.add(BenchClient.class.getName());
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    Fork fork(List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile(runDir, "fork", ".out");
        Path err = Files.createTempFile(runDir, "fork", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
        }
        long end = System.nanoTime();
        Fork f = new Fork(p.exitValue(), Files.readString(out), Files.readString(err), start, end);
        Files.delete(out);
        Files.delete(err);
        return f;
    }

    // Variant names: the agent sections (1-4) and the profile use these; "default" = what a user gets with only
    // -javaagent (a trace file and, once issue #11 landed, a metrics file beside it).
    static final String NO_AGENT = "no agent";
    static final String DEFAULT = "agent, file export (default)";
    static final String WRITER_SDK = "agent, file export, writer=sdk (A/B)";
    static final String OTLP = "agent, OTLP http/protobuf";
    static final String EXCHANGE_SPANS = "agent, exchanges=spans";
    static final String METRICS_OFF = "agent, file export, metrics off";
    static final String METRICS_PROMETHEUS = "agent, file export + Prometheus metrics";

    /** JVM options of each variant. */
    List<String> variantOptions(String variant, Path traceFile, int otlpPort) {
        List<String> o = new ArrayList<>();
        switch (variant) {
            case NO_AGENT -> {
            }
            case DEFAULT -> {
                o.add("-javaagent:" + agentJar);
                o.add("-Dsmtptrace.file=" + traceFile);
            }
            case WRITER_SDK -> {
                // the SDK's OtlpStdoutSpanExporter (reusable data) writes the same file: the writer alone changed
                o.add("-javaagent:" + agentJar);
                o.add("-Dsmtptrace.file=" + traceFile);
                o.add("-Dsmtptrace.file.writer=sdk");
            }
            case OTLP -> {
                o.add("-javaagent:" + agentJar);
                o.add("-Dotel.traces.exporter=otlp");
                o.add("-Dotel.exporter.otlp.endpoint=http://127.0.0.1:" + otlpPort);
                o.add("-Dotel.exporter.otlp.protocol=http/protobuf");
            }
            case EXCHANGE_SPANS -> {
                o.add("-javaagent:" + agentJar);
                o.add("-Dsmtptrace.file=" + traceFile);
                o.add("-Dsmtptrace.exchanges=spans");
            }
            case METRICS_OFF -> {
                o.add("-javaagent:" + agentJar);
                o.add("-Dsmtptrace.file=" + traceFile);
                o.add("-Dotel.metrics.exporter=none");
            }
            case METRICS_PROMETHEUS -> {
                o.add("-javaagent:" + agentJar);
                o.add("-Dsmtptrace.file=" + traceFile);
                o.add("-Dotel.metrics.exporter=prometheus");
                o.add("-Dotel.exporter.prometheus.host=127.0.0.1");
                o.add("-Dotel.exporter.prometheus.port=" + freePort());
            }
            default -> throw new IllegalArgumentException(variant);
        }
        return o;
    }

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Why the agent jar under test cannot run a variant, or null when it can: the writer A/B needs the hidden setting
     * {@code smtptrace.file.writer} (issue #14), the metrics variants the agent's metrics package (issue #11).
     */
    String unavailable(String variant) throws IOException {
        return switch (variant) {
            case WRITER_SDK -> agentJarHas(null, "smtptrace.file.writer") ? null
                    : "this agent jar has no setting smtptrace.file.writer (the SDK writer of the A/B)";
            case METRICS_OFF, METRICS_PROMETHEUS -> agentJarHas("io/smtptrace/agent/metrics/", null) ? null
                    : "this agent jar has no metrics (package io.smtptrace.agent.metrics)";
            default -> null;
        };
    }

    /** An entry whose name contains {@code entryName}, or whose bytes contain {@code literal} (class constants). */
    private boolean agentJarHas(String entryName, String literal) throws IOException {
        byte[] needle = literal == null ? null : literal.getBytes(StandardCharsets.UTF_8);
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(agentJar))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (entryName != null && e.getName().contains(entryName)) {
                    return true;
                }
                if (needle != null && !e.isDirectory() && OtlpReceiver.count(in.readAllBytes(), needle) > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    static final List<String> MESSAGE_VARIANTS = List.of(NO_AGENT, DEFAULT, WRITER_SDK, OTLP, EXCHANGE_SPANS,
            METRICS_OFF, METRICS_PROMETHEUS);

    void command(String title, List<String> cmd) {
        commands.append("- ").append(title).append(":\n  `")
                .append(String.join(" ", cmd).replace(runDir.toString(), "$RUN")).append("`\n");
    }

    // ------------------------------------------------------------------------------------------- 1. messages

    /** One fork's figures of the per-message loop. */
    private record MsgRound(double rate, double allocAll, double allocApp, double cpuUs, double appCpuUs,
                            double agentCpuUs, long exported, long sent, boolean metricsFile) {
    }

    String messages() throws Exception {
        int rounds = intProp("bench.rounds", 5);
        int warmup = intProp("bench.warmup", 4_000);
        int n = intProp("bench.messages", 10_000);
        List<String> variants = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (String v : MESSAGE_VARIANTS) {
            String why = unavailable(v);
            if (why == null) {
                variants.add(v);
            } else {
                skipped.put(v, why);
                log("messages: " + v + " not run: " + why);
            }
        }
        Map<String, List<MsgRound>> results = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        variants.forEach(v -> results.put(v, new ArrayList<>()));
        try (FastSmtpServer server = new FastSmtpServer(); OtlpReceiver otlp = new OtlpReceiver()) {
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < variants.size(); k++) {
                    String v = variants.get((k + r) % variants.size()); // rotate the order
                    Path dir = Files.createDirectories(runDir.resolve("msg-" + r + "-" + k));
                    Path trace = dir.resolve("trace.jsonl");
                    otlp.reset();
                    server.reset();
                    List<String> cmd = clientCommand(variantOptions(v, trace, otlp.port()), "messages", "127.0.0.1",
                            Integer.toString(server.port()), Integer.toString(warmup), Integer.toString(n));
                    if (r == 0) {
                        command("messages, " + v, cmd);
                    }
                    Fork f = fork(cmd, 600);
                    Map<String, String> m;
                    try {
                        m = f.last();
                    } catch (IllegalStateException e) {
                        // a variant that cannot run is reported as such; the others go on
                        failures.putIfAbsent(v, "fork failed (exit " + f.exit() + "): "
                                + f.stderr().lines().filter(l -> !l.isBlank()).findFirst().orElse("no output"));
                        log("round " + r + " " + v + " FAILED: " + failures.get(v));
                        deleteTree(dir);
                        continue;
                    }
                    Map<String, Long> threads = ProfileBench.threadCpu(m);
                    long exported;
                    if (v.equals(NO_AGENT)) {
                        exported = -1;
                    } else if (v.equals(OTLP)) {
                        exported = otlp.sendSpans.get();
                    } else {
                        exported = countInFile(trace, SEND_SPAN);
                    }
                    boolean metricsFile;
                    try (var files = Files.list(dir)) {
                        metricsFile = files.anyMatch(p -> p.getFileName().toString().startsWith("smtp-trace-metrics-"));
                    }
                    deleteTree(dir);
                    MsgRound x = new MsgRound(n / (Long.parseLong(m.get("nanos")) / 1e9),
                            Long.parseLong(m.get("allocAll")) / (double) n, Long.parseLong(m.get("allocApp")) / (double) n,
                            Long.parseLong(m.get("cpuNanos")) / 1e3 / n, threads.get("app") / 1e3 / n,
                            threads.get("agent") / 1e3 / n, exported, warmup + n, metricsFile);
                    results.get(v).add(x);
                    log(String.format(Locale.ROOT, "round %d %-40s %8.0f msg/s  %7.0f B/msg (all threads)  %6.0f B/msg (app)"
                                    + "  %5.1f us CPU/msg (app %.1f, agent %.1f)  exported %d/%d", r, v, x.rate(), x.allocAll(),
                            x.allocApp(), x.cpuUs(), x.appCpuUs(), x.agentCpuUs(), exported, warmup + n));
                }
            }
        }
        StringBuilder s = new StringBuilder();
        s.append("## 1. Per-message overhead\n\n");
        s.append(String.format(Locale.ROOT, "Angus Mail 2.0.3, one `Transport.connect()`, then %,d warm-up and %,d measured "
                + "`sendMessage` calls of one small message (about 600 bytes, one recipient) over the same connection to an "
                + "in-process accept-all loopback server (`FastSmtpServer` in the harness). %d forked JVMs per variant "
                + "(full JIT, default GC, default heap), variants alternated and rotated each round. **Verdict: CPU per "
                + "message over all threads** (the client's process CPU time over the measured loop, so JIT, GC and the "
                + "agent's threads count), added = median over the rounds of (agent − no agent) of the same round. "
                + "Allocation: sum of `ThreadMXBean.getThreadAllocatedBytes` over all live threads around the loop. "
                + "The app / agent thread columns split the CPU with `ThreadMXBean.getThreadCpuTime` (`main` / "
                + "`smtp-trace-*`). The throughput ratio is secondary (the shared machine's noise moves it most).\n\n",
                warmup, n, rounds));
        s.append("| variant | CPU µs/msg all threads, median (min–max) | added CPU vs no agent, paired median (min–max) | "
                + "app thread µs/msg | agent threads µs/msg | alloc B/msg all threads | added vs no agent | app thread B/msg | "
                + "msg/s median (min–max) | ratio (per-round min–max) | send spans exported / sent | metrics file |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<MsgRound> base = results.getOrDefault(NO_AGENT, List.of());
        for (String v : MESSAGE_VARIANTS) {
            if (skipped.containsKey(v)) {
                s.append("| ").append(v).append(" | n/a: not run: ").append(skipped.get(v)).append(" |||||||||||\n");
                continue;
            }
            List<MsgRound> rs = results.get(v);
            if (rs.isEmpty() || base.isEmpty()) {
                s.append("| ").append(v).append(" | n/a: ").append(failures.getOrDefault(v, "no successful round"))
                        .append(" |||||||||||\n");
                continue;
            }
            boolean isBase = v.equals(NO_AGENT);
            double[] cpu = rs.stream().mapToDouble(MsgRound::cpuUs).toArray();
            double[] rate = rs.stream().mapToDouble(MsgRound::rate).toArray();
            double[] alloc = rs.stream().mapToDouble(MsgRound::allocAll).toArray();
            double[] cpuDiff = paired(base, rs, MsgRound::cpuUs, (a, b) -> b - a);
            double[] ratio = paired(base, rs, MsgRound::rate, (a, b) -> b / a);
            double addedAlloc = median(alloc) - median(base.stream().mapToDouble(MsgRound::allocAll).toArray());
            String exported = isBase ? "" : rs.stream().map(x -> x.exported() + "/" + x.sent()).distinct()
                    .reduce((a, b) -> a + ", " + b).orElse("");
            String metrics = isBase ? "" : rs.stream().allMatch(MsgRound::metricsFile) ? "yes"
                    : rs.stream().noneMatch(MsgRound::metricsFile) ? "no" : "some rounds";
            s.append(String.format(Locale.ROOT, "| %s | %.1f (%.1f–%.1f) | %s | %.1f | %.1f | %,.0f | %s | %,.0f | %,.0f (%,.0f–%,.0f) | %s | %s | %s |\n",
                    v, median(cpu), min(cpu), max(cpu),
                    isBase ? "" : String.format(Locale.ROOT, "%+.1f (%+.1f–%+.1f)", median(cpuDiff), min(cpuDiff), max(cpuDiff)),
                    median(rs.stream().mapToDouble(MsgRound::appCpuUs).toArray()),
                    median(rs.stream().mapToDouble(MsgRound::agentCpuUs).toArray()),
                    median(alloc), isBase ? "" : String.format(Locale.ROOT, "%+,.0f B", addedAlloc),
                    median(rs.stream().mapToDouble(MsgRound::allocApp).toArray()),
                    median(rate), min(rate), max(rate),
                    isBase ? "1" : String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", median(ratio), min(ratio), max(ratio)),
                    exported, metrics));
            if (v.equals(DEFAULT)) {
                verdicts.put(Verdicts.MSG_CPU, String.format(Locale.ROOT, "%+.1f µs (paired median, rounds %+.1f to %+.1f); "
                                + "%.1f vs %.1f µs per message", median(cpuDiff), min(cpuDiff), max(cpuDiff), median(cpu),
                        median(base.stream().mapToDouble(MsgRound::cpuUs).toArray())), median(cpuDiff) <= 30);
                verdicts.put(Verdicts.MSG_RATIO, String.format(Locale.ROOT, "%.3f (rounds %.3f–%.3f)", median(ratio),
                        min(ratio), max(ratio)), median(ratio) >= 0.97);
                verdicts.put(Verdicts.MSG_ALLOC, String.format(Locale.ROOT, "%+,.0f B (app thread %+,.0f B)", addedAlloc,
                        median(rs.stream().mapToDouble(MsgRound::allocApp).toArray())
                                - median(base.stream().mapToDouble(MsgRound::allocApp).toArray())), addedAlloc <= 2048);
            }
        }
        if (!results.getOrDefault(DEFAULT, List.of()).isEmpty() && !results.getOrDefault(WRITER_SDK, List.of()).isEmpty()) {
            double[] d = paired(results.get(DEFAULT), results.get(WRITER_SDK), MsgRound::cpuUs, (a, b) -> b - a);
            double[] da = paired(results.get(DEFAULT), results.get(WRITER_SDK), MsgRound::allocAll, (a, b) -> b - a);
            s.append(String.format(Locale.ROOT, "\nWriter A/B (the default file written by the agent's own writer vs the "
                    + "SDK's `OtlpStdoutSpanExporter`, everything else equal): the SDK writer costs %+.1f µs CPU "
                    + "(rounds %+.1f to %+.1f) and %+,.0f B allocation (rounds %+,.0f to %+,.0f) per message more than "
                    + "the default.\n", median(d), min(d), max(d), median(da), min(da), max(da)));
        }
        s.append("\nRaw rounds (msg/s, all-thread B/msg, CPU µs/msg):\n\n");
        for (String v : variants) {
            s.append("- ").append(v).append(": ");
            for (MsgRound x : results.get(v)) {
                s.append(String.format(Locale.ROOT, "%.0f/%.0f/%.1f ", x.rate(), x.allocAll(), x.cpuUs()));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** f(base, variant) per round, over the rounds both have (a failed fork leaves a round out). */
    static <T> double[] paired(List<T> base, List<T> variant, java.util.function.ToDoubleFunction<T> get,
                               java.util.function.DoubleBinaryOperator f) {
        int k = Math.min(base.size(), variant.size());
        double[] r = new double[k];
        for (int i = 0; i < k; i++) {
            r[i] = f.applyAsDouble(get.applyAsDouble(base.get(i)), get.applyAsDouble(variant.get(i)));
        }
        return r;
    }
    private static long countInFile(Path file, String needle) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        long count = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            byte[] carry = new byte[0];
            int r;
            while ((r = in.readNBytes(buf, 0, buf.length)) > 0) {
                byte[] chunk = new byte[carry.length + r];
                System.arraycopy(carry, 0, chunk, 0, carry.length);
                System.arraycopy(buf, 0, chunk, carry.length, r);
                count += OtlpReceiver.count(chunk, n);
                int keep = Math.min(n.length - 1, chunk.length);
                carry = Arrays.copyOfRange(chunk, chunk.length - keep, chunk.length);
            }
        }
        return count;
    }

    // ---------------------------------------------------------------------------------------- 2. connections

    String connections() throws Exception {
        int rounds = intProp("bench.rounds", 5);
        int warmup = intProp("bench.connWarmup", 200);
        int n = intProp("bench.connections", 600);
        List<String> variants = List.of(NO_AGENT, DEFAULT);
        // per round: connections/s, CPU ms per connection (all threads), app thread ms, agent threads ms, B/conn all
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        variants.forEach(v -> results.put(v, new ArrayList<>()));
        try (SmtpTestServer server = SmtpTestServer.builder().requireStartTls().requireAuth("bench", "secret")
                .recordMessages(false).start()) {
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < variants.size(); k++) {
                    String v = variants.get((k + r) % variants.size());
                    Path dir = Files.createDirectories(runDir.resolve("conn-" + r + "-" + k));
                    List<String> opts = new ArrayList<>(variantOptions(v, dir.resolve("trace.jsonl"), 0));
                    TestTls.trustStoreSystemProperties().forEach((key, val) -> opts.add("-D" + key + "=" + val));
                    List<String> cmd = clientCommand(opts, "connections", "localhost", Integer.toString(server.port()),
                            Integer.toString(warmup), Integer.toString(n), "bench", "secret");
                    if (r == 0) {
                        command("connections, " + v, cmd);
                    }
                    Map<String, String> m = fork(cmd, 600).last();
                    Map<String, Long> threads = ProfileBench.threadCpu(m);
                    double[] x = {n / (Long.parseLong(m.get("nanos")) / 1e9), Long.parseLong(m.get("cpuNanos")) / 1e6 / n,
                            threads.get("app") / 1e6 / n, threads.get("agent") / 1e6 / n,
                            Long.parseLong(m.get("allocAll")) / (double) n};
                    results.get(v).add(x);
                    deleteTree(dir);
                    log(String.format(Locale.ROOT, "round %d %-30s %8.1f connections/s  %.2f ms CPU/connection (app %.2f, "
                            + "agent %.2f)  %,.0f B/connection", r, v, x[0], x[1], x[2], x[3], x[4]));
                }
            }
        }
        List<double[]> base = results.get(NO_AGENT);
        List<double[]> agent = results.get(DEFAULT);
        double[] cpuDiff = paired(base, agent, x -> x[1], (a, b) -> b - a);
        double[] ratio = paired(base, agent, x -> x[0], (a, b) -> b / a);
        double[] allocDiff = paired(base, agent, x -> x[4], (a, b) -> b - a);
        StringBuilder s = new StringBuilder("## 2. Per-connection overhead\n\n");
        s.append(String.format(Locale.ROOT, "Angus Mail 2.0.3 `Transport.connect(user, pw)` + `close()`: greeting, EHLO, "
                + "STARTTLS (TLS handshake, self-signed test certificate trusted via `javax.net.ssl.trustStore`), EHLO, "
                + "AUTH PLAIN, QUIT, against test-support's `SmtpTestServer` (requireStartTls, requireAuth, "
                + "recordMessages(false)) in the harness JVM. %d warm-up then %d measured connections per fork, %d forks "
                + "per variant, alternated. **Verdict: CPU per connection over all threads** (the client's process CPU "
                + "time over the measured loop), added = median over the rounds of (agent − no agent) of the same round; "
                + "the connection rate ratio is secondary.\n\n", warmup, n, rounds));
        s.append("| variant | CPU ms/connection all threads, median (min–max) | added, paired median (min–max) | app thread ms | "
                + "agent threads ms | alloc B/connection all threads | connections/s median (min–max) | ratio (per-round min–max) |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (String v : variants) {
            List<double[]> rs = results.get(v);
            double[] cpu = col(rs, 1);
            double[] rate = col(rs, 0);
            boolean isBase = v.equals(NO_AGENT);
            s.append(String.format(Locale.ROOT, "| %s | %.2f (%.2f–%.2f) | %s | %.2f | %.2f | %,.0f%s | %,.1f (%,.1f–%,.1f) | %s |\n",
                    v, median(cpu), min(cpu), max(cpu),
                    isBase ? "" : String.format(Locale.ROOT, "%+.2f (%+.2f–%+.2f)", median(cpuDiff), min(cpuDiff), max(cpuDiff)),
                    median(col(rs, 2)), median(col(rs, 3)), median(col(rs, 4)),
                    isBase ? "" : String.format(Locale.ROOT, " (%+,.0f)", median(allocDiff)),
                    median(rate), min(rate), max(rate),
                    isBase ? "1" : String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", median(ratio), min(ratio), max(ratio))));
        }
        verdicts.put(Verdicts.CONN_CPU, String.format(Locale.ROOT, "%+.2f ms (paired median, rounds %+.2f to %+.2f); "
                        + "%.2f vs %.2f ms per connection", median(cpuDiff), min(cpuDiff), max(cpuDiff), median(col(agent, 1)),
                median(col(base, 1))), median(cpuDiff) <= 0.3);
        verdicts.put(Verdicts.CONN_RATIO, String.format(Locale.ROOT, "%.3f (rounds %.3f–%.3f)", median(ratio), min(ratio),
                max(ratio)), median(ratio) >= 0.95);
        return s.toString();
    }

    // -------------------------------------------------------------------------------------------- 3. startup

    String startup() throws Exception {
        int runs = intProp("bench.startupRuns", 15);
        List<String> variants = List.of(NO_AGENT, DEFAULT);
        Map<String, List<Double>> results = new LinkedHashMap<>();
        Map<String, List<Double>> exits = new LinkedHashMap<>();
        variants.forEach(v -> {
            results.put(v, new ArrayList<>());
            exits.put(v, new ArrayList<>());
        });
        int withSpan = 0;
        int agentRuns = 0;
        try (FastSmtpServer server = new FastSmtpServer()) {
            for (int r = 0; r < runs + 2; r++) {
                for (int k = 0; k < variants.size(); k++) {
                    String v = variants.get((k + r) % variants.size());
                    Path dir = Files.createDirectories(runDir.resolve("start-" + r + "-" + k));
                    Path trace = dir.resolve("trace.jsonl");
                    server.reset();
                    List<String> cmd = clientCommand(variantOptions(v, trace, 0), "startup", "127.0.0.1",
                            Integer.toString(server.port()));
                    if (r == 0) {
                        command("startup, " + v, cmd);
                    }
                    Fork f = fork(cmd, 120);
                    f.last();
                    double ms = (server.firstAcceptedNanos() - f.startNanos()) / 1e6;
                    double exitMs = (f.endNanos() - f.startNanos()) / 1e6;
                    // the batch job's one message must be in the file when the process is gone
                    long spans = v.equals(NO_AGENT) ? -1 : countInFile(trace, SEND_SPAN);
                    deleteTree(dir);
                    if (r >= 2) { // the first two rounds warm the page cache and the harness
                        results.get(v).add(ms);
                        exits.get(v).add(exitMs);
                        if (!v.equals(NO_AGENT)) {
                            agentRuns++;
                            withSpan += spans == 1 ? 1 : 0;
                        }
                    }
                    log(String.format(Locale.ROOT, "run %d %-30s first message accepted after %.1f ms, exit after %.1f ms%s",
                            r, v, ms, exitMs, spans < 0 ? "" : ", send spans in the file: " + spans));
                }
            }
        }
        double[] base = toArray(results.get(NO_AGENT));
        double[] agent = toArray(results.get(DEFAULT));
        double[] baseExit = toArray(exits.get(NO_AGENT));
        double[] agentExit = toArray(exits.get(DEFAULT));
        double[] diffs = new double[base.length];
        double[] exitDiffs = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            diffs[i] = agent[i] - base[i];
            exitDiffs[i] = agentExit[i] - baseExit[i];
        }
        double added = median(agent) - median(base);
        double addedExit = median(agentExit) - median(baseExit);
        StringBuilder s = new StringBuilder("## 3. Start-up and exit\n\n");
        s.append(String.format(Locale.ROOT, "A short batch job: the client JVM starts, loads Angus Mail 2.0.3, builds a "
                + "message, connects, sends it, closes and exits. Measured from `ProcessBuilder.start()` in the harness to "
                + "(a) the end of data of the message arriving at the in-process server and (b) the process's exit "
                + "(`Process.waitFor()`); after the exit the harness counts the `SMTP send` span in the trace file (the "
                + "last spans must be written). %d alternating pairs after 2 discarded pairs.\n\n", base.length));
        s.append("| variant | to first message accepted, median ms | min–max | IQR | to process exit, median ms | min–max | IQR |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (String v : variants) {
            double[] x = toArray(results.get(v));
            double[] e = toArray(exits.get(v));
            s.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f–%.0f | %.0f–%.0f | %.0f | %.0f–%.0f | %.0f–%.0f |\n", v,
                    median(x), min(x), max(x), quantile(x, 0.25), quantile(x, 0.75),
                    median(e), min(e), max(e), quantile(e, 0.25), quantile(e, 0.75)));
        }
        boolean allSpans = withSpan == agentRuns;
        s.append(String.format(Locale.ROOT, "\nAdded by the agent to the first message: **%.0f ms** (difference of medians; "
                + "paired differences median %.0f ms, min–max %.0f–%.0f ms). Target ≤ +100 ms: **%s**.\n\n"
                + "Added by the agent to the process exit: **%.0f ms** (paired differences median %.0f ms, min–max "
                + "%.0f–%.0f ms); runs whose trace file held the send span after exit: %d of %d. Target ≤ +150 ms, "
                + "spans included: **%s**.\n", added, median(diffs), min(diffs), max(diffs), added <= 100 ? "pass" : "miss",
                addedExit, median(exitDiffs), min(exitDiffs), max(exitDiffs), withSpan, agentRuns,
                addedExit <= 150 && allSpans ? "pass" : "miss"));
        verdicts.put(Verdicts.START_FIRST, String.format(Locale.ROOT, "%+.0f ms (%.0f vs %.0f ms; paired %.0f to %.0f)",
                added, median(agent), median(base), min(diffs), max(diffs)), added <= 100);
        verdicts.put(Verdicts.START_EXIT, String.format(Locale.ROOT, "%+.0f ms (%.0f vs %.0f ms; paired %.0f to %.0f); "
                        + "send span in the file after exit: %d of %d runs", addedExit, median(agentExit), median(baseExit),
                min(exitDiffs), max(exitDiffs), withSpan, agentRuns), addedExit <= 150 && allSpans);
        return s.toString();
    }

    // --------------------------------------------------------------------------------------------- 4. memory

    String memory() throws Exception {
        int connections = intProp("bench.memConnections", 10_000);
        int perConnection = intProp("bench.memPerConnection", 100);
        int checkpoint = intProp("bench.memCheckpoint", 100_000);
        int dropEvery = intProp("bench.memDropEvery", 50);
        List<String> variants = List.of(prop("bench.memVariants", "agent, file export (default)").split(";"));
        StringBuilder s = new StringBuilder("## 4. Memory retained\n\n");
        s.append(String.format(Locale.ROOT, "One forked JVM per variant (default heap settings) sends %,d messages over "
                + "%,d connections (%d per connection) to the accept-all server, which breaks every %d-th connection "
                + "after the 354 of its %d-th message (reads 64 body bytes, closes the socket, no reply; the client "
                + "gets an exception, closes and opens the next connection). At each checkpoint the client waits 300 ms "
                + "(export queue drains), runs `System.gc()` twice and prints the used heap, then the instances and "
                + "shallow bytes of all `io.smtptrace.*` classes (agent, bootstrap hooks, shaded OpenTelemetry/ASM/"
                + "Jackson) from the DiagnosticCommand `gcClassHistogram` (a full GC). The trace file's rotation is off "
                + "(`-Dsmtptrace.file.max_mb=0`) so that every exported `SMTP send` span can be counted.\n\n",
                (long) connections * perConnection, connections, perConnection, dropEvery, perConnection / 2));
        for (String v : variants) {
            try (FastSmtpServer server = new FastSmtpServer()) {
                server.dropEveryConnection(dropEvery, perConnection / 2);
                Path trace = runDir.resolve("memory.jsonl");
                List<String> opts = new ArrayList<>(variantOptions(v, trace, 0));
                opts.add("-Dsmtptrace.file.max_mb=0"); // no rotation: every exported span stays countable
                List<String> cmd = clientCommand(opts, "memory", "127.0.0.1",
                        Integer.toString(server.port()), Integer.toString(connections), Integer.toString(perConnection),
                        Integer.toString(checkpoint));
                command("memory, " + v, cmd);
                Fork f = fork(cmd, intProp("bench.memTimeoutSeconds", 1800));
                List<Map<String, String>> cps = f.bench();
                long traceBytes = Files.exists(trace) ? Files.size(trace) : 0;
                long sendSpans = countInFile(trace, SEND_SPAN);
                Files.deleteIfExists(trace);
                s.append("### ").append(v).append("\n\n");
                if (f.exit() != 0) {
                    s.append("Fork exit code ").append(f.exit()).append(" (timeout or failure); checkpoints reached:\n\n");
                }
                s.append("| messages | connections | broken mid-DATA | elapsed s | heap used after GC (MB) | io.smtptrace instances | io.smtptrace shallow bytes |\n|---|---|---|---|---|---|---|\n");
                for (Map<String, String> c : cps) {
                    s.append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %s | %.1f | %,d | %,d |\n",
                            Long.parseLong(c.get("messages")), Long.parseLong(c.get("connections")),
                            Long.parseLong(c.get("broken")), c.get("seconds"),
                            Long.parseLong(c.get("heapUsed")) / 1048576.0, Long.parseLong(c.get("agentInstances")),
                            Long.parseLong(c.get("agentBytes"))));
                    log("memory " + v + " " + c);
                }
                s.append(String.format(Locale.ROOT, "\nServer: %,d messages accepted, %,d connections broken. Trace file: "
                        + "%,d bytes, %,d `SMTP send` spans.\n\n", server.accepted(), server.dropped(), traceBytes, sendSpans));
                if (cps.size() >= 3) {
                    long firstI = Long.parseLong(cps.get(1).get("agentInstances"));
                    long lastI = Long.parseLong(cps.get(cps.size() - 1).get("agentInstances"));
                    double firstH = Long.parseLong(cps.get(1).get("heapUsed")) / 1048576.0;
                    double lastH = Long.parseLong(cps.get(cps.size() - 1).get("heapUsed")) / 1048576.0;
                    s.append(String.format(Locale.ROOT, "From the second checkpoint to the last: io.smtptrace instances "
                            + "%,d → %,d, heap %.1f → %.1f MB.\n\n", firstI, lastI, firstH, lastH));
                }
            }
        }
        return s.toString();
    }

    // ------------------------------------------------------------------------------------------- 5. analyzer

    private static final Pattern TIME_WALL = Pattern.compile("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\): (\\S+)");
    private static final Pattern TIME_USER = Pattern.compile("User time \\(seconds\\): (\\S+)");
    private static final Pattern TIME_SYS = Pattern.compile("System time \\(seconds\\): (\\S+)");
    private static final Pattern TIME_RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");

    /** wall s, cpu s, max RSS KB, exit. */
    private double[] timed(List<String> cmd) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        full.add("/usr/bin/time");
        full.add("-v");
        full.addAll(cmd);
        Path err = Files.createTempFile(runDir, "time", ".err");
        // GNU grep stops at the first match when its output is /dev/null: give it a file (its output is one number)
        boolean grep = cmd.get(0).equals("grep");
        Path out = grep ? Files.createTempFile(runDir, "grep", ".out") : null;
        Process p = new ProcessBuilder(full)
                .redirectOutput(grep ? ProcessBuilder.Redirect.to(out.toFile()) : ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
        p.waitFor();
        String e = Files.readString(err);
        Files.delete(err);
        if (out != null) {
            Files.delete(out);
        }
        double wall = parseWall(find(TIME_WALL, e, cmd));
        double cpu = Double.parseDouble(find(TIME_USER, e, cmd)) + Double.parseDouble(find(TIME_SYS, e, cmd));
        double rss = Double.parseDouble(find(TIME_RSS, e, cmd));
        return new double[] {wall, cpu, rss, p.exitValue()};
    }

    private static String find(Pattern p, String s, List<String> cmd) {
        Matcher m = p.matcher(s);
        if (!m.find()) {
            throw new IllegalStateException("no " + p + " in /usr/bin/time output of " + cmd + ":\n" + s);
        }
        return m.group(1);
    }

    private static double parseWall(String s) {
        String[] parts = s.split(":");
        double t = 0;
        for (String part : parts) {
            t = t * 60 + Double.parseDouble(part);
        }
        return t;
    }

    String analyzer() throws Exception {
        int mb = intProp("bench.analyzerMb", 1024);
        int runs = intProp("bench.analyzerRuns", 2);
        Path dir = Path.of(prop("bench.analyzerDir", "/tmp/smtp-trace-bench-inputs"));
        Files.createDirectories(dir);
        StringBuilder s = new StringBuilder("## 5. Analyzer throughput and memory\n\n");
        s.append(String.format(Locale.ROOT, "Generated inputs of %,d MiB (JSON; the log size is in the table) (deterministic generators in "
                + "`benchmarks/src/main/java/io/smtptrace/bench/Generators.java`, written to `%s` and deleted afterwards). "
                + "Each file is read %d times by the analyzer as users run it, through its launcher "
                + "(`analyzer-cli/target/smtp-trace analyze FILE --format json --no-progress`: the jar with "
                + "`-XX:+UseSerialGC -Xmx256m`), %d times by the bare jar with the JVM's default settings "
                + "(`java -jar smtp-trace-analyzer.jar ...`, for comparison) and %d times by the baseline, rotating the "
                + "order, output discarded, all under `/usr/bin/time -v`. MiB/s per core = file size / (user + system "
                + "CPU seconds, so JIT compiler and GC threads count); wall MiB/s = size / elapsed. Peak RSS = `Maximum "
                + "resident set size`. The targets are judged on the launcher.\n\n", mb, dir, runs, runs, runs));
        s.append("| input | tool | wall MiB/s median (min–max) | MiB/s per core (CPU) median (min–max) | peak RSS MB max | target |\n|---|---|---|---|---|---|\n");
        for (String kind : List.of("agent", "collector", "log")) {
            Path file = dir.resolve(kind.equals("log") ? "javamail-debug.log" : kind + "-otlp.jsonl");
            long t0 = System.nanoTime();
            int kindMb = kind.equals("log") ? intProp("bench.analyzerLogMb", 1024) : mb;
            Generators.generate(kind, file, (long) kindMb << 20);
            long size = Files.size(file);
            log(String.format(Locale.ROOT, "generated %s: %,d bytes in %.1f s", file, size, (System.nanoTime() - t0) / 1e9));
            List<String> analyzerCmd = List.of(analyzerLauncher.toString(), "analyze", file.toString(), "--format",
                    "json", "--no-progress");
            List<String> plainCmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", analyzerJar.toString(), "analyze", file.toString(), "--format", "json", "--no-progress");
            List<String> baseCmd = kind.equals("log") ? List.of("grep", "-c", "DEBUG SMTP", file.toString())
                    : List.of("jq", "-c", ".", file.toString());
            command("analyzer (launcher), " + kind, analyzerCmd);
            command("analyzer (java -jar, JVM defaults), " + kind, plainCmd);
            command("baseline, " + kind, baseCmd);
            List<List<String>> cmds = List.of(analyzerCmd, plainCmd, baseCmd);
            List<String> names = List.of("launcher", "java -jar", "baseline");
            List<List<double[]>> results = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int r = 0; r < runs; r++) {
                for (int k = 0; k < 3; k++) {
                    int which = (k + r) % 3;
                    double[] t = timed(cmds.get(which));
                    results.get(which).add(t);
                    log(String.format(Locale.ROOT, "%s %-9s wall %.1f s cpu %.1f s rss %.0f MB exit %.0f", kind,
                            names.get(which), t[0], t[1], t[2] / 1024, t[3]));
                    if (which < 2 && t[3] > 1) {
                        throw new IllegalStateException("analyzer failed with exit " + t[3] + " on " + file);
                    }
                }
            }
            List<double[]> a = results.get(0);
            List<double[]> plain = results.get(1);
            List<double[]> b = results.get(2);
            double sizeMib = size / 1048576.0;
            boolean json = !kind.equals("log");
            double targetRate = json ? 150 : 300;
            row(s, kind + String.format(Locale.ROOT, " (%,.0f MiB)", sizeMib), "`smtp-trace analyze` (launcher)", a, sizeMib,
                    String.format(Locale.ROOT, "≥ %.0f MiB/s/core: **%s**; RSS ≤ 512 MB: **%s**", targetRate,
                            median(rate(a, sizeMib, 1)) >= targetRate ? "pass" : "miss",
                            max(col(a, 2)) / 1024 <= 512 ? "pass" : "miss"));
            row(s, "", "`java -jar` (JVM defaults)", plain, sizeMib, "");
            // the summary's verdicts: wall-clock MB/s (10^6 bytes) through the launcher, RSS both ways
            double mbs = median(rate(a, size / 1e6, 0));
            analyzerWall.merge(json ? "json" : "log", new double[] {mbs}, (x, y) -> new double[] {Math.min(x[0], y[0])});
            analyzerRss.append(String.format(Locale.ROOT, "%s%s %.0f / %.0f MB", analyzerRss.length() == 0 ? "" : "; ",
                    kind, max(col(a, 2)) / 1024, max(col(plain, 2)) / 1024));
            analyzerRssMax = Math.max(analyzerRssMax, Math.max(max(col(a, 2)), max(col(plain, 2))) / 1024);
            analyzerWallText.append(String.format(Locale.ROOT, "%s%s %.0f MB/s (`java -jar` %.0f)",
                    analyzerWallText.length() == 0 ? "" : "; ", kind, mbs, median(rate(plain, size / 1e6, 0))));
            row(s, "", json ? "`jq -c .` (baseline)" : "`grep -c 'DEBUG SMTP'` (baseline)", b, sizeMib, "");
            Files.delete(file);
        }
        if (analyzerWall.containsKey("log")) {
            double v = analyzerWall.get("log")[0];
            verdicts.put(Verdicts.ANALYZER_LOG, String.format(Locale.ROOT, "%.0f MB/s wall (launcher, %,d MiB input)",
                    v, intProp("bench.analyzerLogMb", 1024)), v >= 300);
        }
        if (analyzerWall.containsKey("json")) {
            double v = analyzerWall.get("json")[0];
            verdicts.put(Verdicts.ANALYZER_JSON, String.format(Locale.ROOT, "%.0f MB/s wall, slower input (launcher, %,d MiB "
                    + "inputs): %s", v, mb, analyzerWallText.toString().replaceAll("; log [^;]*", "")), v >= 250);
        }
        verdicts.put(Verdicts.ANALYZER_RSS, String.format(Locale.ROOT, "launcher / `java -jar` (%,d MiB inputs): ", mb)
                + analyzerRss, analyzerRssMax <= 512);
        return s.toString();
    }

    private final Map<String, double[]> analyzerWall = new LinkedHashMap<>();
    private final StringBuilder analyzerWallText = new StringBuilder();
    private final StringBuilder analyzerRss = new StringBuilder();
    private double analyzerRssMax;

    private static double[] rate(List<double[]> runs, double mib, int column) {
        double[] r = new double[runs.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = mib / Math.max(0.01, runs.get(i)[column]); // /usr/bin/time resolution: 10 ms
        }
        return r;
    }

    private static void row(StringBuilder s, String input, String tool, List<double[]> runs, double mib, String target) {
        double[] wall = rate(runs, mib, 0);
        double[] cpu = rate(runs, mib, 1);
        boolean belowResolution = Arrays.stream(col(runs, 0)).anyMatch(t -> t < 0.01)
                || Arrays.stream(col(runs, 1)).anyMatch(t -> t < 0.01);
        String gt = belowResolution ? "> " : ""; // /usr/bin/time printed 0.00 s
        s.append(String.format(Locale.ROOT, "| %s | %s | %s%.0f (%.0f–%.0f) | %s%.0f (%.0f–%.0f) | %.0f | %s |\n", input, tool,
                gt, median(wall), min(wall), max(wall), gt, median(cpu), min(cpu), max(cpu), max(col(runs, 2)) / 1024, target));
    }

    // --------------------------------------------------------------------------------------------- report

    /**
     * {@code quick}: every section at smoke-test sizes (checks the harness, not the agent); explicit -Dbench.* win.
     */
    static void quickSizes() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("bench.rounds", "2");
        q.put("bench.warmup", "500");
        q.put("bench.messages", "1000");
        q.put("bench.connWarmup", "20");
        q.put("bench.connections", "50");
        q.put("bench.postfixRounds", "1");
        q.put("bench.postfixWarmup", "2");
        q.put("bench.postfixPerThread", "5");
        q.put("bench.postfixNewPerThread", "2");
        q.put("bench.startupRuns", "2");
        q.put("bench.memConnections", "100");
        q.put("bench.memPerConnection", "20");
        q.put("bench.memCheckpoint", "500");
        q.put("bench.analyzerMb", "16");
        q.put("bench.analyzerLogMb", "16");
        q.put("bench.analyzerRuns", "1");
        q.put("bench.profileWarmup", "500");
        q.put("bench.profileMessages", "2000");
        q.put("bench.profileConnWarmup", "20");
        q.put("bench.profileConnections", "50");
        q.forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                System.setProperty(k, v);
            }
        });
    }

    private String report(Map<String, String> sections, boolean quick, long minutes)
            throws IOException, InterruptedException {
        StringBuilder s = new StringBuilder("# Benchmarks\n\n");
        s.append("Generated by the harness in [`benchmarks/`](benchmarks/) (not part of the default build or test suite). "
                + "Every ratio compares variants measured in the same run, alternating (and rotating the order of) the "
                + "variants; medians with min–max spread. The machine is shared with other tenants (2 cores): expect "
                + "noise, read the spreads.\n\n");
        s.append("Command (from the repository root):\n\n```sh\nmvn -B -q -Pbench package -DskipTests && "
                + "java -jar benchmarks/target/smtp-trace-benchmarks.jar all\n```\n\n");
        if (quick) {
            s.append("**This is a `quick` smoke run (tiny sizes, checks the harness only): its figures mean nothing.**\n\n");
        }
        s.append("## Run\n\n");
        s.append("- date: ").append(sh("date", "-u")).append('\n');
        s.append("- commit: ").append(sh("git", "-C", repo.toString(), "rev-parse", "--short", "HEAD"))
                .append(sh("git", "-C", repo.toString(), "status", "--porcelain", "agent", "analyzer-cli", "test-support")
                        .isBlank() ? "" : " (with uncommitted changes in agent/analyzer-cli/test-support)").append('\n');
        s.append("- machine: ").append(sh("nproc")).append(" cores (").append(cpuModel()).append("), ")
                .append(memTotal()).append(" memory, ").append(sh("uname", "-sr")).append('\n');
        s.append("- JDK: `").append(sh(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .replace("\n", "` / `")).append("`\n");
        s.append("- mail library in the client JVMs: Angus Mail 2.0.3 (`org.eclipse.angus:angus-mail:2.0.3`)\n");
        s.append("- duration of this invocation: ").append(minutes).append(" min\n\n");
        s.append("## Summary\n\nThe verdict rows of issue #14, in its order, written by the harness from the sections "
                + "below (all from this one run). Per-message and per-connection verdicts are on CPU time per operation over "
                + "all threads; the ratios are secondary. MB = 10^6 bytes.\n\n").append(verdicts.table()).append('\n');
        for (String sec : sections.values()) {
            s.append(sec).append('\n');
        }
        s.append("## Exact commands run by the harness\n\n`$RUN` is the harness's temporary directory (copies of the "
                + "agent, analyzer and mail library jars).\n\n").append(commands).append('\n');
        Path notes = repo.resolve("benchmarks/NOTES.md");
        if (Files.exists(notes)) {
            s.append(Files.readString(notes));
        }
        return s.toString();
    }

    private static String sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }

    private static String cpuModel() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (l.startsWith("model name")) {
                return l.substring(l.indexOf(':') + 1).strip();
            }
        }
        return "unknown CPU";
    }

    private static String memTotal() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (l.startsWith("MemTotal:")) {
                long kb = Long.parseLong(l.replaceAll("\\D", ""));
                return String.format(Locale.ROOT, "%.1f GiB", kb / 1048576.0);
            }
        }
        return "unknown";
    }

    // ---------------------------------------------------------------------------------------------- stats

    static double[] col(List<double[]> rows, int c) {
        return rows.stream().mapToDouble(r -> r[c]).toArray();
    }

    static double[] toArray(List<Double> l) {
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double median(double[] x) {
        return quantile(x, 0.5);
    }

    static double quantile(double[] x, double q) {
        double[] s = x.clone();
        Arrays.sort(s);
        if (s.length == 0) {
            return Double.NaN;
        }
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    static double min(double[] x) {
        return Arrays.stream(x).min().orElse(Double.NaN);
    }

    static double max(double[] x) {
        return Arrays.stream(x).max().orElse(Double.NaN);
    }

    static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // temp dir
        }
    }
}
