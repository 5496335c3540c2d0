package io.smtptrace.prometheusit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The alert rules of src/dashboards/smtp-trace-alerts.yml and the alerts its promtool test file checks. */
final class AlertRules {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One alerting rule. */
    record Alert(String name, String expr, JsonNode labels, JsonNode annotations) {
    }

    private AlertRules() {
    }

    static List<Alert> read(Path file) throws IOException {
        List<Alert> out = new ArrayList<>();
        for (JsonNode group : YAML.readTree(file.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    out.add(new Alert(rule.path("alert").asText(), rule.path("expr").asText(), rule.path("labels"),
                            rule.path("annotations")));
                }
            }
        }
        return out;
    }

    /** The promtool test file's alert_rule_test entries: alert name, and whether any alert is expected then. */
    record Expectation(String alert, boolean fires) {
    }

    static List<Expectation> expectations(Path testFile) throws IOException {
        List<Expectation> out = new ArrayList<>();
        for (JsonNode test : YAML.readTree(testFile.toFile()).path("tests")) {
            for (JsonNode t : test.path("alert_rule_test")) {
                out.add(new Expectation(t.path("alertname").asText(), t.path("exp_alerts").size() > 0));
            }
        }
        return out;
    }
}
