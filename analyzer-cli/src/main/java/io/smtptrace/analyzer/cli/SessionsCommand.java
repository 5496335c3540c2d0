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

@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = {"List the SMTP conversations in the inputs (id, server, start, messages, outcome),",
                "or show one as a client/server transcript with timings (--id)."})
public final class SessionsCommand implements Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    FormatMixin fmt;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Input files; '-' reads standard input.")
    List<String> files;

    @Option(names = "--id", paramLabel = "ID", description = "Show the conversation with this id (or id suffix) as a transcript.")
    String id;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Ansi ansi = spec.commandLine().getColorScheme().ansi();
        fmt.requireTextOrJson(spec);
        List<Session> matched = new ArrayList<>();
        int[] count = {0};
        if (id == null && fmt.format == FormatMixin.Format.text) {
            out.printf("%-28s %-26s %-24s %4s  %s%n", "ID", "SERVER", "START", "MSGS", "OUTCOME");
        }
        // the list is streamed: one element per conversation as soon as it has been read
        com.fasterxml.jackson.core.JsonGenerator gen = null;
        if (id == null && fmt.format == FormatMixin.Format.json) {
            try {
                gen = MAPPER.getFactory().createGenerator(out).useDefaultPrettyPrinter();
                gen.disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                gen.writeStartArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        com.fasterxml.jackson.core.JsonGenerator jsonOut = gen;
        Diagnostics diag = Pipeline.run(files, main.stdin(), main.stdinClosed(), io.smtptrace.analyzer.i18n.Lang.resolve(null, System.getenv()),
                spec.commandLine().getErr(), false, s -> {
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
                out.printf("%-28s %-26s %-24s %4d  %s%n", s.id, s.server(), s.start == null ? "-" : s.start.toString(), s.messages.size(), outcome(s));
                out.flush();
            }
        });
        if (id != null) {
            if (matched.isEmpty()) {
                spec.commandLine().getErr().println("smtp-trace: no conversation with id '" + id + "' (" + count[0] + " read); list them with: smtp-trace sessions FILE");
                return Main.USAGE;
            }
            if (fmt.format == FormatMixin.Format.json) {
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

    private static void print(PrintWriter out, Object node) {
        try {
            out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "ok", or what went wrong first. */
    static String outcome(Session s) {
        for (Exchange e : s.exchanges) {
            if (e.replyCode != null && e.replyCode >= 400 && !e.is("QUIT")) return (e.verb == null ? (e.isGreeting() ? "greeting" : "") : e.verb) + " " + e.replyText();
            if (e.replyCode == null && e.replyError != null && !"not_awaited".equals(e.replyError))
                return (e.isGreeting() ? "no greeting" : e.verb + " no reply") + " (" + e.replyError + ")";
        }
        if (s.tlsErrorType != null) return "TLS failed (" + s.tlsErrorType + ")";
        if (s.messages.stream().anyMatch(m -> !MessageAttempt.ACCEPTED.equals(m.outcome))) return "message " + s.messages.stream()
                .filter(m -> !MessageAttempt.ACCEPTED.equals(m.outcome)).findFirst().get().outcome + " (" + s.endReason + ")";
        if (!"quit".equals(s.endReason)) return s.endReason;
        return "ok";
    }

    private static ObjectNode summaryJson(Session s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", s.id);
        o.put("server", s.server());
        o.put("start", s.start == null ? null : s.start.toString());
        o.put("end", s.end == null ? null : s.end.toString());
        o.put("messages", s.messages.size());
        o.put("outcome", outcome(s));
        o.put("endReason", s.endReason);
        o.put("clientLibrary", s.clientLibrary);
        o.put("tlsMode", s.tlsMode);
        o.put("authOutcome", s.authOutcome);
        o.put("source", s.source);
        return o;
    }

    private static ObjectNode transcriptJson(Session s) {
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

    private static void transcript(Session s, PrintWriter out, Ansi ansi) {
        out.println(ansi.string("@|bold Conversation " + s.id + "|@  " + s.server()
                + (s.clientLibrary != null ? "  (" + s.clientLibrary + (s.clientLibraryVersion != null ? " " + s.clientLibraryVersion : "") + ")" : "")));
        out.println("  start " + (s.start == null ? "?" : s.start) + ", TLS " + s.tlsMode + (s.tlsErrorType != null ? " (failed: " + s.tlsErrorType
                + (s.tlsErrorMessage != null ? ": " + s.tlsErrorMessage : "") + ")" : "") + ", AUTH " + (s.authOutcome == null ? "none" : s.authMechanism + " " + s.authOutcome)
                + ", ended: " + s.endReason);
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
            if (e.replyCode == null) out.println(ansi.string(at + "  @|red (no reply: " + (e.replyError == null ? "none" : e.replyError)
                    + (e.replyErrorMessage != null && !e.replyErrorMessage.isEmpty() ? ": " + e.replyErrorMessage : "") + ")|@"));
            if (e.is("DATA") && Integer.valueOf(354).equals(e.replyCode)) {
                MessageAttempt m = msg >= 1 && msg <= s.messages.size() ? s.messages.get(msg - 1) : null;
                out.println(ansi.string(" ".repeat(at.length()) + "  @|faint C: (message body" + (m != null && m.bytes != null ? ": " + m.bytes + " bytes" : "")
                        + (m != null && m.body.get("lines") != null ? ", " + m.body.get("lines") + " lines" : "")
                        + (m != null && m.bodyErrorType != null ? "; client failed: " + m.bodyErrorType + " " + m.bodyErrorMessage : "") + ")|@"));
            }
            if (e.is("MAIL")) msg++;
        }
        if (!s.exceptions.isEmpty()) out.println("  exceptions: " + String.join(" | ", s.exceptions));
        out.println();
    }

    private static String offset(Instant start, Instant t) {
        if (start == null || t == null) return String.format("%9s", "");
        long ms = Duration.between(start, t).toMillis();
        return String.format("%+8dms", ms);
    }
}
