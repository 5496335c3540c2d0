package io.smtptrace.prometheusit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtptrace.analyzer.Main;
import io.smtptrace.analyzer.explain.ReplyCatalogue;
import io.smtptrace.analyzer.rules.Rule;
import io.smtptrace.analyzer.rules.Rules;

/** The analyzer in-process: its rule ids, its explained reply codes, and {@code analyze --format json} of a trace. */
final class AnalyzerRun {
    /** One finding: rule id and the server ({@code host:port}) it is about. */
    record Finding(String rule, String severity, String server) {
    }

    private AnalyzerRun() {
    }

    static List<String> ruleIds() {
        return new Rules().rules().stream().map(Rule::id).toList();
    }

    static List<String> explainedCodes() {
        return ReplyCatalogue.load().replyCodes();
    }

    static List<Finding> analyze(Path trace) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "analyze", "--lang", "en", "--format", "json", trace.toString());
        assertThat(code).as("analyze %s: %s %s", trace, out, err).isIn(Main.OK, Main.FINDINGS);
        List<Finding> findings = new ArrayList<>();
        for (JsonNode f : new ObjectMapper().readTree(out.toString()).path("findings")) {
            findings.add(new Finding(f.path("rule").asText(), f.path("severity").asText(), f.path("server").asText()));
        }
        return findings;
    }
}
