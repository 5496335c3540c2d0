package io.smtptrace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Section 5: the analyzer's throughput and memory on generated inputs (agent JSON, Collector JSON, JavaMail debug log),
 * side by side with the baselines ({@code jq -c .}, {@code grep -c}), each file read through the launcher and by the
 * bare jar ({@code java -jar}, the JVM's defaults), all under {@code /usr/bin/time -v}. Throughput in MB/s (10^6
 * bytes) of wall-clock time, the unit; CPU MB/s beside it. Sizes: {@code bench.analyzerMb} (default 1,000 MB
 * per input; {@code bench.analyzerSize=quick}: 64 MB and one run, a smoke test).
 */
final class AnalyzerBench {
    /** Verdict lines of the issue: wall MB/s of JavaMail debug logs and of OTLP JSON; peak RSS both ways. */
    static final double LOG_TARGET = 300;
    static final double JSON_TARGET = 250;
    static final double RSS_TARGET_MB = 512;

    private static final Pattern TIME_WALL = Pattern.compile("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\): (\\S+)");
    private static final Pattern TIME_USER = Pattern.compile("User time \\(seconds\\): (\\S+)");
    private static final Pattern TIME_SYS = Pattern.compile("System time \\(seconds\\): (\\S+)");
    private static final Pattern TIME_RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");

    /** One input's figures for the summary: median wall MB/s and peak RSS MB, launcher and plain {@code java -jar}. */
    record Figures(String kind, double sizeMb, double launcherWall, double plainWall, double launcherRss, double plainRss) {}

    private final List<Figures> figures = new ArrayList<>();
    private final Path analyzerJar;
    private final Path launcher;
    private final Path runDir;
    private final BiConsumer<String, List<String>> command;

    /** @param command records a command line for the report's "Exact commands" section */
    AnalyzerBench(Path analyzerJar, Path launcher, Path runDir, BiConsumer<String, List<String>> command) {
        this.analyzerJar = analyzerJar;
        this.launcher = launcher;
        this.runDir = runDir;
        this.command = command;
    }

    String run() throws Exception {
        boolean quick = BenchMain.prop("bench.analyzerSize", "full").equals("quick");
        long mb = BenchMain.intProp("bench.analyzerMb", quick ? 64 : 1000);
        long logMb = BenchMain.intProp("bench.analyzerLogMb", (int) mb);
        int runs = BenchMain.intProp("bench.analyzerRuns", quick ? 1 : 2);
        Path dir = Path.of(BenchMain.prop("bench.analyzerDir", "/tmp/smtp-trace-bench-inputs"));
        Files.createDirectories(dir);
        StringBuilder s = new StringBuilder("## 5. Analyzer throughput and memory\n\n");
        s.append(String.format(Locale.ROOT, "Generated inputs (deterministic generators in "
                + "`benchmarks/src/main/java/io/smtptrace/bench/Generators.java`, written to `%s` and deleted afterwards; "
                + "sizes in the table, MB = 10^6 bytes)%s. Each file is read %d times through the analyzer's launcher "
                + "(`analyzer-cli/target/smtp-trace analyze FILE --format json --no-progress`: the jar with "
                + "`-XX:+UseSerialGC -Xmx256m`), %d times by the bare jar with the JVM's default settings "
                + "(`java -jar smtp-trace-analyzer.jar ...`) and %d times by the baseline, rotating the order, output "
                + "discarded, all under `/usr/bin/time -v`. Wall MB/s = size / elapsed (the verdict: debug logs ≥ %.0f, "
                + "OTLP JSON ≥ %.0f, on %d cores); CPU MB/s = size / (user + system CPU seconds, all threads: reading "
                + "threads, JIT compiler, GC). Peak RSS = `Maximum resident set size`, ≤ %.0f MB both ways. Large regular "
                + "files are read on all cores (pieces cut at line ends, stitched in order).\n\n",
                dir, quick ? " — **quick size: a smoke test, not a verdict**" : "", runs, runs, runs, LOG_TARGET, JSON_TARGET,
                Runtime.getRuntime().availableProcessors(), RSS_TARGET_MB));
        s.append("| input | tool | wall MB/s median (min–max) | CPU MB/s median (min–max) | peak RSS MB max | target |\n"
                + "|---|---|---|---|---|---|\n");
        for (String kind : List.of("agent", "collector", "log")) {
            Path file = dir.resolve(kind.equals("log") ? "javamail-debug.log" : kind + "-otlp.jsonl");
            long t0 = System.nanoTime();
            long bytes = (kind.equals("log") ? logMb : mb) * 1_000_000L;
            Generators.generate(kind, file, bytes);
            long size = Files.size(file);
            BenchMain.log(String.format(Locale.ROOT, "generated %s: %,d bytes in %.1f s", file, size, (System.nanoTime() - t0) / 1e9));
            List<String> launcherCmd = List.of(launcher.toString(), "analyze", file.toString(), "--format", "json", "--no-progress");
            List<String> plainCmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    analyzerJar.toString(), "analyze", file.toString(), "--format", "json", "--no-progress");
            List<String> baseCmd = kind.equals("log") ? List.of("grep", "-c", "DEBUG SMTP", file.toString())
                    : List.of("jq", "-c", ".", file.toString());
            command.accept("analyzer (launcher), " + kind, launcherCmd);
            command.accept("analyzer (java -jar, JVM defaults), " + kind, plainCmd);
            command.accept("baseline, " + kind, baseCmd);
            List<List<String>> cmds = List.of(launcherCmd, plainCmd, baseCmd);
            List<String> names = List.of("launcher", "java -jar", "baseline");
            List<List<double[]>> results = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int r = 0; r < runs; r++) {
                for (int k = 0; k < 3; k++) {
                    int which = (k + r) % 3;
                    double[] t = timed(cmds.get(which));
                    results.get(which).add(t);
                    BenchMain.log(String.format(Locale.ROOT, "%s %-9s wall %.1f s cpu %.1f s rss %.0f MB exit %.0f", kind,
                            names.get(which), t[0], t[1], t[2] / 1024, t[3]));
                    if (which < 2 && t[3] > 1) {
                        throw new IllegalStateException("analyzer failed with exit " + t[3] + " on " + file);
                    }
                }
            }
            double sizeMb = size / 1e6;
            figures.add(new Figures(kind, sizeMb, BenchMain.median(rate(results.get(0), sizeMb, 0)),
                    BenchMain.median(rate(results.get(1), sizeMb, 0)), BenchMain.max(BenchMain.col(results.get(0), 2)) / 1024,
                    BenchMain.max(BenchMain.col(results.get(1), 2)) / 1024));
            double target = kind.equals("log") ? LOG_TARGET : JSON_TARGET;
            String label = kind + String.format(Locale.ROOT, " (%,.0f MB)", sizeMb);
            row(s, label, "`smtp-trace analyze` (launcher)", results.get(0), sizeMb, verdict(results.get(0), sizeMb, target));
            row(s, "", "`java -jar` (JVM defaults)", results.get(1), sizeMb, verdict(results.get(1), sizeMb, target));
            row(s, "", kind.equals("log") ? "`grep -c 'DEBUG SMTP'` (baseline)" : "`jq -c .` (baseline)", results.get(2), sizeMb, "");
            Files.delete(file);
        }
        return s.toString();
    }

    /** The figures of the inputs read by {@link #run()}. */
    List<Figures> figures() {
        return figures;
    }

    /** "1,000 MB": the size of the input of that kind. */
    String sizeText(String kind) {
        for (Figures f : figures) {
            if (f.kind().equals(kind)) {
                return String.format(Locale.ROOT, "%,.0f MB", f.sizeMb());
            }
        }
        return "?";
    }

    private static String verdict(List<double[]> runs, double sizeMb, double target) {
        boolean rate = BenchMain.median(rate(runs, sizeMb, 0)) >= target;
        boolean rss = BenchMain.max(BenchMain.col(runs, 2)) / 1024 <= RSS_TARGET_MB;
        return String.format(Locale.ROOT, "≥ %.0f MB/s wall: **%s**; RSS ≤ %.0f MB: **%s**", target, rate ? "pass" : "miss",
                RSS_TARGET_MB, rss ? "pass" : "miss");
    }

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
        double t = 0;
        for (String part : s.split(":")) {
            t = t * 60 + Double.parseDouble(part);
        }
        return t;
    }

    private static double[] rate(List<double[]> runs, double mb, int column) {
        double[] r = new double[runs.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = mb / Math.max(0.01, runs.get(i)[column]); // /usr/bin/time resolution: 10 ms
        }
        return r;
    }

    private static void row(StringBuilder s, String input, String tool, List<double[]> runs, double mb, String target) {
        double[] wall = rate(runs, mb, 0);
        double[] cpu = rate(runs, mb, 1);
        boolean belowResolution = Arrays.stream(BenchMain.col(runs, 0)).anyMatch(t -> t < 0.01)
                || Arrays.stream(BenchMain.col(runs, 1)).anyMatch(t -> t < 0.01);
        String gt = belowResolution ? "> " : ""; // /usr/bin/time printed 0.00 s
        s.append(String.format(Locale.ROOT, "| %s | %s | %s%.0f (%.0f–%.0f) | %s%.0f (%.0f–%.0f) | %.0f | %s |\n", input, tool,
                gt, BenchMain.median(wall), BenchMain.min(wall), BenchMain.max(wall), gt, BenchMain.median(cpu),
                BenchMain.min(cpu), BenchMain.max(cpu), BenchMain.max(BenchMain.col(runs, 2)) / 1024, target));
    }
}
