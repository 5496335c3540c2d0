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

/** {@code analyze}: findings over all inputs, in the language of {@code --lang}; help texts in the {@code cli} bundle. */
@Command(name = "analyze", mixinStandardHelpOptions = true)
public final class AnalyzeCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    ReportFormatMixin fmt;

    @Mixin
    LogPrefixMixin prefix;

    @Mixin
    LangMixin lang;

    @Parameters(arity = "1..*", paramLabel = "FILE", descriptionKey = "files")
    List<String> files;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "error", descriptionKey = "fail-on")
    String failOn;

    @Option(names = "--progress", negatable = true, descriptionKey = "progress")
    Boolean progress;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", descriptionKey = "output")
    String output;

    @Option(names = "--allow-empty", descriptionKey = "allow-empty")
    boolean allowEmpty;

    @Override
    public Integer call() {
        Severity threshold;
        try {
            threshold = Severity.parse(failOn);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), lang.messages("cli").get("error.failOn", failOn));
        }
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        Rules rules = new Rules();
        Summary summary = new Summary();
        summary.inputs.addAll(files);
        Lang l = lang.lang();
        summary.lang = l;
        summary.allowEmpty = allowEmpty;
        boolean showProgress = progress != null ? progress : System.console() != null;
        java.util.regex.Pattern logPrefix = prefix.pattern(spec, lang.messages("cli"));
        // the HTML report takes each session as it streams past (tagged with the rules it hit); the others need only totals
        HtmlReport html = fmt.format == ReportFormatMixin.Format.html ? new HtmlReport(l, true) : null;
        Diagnostics diag;
        try {
            diag = Pipeline.run(files, main.stdin(), main.stdinClosed(), l, err, showProgress, logPrefix, s -> {
                summary.accept(s);
                if (html == null) rules.accept(s);
                else html.accept(s, rules.acceptTagged(s));
            });
            summary.inputProblems = diag.warnings() + diag.unreadable();
            summary.status = diag.status();
            if (html != null) {
                List<Finding> findings = rules.findings(l);
                try {
                    HtmlOutput.write(html, summary, findings, output == null || "-".equals(output) ? null : java.nio.file.Path.of(output), out, err);
                } catch (java.io.IOException e) {
                    err.println("smtp-trace: " + Messages.of("inputs", l).get("write.file", output, e.getMessage()));
                    return Main.USAGE;
                }
                return exitCode(summary, findings, threshold);
            }
        } finally {
            if (html != null) html.close();
        }
        List<Finding> findings = rules.findings(l);
        Reporter r = switch (fmt.format) {
            case text -> new TextReporter(spec.commandLine().getColorScheme().ansi(), l);
            case json -> new JsonReporter(l);
            case sarif -> new SarifReporter(new Main.VersionAccess().version(), l);
            case junit -> new io.smtptrace.analyzer.report.JunitReporter(threshold, l);
            case html -> throw new IllegalStateException("written above");
        };
        RunStatus.Outcome outcome = summary.status.outcome();
        Messages msg = Messages.of("inputs", summary.lang);
        // the report says it too; stderr is where a CI log shows why the gate failed when the report went to a file
        if (outcome == RunStatus.Outcome.EMPTY && !allowEmpty && (fmt.format != ReportFormatMixin.Format.text || output != null)) {
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
        return exitCode(summary, findings, threshold);
    }

    /** An input that was not read, or nothing read at all, outweighs findings: the gate must not pass on half the data. */
    private int exitCode(Summary summary, List<Finding> findings, Severity threshold) {
        return switch (summary.status.outcome()) {
            case INCOMPLETE -> Main.USAGE;
            case EMPTY -> allowEmpty ? Main.OK : Main.USAGE;
            case COMPLETE -> findings.stream().anyMatch(f -> f.severity().atLeast(threshold)) ? Main.FINDINGS : Main.OK;
        };
    }
}
