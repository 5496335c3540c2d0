package io.smtptrace.analyzer.cli;

import java.util.List;
import java.util.concurrent.Callable;

import io.smtptrace.analyzer.Main;
import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.read.Diagnostics;
import io.smtptrace.analyzer.report.JsonReporter;
import io.smtptrace.analyzer.report.Reporter;
import io.smtptrace.analyzer.report.SarifReporter;
import io.smtptrace.analyzer.report.Summary;
import io.smtptrace.analyzer.report.TextReporter;
import io.smtptrace.analyzer.report.html.HtmlReport;
import io.smtptrace.analyzer.rules.Finding;
import io.smtptrace.analyzer.rules.Rules;
import io.smtptrace.analyzer.rules.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Analyse agent traces (OTLP JSON lines or documents, also OpenTelemetry Collector file exports) and",
                "JavaMail/Jakarta Mail/Angus Mail debug logs (mail.debug, java.util.logging, SLF4J); .gz is read transparently."})
public final class AnalyzeCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    FormatMixin fmt;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Input files; '-' reads standard input.")
    List<String> files;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "error",
            description = "Exit with 1 when a finding has at least this severity: info, warning, error (default: ${DEFAULT-VALUE}).")
    String failOn;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output"
            + " (e.g. --format html -o report.html).")
    java.nio.file.Path output;

    @Option(names = "--lang", paramLabel = "LANG", description = "Language of the HTML report: ${COMPLETION-CANDIDATES} (default: from LC_ALL/LC_MESSAGES/LANG, else en).")
    Lang lang;

    @Option(names = "--progress", negatable = true, description = "Show progress on stderr (default: only on a terminal).")
    Boolean progress;

    @Override
    public Integer call() {
        Severity threshold;
        try {
            threshold = Severity.parse(failOn);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--fail-on': '" + failOn + "' (expected info, warning or error)");
        }
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        Rules rules = new Rules();
        Summary summary = new Summary();
        summary.inputs.addAll(files);
        boolean showProgress = progress != null ? progress : System.console() != null;
        // the HTML report takes each session as it streams past (tagged with the rules it hit); the others need only totals
        HtmlReport html = fmt.format == FormatMixin.Format.html ? new HtmlReport(Lang.resolve(lang, System.getenv()), true) : null;
        Diagnostics diag;
        try {
            diag = Pipeline.run(files, main.stdin(), err, showProgress, s -> {
                summary.accept(s);
                if (html == null) rules.accept(s);
                else html.accept(s, rules.acceptTagged(s));
            });
            summary.inputProblems = diag.warnings() + diag.unreadable();
            if (html != null) {
                List<Finding> findings = rules.findings();
                HtmlOutput.write(html, summary, findings, output, out, err);
                return exitCode(diag, findings, threshold);
            }
        } catch (java.io.IOException e) {
            err.println("smtp-trace: " + html.texts().get("cli.outputUnreadable", output, e.getMessage()));
            return Main.USAGE;
        } finally {
            if (html != null) html.close();
        }
        List<Finding> findings = rules.findings();
        if (output != null) {
            try {
                out = new java.io.PrintWriter(java.nio.file.Files.newBufferedWriter(output, java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "cannot write " + output + ": " + e.getMessage());
            }
        }
        Reporter r = switch (fmt.format) {
            case text -> new TextReporter(spec.commandLine().getColorScheme().ansi());
            case json -> new JsonReporter();
            case sarif -> new SarifReporter(new Main.VersionAccess().version());
            case junit -> new io.smtptrace.analyzer.report.JunitReporter(threshold);
            case html -> throw new IllegalStateException("written above");
        };
        r.report(summary, findings, out);
        if (output != null) out.close();
        return exitCode(diag, findings, threshold);
    }

    private static int exitCode(Diagnostics diag, List<Finding> findings, Severity threshold) {
        if (diag.unreadable() > 0) return Main.USAGE;
        return findings.stream().anyMatch(f -> f.severity().atLeast(threshold)) ? Main.FINDINGS : Main.OK;
    }
}
