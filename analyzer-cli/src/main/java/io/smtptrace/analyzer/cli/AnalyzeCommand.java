package io.smtptrace.analyzer.cli;

import java.util.List;
import java.util.concurrent.Callable;

import io.smtptrace.analyzer.Main;
import io.smtptrace.analyzer.read.Diagnostics;
import io.smtptrace.analyzer.report.JsonReporter;
import io.smtptrace.analyzer.report.Reporter;
import io.smtptrace.analyzer.report.SarifReporter;
import io.smtptrace.analyzer.report.Summary;
import io.smtptrace.analyzer.report.TextReporter;
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
                "JavaMail/Jakarta Mail/Angus Mail debug logs (mail.debug, java.util.logging, SLF4J; behind kubectl, docker compose,",
                "journald or app-server prefixes, or as JSON-lines structured logs); .gz is read transparently."})
public final class AnalyzeCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    FormatMixin fmt;

    @Mixin
    LogPrefixMixin prefix;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Input files; '-' reads standard input.")
    List<String> files;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "error",
            description = "Exit with 1 when a finding has at least this severity: info, warning, error (default: ${DEFAULT-VALUE}).")
    String failOn;

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
        java.util.regex.Pattern logPrefix = prefix.pattern(spec);
        Diagnostics diag = Pipeline.run(files, main.stdin(), err, showProgress, logPrefix, s -> {
            summary.accept(s);
            rules.accept(s);
        });
        summary.inputProblems = diag.warnings() + diag.unreadable();
        List<Finding> findings = rules.findings();
        Reporter r = switch (fmt.format) {
            case text -> new TextReporter(spec.commandLine().getColorScheme().ansi());
            case json -> new JsonReporter();
            case sarif -> new SarifReporter(new Main.VersionAccess().version());
            case junit -> new io.smtptrace.analyzer.report.JunitReporter(threshold);
        };
        r.report(summary, findings, out);
        if (diag.unreadable() > 0) return Main.USAGE;
        return findings.stream().anyMatch(f -> f.severity().atLeast(threshold)) ? Main.FINDINGS : Main.OK;
    }
}
