package io.smtptrace.analyzer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtptrace.analyzer.Main;
import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.MessageAttempt;
import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.read.Diagnostics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sessions}: the conversations as a table or one as a transcript; texts in the {@code sessions} bundle. */
@Command(name = "sessions", mixinStandardHelpOptions = true)
public final class SessionsCommand implements Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    SessionsFormatMixin fmt;

    @Mixin
    LogPrefixMixin prefix;

    @Mixin
    LangMixin lang;

    @Parameters(arity = "1..*", paramLabel = "FILE", descriptionKey = "files")
    List<String> files;

    @Option(names = "--id", paramLabel = "ID", descriptionKey = "id")
    String id;

    private Messages t;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", descriptionKey = "output")
    java.nio.file.Path output;

    @Override
    public Integer call() {
        Ansi ansi = spec.commandLine().getColorScheme().ansi();
        t = lang.messages("sessions");
        if (fmt.format == SessionsFormatMixin.Format.html) return html(spec.commandLine().getOut());
        if (output == null) return list(spec.commandLine().getOut(), ansi);
        // like analyze -o: written beside FILE and moved over it only when complete, so a full disk never leaves a
        // short list that looks whole
        Messages inputs = lang.messages("inputs");
        int[] code = {Main.OK};
        String failed = ReportFile.write(output, inputs, o -> code[0] = list(o, ansi));
        if (failed != null) {
            spec.commandLine().getErr().println("smtp-trace: " + inputs.get("write.file", output, failed));
            return Main.USAGE;
        }
        return code[0];
    }

    private int list(PrintWriter out, Ansi ansi) {
        List<Session> matched = new ArrayList<>();
        int[] count = {0};
        if (id == null && fmt.format == SessionsFormatMixin.Format.text) {
            out.printf("%-28s %-26s %-24s %5s  %s%n", t.get("list.id"), t.get("list.server"), t.get("list.start"), t.get("list.messages"),
                    t.get("list.outcome"));
        }
        // the list is streamed: one element per conversation as soon as it has been read
        com.fasterxml.jackson.core.JsonGenerator gen = null;
        if (id == null && fmt.format == SessionsFormatMixin.Format.json) {
            try {
                gen = MAPPER.getFactory().createGenerator(out).useDefaultPrettyPrinter();
                gen.disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                gen.writeStartArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        com.fasterxml.jackson.core.JsonGenerator jsonOut = gen;
        java.util.regex.Pattern logPrefix = prefix.pattern(spec, lang.messages("cli"));
        Diagnostics diag = Pipeline.run(files, main.stdin(), main.stdinClosed(), lang.lang(), spec.commandLine().getErr(), false, logPrefix, s -> {
            count[0]++;
            if (id != null) {
                if (s.id.equals(id) || s.id.endsWith(id) || s.id.startsWith(id)) matched.add(s);
                return;
            }
            if (jsonOut != null) {
                try {
                    MAPPER.writeTree(jsonOut, summaryJson(s));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                out.printf("%-28s %-26s %-24s %5d  %s%n", s.id, s.server(), s.start == null ? "-" : s.start.toString(), s.messages.size(), outcome(s, t)
                        + (s.partial ? " " + io.smtptrace.analyzer.i18n.Messages.of("logs", lang.lang()).get("sessions.partial") : ""));
                out.flush();
            }
        });
        if (id != null) {
            if (matched.isEmpty()) {
                spec.commandLine().getErr().println(t.get("error.noSuchId", id, count[0], Invocation.command()));
                return Main.USAGE;
            }
            if (fmt.format == SessionsFormatMixin.Format.json) {
                ArrayNode arr = MAPPER.createArrayNode();
                for (Session s : matched) arr.add(transcriptJson(s));
                print(out, matched.size() == 1 ? arr.get(0) : arr);
            } else for (Session s : matched) transcript(s, out, ansi);
        } else if (jsonOut != null) {
            try {
                jsonOut.writeEndArray();
                jsonOut.flush();
                out.println();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        out.flush();
        return diag.unreadable() > 0 ? Main.USAGE : Main.OK;
    }

    /** The HTML report without findings: every conversation (or those matching --id) with its sequence diagram. */
    private int html(PrintWriter out) {
        PrintWriter err = spec.commandLine().getErr();
        io.smtptrace.analyzer.report.Summary summary = new io.smtptrace.analyzer.report.Summary();
        summary.inputs.addAll(files);
        int[] count = {0};
        io.smtptrace.analyzer.rules.Rules rules = new io.smtptrace.analyzer.rules.Rules();
        try (io.smtptrace.analyzer.report.html.HtmlReport report = new io.smtptrace.analyzer.report.html.HtmlReport(
                lang.lang(), false)) {
            Diagnostics diag = Pipeline.run(files, main.stdin(), main.stdinClosed(), lang.lang(), err, false, prefix.pattern(spec, lang.messages("cli")), s -> {
                count[0]++;
                if (id != null && !(s.id.equals(id) || s.id.endsWith(id) || s.id.startsWith(id))) return;
                summary.accept(s);
                // findings are analyze's; the rules only tag each connection so the page can filter by rule
                report.accept(s, rules.acceptTagged(s));
            });
            summary.inputProblems = diag.warnings() + diag.unreadable();
            summary.status = diag.status();
            if (id != null && summary.sessions == 0) {
                err.println(t.get("error.noSuchId", id, count[0], Invocation.command()));
                return Main.USAGE;
            }
            try {
                HtmlOutput.write(report, summary, List.of(), output, out, err);
            } catch (IOException e) {
                err.println("smtp-trace: " + report.texts().get("cli.outputUnreadable", output, e.getMessage()));
                return Main.USAGE;
            }
            return diag.unreadable() > 0 ? Main.USAGE : Main.OK;
        }
    }

    private static void print(PrintWriter out, Object node) {
        try {
            out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "ok", or what went wrong first. */
    static String outcome(Session s, Messages t) {
        for (Exchange e : s.exchanges) {
            if (e.replyCode != null && e.replyCode >= 400 && !e.is("QUIT"))
                return (e.verb == null ? (e.isGreeting() ? t.get("outcome.greeting") : "") : e.verb) + " " + e.replyText();
            if (e.replyCode == null && e.replyError != null && !"not_awaited".equals(e.replyError))
                return e.isGreeting() ? t.get("outcome.noGreeting", e.replyError) : t.get("outcome.noReply", e.verb, e.replyError);
        }
        if (s.tlsErrorType != null) return t.get("outcome.tlsFailed", s.tlsErrorType);
        MessageAttempt failed = s.messages.stream().filter(m -> !MessageAttempt.ACCEPTED.equals(m.outcome)).findFirst().orElse(null);
        if (failed != null) return t.get("outcome.message." + failed.outcome, end(s, t));
        if (!"quit".equals(s.endReason)) return end(s, t);
        return t.get("outcome.ok");
    }

    /** How the connection ended, in words (the JSON's endReason keeps the code). */
    private static String end(Session s, Messages t) {
        return t.has("end." + s.endReason) ? t.get("end." + s.endReason) : String.valueOf(s.endReason);
    }

    private ObjectNode summaryJson(Session s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("lang", t.lang().name());
        o.put("id", s.id);
        o.put("server", s.server());
        o.put("start", s.start == null ? null : s.start.toString());
        o.put("end", s.end == null ? null : s.end.toString());
        o.put("messages", s.messages.size());
        o.put("outcome", outcome(s, t));
        o.put("endReason", s.endReason);
        if (s.partial) o.put("partial", true);
        o.put("clientLibrary", s.clientLibrary);
        o.put("tlsMode", s.tlsMode);
        o.put("authOutcome", s.authOutcome);
        o.put("source", s.source);
        return o;
    }

    private ObjectNode transcriptJson(Session s) {
        ObjectNode o = summaryJson(s);
        ArrayNode ex = o.putArray("exchanges");
        for (Exchange e : s.exchanges) {
            ObjectNode x = ex.addObject();
            x.put("seq", e.seq);
            x.put("time", e.time == null ? null : e.time.toString());
            x.put("type", e.type);
            x.put("command", e.isGreeting() ? null : e.line);
            if (e.replyCode != null) x.put("replyCode", e.replyCode);
            ArrayNode rl = x.putArray("reply");
            e.replyLines.forEach(rl::add);
            if (e.durationMs != null) x.put("durationMs", e.durationMs);
            if (e.replyError != null) x.put("replyError", e.replyError);
        }
        return o;
    }

    private void transcript(Session s, PrintWriter out, Ansi ansi) {
        out.println(ansi.string("@|bold " + t.get("transcript.title", s.id) + "|@  " + s.server()
                + (s.clientLibrary != null ? "  (" + s.clientLibrary + (s.clientLibraryVersion != null ? " " + s.clientLibraryVersion : "") + ")" : "")));
        String tls = s.tlsMode + (s.tlsErrorType != null ? " " + t.get("transcript.tlsFailed", s.tlsErrorType
                + (s.tlsErrorMessage != null ? ": " + s.tlsErrorMessage : "")) : "");
        String auth = s.authOutcome == null ? t.get("transcript.authNone")
                : s.authMechanism + " " + (t.has("auth." + s.authOutcome) ? t.get("auth." + s.authOutcome) : s.authOutcome);
        out.println("  " + t.get("transcript.facts", s.start == null ? "?" : s.start.toString(), tls, auth, end(s, t)));
        int msg = 0;
        for (Exchange e : s.exchanges) {
            String at = offset(s.start, e.time);
            if (!e.isGreeting()) {
                out.println(ansi.string(at + "  @|cyan C: " + e.shown() + "|@"));
                at = " ".repeat(at.length());
            }
            if (e.is("DATA") && Integer.valueOf(354).equals(e.replyCode)) {
                // the body itself is never shown
            }
            for (int i = 0; i < e.replyLines.size(); i++) {
                String d = i == e.replyLines.size() - 1 && e.durationMs != null ? "  (" + Math.round(e.durationMs) + " ms)" : "";
                String colour = e.replyCode != null && e.replyCode >= 400 ? "red" : "green";
                out.println(ansi.string(at + "  @|" + colour + " S: " + e.replyLines.get(i) + "|@" + d));
                at = " ".repeat(at.length());
            }
            if (e.replyLines.isEmpty() && e.replyCode != null) out.println(at + "  S: " + e.replyCode);
            if (e.replyCode == null) out.println(ansi.string(at + "  @|red " + t.get("transcript.noReply", (e.replyError == null ? "-" : e.replyError)
                    + (e.replyErrorMessage != null && !e.replyErrorMessage.isEmpty() ? ": " + e.replyErrorMessage : "")) + "|@"));
            if (e.is("DATA") && Integer.valueOf(354).equals(e.replyCode)) {
                MessageAttempt m = msg >= 1 && msg <= s.messages.size() ? s.messages.get(msg - 1) : null;
                String body = m != null && m.bytes != null ? t.get("transcript.bodyBytes", String.valueOf(m.bytes)) : "";
                if (m != null && m.body.get("lines") != null) body += t.get("transcript.bodyLines", String.valueOf(m.body.get("lines")));
                if (m != null && m.bodyErrorType != null) body += t.get("transcript.bodyFailed", m.bodyErrorType + " " + m.bodyErrorMessage);
                out.println(ansi.string(" ".repeat(at.length()) + "  @|faint C: " + t.get("transcript.body", body) + "|@"));
            }
            if (e.is("MAIL")) msg++;
        }
        if (!s.exceptions.isEmpty()) out.println("  " + t.get("transcript.exceptions", String.join(" | ", s.exceptions)));
        out.println();
    }

    private static String offset(Instant start, Instant t) {
        if (start == null || t == null) return String.format("%9s", "");
        long ms = Duration.between(start, t).toMillis();
        return String.format("%+8dms", ms);
    }
}
