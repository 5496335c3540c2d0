package io.smtptrace.analyzer.lint;

import java.io.PrintWriter;
import java.util.List;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.rules.Severity;

/** JUnit XML: one test case per rule, a failure per finding at or above the threshold (as analyze does). */
public final class LintJunitReporter {
    private final Severity failOn;
    private final Messages msg;

    public LintJunitReporter(Severity failOn, Messages msg) {
        this.failOn = failOn;
        this.msg = msg;
    }

    public void report(List<LintFinding> findings, PrintWriter out) {
        List<LintRule> rules = Linter.rules();
        long failures = findings.stream().filter(f -> f.severity().atLeast(failOn)).map(LintFinding::rule).distinct().count();
        out.println("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        out.println("<testsuites name=\"smtp-trace lint\" tests=\"" + rules.size() + "\" failures=\"" + failures + "\">");
        out.println("  <testsuite name=\"smtp-trace lint\" tests=\"" + rules.size() + "\" failures=\"" + failures
                + "\" errors=\"0\" skipped=\"0\">");
        for (LintRule r : rules) {
            List<LintFinding> mine = findings.stream().filter(f -> f.rule().equals(r.id())).toList();
            out.print("    <testcase classname=\"smtp-trace.lint\" name=\"" + esc(r.id()) + "\"");
            if (mine.isEmpty()) {
                out.println("/>");
                continue;
            }
            out.println(">");
            StringBuilder below = new StringBuilder();
            for (LintFinding f : mine) {
                String where = f.file() + ":" + f.line();
                if (f.severity().atLeast(failOn)) {
                    out.println("      <failure type=\"" + f.severity().label() + "\" message=\"" + esc(where + ": " + f.title()) + "\">"
                            + esc(f.explanation() + "\n" + msg.get("report.fix") + ": " + f.fix()) + "</failure>");
                } else {
                    below.append(f.severity().label()).append(": ").append(where).append(": ").append(f.explanation()).append('\n');
                }
            }
            if (below.length() > 0) out.println("      <system-out>" + esc(below.toString()) + "</system-out>");
            out.println("    </testcase>");
        }
        out.println("  </testsuite>");
        out.println("</testsuites>");
        out.flush();
    }

    private static String esc(String s) {
        return io.smtptrace.analyzer.report.JunitReporter.esc(s);
    }
}
