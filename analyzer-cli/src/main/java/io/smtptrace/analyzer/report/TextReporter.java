package io.smtptrace.analyzer.report;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.rules.Finding;
import io.smtptrace.analyzer.rules.Severity;
import picocli.CommandLine.Help.Ansi;

/**
 * Human-readable report grouped by severity, its texts from the {@code report} bundle; colour only when picocli's Ansi
 * says the terminal supports it.
 */
public final class TextReporter implements Reporter {
    private final Ansi ansi;
    private final Messages t;

    public TextReporter(Ansi ansi) {
        this(ansi, Lang.en);
    }

    public TextReporter(Ansi ansi, Lang lang) {
        this.ansi = ansi;
        this.t = Messages.of("report", lang);
    }

    /** The first few servers; a capture of many (e.g. test servers on random ports) would fill the screen. */
    static String servers(java.util.Collection<String> servers) {
        return servers(servers, Messages.of("report", Lang.en));
    }

    static String servers(java.util.Collection<String> servers, Messages t) {
        int shown = 8;
        String first = servers.stream().limit(shown).collect(java.util.stream.Collectors.joining(", "));
        return servers.size() <= shown ? first : first + " " + t.get("text.moreServers", servers.size() - shown);
    }

    @Override
    public void report(Summary s, List<Finding> findings, PrintWriter out) {
        out.println(ansi.string("@|bold " + t.get("text.title") + "|@: " + t.get("text.totals", s.sessions, s.messages, s.accepted, s.rejected,
                s.aborted, s.inputs.size())));
        if (!s.servers.isEmpty()) out.println(t.get("text.servers", servers(s.servers, t)));
        InputStatusReport status = new InputStatusReport(s);
        status.textHeader(out, ansi);
        PartialNote.print(s, out);
        if (findings.isEmpty()) {
            if (status.clean()) out.println(ansi.string("@|green " + t.get("text.noProblems") + "|@"));
            else status.textNoFindings(out, ansi);
            out.flush();
            return;
        }
        for (Severity sev : new Severity[] {Severity.ERROR, Severity.WARNING, Severity.INFO}) {
            List<Finding> group = findings.stream().filter(f -> f.severity() == sev).toList();
            if (group.isEmpty()) continue;
            out.println();
            String colour = sev == Severity.ERROR ? "red" : sev == Severity.WARNING ? "yellow" : "cyan";
            out.println(ansi.string("@|bold," + colour + " " + t.get("text.heading." + sev.label(), group.size()) + "|@"));
            for (Finding f : group) {
                out.println();
                out.println(ansi.string("  @|bold," + colour + " " + f.rule() + "|@  " + f.title() + "  @|faint [" + f.count()
                        + "x, " + f.server() + "]|@"));
                wrap(out, "    ", f.explanation());
                wrap(out, "    " + t.get("text.fix") + ": ", f.fix());
                var e = f.evidence();
                StringBuilder ev = new StringBuilder("    ").append(t.get("text.evidence")).append(": ")
                        .append(t.get("text.occurrences", e.count(), e.sessionCount()));
                if (e.first() != null) ev.append(", ").append(time(e.first())).append(e.last() != null && !e.last().equals(e.first()) ? " .. " + time(e.last()) : "");
                out.println(ev);
                if (e.sample() != null) out.println("      " + t.get("text.sample") + ": " + e.sample());
                if (!e.sessions().isEmpty()) out.println("      " + t.get("text.sessions") + ": " + String.join(", ", e.sessions())
                        + (e.sessionCount() > e.sessions().size() ? ", ..." : ""));
            }
        }
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
        long infos = findings.size() - errors - warnings;
        out.println();
        out.println(t.get("text.footer", errors, warnings, infos, command()));
        status.textFooter(out, ansi);
        out.flush();
    }

    /** How the user runs smtp-trace, for the commands the report suggests. */
    static String command() {
        return io.smtptrace.analyzer.cli.Invocation.command();
    }

    static String time(Instant t) {
        return t.toString();
    }

    public static void wrapText(PrintWriter out, String prefix, String text) {
        wrap(out, prefix, text);
    }

    static void wrap(PrintWriter out, String prefix, String text) {
        int width = 100;
        String indent = " ".repeat(prefix.length());
        StringBuilder line = new StringBuilder(prefix);
        for (String w : text.split(" ")) {
            if (line.length() + w.length() + 1 > width && line.length() > prefix.length()) {
                out.println(line.toString().stripTrailing());
                line = new StringBuilder(indent);
            }
            line.append(w).append(' ');
        }
        out.println(line.toString().stripTrailing());
    }
}
