package io.smtptrace.analyzer.lint;

import java.io.PrintWriter;
import java.util.List;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.report.TextReporter;
import io.smtptrace.analyzer.rules.Severity;
import picocli.CommandLine.Help.Ansi;

/** file:line  SEVERITY  rule-id  title, then explanation and fix, like a compiler's messages. */
public final class LintTextReporter {
    private final Ansi ansi;
    private final Messages msg;

    public LintTextReporter(Ansi ansi, Messages msg) {
        this.ansi = ansi;
        this.msg = msg;
    }

    public void report(int files, List<LintFinding> findings, PrintWriter out) {
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
        out.println(ansi.string("@|bold smtp-trace lint|@: " + msg.get("report.header", files, findings.size(), errors, warnings,
                findings.size() - errors - warnings)));
        if (findings.isEmpty()) {
            out.println(ansi.string("@|green " + msg.get("report.clean") + "|@"));
            out.flush();
            return;
        }
        for (LintFinding f : findings) {
            String colour = f.severity() == Severity.ERROR ? "red" : f.severity() == Severity.WARNING ? "yellow" : "cyan";
            out.println();
            String profile = f.profile() == null ? "" : "  @|faint (" + msg.get("report.profile", f.profile()) + ")|@";
            out.println(ansi.string(f.file() + ":" + f.line() + "  @|bold," + colour + " " + msg.get("severity." + f.severity().label())
                    + "|@  @|bold " + f.rule() + "|@  " + f.title() + profile));
            TextReporter.wrapText(out, "    ", f.explanation());
            TextReporter.wrapText(out, "    " + msg.get("report.fix") + ": ", f.fix());
        }
        out.flush();
    }
}
