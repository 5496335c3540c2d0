package io.smtptrace.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static io.smtptrace.bench.BenchMain.DEFAULT;
import static io.smtptrace.bench.BenchMain.NO_AGENT;
import static io.smtptrace.bench.BenchMain.col;
import static io.smtptrace.bench.BenchMain.intProp;
import static io.smtptrace.bench.BenchMain.log;
import static io.smtptrace.bench.BenchMain.max;
import static io.smtptrace.bench.BenchMain.median;
import static io.smtptrace.bench.BenchMain.min;
import static io.smtptrace.bench.BenchMain.paired;

/**
 * Section 2b: many application threads sending at once to a real MTA, the project's own Postfix instance
 * (src/it/postfix, listener without AUTH that accepts mail for the local domain and discards it). Started with the
 * project's setup script when it does not answer; when it cannot be, the section says why instead of a figure.
 */
final class PostfixBench {

    private final BenchMain bench;

    PostfixBench(BenchMain bench) {
        this.bench = bench;
    }

    String run() throws Exception {
        int threads = intProp("bench.postfixThreads", 32);
        int rounds = intProp("bench.postfixRounds", intProp("bench.rounds", 5));
        int warmup = intProp("bench.postfixWarmup", 10);
        int reusedPerThread = intProp("bench.postfixPerThread", 60);
        int newPerThread = intProp("bench.postfixNewPerThread", 15);
        StringBuilder s = new StringBuilder("## 2b. Many threads against Postfix\n\n");
        Path env = bench.repo().resolve("src/it/postfix/ports.env");
        Properties ports = new Properties();
        try (InputStream in = Files.newInputStream(env)) {
            ports.load(in);
        }
        String host = ports.getProperty("SMTP_HOST", "127.0.0.1");
        int port = Integer.parseInt(ports.getProperty("OPEN_RELAY_CHECK_PORT", "10026"));
        String to = ports.getProperty("LOCAL_RECIPIENT", "user@example.test");
        String why = ensureRunning(host, port);
        if (why != null) {
            s.append("Not run: ").append(why).append("\n");
            bench.verdicts.put(Verdicts.POSTFIX_REUSED, "not run: " + why, null);
            bench.verdicts.put(Verdicts.POSTFIX_NEW, "not run: " + why, null);
            return s.toString();
        }
        s.append(String.format(Locale.ROOT, "The project's Postfix instance (`src/it/postfix`, Postfix with the `discard` "
                + "transport: accepted, never delivered), listener %s:%d (no AUTH, plain SMTP, mail for the local "
                + "domain accepted). One client JVM per fork, %d threads sending the section-1 message (to %s) at once, "
                + "each with its own `Transport`: **reused** = one connection per thread, %d messages each; **new** = "
                + "connect, send, close per message, %d messages each; %d warm-up messages per thread first. %d forks "
                + "per variant and mode, alternated. Ratio = messages/s with the agent / without, paired per round "
                + "(verdict ≥ 0.97); CPU = the client's process CPU per message over the measured part.\n\n",
                host, port, threads, to, reusedPerThread, newPerThread, warmup, rounds));
        s.append("| mode | variant | msg/s median (min–max) | ratio, paired median (min–max) | CPU µs/msg all threads, median | "
                + "added CPU, paired median | failed sends |\n|---|---|---|---|---|---|---|\n");
        for (boolean reuse : new boolean[] {true, false}) {
            String mode = reuse ? "reused connection" : "new connection per message";
            int perThread = reuse ? reusedPerThread : newPerThread;
            List<String> variants = List.of(NO_AGENT, DEFAULT);
            Map<String, List<double[]>> results = new LinkedHashMap<>();
            variants.forEach(v -> results.put(v, new ArrayList<>()));
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < variants.size(); k++) {
                    String v = variants.get((k + r) % variants.size());
                    Path dir = Files.createDirectories(bench.runDir().resolve("postfix-" + reuse + "-" + r + "-" + k));
                    List<String> cmd = bench.clientCommand(bench.variantOptions(v, dir.resolve("trace.jsonl"), 0),
                            "postfix", host, Integer.toString(port), Integer.toString(threads), Integer.toString(warmup),
                            Integer.toString(perThread), Boolean.toString(reuse), "app@example.com", to);
                    if (r == 0) {
                        bench.command("postfix " + mode + ", " + v, cmd);
                    }
                    BenchMain.Fork f = bench.fork(cmd, 600);
                    Map<String, String> m = f.last();
                    long msgs = Long.parseLong(m.get("msgs"));
                    double[] x = {msgs / (Long.parseLong(m.get("nanos")) / 1e9),
                            Long.parseLong(m.get("cpuNanos")) / 1e3 / msgs, Long.parseLong(m.get("failed"))};
                    results.get(v).add(x);
                    BenchMain.deleteTree(dir);
                    log(String.format(Locale.ROOT, "postfix %s round %d %-30s %8.0f msg/s  %.0f us CPU/msg  failed %.0f%s",
                            mode, r, v, x[0], x[1], x[2], x[2] > 0 ? " (" + f.stderr().lines()
                                    .filter(l -> l.startsWith("first failure")).findFirst().orElse("") + ")" : ""));
                }
            }
            List<double[]> base = results.get(NO_AGENT);
            List<double[]> agent = results.get(DEFAULT);
            double[] ratio = paired(base, agent, x -> x[0], (a, b) -> b / a);
            double[] cpuDiff = paired(base, agent, x -> x[1], (a, b) -> b - a);
            for (String v : variants) {
                List<double[]> rs = results.get(v);
                boolean isBase = v.equals(NO_AGENT);
                s.append(String.format(Locale.ROOT, "| %s | %s | %,.0f (%,.0f–%,.0f) | %s | %.0f | %s | %.0f |\n",
                        isBase ? mode : "", v, median(col(rs, 0)), min(col(rs, 0)), max(col(rs, 0)),
                        isBase ? "1" : String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", median(ratio), min(ratio), max(ratio)),
                        median(col(rs, 1)), isBase ? "" : String.format(Locale.ROOT, "%+.0f µs (%+.0f %%)", median(cpuDiff),
                                100 * median(cpuDiff) / median(col(base, 1))),
                        java.util.Arrays.stream(col(rs, 2)).sum()));
            }
            double failed = java.util.Arrays.stream(col(agent, 2)).sum() + java.util.Arrays.stream(col(base, 2)).sum();
            bench.verdicts.put(reuse ? Verdicts.POSTFIX_REUSED : Verdicts.POSTFIX_NEW, String.format(Locale.ROOT,
                    "ratio %.3f (rounds %.3f–%.3f); CPU %+.0f %% per message%s", median(ratio), min(ratio), max(ratio),
                    100 * median(cpuDiff) / median(col(base, 1)), failed > 0 ? String.format(Locale.ROOT,
                            "; %.0f failed sends", failed) : ""), median(ratio) >= 0.97);
        }
        return s.toString();
    }

    /** Null when the listener answers (after starting the instance if needed), else why it does not. */
    private String ensureRunning(String host, int port) throws IOException, InterruptedException {
        if (greets(host, port)) {
            return null;
        }
        if (!Boolean.parseBoolean(BenchMain.prop("bench.postfixSetup", "true"))) {
            return "Postfix does not answer on " + host + ":" + port + " and -Dbench.postfixSetup=false";
        }
        Path script = bench.repo().resolve("src/it/postfix/setup.sh");
        log("postfix: " + host + ":" + port + " does not answer; running " + script);
        Path out = Files.createTempFile(bench.runDir(), "postfix-setup", ".log");
        Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String tail = tail(Files.readString(out), 5);
        if (!done || p.exitValue() != 0 || !greets(host, port)) {
            return "Postfix does not answer on " + host + ":" + port + "; `bash src/it/postfix/setup.sh` "
                    + (done ? "exited " + p.exitValue() : "timed out") + ": " + tail.replace('\n', ' ').replace("|", "\\|");
        }
        return null;
    }

    private static boolean greets(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            s.setSoTimeout(5000);
            byte[] b = new byte[3];
            return s.getInputStream().readNBytes(b, 0, 3) == 3 && new String(b, StandardCharsets.US_ASCII).equals("220");
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(String s, int lines) {
        String[] l = s.strip().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(l, Math.max(0, l.length - lines), l.length));
    }
}
