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
            System.err.println("usage: all | messages | connections | startup | memory | analyzer | profile | generate KIND FILE MB");
            System.exit(2);
        }
        if (args[0].equals("generate")) {
            Generators.generate(args[1], Path.of(args[2]), Long.parseLong(args[3]) << 20);
            return;
        }
        BenchMain b = new BenchMain();
        try {
            List<String> which = args[0].equals("all")
                    ? List.of("messages", "connections", "startup", "memory", "analyzer")
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
                    default -> throw new IllegalArgumentException(w);
                };
                log("=== " + w + " took " + (System.nanoTime() - t0) / 1_000_000_000L + " s");
                sections.put(w, s);
                System.out.println(s);
            }
            if (args[0].equals("all")) {
                Path out = Path.of(prop("bench.output", b.repo.resolve("BENCHMARKS.md").toString()));
                Files.writeString(out, b.report(sections));
                log("wrote " + out);
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

    /** JVM options of each variant. */
    List<String> variantOptions(String variant, Path traceFile, int otlpPort) {
        List<String> o = new ArrayList<>();
        switch (variant) {
            case "no agent" -> {
            }
            case "agent, file export (default)" -> {
                o.add("-javaagent:" + agentJar);
                o.add("-Dsmtptrace.file=" + traceFile);
            }
            case "agent, OTLP http/protobuf" -> {
                o.add("-javaagent:" + agentJar);
                o.add("-Dotel.traces.exporter=otlp");
                o.add("-Dotel.exporter.otlp.endpoint=http://127.0.0.1:" + otlpPort);
                o.add("-Dotel.exporter.otlp.protocol=http/protobuf");
            }
            case "agent, exchanges=spans" -> {
                o.add("-javaagent:" + agentJar);
                o.add("-Dsmtptrace.file=" + traceFile);
                o.add("-Dsmtptrace.exchanges=spans");
            }
            default -> throw new IllegalArgumentException(variant);
        }
        return o;
    }

    private static final List<String> MESSAGE_VARIANTS = List.of("no agent", "agent, file export (default)",
            "agent, OTLP http/protobuf", "agent, exchanges=spans");

    void command(String title, List<String> cmd) {
        commands.append("- ").append(title).append(":\n  `")
                .append(String.join(" ", cmd).replace(runDir.toString(), "$RUN")).append("`\n");
    }

    // ------------------------------------------------------------------------------------------- 1. messages

    String messages() throws Exception {
        int rounds = intProp("bench.rounds", 5);
        int warmup = intProp("bench.warmup", 4_000);
        int n = intProp("bench.messages", 10_000);
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        MESSAGE_VARIANTS.forEach(v -> results.put(v, new ArrayList<>()));
        try (FastSmtpServer server = new FastSmtpServer(); OtlpReceiver otlp = new OtlpReceiver()) {
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < MESSAGE_VARIANTS.size(); k++) {
                    String v = MESSAGE_VARIANTS.get((k + r) % MESSAGE_VARIANTS.size()); // rotate the order
                    Path trace = runDir.resolve("trace-" + r + "-" + k + ".jsonl");
                    otlp.reset();
                    server.reset();
                    List<String> cmd = clientCommand(variantOptions(v, trace, otlp.port()), "messages", "127.0.0.1",
                            Integer.toString(server.port()), Integer.toString(warmup), Integer.toString(n));
                    if (r == 0) {
                        command("messages, " + v, cmd);
                    }
                    Fork f = fork(cmd, 600);
                    Map<String, String> m = f.last();
                    double secs = Long.parseLong(m.get("nanos")) / 1e9;
                    double rate = n / secs;
                    double allocAll = Long.parseLong(m.get("allocAll")) / (double) n;
                    double allocApp = Long.parseLong(m.get("allocApp")) / (double) n;
                    double cpu = Long.parseLong(m.get("cpuNanos")) / 1e3 / n; // µs CPU per message
                    long exported;
                    if (v.equals("no agent")) {
                        exported = -1;
                    } else if (v.contains("OTLP")) {
                        exported = otlp.sendSpans.get();
                    } else {
                        exported = countInFile(trace, SEND_SPAN);
                        Files.deleteIfExists(trace);
                    }
                    long dropped = f.stderr().lines().filter(l -> l.contains("dropped")).count();
                    results.get(v).add(new double[] {rate, allocAll, allocApp, exported, warmup + n, dropped, cpu});
                    log(String.format(Locale.ROOT, "round %d %-30s %8.0f msg/s  %7.0f B/msg (all threads)  %6.0f B/msg (app)"
                            + "  %5.1f us CPU/msg  exported %d/%d", r, v, rate, allocAll, allocApp, cpu, exported, warmup + n));
                }
            }
        }
        List<double[]> base = results.get("no agent");
        StringBuilder s = new StringBuilder();
        s.append("## 1. Per-message overhead\n\n");
        s.append(String.format(Locale.ROOT, "Angus Mail 2.0.3, one `Transport.connect()`, then %,d warm-up and %,d measured "
                + "`sendMessage` calls of one small message (about 600 bytes, one recipient) over the same connection to an "
                + "in-process accept-all loopback server (`FastSmtpServer` in the harness). %d forked JVMs per variant "
                + "(full JIT, default GC, default heap), variants alternated and rotated each round. Allocation: sum of "
                + "`ThreadMXBean.getThreadAllocatedBytes` over all live threads (application, export and HTTP threads) "
                + "around the measured loop, divided by the messages; CPU: process CPU time over the loop.\n\n",
                warmup, n, rounds));
        s.append("| variant | msg/s median | min–max | ratio to no agent (median) | per-round ratio min–max | target | "
                + "alloc B/msg (all threads) median | added vs no agent | app thread B/msg | CPU µs/msg | send spans exported / sent |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        double baseRate = median(col(base, 0));
        double baseAlloc = median(col(base, 1));
        for (String v : MESSAGE_VARIANTS) {
            List<double[]> rs = results.get(v);
            double rate = median(col(rs, 0));
            double[] perRound = new double[rs.size()];
            for (int i = 0; i < rs.size(); i++) {
                perRound[i] = rs.get(i)[0] / base.get(i)[0];
            }
            double ratio = rate / baseRate;
            double alloc = median(col(rs, 1));
            double added = alloc - baseAlloc;
            boolean isBase = v.equals("no agent");
            String target = isBase ? "" : ratio >= 0.97 ? "≥ 0.97: **pass**" : "≥ 0.97: **miss**";
            String allocTarget = isBase ? "" : String.format(Locale.ROOT, "%+,.0f B (%s)", added,
                    v.contains("default") ? (added <= 2048 ? "≤ 2 KB: **pass**" : "≤ 2 KB: **miss**") : "no target");
            String exported = isBase ? "" : rs.stream().map(x -> String.format(Locale.ROOT, "%.0f/%.0f", x[3], x[4]))
                    .distinct().reduce((a, b) -> a + ", " + b).orElse("");
            s.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f–%,.0f | %s | %s | %s | %,.0f | %s | %,.0f | %.1f | %s |\n",
                    v, rate, min(col(rs, 0)), max(col(rs, 0)), isBase ? "1" : String.format(Locale.ROOT, "%.3f", ratio),
                    isBase ? "" : String.format(Locale.ROOT, "%.3f–%.3f", min(perRound), max(perRound)), target,
                    alloc, allocTarget, median(col(rs, 2)), median(col(rs, 6)), exported));
        }
        s.append("\nRaw rounds (msg/s, all-thread B/msg):\n\n");
        for (String v : MESSAGE_VARIANTS) {
            s.append("- ").append(v).append(": ");
            for (double[] x : results.get(v)) {
                s.append(String.format(Locale.ROOT, "%.0f/%.0f ", x[0], x[1]));
            }
            s.append('\n');
        }
        return s.toString();
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
        List<String> variants = List.of("no agent", "agent, file export (default)");
        Map<String, List<Double>> results = new LinkedHashMap<>();
        variants.forEach(v -> results.put(v, new ArrayList<>()));
        try (SmtpTestServer server = SmtpTestServer.builder().requireStartTls().requireAuth("bench", "secret")
                .recordMessages(false).start()) {
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < variants.size(); k++) {
                    String v = variants.get((k + r) % variants.size());
                    Path trace = runDir.resolve("conn-" + r + "-" + k + ".jsonl");
                    List<String> opts = new ArrayList<>(variantOptions(v, trace, 0));
                    TestTls.trustStoreSystemProperties().forEach((key, val) -> opts.add("-D" + key + "=" + val));
                    List<String> cmd = clientCommand(opts, "connections", "localhost", Integer.toString(server.port()),
                            Integer.toString(warmup), Integer.toString(n), "bench", "secret");
                    if (r == 0) {
                        command("connections, " + v, cmd);
                    }
                    Map<String, String> m = fork(cmd, 600).last();
                    double rate = n / (Long.parseLong(m.get("nanos")) / 1e9);
                    results.get(v).add(rate);
                    Files.deleteIfExists(trace);
                    log(String.format(Locale.ROOT, "round %d %-30s %8.1f connections/s", r, v, rate));
                }
            }
        }
        double[] base = toArray(results.get("no agent"));
        double[] agent = toArray(results.get("agent, file export (default)"));
        double[] perRound = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            perRound[i] = agent[i] / base[i];
        }
        double ratio = median(agent) / median(base);
        StringBuilder s = new StringBuilder("## 2. Per-connection overhead\n\n");
        s.append(String.format(Locale.ROOT, "Angus Mail 2.0.3 `Transport.connect(user, pw)` + `close()`: greeting, EHLO, "
                + "STARTTLS (TLS handshake, self-signed test certificate trusted via `javax.net.ssl.trustStore`), EHLO, "
                + "AUTH PLAIN, QUIT, against test-support's `SmtpTestServer` (requireStartTls, requireAuth, "
                + "recordMessages(false)) in the harness JVM. %d warm-up then %d measured connections per fork, %d forks "
                + "per variant, alternated.\n\n", warmup, n, rounds));
        s.append("| variant | connections/s median | min–max | ratio (median) | per-round ratio min–max | target |\n|---|---|---|---|---|---|\n");
        s.append(String.format(Locale.ROOT, "| no agent | %,.1f | %,.1f–%,.1f | 1 | | |\n", median(base), min(base), max(base)));
        s.append(String.format(Locale.ROOT, "| agent, file export (default) | %,.1f | %,.1f–%,.1f | %.3f | %.3f–%.3f | ≥ 0.95: **%s** |\n",
                median(agent), min(agent), max(agent), ratio, min(perRound), max(perRound), ratio >= 0.95 ? "pass" : "miss"));
        return s.toString();
    }

    // -------------------------------------------------------------------------------------------- 3. startup

    String startup() throws Exception {
        int runs = intProp("bench.startupRuns", 15);
        List<String> variants = List.of("no agent", "agent, file export (default)");
        Map<String, List<Double>> results = new LinkedHashMap<>();
        Map<String, List<Double>> exits = new LinkedHashMap<>();
        variants.forEach(v -> {
            results.put(v, new ArrayList<>());
            exits.put(v, new ArrayList<>());
        });
        try (FastSmtpServer server = new FastSmtpServer()) {
            for (int r = 0; r < runs + 2; r++) {
                for (int k = 0; k < variants.size(); k++) {
                    String v = variants.get((k + r) % variants.size());
                    Path trace = runDir.resolve("start-" + r + "-" + k + ".jsonl");
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
                    Files.deleteIfExists(trace);
                    if (r >= 2) { // the first two rounds warm the page cache and the harness
                        results.get(v).add(ms);
                        exits.get(v).add(exitMs);
                    }
                    log(String.format(Locale.ROOT, "run %d %-30s first message accepted after %.1f ms, exit after %.1f ms",
                            r, v, ms, exitMs));
                }
            }
        }
        double[] base = toArray(results.get("no agent"));
        double[] agent = toArray(results.get("agent, file export (default)"));
        double[] diffs = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            diffs[i] = agent[i] - base[i];
        }
        double added = median(agent) - median(base);
        StringBuilder s = new StringBuilder("## 3. Start-up\n\n");
        s.append(String.format(Locale.ROOT, "Time from `ProcessBuilder.start()` in the harness to the end of data of the "
                + "first message arriving at the in-process server (the client JVM: start, load Angus Mail 2.0.3, build "
                + "a message, connect, send). %d alternating pairs after 2 discarded pairs; the agent's OpenTelemetry "
                + "SDK starts on its export thread at the first connection.\n\n", base.length));
        s.append("| variant | to first message accepted, median ms | min–max | IQR | process exit, median ms |\n|---|---|---|---|---|\n");
        for (String v : variants) {
            double[] x = toArray(results.get(v));
            s.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f–%.0f | %.0f–%.0f | %.0f |\n", v, median(x), min(x),
                    max(x), quantile(x, 0.25), quantile(x, 0.75), median(toArray(exits.get(v)))));
        }
        s.append(String.format(Locale.ROOT, "\nAdded by the agent: **%.0f ms** (difference of medians; paired differences "
                + "median %.0f ms, min–max %.0f–%.0f ms). Target ≤ 150 ms: **%s**.\n", added, median(diffs), min(diffs),
                max(diffs), added <= 150 ? "pass" : "miss"));
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
            row(s, "", json ? "`jq -c .` (baseline)" : "`grep -c 'DEBUG SMTP'` (baseline)", b, sizeMib, "");
            Files.delete(file);
        }
        return s.toString();
    }

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

    private String report(Map<String, String> sections) throws IOException, InterruptedException {
        StringBuilder s = new StringBuilder("# Benchmarks\n\n");
        s.append("Generated by the harness in [`benchmarks/`](benchmarks/) (not part of the default build or test suite). "
                + "Every ratio compares variants measured in the same run, alternating (and rotating the order of) the "
                + "variants; medians with min–max spread. The machine is shared with other tenants (2 cores): expect "
                + "noise, read the spreads.\n\n");
        s.append("Command (from the repository root):\n\n```sh\nmvn -B -q -Pbench package -DskipTests && "
                + "java -jar benchmarks/target/smtp-trace-benchmarks.jar all\n```\n\n");
        s.append("## Run\n\n");
        s.append("- date: ").append(sh("date", "-u")).append('\n');
        s.append("- commit: ").append(sh("git", "-C", repo.toString(), "rev-parse", "--short", "HEAD"))
                .append(sh("git", "-C", repo.toString(), "status", "--porcelain", "agent", "analyzer-cli", "test-support")
                        .isBlank() ? "" : " (with uncommitted changes in agent/analyzer-cli/test-support)").append('\n');
        s.append("- machine: ").append(sh("nproc")).append(" cores (").append(cpuModel()).append("), ")
                .append(memTotal()).append(" memory, ").append(sh("uname", "-sr")).append('\n');
        s.append("- JDK: `").append(sh(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .replace("\n", "` / `")).append("`\n");
        s.append("- mail library in the client JVMs: Angus Mail 2.0.3 (`org.eclipse.angus:angus-mail:2.0.3`)\n\n");
        s.append("## Summary (mechanical count of the pass/miss marks in each section; read the spreads)\n\n").append(summary(sections)).append('\n');
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

    private static String summary(Map<String, String> sections) {
        StringBuilder s = new StringBuilder("| benchmark | target | result |\n|---|---|---|\n");
        Pattern verdict = Pattern.compile("\\*\\*(pass|miss)\\*\\*");
        for (Map.Entry<String, String> e : sections.entrySet()) {
            Matcher m = verdict.matcher(e.getValue());
            int pass = 0;
            int miss = 0;
            while (m.find()) {
                if (m.group(1).equals("pass")) {
                    pass++;
                } else {
                    miss++;
                }
            }
            s.append("| ").append(e.getKey()).append(" | see section | ")
                    .append(pass + miss == 0 ? "see table" : pass + " pass, " + miss + " miss").append(" |\n");
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

    private static void deleteTree(Path dir) {
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
