package io.smtptrace.analyzer.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtptrace.analyzer.support.Cli;

/** The lint command: formats, exit codes, languages, bad input, secrets never echoed. */
class LintCommandTest {
    static final ObjectMapper M = new ObjectMapper();
    /** Five mistakes: 465 without SSL, a plain-text password, a Spring nesting mistake, ssl.trust=*, a typo (and no timeouts). */
    static final String FIVE_MISTAKES = String.join("\n",
            "spring.mail.host=smtp.example.com",
            "spring.mail.port=465",
            "spring.mail.username=app@example.com",
            "spring.mail.password=Sup3r-Secret!",
            "spring.mail.properties.mail.smtp.auth=true",
            "spring.mail.properties.smtp.starttls.enable=true",
            "spring.mail.properties.mail.smtp.ssl.trust=*",
            "spring.mail.properties.mail.smtp.conectiontimeout=5000", "");

    @TempDir
    Path dir;

    Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void textReportNamesFileLineRuleAndFixAndNeverThePassword() throws Exception {
        Path f = write("application.properties", FIVE_MISTAKES);
        Cli r = Cli.run("lint", "--lang", "en", f.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out())
                .contains(f + ":2  ERROR  implicit-tls-port-without-ssl")
                .contains(f + ":4  ERROR  plaintext-password")
                .contains(f + ":6  ERROR  spring-properties-nesting")
                .contains("fix: Write it as spring.mail.properties.mail.smtp.starttls.enable.")
                .contains(f + ":7  ERROR  trust-all-certificates")
                .contains("spring.mail.properties.mail.smtp.ssl.trust=smtp.example.com")
                .contains(f + ":8  WARNING  unknown-property")
                .contains("Did you mean spring.mail.properties.mail.smtp.connectiontimeout?")
                .contains(f + ":1  WARNING  missing-timeouts")
                .doesNotContain("Sup3r-Secret!");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void indonesian() throws Exception {
        Path f = write("application.properties", FIVE_MISTAKES);
        Cli r = Cli.run("lint", "--lang", "id", f.toString());
        assertThat(r.out()).contains("KESALAHAN  plaintext-password  Kata sandi dalam teks biasa").contains("perbaikan: Tulis sebagai");
    }

    @Test
    void jsonSarifJunit() throws Exception {
        Path f = write("application.properties", FIVE_MISTAKES);
        JsonNode json = M.readTree(Cli.run("lint", "--format", "json", f.toString()).out());
        assertThat(json.get("summary").get("findings").get("error").asInt()).isEqualTo(4);
        assertThat(json.get("findings")).hasSize(6);
        assertThat(json.toString()).doesNotContain("Sup3r-Secret!");

        Cli sarif = Cli.run("lint", "--format", "sarif", f.toString());
        assertThat(sarif.code()).isEqualTo(1);
        JsonNode run = M.readTree(sarif.out()).get("runs").get(0);
        assertThat(run.get("tool").get("driver").get("rules")).hasSize(Linter.rules().size());
        Set<Integer> lines = new HashSet<>();
        for (JsonNode res : run.get("results")) {
            lines.add(res.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt());
            assertThat(res.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText()).endsWith("application.properties");
        }
        assertThat(lines).containsExactlyInAnyOrder(1, 2, 4, 6, 7, 8);

        Cli junit = Cli.run("lint", "--format", "junit", f.toString());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(junit.out())));
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(Linter.rules().size());
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(4);
    }

    @Test
    void failOnAndCleanFile() throws Exception {
        Path warn = write("mail.properties", "mail.smtp.host=h\nmail.smtp.port=587\nmail.smtp.starttls.enable=true\nmail.smtp.starttls.required=true\n");
        assertThat(Cli.run("lint", warn.toString()).code()).isZero();
        assertThat(Cli.run("lint", "--fail-on", "warning", warn.toString()).code()).isEqualTo(1);
        assertThat(Cli.run("lint", "--fail-on", "nonsense", warn.toString()).code()).isEqualTo(2);
        Path clean = write("clean/mail.properties", "mail.smtp.host=h\nmail.smtp.port=587\nmail.smtp.starttls.enable=true\n"
                + "mail.smtp.starttls.required=true\nmail.smtp.connectiontimeout=1\nmail.smtp.timeout=1\nmail.smtp.writetimeout=1\n");
        Cli r = Cli.run("lint", "--lang", "en", "--fail-on", "info", clean.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("No problems found.");
    }

    @Test
    void badYamlIsReportedWithFileAndLineAndTheOtherFilesAreStillChecked() throws Exception {
        Path bad = write("a/application.yml", "spring:\n  mail:\n    host: [unclosed\n    port: 25\n");
        Path good = write("b/application.properties", FIVE_MISTAKES);
        Cli r = Cli.run("lint", "--lang", "en", bad.toString(), good.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(bad + ":").contains("not valid YAML");
        assertThat(r.out()).contains("plaintext-password");
        Cli missing = Cli.run("lint", dir.resolve("nope.properties").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.properties");
        assertThat(Cli.run("lint").code()).isEqualTo(2);
    }

    @Test
    void jvmOptionsStringAndStdin() throws Exception {
        Cli r = Cli.run("lint", "--lang", "en", "--jvm-options", "-Xmx1g -Dmail.smtp.port=465 -Dmail.smtp.connectiontimeout=1 -Dmail.smtp.timeout=1 -Dmail.smtp.writetimeout=1");
        assertThat(r.out()).contains("--jvm-options:1  ERROR  implicit-tls-port-without-ssl").contains("-Dmail.smtp.ssl.enable=true")
                .contains("system-properties-only").contains("Spring Boot");
        Cli in = Cli.runWithStdin(new ByteArrayInputStream("mail.smtp.ssl.trust=*\n".getBytes(StandardCharsets.UTF_8)), "lint", "--lang", "en", "-");
        assertThat(in.out()).contains("<stdin>:1  ERROR  trust-all-certificates");
    }

    @Test
    void yamlProfilesAreCheckedOverTheBase() throws Exception {
        Path y = write("p/application.yml", String.join("\n", "spring:", "  mail:", "    host: h", "    port: 587",
                "    properties:", "      mail.smtp.starttls.enable: true", "      mail.smtp.starttls.required: true",
                "      mail.smtp.connectiontimeout: 1", "      mail.smtp.timeout: 1", "      mail.smtp.writetimeout: 1",
                "---", "spring.config.activate.on-profile: prod", "spring.mail.properties[mail.smtp.starttls.required]: false", ""));
        JsonNode json = M.readTree(Cli.run("lint", "--format", "json", y.toString()).out());
        assertThat(json.get("findings")).hasSize(1);
        assertThat(json.get("findings").get(0).get("rule").asText()).isEqualTo("starttls-not-required");
        assertThat(json.get("findings").get(0).get("profile").asText()).isEqualTo("prod");
    }
}
