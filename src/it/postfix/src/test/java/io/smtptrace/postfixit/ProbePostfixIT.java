package io.smtptrace.postfixit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtptrace.analyzer.Main;
import io.smtptrace.testsupport.ForkedJvm;
import io.smtptrace.testsupport.MailLibrary;
import io.smtptrace.testsupport.Scenario;

/**
 * {@code smtp-trace probe} against each listener of the real Postfix: the right verdict per port, the settings it
 * prints deliver a message through real JavaMail/Angus Mail and Spring's JavaMailSenderImpl (forked JVMs), every wrong
 * choice it predicts fails with exactly the reply it predicted, and {@code lint} finds nothing in what it printed.
 */
class ProbePostfixIT {
    static final ObjectMapper M = new ObjectMapper();
    static final String HOST = "127.0.0.1";
    static final List<MailLibrary> SENDERS = List.of(MailLibrary.ANGUS_MAIL_2_0_3, MailLibrary.JAVAX_MAIL_1_6_2,
            MailLibrary.SPRING_6_ANGUS_MAIL_2_0_3);

    @TempDir
    static Path dir;
    static Path passwordFile;

    @BeforeAll
    static void postfixIsRunning() throws Exception {
        Postfix.requireRunning();
        passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, Postfix.PASSWORD + "\n");
    }

    record Probe(int code, String out, String err, JsonNode port) {}

    static Probe probe(int port, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("probe", HOST + ":" + port, "--format", "json", "--lang", "en", "--timeout", "15"));
        args.addAll(List.of(extra));
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(new PrintWriter(o), new PrintWriter(e), args.toArray(String[]::new));
        assertThat(o.toString() + e).doesNotContain(Postfix.PASSWORD);
        Files.writeString(dir.resolve("probe-" + port + "-" + args.size() + ".json"), o.toString());
        return new Probe(code, o.toString(), e.toString(), M.readTree(o.toString()).get("ports").get(0));
    }

    static Probe probeWithCredentials(int port, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--user", Postfix.USER, "--password-file", passwordFile.toString(), "--trust-store",
                Postfix.TRUSTSTORE, "--trust-store-password", Postfix.TRUSTSTORE_PASSWORD));
        args.addAll(List.of(extra));
        return probe(port, args.toArray(String[]::new));
    }

    static String reply(JsonNode port, String prediction) {
        for (JsonNode w : port.get("wrongChoices")) if (w.get("id").asText().equals(prediction)) return w.get("reply").isNull() ? null : w.get("reply").asText();
        throw new AssertionError("no prediction " + prediction + " in " + port.get("wrongChoices"));
    }

    static boolean predicted(JsonNode port, String prediction) {
        for (JsonNode w : port.get("wrongChoices")) if (w.get("id").asText().equals(prediction)) return true;
        return false;
    }

    // ------------------------------------------------------------------------------------------------ verdicts

    @Test
    void submissionStarttlsRequiredAuthRequiredSizeLimit() throws Exception {
        Probe p = probeWithCredentials(Postfix.SUBMISSION);
        assertThat(p.code()).as(p.out()).isZero();
        JsonNode j = p.port();
        assertThat(j.get("verdict").asText()).isEqualTo("works");
        assertThat(j.get("mode").asText()).isEqualTo("starttls");
        assertThat(j.get("starttlsRequired").asBoolean()).isTrue();
        assertThat(j.get("authBeforeTls")).isEmpty();
        assertThat(j.get("authAfterTls").toString()).contains("PLAIN").contains("LOGIN");
        assertThat(j.get("authRequired").asBoolean()).isTrue();
        assertThat(j.get("auth").get("mechanism").asText()).isEqualTo("LOGIN");
        assertThat(j.get("auth").get("accepted").asBoolean()).isTrue();
        assertThat(j.get("sizeLimit").asInt()).isEqualTo(Postfix.SIZE_LIMIT);
        assertThat(j.get("tls").get("protocol").asText()).startsWith("TLSv1.");
        assertThat(j.get("certificate").get("trustedByTrustStore").asBoolean()).isTrue();
        assertThat(j.get("certificate").get("hostNameMatches").asBoolean()).isTrue();
        assertThat(reply(j, "no-starttls")).isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
        assertThat(reply(j, "oversize")).isEqualTo("552 5.3.4");
        assertThat(j.get("configuration").get("javamail").get("mail.smtp.starttls.required").asText()).isEqualTo("true");
    }

    @Test
    void untrustedSelfSignedCertificate() throws Exception {
        Probe p = probe(Postfix.SUBMISSION, "--user", Postfix.USER, "--password-file", passwordFile.toString());
        assertThat(p.code()).isZero();
        JsonNode c = p.port().get("certificate");
        assertThat(c.get("trustedByJvm").asBoolean()).isFalse();
        assertThat(c.get("selfSigned").asBoolean()).isTrue();
        assertThat(c.get("jvmTrustError").asText()).contains("PKIX path building failed");
        assertThat(predicted(p.port(), "untrusted-certificate")).isTrue();
        // the password is not sent to a server whose certificate nothing trusts
        assertThat(p.port().get("notes").toString()).contains("note.auth-skipped-untrusted");
        assertThat(p.port().get("transcript").toString()).doesNotContain("C: AUTH");
        JsonNode cfg = p.port().get("configuration").get("javamail");
        assertThat(cfg.get("mail.smtp.ssl.trust").asText()).isEqualTo(HOST);
    }

    @Test
    void authRequiredPlaintextPort() throws Exception {
        Probe p = probeWithCredentials(Postfix.AUTH_REQUIRED, "--allow-plaintext-auth");
        assertThat(p.code()).isZero();
        JsonNode j = p.port();
        assertThat(j.get("mode").asText()).isEqualTo("plain");
        assertThat(j.get("starttlsOffered").asBoolean()).isFalse();
        assertThat(j.get("authRequired").asBoolean()).isTrue();
        assertThat(j.get("auth").get("accepted").asBoolean()).isTrue();
        assertThat(j.get("notes").toString()).contains("note.no-tls");
        assertThat(reply(j, "no-auth")).startsWith("530 5.7.0");
    }

    @Test
    void openRelayCheckPortAndSendTest() throws Exception {
        Probe p = probe(Postfix.OPEN_RELAY_CHECK, "--send-test", Postfix.LOCAL_RECIPIENT, "--from", Postfix.USER);
        assertThat(p.code()).isZero();
        assertThat(p.port().get("authRequired").asBoolean()).isFalse();
        assertThat(p.port().get("authBeforeTls")).isEmpty();
        assertThat(p.port().get("sendTest").get("accepted").asBoolean()).isTrue();
        assertThat(p.port().get("sendTest").get("reply").asText()).startsWith("250 2.0.0 Ok: queued as");
        Probe relay = probe(Postfix.OPEN_RELAY_CHECK, "--send-test", Postfix.OUTSIDE_RECIPIENT, "--from", Postfix.USER);
        assertThat(relay.code()).isEqualTo(1);
        assertThat(relay.port().get("sendTest").get("reply").asText()).startsWith("554 5.7.1");
    }

    @Test
    void smtpsImplicitTls() throws Exception {
        Probe p = probeWithCredentials(Postfix.SMTPS);
        assertThat(p.code()).isZero();
        JsonNode j = p.port();
        assertThat(j.get("mode").asText()).isEqualTo("implicit_tls");
        assertThat(j.get("authRequired").asBoolean()).isTrue();
        assertThat(j.get("auth").get("accepted").asBoolean()).isTrue();
        assertThat(predicted(j, "plain-on-tls-port")).isTrue();
        assertThat(j.get("configuration").get("javamail").get("mail.smtp.ssl.enable").asText()).isEqualTo("true");
    }

    @Test
    void wrongPasswordHasNoWorkingConfiguration() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong"), "wrong-" + Postfix.PASSWORD);
        Probe p = probe(Postfix.SUBMISSION, "--user", Postfix.USER, "--password-file", wrong.toString(), "--trust-store", Postfix.TRUSTSTORE);
        assertThat(p.code()).isEqualTo(1);
        assertThat(p.port().get("auth").get("reply").asText()).startsWith("535 5.7.8");
    }

    // ------------------------------------------------------------------------------------------------ the printed settings deliver

    @Test
    void printedSettingsDeliverThroughJavaMailAngusAndSpring() throws Exception {
        for (int port : new int[] {Postfix.SUBMISSION, Postfix.SMTPS}) {
            JsonNode cfg = probeWithCredentials(port).port().get("configuration");
            for (MailLibrary lib : SENDERS) {
                Scenario sc = lib.isStack() ? springScenario(cfg.get("springBoot")).client(lib) : javamailScenario(cfg.get("javamail"));
                ForkedJvm.Result r = jvm(lib, cfg).run(sc.from(Postfix.USER).to(Postfix.LOCAL_RECIPIENT));
                assertThat(r.results()).as(lib + " port " + port + ": " + r.describe()).contains("send 1 ok");
            }
        }
        // the plaintext AUTH port: its settings (no TLS available there) deliver too
        JsonNode cfg = probeWithCredentials(Postfix.AUTH_REQUIRED, "--allow-plaintext-auth").port().get("configuration");
        ForkedJvm.Result r = jvm(MailLibrary.ANGUS_MAIL_2_0_3, cfg).run(javamailScenario(cfg.get("javamail")).from(Postfix.USER).to(Postfix.LOCAL_RECIPIENT));
        assertThat(r.results()).as(r.describe()).contains("send 1 ok");
    }

    // ------------------------------------------------------------------------------------------------ wrong choices, exactly as predicted

    @Test
    void predictedWrongChoicesGiveExactlyThePredictedReplies() throws Exception {
        JsonNode sub = probeWithCredentials(Postfix.SUBMISSION).port();
        JsonNode cfg = sub.get("configuration");
        MailLibrary lib = MailLibrary.ANGUS_MAIL_2_0_3;

        Scenario noStarttls = javamailScenario(cfg.get("javamail"));
        noStarttls.set("prop.mail.smtp.starttls.enable", "false");
        noStarttls.set("prop.mail.smtp.starttls.required", "false");
        assertFailsWith(jvm(lib, cfg).run(noStarttls.from(Postfix.USER).to(Postfix.LOCAL_RECIPIENT)), reply(sub, "no-starttls"));

        Scenario noAuth = javamailScenario(cfg.get("javamail"), false);
        noAuth.set("prop.mail.smtp.auth", "false");
        assertFailsWith(jvm(lib, cfg).run(noAuth.from(Postfix.USER).to(Postfix.LOCAL_RECIPIENT)), reply(sub, "no-auth"));

        // only the codes are predicted here (see Prober): the failure must carry them
        Scenario big = javamailScenario(cfg.get("javamail")).bodyBytes(Case.OVERSIZED_BODY);
        assertFailsWith(jvm(lib, cfg).run(big.from(Postfix.USER).to(Postfix.LOCAL_RECIPIENT)), reply(sub, "oversize"));

        Scenario ssl = javamailScenario(cfg.get("javamail"));
        ssl.set("prop.mail.smtp.ssl.enable", "true");
        assertFailsWith(jvm(lib, cfg).run(ssl.from(Postfix.USER).to(Postfix.LOCAL_RECIPIENT)), "Unsupported or unrecognized SSL message");
        assertThat(predicted(sub, "ssl-on-plain-port")).isTrue();

        // untrusted certificate: no trust store, no ssl.trust
        Scenario untrusted = javamailScenario(cfg.get("javamail"));
        assertFailsWith(ForkedJvm.forLibrary(lib).timeout(Duration.ofSeconds(60)).run(untrusted.from(Postfix.USER).to(Postfix.LOCAL_RECIPIENT)),
                "PKIX path building failed");
        assertThat(predicted(sub, "untrusted-certificate")).isTrue();

        // SMTPS without ssl.enable: no greeting in plain text, the client's read times out
        JsonNode smtps = probeWithCredentials(Postfix.SMTPS).port();
        Scenario plain = javamailScenario(smtps.get("configuration").get("javamail"));
        plain.set("prop.mail.smtp.ssl.enable", "false");
        plain.set("prop.mail.smtp.timeout", "2000");
        assertFailsWith(jvm(lib, smtps.get("configuration")).run(plain.from(Postfix.USER).to(Postfix.LOCAL_RECIPIENT)), "Read timed out");
        assertThat(predicted(smtps, "plain-on-tls-port")).isTrue();
    }

    // ------------------------------------------------------------------------------------------------ lint over probe's output

    @Test
    void lintFindsNothingInWhatProbePrinted() throws Exception {
        List<JsonNode> configs = List.of(probeWithCredentials(Postfix.SUBMISSION).port().get("configuration"),
                probeWithCredentials(Postfix.SMTPS).port().get("configuration"),
                probe(Postfix.SUBMISSION).port().get("configuration"),
                probeWithCredentials(Postfix.AUTH_REQUIRED, "--allow-plaintext-auth").port().get("configuration"),
                probe(Postfix.OPEN_RELAY_CHECK).port().get("configuration"));
        int n = 0;
        for (JsonNode cfg : configs) {
            Path d = Files.createDirectories(dir.resolve("lint-" + n++));
            Path jm = Files.writeString(d.resolve("mail.properties"), cfg.get("javamailProperties").asText());
            Path sp = Files.writeString(Files.createDirectories(d.resolve("p")).resolve("application.properties"), cfg.get("springBootProperties").asText());
            Path sy = Files.writeString(Files.createDirectories(d.resolve("y")).resolve("application.yml"), cfg.get("springBootYaml").asText());
            for (Path f : List.of(jm, sp, sy)) {
                StringWriter o = new StringWriter();
                int code = Main.run(new PrintWriter(o), new PrintWriter(new StringWriter()), "lint", "--format", "json", "--fail-on", "info", f.toString());
                assertThat(M.readTree(o.toString()).get("findings")).as(f + ":\n" + Files.readString(f)).isEmpty();
                assertThat(code).isZero();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The forked client JVM with the JVM options probe printed (the trust store; its password filled in). */
    static ForkedJvm jvm(MailLibrary lib, JsonNode cfg) {
        ForkedJvm jvm = ForkedJvm.forLibrary(lib).timeout(Duration.ofSeconds(60));
        for (JsonNode o : cfg.get("jvmOptions")) {
            String kv = o.asText().substring(2);
            int eq = kv.indexOf('=');
            String v = kv.substring(eq + 1);
            jvm.systemProperty(kv.substring(0, eq), v.equals("<password>") ? Postfix.TRUSTSTORE_PASSWORD : v);
        }
        return jvm;
    }

    static Scenario javamailScenario(JsonNode javamail) {
        return javamailScenario(javamail, true);
    }

    /** The printed mail.smtp.* as the session properties; the user (and the password, as the code would) to connect(). */
    static Scenario javamailScenario(JsonNode javamail, boolean credentials) {
        Scenario sc = Scenario.create();
        for (Iterator<Map.Entry<String, JsonNode>> it = javamail.fields(); it.hasNext(); ) {
            var e = it.next();
            sc.prop(e.getKey(), e.getValue().asText());
        }
        sc.host(javamail.get("mail.smtp.host").asText()).port(javamail.get("mail.smtp.port").asInt());
        if (credentials && javamail.has("mail.smtp.user")) sc.credentials(javamail.get("mail.smtp.user").asText(), Postfix.PASSWORD);
        return sc;
    }

    /** spring.mail.host/port/username/password and spring.mail.properties.* as Spring Boot hands them to JavaMailSenderImpl. */
    static Scenario springScenario(JsonNode spring) {
        Scenario sc = Scenario.create().host(spring.get("spring.mail.host").asText()).port(spring.get("spring.mail.port").asInt());
        if (spring.has("spring.mail.username")) {
            assertThat(spring.get("spring.mail.password").asText()).isEqualTo("${SMTP_PASSWORD}");
            sc.credentials(spring.get("spring.mail.username").asText(), Postfix.PASSWORD); // what Spring resolves from the environment
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = spring.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().startsWith("spring.mail.properties.")) sc.prop(e.getKey().substring("spring.mail.properties.".length()), e.getValue().asText());
        }
        return sc;
    }

    static void assertFailsWith(ForkedJvm.Result r, String expected) {
        assertThat(expected).isNotNull();
        assertThat(r.results()).as(r.describe()).noneMatch(l -> l.startsWith("send 1 ok"));
        assertThat(String.join("\n", r.results())).as(r.describe()).contains(expected);
    }
}
