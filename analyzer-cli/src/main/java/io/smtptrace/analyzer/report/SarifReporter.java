package io.smtptrace.analyzer.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.rules.Finding;
import io.smtptrace.analyzer.rules.Rule;
import io.smtptrace.analyzer.rules.Rules;

/** SARIF 2.1.0, for CI systems (GitHub code scanning, GitLab, Azure DevOps); {@code run.language} names the texts' language. */
public final class SarifReporter implements Reporter {
    private final String version;
    private final Lang lang;

    public SarifReporter(String version) {
        this(version, Lang.en);
    }

    public SarifReporter(String version, Lang lang) {
        this.version = version;
        this.lang = lang;
    }

    @Override
    public void report(Summary s, List<Finding> findings, PrintWriter out) {
        ObjectNode root = JsonReporter.MAPPER.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        Messages rulesText = Messages.of("rules", lang);
        Messages t = Messages.of("report", lang);
        run.put("language", lang.name());
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "smtp-trace");
        driver.put("version", version);
        driver.put("informationUri", "https://github.com/smtp-trace/smtp-trace");
        ArrayNode rules = driver.putArray("rules");
        for (Rule r : new Rules().rules()) {
            ObjectNode rn = rules.addObject();
            rn.put("id", r.id());
            rn.putObject("shortDescription").put("text", r.title(rulesText));
            rn.putObject("defaultConfiguration").put("level", level(r.severity().label()));
        }
        new InputStatusReport(s).sarif(run);
        ArrayNode results = run.putArray("results");
        for (Finding f : findings) {
            ObjectNode res = results.addObject();
            res.put("ruleId", f.rule());
            res.put("level", level(f.severity().label()));
            res.putObject("message").put("text", t.get("sarif.message", f.server(), f.explanation(), f.fix()));
            ArrayNode locs = res.putArray("locations");
            for (String src : f.evidence().sources()) {
                ObjectNode pl = locs.addObject().putObject("physicalLocation");
                pl.putObject("artifactLocation").put("uri", src.replace('\\', '/'));
                String first = f.evidence().sessions().isEmpty() ? null : f.evidence().sessions().get(0);
                if (first != null && first.matches(".*:\\d+$")) pl.putObject("region").put("startLine", Integer.parseInt(first.replaceAll(".*:", "")));
            }
            ObjectNode props = res.putObject("properties");
            props.put("server", f.server());
            props.put("count", f.count());
            ArrayNode ids = props.putArray("sessions");
            f.evidence().sessions().forEach(ids::add);
            if (f.evidence().sample() != null) props.put("sample", f.evidence().sample());
            res.putObject("partialFingerprints").put("ruleServer", f.rule() + "@" + f.server());
        }
        try {
            out.println(JsonReporter.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }

    /** SARIF's result level of a severity label. */
    public static String level(String sev) {
        return switch (sev) {
            case "error" -> "error";
            case "warning" -> "warning";
            default -> "note";
        };
    }
}
