package io.smtptrace.analyzer.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.smtptrace.analyzer.Main;
import io.smtptrace.analyzer.demo.DemoMailApp;
import io.smtptrace.analyzer.demo.DemoServer;
import io.smtptrace.analyzer.read.Diagnostics;
import io.smtptrace.analyzer.report.JsonReporter;
import io.smtptrace.analyzer.report.Reporter;
import io.smtptrace.analyzer.report.Summary;
import io.smtptrace.analyzer.report.TextReporter;
import io.smtptrace.analyzer.rules.Rules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole product in one command, no external server needed: starts an embedded SMTP server that",
                "requires AUTH and limits message size, runs a small mail-sending app under the smtp-trace agent in a",
                "child JVM (it sends without AUTH and retries, sends an oversized message, then sends correctly),",
                "and analyses what the agent wrote."})
public final class DemoCommand implements Callable<Integer> {
    static final String BUNDLED_AGENT = "/io/smtptrace/analyzer/demo/smtp-trace-agent.jar";
    static final int MAX_BYTES = 20_000;

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    FormatMixin fmt;

    @Option(names = "--agent", paramLabel = "JAR", description = "The agent jar to use (default: the one bundled in this jar,"
            + " else $SMTPTRACE_AGENT_JAR, else agent/target/smtp-trace-agent.jar).")
    Path agent;

    @Option(names = "--keep", paramLabel = "DIR", description = "Write the agent's trace into DIR and keep it (default: a temporary directory).")
    Path keep;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        fmt.requireTextOrJson(spec);
        Path work = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("smtp-trace-demo");
        Path agentJar = locateAgent(work, err);
        if (agentJar == null) return Main.USAGE;
        Path trace = work.resolve("smtp-trace.jsonl");
        Files.deleteIfExists(trace);
        boolean text = fmt.format == FormatMixin.Format.text;
        try (DemoServer server = new DemoServer(MAX_BYTES)) {
            if (text) {
                out.println("smtp-trace demo");
                out.println("  server: embedded SMTP server on localhost:" + server.port() + " (requires AUTH, SIZE " + MAX_BYTES + ")");
                out.println("  app:    a small mail-sending app (Angus Mail) in a child JVM under -javaagent:" + agentJar.getFileName());
                out.flush();
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-javaagent:" + agentJar);
            cmd.add("-Dsmtptrace.file=" + trace);
            cmd.add("-Xshare:auto");
            cmd.add("-XX:TieredStopAtLevel=1");
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(DemoMailApp.class.getName());
            cmd.add("localhost");
            cmd.add(String.valueOf(server.port()));
            cmd.add(String.valueOf(MAX_BYTES * 2));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            List<String> appOutput = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) appOutput.add(line);
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                err.println("smtp-trace: demo: the mail app did not finish in time");
                return Main.USAGE;
            }
            if (text) {
                for (String l : appOutput) if (l.startsWith("  app:")) out.println(l);
                out.println("  trace:  " + trace + (keep == null ? "" : " (kept)"));
                out.println();
                out.flush();
            }
            if (p.exitValue() != 0 || !Files.exists(trace)) {
                err.println("smtp-trace: demo: the mail app failed (exit " + p.exitValue() + ") or the agent wrote no trace:");
                for (String l : appOutput) err.println("  " + l);
                return Main.USAGE;
            }
        }
        Rules rules = new Rules();
        Summary summary = new Summary();
        summary.inputs.add(trace.toString());
        Diagnostics diag = Pipeline.run(List.of(trace.toString()), main.stdin(), err, false, s -> {
            summary.accept(s);
            rules.accept(s);
        });
        summary.inputProblems = diag.warnings();
        Reporter r = text ? new TextReporter(spec.commandLine().getColorScheme().ansi()) : new JsonReporter();
        r.report(summary, rules.findings(), out);
        Path html = writeHtml(trace, keep != null ? work : Path.of(""), err);
        if (text) {
            out.println();
            if (html != null) out.println("HTML report (sequence diagrams, timeline): " + html);
            out.println("Next: smtp-trace sessions " + trace + (keep == null ? "   (the file is deleted now; use --keep DIR to keep it)" : ""));
            out.println("      smtp-trace explain 530 552");
        }
        out.flush();
        if (keep == null) {
            Files.deleteIfExists(trace);
            deleteQuietly(work);
        }
        return Main.OK;
    }

    /** The demo's capture as the HTML report, smtp-trace-demo.html in DIR of --keep, else the current directory. */
    private Path writeHtml(Path trace, Path dir, PrintWriter err) {
        Path file = dir.resolve("smtp-trace-demo.html").toAbsolutePath();
        Rules rules = new Rules();
        Summary summary = new Summary();
        summary.inputs.add(trace.toString());
        try (io.smtptrace.analyzer.report.html.HtmlReport report = new io.smtptrace.analyzer.report.html.HtmlReport(
                io.smtptrace.analyzer.i18n.Lang.resolve(null, System.getenv()), true)) {
            Pipeline.run(List.of(trace.toString()), main.stdin(), err, false, s -> {
                summary.accept(s);
                report.accept(s, rules.acceptTagged(s));
            });
            HtmlOutput.write(report, summary, rules.findings(), file, null, new PrintWriter(java.io.Writer.nullWriter()));
            if (fmt.format != FormatMixin.Format.text) err.println("smtp-trace: demo: HTML report: " + file);
            return file;
        } catch (IOException | RuntimeException e) {
            err.println("smtp-trace: demo: could not write " + file + ": " + e.getMessage());
            return null;
        }
    }

    private Path locateAgent(Path work, PrintWriter err) throws IOException {
        if (agent != null) {
            if (Files.isRegularFile(agent)) return agent.toAbsolutePath();
            err.println("smtp-trace: demo: agent jar not found: " + agent);
            return null;
        }
        try (InputStream in = DemoCommand.class.getResourceAsStream(BUNDLED_AGENT)) {
            if (in != null) {
                Path tmp = work.resolve("smtp-trace-agent.jar");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                tmp.toFile().deleteOnExit();
                return tmp;
            }
        }
        String env = System.getenv("SMTPTRACE_AGENT_JAR");
        if (env != null && Files.isRegularFile(Path.of(env))) return Path.of(env).toAbsolutePath();
        for (Path p : List.of(Path.of("agent", "target", "smtp-trace-agent.jar"), Path.of("..", "agent", "target", "smtp-trace-agent.jar"))) {
            if (Files.isRegularFile(p)) return p.toAbsolutePath();
        }
        err.println("smtp-trace: demo: no agent jar: this build does not bundle it. Build the agent module first"
                + " (mvn -pl agent package), then rebuild the analyzer, or pass --agent PATH / set SMTPTRACE_AGENT_JAR.");
        return null;
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary directory: best effort
        }
    }
}
