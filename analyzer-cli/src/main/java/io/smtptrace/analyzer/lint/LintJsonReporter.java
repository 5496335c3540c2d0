package io.smtptrace.analyzer.lint;

import java.io.PrintWriter;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtptrace.analyzer.rules.Severity;

/** {"summary":{files,findings:{error,warning,info}},"findings":[{rule,severity,title,file,line,key,profile,explanation,fix}]} */
public final class LintJsonReporter {
    static final ObjectMapper MAPPER = new ObjectMapper();

    public void report(List<String> files, List<LintFinding> findings, PrintWriter out) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode sum = root.putObject("summary");
        ArrayNode in = sum.putArray("files");
        files.forEach(in::add);
        ObjectNode bySev = sum.putObject("findings");
        for (Severity s : Severity.values()) bySev.put(s.label(), findings.stream().filter(f -> f.severity() == s).count());
        ArrayNode arr = root.putArray("findings");
        for (LintFinding f : findings) {
            ObjectNode o = arr.addObject();
            o.put("rule", f.rule());
            o.put("severity", f.severity().label());
            o.put("title", f.title());
            o.put("file", f.file());
            o.put("line", f.line());
            o.put("key", f.key());
            o.put("profile", f.profile());
            o.put("explanation", f.explanation());
            o.put("fix", f.fix());
        }
        try {
            out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }
}
