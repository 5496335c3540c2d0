package io.smtptrace.analyzer.cli;

import java.util.List;
import java.util.concurrent.Callable;

import io.smtptrace.analyzer.Main;
import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.read.Diagnostics;
import io.smtptrace.analyzer.read.RunStatus;
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
                "JavaMail/Jakarta Mail/Angus Mail debug logs (mail.debug, java.util.logging, SLF4J); .gz is read transparently."},
        footer = {"", "Exit codes:",
                "  0  every input read, no finding at or above --fail-on",
                "  1  every input read, a finding at or above --fail-on",
                "  2  usage error; an input not read completely (the report says INCOMPLETE);",
                "     no SMTP conversation in any input (unless --allow-empty);",
                "     the report could not be written.",
                "     2 wins over 1."})
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

    @Option(names = "--progress", negatable = true, description = "Show progress on stderr (default: only on a terminal).")
    Boolean progress;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE (replaced only once the whole report is written; '-' is standard output).")
    String output;

    @Option(names = "--allow-empty",
            description = "Exit with 0 (not 2) when no SMTP conversation is found in any input, e.g. a service that sent no mail.")
    boolean allowEmpty;

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
        summary.lang = Lang.resolve(null, System.getenv());
        summary.allowEmpty = allowEmpty;
        boolean showProgress = progress != null ? progress : System.console() != null;
        Diagnostics diag = Pipeline.run(files, main.stdin(), main.stdinClosed(), summary.lang, err, showProgress, s -> {
            summary.accept(s);
            rules.accept(s);
        });
        summary.inputProblems = diag.warnings() + diag.unreadable();
        summary.status = diag.status();
        List<Finding> findings = rules.findings();
        Reporter r = switch (fmt.format) {
            case text -> new TextReporter(spec.commandLine().getColorScheme().ansi());
            case json -> new JsonReporter();
            case sarif -> new SarifReporter(new Main.VersionAccess().version());
            case junit -> new io.smtptrace.analyzer.report.JunitReporter(threshold);
        };
        RunStatus.Outcome outcome = summary.status.outcome();
        Messages msg = Messages.of("inputs", summary.lang);
        // the report says it too; stderr is where a CI log shows why the gate failed when the report went to a file
        if (outcome == RunStatus.Outcome.EMPTY && !allowEmpty && (fmt.format != FormatMixin.Format.text || output != null)) {
            err.println("smtp-trace: " + msg.get("run.empty"));
        }
        if (output == null || "-".equals(output)) {
            r.report(summary, findings, out);
        } else {
            String failed = ReportFile.write(java.nio.file.Path.of(output), msg, o -> r.report(summary, findings, o));
            if (failed != null) {
                err.println("smtp-trace: " + msg.get("write.file", output, failed));
                return Main.USAGE;
            }
        }
        // an input that was not read, or nothing read at all, outweighs findings: the gate must not pass on half the data
        return switch (outcome) {
            case INCOMPLETE -> Main.USAGE;
            case EMPTY -> allowEmpty ? Main.OK : Main.USAGE;
            case COMPLETE -> findings.stream().anyMatch(f -> f.severity().atLeast(threshold)) ? Main.FINDINGS : Main.OK;
        };
    }
}
