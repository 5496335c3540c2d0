package io.smtptrace.postfixit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smtptrace.analyzer.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.SortedSet;

/** {@code smtp-trace analyze --format json FILE}, in-process through the analyzer's {@code Main.run}. */
final class Analyzer {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Finding(String rule, String severity, long count, String server, String explanation) {
    }

    record Report(Path input, int exitCode, String stdout, String stderr, JsonNode summary, List<Finding> findings) {

        SortedSet<String> ruleIds() {
            TreeSet<String> s = new TreeSet<>();
            findings.forEach(f -> s.add(f.rule()));
            return s;
        }

        /** rule id to "severity xcount" (servers are named differently by the two sources: not compared). */
        Map<String, String> rulesWithCounts() {
            Map<String, String> m = new TreeMap<>();
            findings.forEach(f -> m.merge(f.rule(), f.severity() + " x" + f.count(), (a, b) -> a + ", " + b));
            return m;
        }

        boolean anyError() {
            return findings.stream().anyMatch(f -> "error".equals(f.severity()));
        }

        Finding finding(String rule) {
            return findings.stream().filter(f -> f.rule().equals(rule)).findFirst().orElseThrow();
        }

        @Override
        public String toString() {
            return "analyze " + input + " -> exit " + exitCode + "\n" + stdout + (stderr.isEmpty() ? "" : "\nstderr: " + stderr);
        }
    }

    private Analyzer() {
    }

    static Report analyze(Path file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // English whatever the machine's LANG: the suite asserts on texts
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "analyze", "--lang", "en", "--format", "json", file.toString());
        assertThat(code).as("analyzer exit code for %s (0 or 1 findings; 2 = unreadable)\n%s\n%s", file, out, err)
                .isIn(Main.OK, Main.FINDINGS);
        try {
            JsonNode root = JSON.readTree(out.toString());
            List<Finding> findings = new ArrayList<>();
            for (JsonNode f : root.path("findings")) {
                findings.add(new Finding(f.path("rule").asText(), f.path("severity").asText(), f.path("count").asLong(),
                        f.path("server").asText(), f.path("explanation").asText()));
            }
            return new Report(file, code, out.toString(), err.toString(), root.path("summary"), findings);
        } catch (IOException e) {
            throw new UncheckedIOException("analyzer output is not JSON: " + out, e);
        }
    }
}
