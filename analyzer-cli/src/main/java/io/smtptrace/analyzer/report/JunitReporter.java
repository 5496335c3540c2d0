package io.smtptrace.analyzer.report;

import java.io.PrintWriter;
import java.util.List;

import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.rules.Finding;
import io.smtptrace.analyzer.rules.Rule;
import io.smtptrace.analyzer.rules.Rules;
import io.smtptrace.analyzer.rules.Severity;

/** JUnit XML for CI systems that only read test reports: one test case per rule, a failure per finding at or above the threshold. */
public final class JunitReporter implements Reporter {
    private final Severity failOn;
    private final Messages t;

    public JunitReporter(Severity failOn) {
        this(failOn, Lang.en);
    }

    public JunitReporter(Severity failOn, Lang lang) {
        this.failOn = failOn;
        this.t = Messages.of("report", lang);
    }

    @Override
    public void report(Summary s, List<Finding> findings, PrintWriter out) {
        List<Rule> rules = new Rules().rules();
        long failures = findings.stream().filter(f -> f.severity().atLeast(failOn)).map(Finding::rule).distinct().count();
        List<String> errors = new InputStatusReport(s).junitErrors();
        int tests = rules.size() + errors.size();
        out.println("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        out.println("<testsuites name=\"smtp-trace\" tests=\"" + tests + "\" failures=\"" + failures + "\" errors=\"" + errors.size() + "\">");
        out.println("  <testsuite name=\"smtp-trace\" tests=\"" + tests + "\" failures=\"" + failures + "\" errors=\"" + errors.size() + "\" skipped=\"0\">");
        out.println("    <properties><property name=\"sessions\" value=\"" + s.sessions + "\"/><property name=\"messages\" value=\""
                + s.messages + "\"/><property name=\"lang\" value=\"" + t.lang().name() + "\"/></properties>");
        errors.forEach(out::println);
        for (Rule r : rules) {
            List<Finding> mine = findings.stream().filter(f -> f.rule().equals(r.id())).toList();
            out.print("    <testcase classname=\"smtp-trace\" name=\"" + esc(r.id()) + "\"");
            List<Finding> failing = mine.stream().filter(f -> f.severity().atLeast(failOn)).toList();
            if (mine.isEmpty()) {
                out.println("/>");
                continue;
            }
            out.println(">");
            for (Finding f : failing) {
                out.println("      <failure type=\"" + f.severity().label() + "\" message=\"" + esc(f.title() + " [" + f.count() + "x, " + f.server() + "]")
                        + "\">" + esc(t.get("junit.failure", f.explanation(), f.fix(), String.valueOf(f.evidence().sample()),
                        String.join(", ", f.evidence().sessions()))) + "</failure>");
            }
            StringBuilder below = new StringBuilder();
            for (Finding f : mine) if (!failing.contains(f)) below.append(f.severity().label()).append(": ").append(f.server()).append(": ")
                    .append(f.explanation()).append('\n');
            if (below.length() > 0) out.println("      <system-out>" + esc(below.toString()) + "</system-out>");
            out.println("    </testcase>");
        }
        out.println("  </testsuite>");
        out.println("</testsuites>");
        out.flush();
    }

    /** Text for an XML attribute or element: markup escaped, control characters (invalid in XML 1.0) as spaces. */
    public static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') b.append(' ');
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }
}
