package io.smtptrace.prometheusit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** src/dashboards/smtp-trace.json read as Grafana would: its variables, panels and their PromQL targets. */
final class GrafanaDashboard {
    /** One query of one panel. */
    record Target(String panel, String refId, String expr, JsonNode datasource) {
        String name() {
            return "\"" + panel + "\" " + refId;
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)\\}?");

    final JsonNode root;

    private GrafanaDashboard(JsonNode root) {
        this.root = root;
    }

    static GrafanaDashboard read(Path file) throws IOException {
        return new GrafanaDashboard(new ObjectMapper().readTree(file.toFile()));
    }

    /** Every panel that is not a row, rows' nested panels included (a collapsed row keeps its panels inside). */
    List<JsonNode> panels() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : root.path("panels")) {
            if ("row".equals(p.path("type").asText())) p.path("panels").forEach(out::add);
            else out.add(p);
        }
        return out;
    }

    List<Target> targets() {
        List<Target> out = new ArrayList<>();
        for (JsonNode p : panels()) {
            for (JsonNode t : p.path("targets")) {
                out.add(new Target(p.path("title").asText(), t.path("refId").asText(), t.path("expr").asText(), t.path("datasource")));
            }
        }
        return out;
    }

    JsonNode variable(String name) {
        for (JsonNode v : root.path("templating").path("list")) {
            if (name.equals(v.path("name").asText())) return v;
        }
        return null;
    }

    /** A variable's PromQL query text (the definition Grafana shows, or its query object's query). */
    static String variableQuery(JsonNode v) {
        JsonNode q = v.path("query");
        return q.isObject() ? q.path("query").asText() : q.asText(v.path("definition").asText());
    }

    /**
     * The expression with the dashboard's variables replaced the way Grafana does before it sends the query:
     * {@code $var}/{@code ${var}} by the given values, {@code $__rate_interval} by the given interval.
     * An unknown variable is an error, so a typo cannot reach Prometheus as literal text.
     */
    static String substitute(String expr, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) throw new IllegalArgumentException("unknown variable $" + m.group(1) + " in " + expr);
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
