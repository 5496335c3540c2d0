package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtptrace.analyzer.support.Cli;

/** The command line through Main.run: exit codes, formats, help, stdin, completion. */
class CliTest {
    static final String AGENT = Path.of("src", "test", "resources", "otlp", "agent-two-connections.jsonl").toString();
    static final ObjectMapper M = new ObjectMapper();

    @Test
    void findingsGiveExitOneAndTextGroupedBySeverity() {
        Cli r = Cli.run("analyze", AGENT);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("ERRORS (1)").contains("auth-required").contains("smtp.example.com:587").contains("fix: Set mail.smtp.auth=true")
                .doesNotContain("\u001b["); // no colour when not on a terminal
        assertThat(r.err()).isEmpty();
    }

    @Test
    void failOnThreshold() {
        Cli ok = Cli.run("analyze", AGENT, "--fail-on", "error");
        assertThat(ok.code()).isEqualTo(1);
        String okOnly = Path.of("src", "test", "resources", "otlp", "collector-document.json").toString();
        assertThat(Cli.run("analyze", "--fail-on", "info", okOnly).code()).isEqualTo(1);
        assertThat(Cli.run("analyze", "--fail-on", "bogus", AGENT).code()).isEqualTo(2);
    }

    @Test
    void correctTrafficExitsZero() throws Exception {
        Path tmp = Files.createTempFile("ok", ".jsonl");
        Files.write(tmp, Files.readAllLines(Path.of(AGENT)).subList(3, 6));
        Cli r = Cli.run("analyze", tmp.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("No problems found.");
    }

    @Test
    void jsonReport() throws Exception {
        Cli r = Cli.run("analyze", "--format", "json", AGENT);
        JsonNode n = M.readTree(r.out());
        assertThat(n.path("summary").path("sessions").asInt()).isEqualTo(2);
        JsonNode f = n.path("findings").get(0);
        for (String k : new String[] {"rule", "severity", "count", "server", "explanation", "fix", "evidence"}) assertThat(f.has(k)).as(k).isTrue();
        assertThat(f.path("evidence").path("sessions").get(0).asText()).isEqualTo("5f0c2a9e1b3d4c77");
        assertThat(f.path("evidence").path("first").asText()).isEqualTo("2026-11-29T04:10:00.050Z");
    }

    @Test
    void sarifReport() throws Exception {
        Cli r = Cli.run("analyze", "--format", "SARIF", AGENT);
        JsonNode n = M.readTree(r.out());
        assertThat(n.path("version").asText()).isEqualTo("2.1.0");
        JsonNode run = n.path("runs").get(0);
        assertThat(run.path("tool").path("driver").path("rules")).hasSize(16);
        assertThat(run.path("results").get(0).path("ruleId").asText()).isEqualTo("auth-required");
        assertThat(run.path("results").get(0).path("level").asText()).isEqualTo("error");
        assertThat(run.path("results").get(0).path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asText()).endsWith("agent-two-connections.jsonl");
    }

    @Test
    void junitReport() throws Exception {
        Cli r = Cli.run("analyze", "--format", "junit", AGENT);
        assertThat(r.code()).isEqualTo(1);
        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(r.out().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(16);
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("failure").item(0).getTextContent()).contains("mail.smtp.auth");
    }

    @Test
    void stdinWithDash() throws Exception {
        byte[] data = Files.readAllBytes(Path.of(AGENT));
        Cli r = Cli.runWithStdin(new ByteArrayInputStream(data), "analyze", "-");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("auth-required");
    }

    @Test
    void sessionsListAndTranscript() throws Exception {
        Cli list = Cli.run("sessions", AGENT);
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("5f0c2a9e1b3d4c77").contains("MAIL 530 5.7.0 Authentication required").contains("9a8b7c6d5e4f3a2b");
        Cli one = Cli.run("sessions", AGENT, "--id", "9a8b7c6d5e4f3a2b");
        assertThat(one.out()).contains("C: EHLO app-1").contains("S: 250-smtp.example.com").contains("C: STARTTLS").contains("C: [redacted]")
                .contains("(message body: 1843 bytes, 31 lines)").contains("+100ms").contains("(30 ms)");
        JsonNode arr = M.readTree(Cli.run("sessions", "--format", "json", AGENT).out());
        assertThat(arr).hasSize(2);
        assertThat(arr.get(0).path("outcome").asText()).isEqualTo("MAIL 530 5.7.0 Authentication required");
        JsonNode j = M.readTree(Cli.run("sessions", "--format", "json", AGENT, "--id", "5f0c").out());
        assertThat(j.path("exchanges")).hasSize(5);
        assertThat(Cli.run("sessions", AGENT, "--id", "nope").code()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"analyze", "sessions", "explain", "demo", "generate-completion"})
    void helpEverywhere(String cmd) {
        Cli r = Cli.run(cmd, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: smtp-trace " + cmd);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(Cli.run().code()).isEqualTo(2);
        assertThat(Cli.run("analyze").code()).isEqualTo(2);
        Cli r = Cli.run("analyse", AGENT);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Did you mean").contains("analyze");
        assertThat(Cli.run("analyze", "--format", "xml", AGENT).code()).isEqualTo(2);
        assertThat(Cli.run("analyze", "--nope", AGENT).code()).isEqualTo(2);
        assertThat(Cli.run("explain", "--format", "sarif", "250").code()).isEqualTo(2);
        assertThat(Cli.run("sessions", "--format", "junit", AGENT).code()).isEqualTo(2);
    }

    @Test
    void topLevelHelpAndVersion() {
        Cli r = Cli.run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("analyze").contains("sessions").contains("explain").contains("demo").contains("generate-completion");
        assertThat(Cli.run("--version").out()).contains("smtp-trace");
    }

    @Test
    void shellCompletion() {
        Cli r = Cli.run("generate-completion");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("complete -F").contains("smtp-trace").contains("analyze");
    }
}
