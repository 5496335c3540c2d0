package io.smtptrace.analyzer.lint;

import java.io.PrintWriter;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtptrace.analyzer.i18n.Messages;

/** SARIF 2.1.0 with a physical location (file, line) per finding, for code-scanning views of configuration files. */
public final class LintSarifReporter {
    private final String version;
    private final Messages msg;

    public LintSarifReporter(String version, Messages msg) {
        this.version = version;
        this.msg = msg;
    }

    public void report(List<LintFinding> findings, PrintWriter out) {
        ObjectNode root = LintJsonReporter.MAPPER.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "smtp-trace lint");
        driver.put("version", version);
        driver.put("informationUri", "https://github.com/smtp-trace/smtp-trace");
        ArrayNode rules = driver.putArray("rules");
        for (LintRule r : Linter.rules()) {
            ObjectNode rn = rules.addObject();
            rn.put("id", r.id());
            rn.putObject("shortDescription").put("text", msg.get(r.id() + ".title"));
            rn.putObject("defaultConfiguration").put("level", level(r.severity().label()));
        }
        ArrayNode results = run.putArray("results");
        for (LintFinding f : findings) {
            ObjectNode res = results.addObject();
            res.put("ruleId", f.rule());
            res.put("level", level(f.severity().label()));
            res.putObject("message").put("text", f.explanation() + " " + msg.get("report.fix") + ": " + f.fix());
            ObjectNode pl = res.putArray("locations").addObject().putObject("physicalLocation");
            pl.putObject("artifactLocation").put("uri", f.file().replace('\\', '/'));
            pl.putObject("region").put("startLine", Math.max(1, f.line()));
            ObjectNode props = res.putObject("properties");
            props.put("key", f.key());
            if (f.profile() != null) props.put("profile", f.profile());
            res.putObject("partialFingerprints").put("ruleKey", f.rule() + "@" + f.file() + "#" + f.key());
        }
        try {
            out.println(LintJsonReporter.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    private static String level(String sev) {
        return io.smtptrace.analyzer.report.SarifReporter.level(sev);
    }
}
