package io.smtptrace.analyzer.report;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

import io.smtptrace.analyzer.rules.Finding;
import io.smtptrace.analyzer.rules.Severity;
import picocli.CommandLine.Help.Ansi;

/** Human-readable report grouped by severity; colour only when picocli's Ansi says the terminal supports it. */
public final class TextReporter implements Reporter {
    private final Ansi ansi;

    public TextReporter(Ansi ansi) {
        this.ansi = ansi;
    }

    /** The first few servers; a capture of many (e.g. test servers on random ports) would fill the screen. */
    static String servers(java.util.Collection<String> servers) {
        int shown = 8;
        String first = servers.stream().limit(shown).collect(java.util.stream.Collectors.joining(", "));
        return servers.size() <= shown ? first : first + " (+" + (servers.size() - shown) + " more; all in --format json)";
    }

    @Override
    public void report(Summary s, List<Finding> findings, PrintWriter out) {
        out.println(ansi.string("@|bold smtp-trace analysis|@: " + s.sessions + " connection(s), " + s.messages + " message(s) ("
                + s.accepted + " accepted, " + s.rejected + " rejected, " + s.aborted + " aborted) from " + s.inputs.size() + " input(s)"));
        if (!s.servers.isEmpty()) out.println("servers: " + servers(s.servers));
        InputStatusReport status = new InputStatusReport(s);
        status.textHeader(out, ansi);
        if (findings.isEmpty()) {
            if (status.clean()) out.println(ansi.string("@|green No problems found.|@"));
            else status.textNoFindings(out, ansi);
            out.flush();
            return;
        }
        for (Severity sev : new Severity[] {Severity.ERROR, Severity.WARNING, Severity.INFO}) {
            List<Finding> group = findings.stream().filter(f -> f.severity() == sev).toList();
            if (group.isEmpty()) continue;
            out.println();
            String colour = sev == Severity.ERROR ? "red" : sev == Severity.WARNING ? "yellow" : "cyan";
            out.println(ansi.string("@|bold," + colour + " " + sev.name() + "S (" + group.size() + ")|@"));
            for (Finding f : group) {
                out.println();
                out.println(ansi.string("  @|bold," + colour + " " + f.rule() + "|@  " + f.title() + "  @|faint [" + f.count()
                        + "x, " + f.server() + "]|@"));
                wrap(out, "    ", f.explanation());
                wrap(out, "    fix: ", f.fix());
                var e = f.evidence();
                StringBuilder ev = new StringBuilder("    evidence: ").append(e.count()).append(" occurrence(s) in ").append(e.sessionCount())
                        .append(" connection(s)");
                if (e.first() != null) ev.append(", ").append(time(e.first())).append(e.last() != null && !e.last().equals(e.first()) ? " .. " + time(e.last()) : "");
                out.println(ev);
                if (e.sample() != null) out.println("      sample: " + e.sample());
                if (!e.sessions().isEmpty()) out.println("      sessions: " + String.join(", ", e.sessions())
                        + (e.sessionCount() > e.sessions().size() ? ", ..." : ""));
            }
        }
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
        long infos = findings.size() - errors - warnings;
        out.println();
        out.println(errors + " error(s), " + warnings + " warning(s), " + infos + " info. Details of a reply code: smtp-trace explain CODE;"
                + " a conversation: smtp-trace sessions FILE --id ID");
        status.textFooter(out, ansi);
        out.flush();
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
