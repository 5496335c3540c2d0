package io.smtptrace.analyzer.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.rules.Finding;
import io.smtptrace.analyzer.rules.Severity;

/**
 * {@code {"lang":"en","summary":{...},"findings":[{rule,severity,title,count,server,explanation,fix,evidence}]}}: keys and
 * rule ids are the same in every language, {@code lang} names the language of the texts.
 */
public final class JsonReporter implements Reporter {
    static final ObjectMapper MAPPER = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private final Lang lang;

    public JsonReporter() {
        this(Lang.en);
    }

    public JsonReporter(Lang lang) {
        this.lang = lang;
    }

    @Override
    public void report(Summary s, List<Finding> findings, PrintWriter out) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("lang", lang.name());
        ObjectNode sum = root.putObject("summary");
        ArrayNode in = sum.putArray("inputs");
        s.inputs.forEach(in::add);
        sum.put("sessions", s.sessions);
        sum.put("messages", s.messages);
        sum.put("accepted", s.accepted);
        sum.put("rejected", s.rejected);
        sum.put("aborted", s.aborted);
        ArrayNode srv = sum.putArray("servers");
        s.servers.forEach(srv::add);
        sum.put("inputProblems", s.inputProblems);
        sum.put("partial", s.partial);
        ArrayNode partial = sum.putArray("partialSessions");
        s.partialIds.forEach(partial::add);
        ObjectNode bySev = sum.putObject("findings");
        for (Severity sev : Severity.values()) bySev.put(sev.label(), findings.stream().filter(f -> f.severity() == sev).count());
        new InputStatusReport(s).json(root);
        ArrayNode arr = root.putArray("findings");
        for (Finding f : findings) {
            ObjectNode o = arr.addObject();
            o.put("rule", f.rule());
            o.put("severity", f.severity().label());
            o.put("title", f.title());
            o.put("count", f.count());
            o.put("server", f.server());
            o.put("explanation", f.explanation());
            o.put("fix", f.fix());
            ObjectNode ev = o.putObject("evidence");
            ArrayNode ids = ev.putArray("sessions");
            f.evidence().sessions().forEach(ids::add);
            ev.put("sessionCount", f.evidence().sessionCount());
            ev.put("count", f.evidence().count());
            ev.put("first", f.evidence().first() == null ? null : f.evidence().first().toString());
            ev.put("last", f.evidence().last() == null ? null : f.evidence().last().toString());
            ev.put("sample", f.evidence().sample());
            ArrayNode src = ev.putArray("sources");
            f.evidence().sources().forEach(src::add);
        }
        try {
            out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }
}
