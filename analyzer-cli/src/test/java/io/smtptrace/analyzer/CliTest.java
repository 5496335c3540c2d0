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

    // --lang on every command, the language from the environment like POSIX tools, ids and exit codes unchanged

    static final String DEMO_CAPTURE = Path.of("src", "test", "resources", "agent-traces", "auth-required-demo-angus-2.0.3.jsonl").toString();

    @Test
    void analyzeInIndonesianKeepsRuleIdsAndExitCode() throws Exception {
        Cli en = Cli.run("analyze", DEMO_CAPTURE);
        Cli id = Cli.run("analyze", "--lang", "id", DEMO_CAPTURE);
        assertThat(id.code()).isEqualTo(en.code()).isEqualTo(1);
        assertThat(id.out()).contains("Analisis smtp-trace").contains("GALAT (2)").contains("auth-required").contains("perbaikan: Atur mail.smtp.auth=true")
                .contains("Server mewajibkan autentikasi").doesNotContain("ERRORS").doesNotContain("fix:");
        JsonNode je = M.readTree(Cli.run("analyze", "--format", "json", DEMO_CAPTURE).out());
        JsonNode ji = M.readTree(Cli.run("analyze", "--format", "json", "--lang", "id", DEMO_CAPTURE).out());
        assertThat(je.path("lang").asText()).isEqualTo("en");
        assertThat(ji.path("lang").asText()).isEqualTo("id");
        assertThat(ji.path("findings").findValuesAsText("rule")).isEqualTo(je.path("findings").findValuesAsText("rule"));
        assertThat(ji.path("findings").get(0).path("explanation").asText()).isNotEqualTo(je.path("findings").get(0).path("explanation").asText());
    }

    @Test
    void languageFromTheEnvironment() {
        Cli fromLang = Cli.runWithEnv(java.util.Map.of("LANG", "id_ID.UTF-8"), "analyze", DEMO_CAPTURE);
        assertThat(fromLang.code()).isEqualTo(1);
        assertThat(fromLang.out()).isEqualTo(Cli.run("analyze", "--lang", "id", DEMO_CAPTURE).out());
        // LC_ALL wins over LANG; --lang wins over both
        assertThat(Cli.runWithEnv(java.util.Map.of("LANG", "id_ID.UTF-8", "LC_ALL", "C"), "analyze", DEMO_CAPTURE).out()).contains("ERRORS (2)");
        assertThat(Cli.runWithEnv(java.util.Map.of("LC_ALL", "id_ID.UTF-8"), "analyze", "--lang", "en", DEMO_CAPTURE).out()).contains("ERRORS (2)");
        assertThat(Cli.runWithEnv(java.util.Map.of("LANG", "id_ID.UTF-8"), "explain", "530").out()).contains("negatif permanen");
        // before the command too
        assertThat(Cli.run("--lang", "id", "analyze", DEMO_CAPTURE).out()).isEqualTo(Cli.run("analyze", "--lang", "id", DEMO_CAPTURE).out());
        assertThat(Cli.run("--lang", "id", "--help").out()).contains("Perintah:").contains("Bahasa teks");
        assertThat(Cli.runWithEnv(java.util.Map.of("LANG", "id_ID.UTF-8"), "sessions", AGENT).out()).contains("HASIL").contains("MULAI");
    }

    @Test
    void sarifAndJunitCarryTheLanguage() throws Exception {
        JsonNode sarif = M.readTree(Cli.run("analyze", "--format", "sarif", "--lang", "id", DEMO_CAPTURE).out());
        JsonNode run = sarif.path("runs").get(0);
        assertThat(run.path("language").asText()).isEqualTo("id");
        assertThat(run.path("results").findValuesAsText("ruleId")).contains("auth-required", "body-rejected-after-data");
        assertThat(run.path("tool").path("driver").path("rules").get(0).path("shortDescription").path("text").asText())
                .isEqualTo("Server mewajibkan autentikasi, klien tidak melakukan autentikasi");
        assertThat(M.readTree(Cli.run("analyze", "--format", "sarif", DEMO_CAPTURE).out()).path("runs").get(0).path("language").asText()).isEqualTo("en");
        Cli junit = Cli.run("analyze", "--format", "junit", "--lang", "id", DEMO_CAPTURE);
        assertThat(junit.code()).isEqualTo(1);
        assertThat(junit.out()).contains("<property name=\"lang\" value=\"id\"/>").contains("Perbaikan: ").contains("name=\"auth-required\"");
    }

    @Test
    void sessionsInIndonesian() {
        Cli one = Cli.run("sessions", "--lang", "id", AGENT, "--id", "9a8b7c6d5e4f3a2b");
        assertThat(one.out()).contains("Percakapan 9a8b7c6d5e4f3a2b").contains("(isi pesan: 1843 byte, 31 baris)").contains("C: EHLO app-1");
        Cli missing = Cli.run("sessions", "--lang", "id", AGENT, "--id", "nope");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("tidak ada percakapan dengan ID 'nope'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"analyze", "sessions", "explain", "demo"})
    void everyCommandTakesLangAndHasHelpInBothLanguages(String cmd) {
        Cli en = Cli.run(cmd, "--help");
        assertThat(en.out()).contains("--lang=LANG").contains("Language of the texts: en or id");
        Cli id = Cli.run(cmd, "--help", "--lang", "id");
        assertThat(id.code()).isZero();
        assertThat(id.out()).contains("Penggunaan: smtp-trace " + cmd).contains("Bahasa teks: en atau id").contains("Tampilkan pesan bantuan ini");
        assertThat(Cli.runWithEnv(java.util.Map.of("LANG", "id_ID.UTF-8"), cmd, "--help").out()).isEqualTo(id.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sessions", "explain", "demo"})
    void commandsListOnlyTheFormatsTheySupport(String cmd) {
        String help = Cli.run(cmd, "--help").out();
        assertThat(help).contains(cmd.equals("sessions") ? "Output format: text, json or html" : "Output format: text or json")
                .doesNotContain("sarif").doesNotContain("junit");
        if (!cmd.equals("sessions")) assertThat(help).doesNotContain("html");
        assertThat(Cli.run("analyze", "--help").out()).contains("Output format: text, json, sarif, junit or html");
    }

    @Test
    void topLevelHelpListsEveryCommandWithAWholeSentence() {
        for (String lang : new String[] {"en", "id"}) {
            String help = Cli.run("--help", "--lang", lang).out();
            // the command list: each summary (wrapped over lines) ends with a full stop
            String list = help.substring(help.indexOf(lang.equals("en") ? "Commands:" : "Perintah:"));
            list = list.substring(0, list.indexOf("\n\n") < 0 ? list.length() : list.indexOf("\n\n"));
            String[] entries = list.replaceAll("\n\\s{20,}", " ").split("\n");
            assertThat(entries).hasSizeGreaterThan(6);
            for (int i = 1; i < entries.length; i++) assertThat(entries[i].trim()).as(lang + ": " + entries[i]).endsWith(".");
        }
    }

    @Test
    void inputProblemsInTheRunsLanguage() throws Exception {
        Path bad = Files.createTempFile("bad", ".jsonl");
        Files.writeString(bad, "{\"resourceSpans\":[]}\n{\"resourceSpans\": [\n");
        Cli id = Cli.run("analyze", "--lang", "id", "/no/such/file.jsonl", bad.toString());
        assertThat(id.code()).isEqualTo(2);
        assertThat(id.err()).contains("smtp-trace: /no/such/file.jsonl: berkas tidak ditemukan").contains(bad + ":2: JSON terpotong");
        Cli en = Cli.run("analyze", "/no/such/file.jsonl", bad.toString());
        assertThat(en.err()).contains("smtp-trace: /no/such/file.jsonl: no such file").contains(bad + ":2: truncated JSON");
    }

    @Test
    void usageErrorsInTheRunsLanguage() {
        Cli missing = Cli.run("analyze", "--lang", "id");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("Argumen wajib tidak ada: FILE").contains("Coba 'smtp-trace analyze --help'.");
        Cli choice = Cli.run("sessions", "--format", "sarif", "--lang", "id", AGENT);
        assertThat(choice.code()).isEqualTo(2);
        assertThat(choice.err()).contains("Nilai tidak valid untuk --format: 'sarif' (yang diharapkan salah satu dari: text, json, html)");
        assertThat(Cli.runWithEnv(java.util.Map.of("LANG", "id_ID.UTF-8"), "analyse", AGENT).err()).contains("Mungkin maksud Anda: analyze");
        assertThat(Cli.run("explain", "--nope", "250").err()).contains("Unknown option: '--nope'");
    }
}
