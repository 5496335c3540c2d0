package io.smtptrace.analyzer.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtptrace.analyzer.Main;
import io.smtptrace.analyzer.explain.ReplyCatalogue;
import io.smtptrace.analyzer.explain.ReplyCatalogue.Entry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code explain}: each code's class, meaning, when you see it and how to fix it; for two codes also the main difference
 * and when which applies, as on the reference page. Texts from the {@code explain} bundle.
 */
@Command(name = "explain", mixinStandardHelpOptions = true)
public final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    FormatMixin fmt;

    @Mixin
    LangMixin lang;

    @Parameters(arity = "1..*", paramLabel = "CODE", descriptionKey = "codes")
    List<String> codes;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReplyCatalogue cat = ReplyCatalogue.load();
        String l = lang.lang().name();
        List<Entry> entries = new ArrayList<>();
        for (String c : codes) {
            Optional<Entry> e = cat.lookup(c, l);
            if (e.isEmpty()) {
                err.println("smtp-trace: " + cat.label(l, "unknown") + ": '" + c + "' (" + cat.label(l, "unknownHint") + ")");
                err.flush();
                return Main.USAGE;
            }
            entries.add(e.get());
        }
        String diff = entries.size() == 2 ? cat.compare(entries.get(0), entries.get(1), l) : null;
        String choose = entries.size() == 2 ? cat.choose(entries.get(0), entries.get(1), l) : null;
        if (fmt.format == FormatMixin.Format.json) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode root = m.createObjectNode();
            root.put("lang", l);
            ArrayNode arr = root.putArray("codes");
            for (Entry e : entries) {
                ObjectNode o = arr.addObject();
                o.put("code", e.code());
                o.put("kind", e.kind());
                o.put("class", e.className());
                o.put("classDescription", e.classDescription());
                if (e.subject() != null) o.put("subject", e.subject());
                o.put("meaning", e.meaning());
                o.put("when", e.when());
                o.put("fix", e.fix());
            }
            if (diff != null) root.put("difference", diff);
            if (choose != null) root.put("choose", choose);
            try {
                out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        } else {
            Ansi ansi = spec.commandLine().getColorScheme().ansi();
            for (Entry e : entries) {
                out.println(ansi.string("@|bold " + e.code() + "|@  " + e.className() + (e.kind().equals("reply") ? " (" + e.classDigit() + "yz)" : "")
                        + (e.subject() != null ? " · " + cat.label(l, "subject") + ": " + e.subject() : "")));
                // the reference page's order: class, meaning, when you see it, how to fix it
                print(out, "  " + cat.label(l, "class") + ": ", e.classDescription());
                print(out, "  " + cat.label(l, "meaning") + ": ", e.meaning());
                print(out, "  " + cat.label(l, "when") + ": ", e.when());
                print(out, "  " + cat.label(l, "fix") + ": ", e.fix());
                out.println();
            }
            if (diff != null) print(out, ansi.string("@|bold " + cat.label(l, "difference") + "|@: "), diff);
            if (choose != null) {
                out.println();
                print(out, ansi.string("@|bold " + cat.label(l, "choose") + "|@: "), choose);
            }
        }
        out.flush();
        return Main.OK;
    }

    private static void print(PrintWriter out, String prefix, String text) {
        io.smtptrace.analyzer.report.TextReporter.wrapText(out, prefix, text);
    }
}
