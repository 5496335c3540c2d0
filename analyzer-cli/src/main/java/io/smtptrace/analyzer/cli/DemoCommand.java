package io.smtptrace.analyzer.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.smtptrace.analyzer.Main;
import io.smtptrace.analyzer.demo.DemoMailApp;
import io.smtptrace.analyzer.demo.DemoServer;
import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Exchange;
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

@Command(name = "demo", mixinStandardHelpOptions = true)
public final class DemoCommand implements Callable<Integer> {
    static final int MAX_BYTES = 20_000;
    static final String AGENT_JAR = "smtp-trace-agent.jar";

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    FormatMixin fmt;

    @Mixin
    LangMixin lang;

    @Option(names = "--agent", paramLabel = "JAR", descriptionKey = "agent")
    Path agent;

    @Option(names = "--keep", paramLabel = "DIR", descriptionKey = "keep")
    Path keep;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Messages msg = Messages.of("demo", lang.lang());
        Path agentJar = locateAgent(msg, err);
        if (agentJar == null) return Main.USAGE;
        Path work = (keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("smtp-trace-demo-"))
                .toAbsolutePath().normalize();
        Path trace = work.resolve("smtp-trace.jsonl");
        Files.deleteIfExists(trace);
        boolean text = fmt.format == FormatMixin.Format.text;
        try (DemoServer server = new DemoServer(MAX_BYTES)) {
            if (text) {
                out.println(msg.get("title"));
                out.println("  " + msg.get("server", server.port(), MAX_BYTES));
                out.println("  " + msg.get("app.intro", agentJar.getFileName()));
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
            cmd.add(msg.lang().name());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            List<String> appOutput = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) appOutput.add(line);
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                err.println(msg.get("error.app.timeout"));
                return Main.USAGE;
            }
            if (text) {
                for (String l : appOutput) {
                    if (l.startsWith(DemoMailApp.STEP)) out.println("  " + msg.get("app.line", l.substring(DemoMailApp.STEP.length())));
                }
                out.println("  " + msg.get("trace", trace));
                out.println();
                out.flush();
            }
            if (p.exitValue() != 0 || !Files.exists(trace)) {
                err.println(msg.get("error.app.failed", p.exitValue()));
                for (String l : appOutput) err.println("  " + l);
                return Main.USAGE;
            }
        }
        Rules rules = new Rules();
        Summary summary = new Summary();
        summary.inputs.add(trace.toString());
        String[] rejectedAfterData = {null};
        Diagnostics diag = Pipeline.run(List.of(trace.toString()), main.stdin(), err, false, s -> {
            summary.accept(s);
            rules.accept(s);
            if (rejectedAfterData[0] == null && rejectedAfterData(s)) rejectedAfterData[0] = s.id;
        });
        summary.inputProblems = diag.warnings();
        Reporter r = text ? new TextReporter(spec.commandLine().getColorScheme().ansi(), lang.lang()) : new JsonReporter(lang.lang());
        r.report(summary, rules.findings(lang.lang()), out);
        Path html = writeHtml(trace, work, lang.lang(), err);
        if (text) {
            // every hint is a command that works as printed: the launcher that started us, the trace that is kept
            String self = Invocation.command();
            String file = Invocation.quote(trace.toString());
            out.println();
            if (html != null) {
                hint(out, Messages.of("html", lang.lang()).get("demo.html"), html.toString());
                out.println();
            }
            out.println(msg.get("next.title", work));
            hint(out, msg.get("next.sessions"), self + " sessions " + file);
            if (rejectedAfterData[0] != null) {
                hint(out, msg.get("next.transcript"), self + " sessions " + file + " --id " + rejectedAfterData[0]);
            }
            hint(out, msg.get("next.explain"), self + " explain 530 552");
            hint(out, msg.get("next.analyze"), self + " analyze --format json " + file);
        }
        out.flush();
        return Main.OK;
    }

    /** The demo's capture as the HTML report: smtp-trace-demo.html beside the kept trace. */
    private Path writeHtml(Path trace, Path dir, Lang language, PrintWriter err) {
        Path file = dir.resolve("smtp-trace-demo.html").toAbsolutePath();
        Rules rules = new Rules();
        Summary summary = new Summary();
        summary.inputs.add(trace.toString());
        try (io.smtptrace.analyzer.report.html.HtmlReport report = new io.smtptrace.analyzer.report.html.HtmlReport(language, true)) {
            Pipeline.run(List.of(trace.toString()), main.stdin(), err, false, s -> {
                summary.accept(s);
                report.accept(s, rules.acceptTagged(s));
            });
            HtmlOutput.write(report, summary, rules.findings(), file, null, new PrintWriter(java.io.Writer.nullWriter()));
            if (fmt.format != FormatMixin.Format.text) err.println("smtp-trace: demo: HTML report: " + file);
            return file;
        } catch (java.io.IOException | RuntimeException e) {
            err.println("smtp-trace: demo: could not write " + file + ": " + e.getMessage());
            return null;
        }
    }

    private static void hint(PrintWriter out, String what, String command) {
        out.println("  " + what + ":");
        out.println("    " + command);
    }

    /** The conversation whose message was refused after its content (the 552): the transcript worth reading. */
    private static boolean rejectedAfterData(io.smtptrace.analyzer.model.Session s) {
        for (Exchange e : s.exchanges) {
            if (e.replyCode != null && e.replyCode == 552) return true;
        }
        return false;
    }

    private Path locateAgent(Messages msg, PrintWriter err) {
        if (agent != null) {
            if (Files.isRegularFile(agent)) return agent.toAbsolutePath();
            err.println(msg.get("error.agent.missing", agent));
            return null;
        }
        String env = System.getenv("SMTPTRACE_AGENT_JAR");
        if (env != null && !env.isBlank()) {
            if (Files.isRegularFile(Path.of(env))) return Path.of(env).toAbsolutePath();
            err.println(msg.get("error.agent.missing", env + " (SMTPTRACE_AGENT_JAR)"));
            return null;
        }
        List<Path> candidates = agentCandidates(Invocation.codeSource());
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) return p;
        }
        err.println(msg.get("error.agent.none", candidates));
        return null;
    }

    /**
     * Where the agent sits relative to this analyzer, not to the working directory: lib/x.jar -> agent/ in the
     * distribution; analyzer-cli/target/x.jar or analyzer-cli/target/classes -> agent/target in a source checkout.
     */
    static List<Path> agentCandidates(Path codeSource) {
        List<Path> out = new ArrayList<>();
        if (codeSource == null) return out;
        Path dir = codeSource.toAbsolutePath().normalize().getParent();
        if (dir == null) return out;
        out.add(dir.resolveSibling("agent").resolve(AGENT_JAR));
        out.add(dir.resolve(AGENT_JAR));
        Path module = dir.getParent();
        if (module != null) out.add(module.resolveSibling("agent").resolve("target").resolve(AGENT_JAR));
        return out;
    }
}
