package io.smtptrace.analyzer.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtptrace.analyzer.support.Cli;
import io.smtptrace.testsupport.SmtpTestServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * probe against the in-process test servers (STARTTLS required + AUTH required + SIZE; implicit TLS; plain), the
 * configuration it prints sent through real Angus Mail, its predicted wrong choices checked against Angus Mail's real
 * failures, and its printed configuration fed back to lint.
 */
class ProbeCommandTest {
    static final ObjectMapper M = new ObjectMapper();
    static final String USER = "app@example.test";
    static final String PASSWORD = "pr0be-Secret";
    static SmtpTestServer submission;
    static SmtpTestServer smtps;

    @TempDir
    static Path dir;
    static Path passwordFile;

    @BeforeAll
    static void start() throws Exception {
        submission = SmtpTestServer.builder().requireStartTls().requireAuth(USER, PASSWORD).maxMessageSize(50_000).start();
        smtps = SmtpTestServer.builder().implicitTls().requireAuth(USER, PASSWORD).start();
        passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n");
    }

    @AfterAll
    static void stop() {
        submission.close();
        smtps.close();
    }

    static String target(SmtpTestServer s) {
        return "127.0.0.1:" + s.port();
    }

    @Test
    void submissionPortStarttlsAndAuthRequiredWithTheServersExactReplies() throws Exception {
        submission.clear();
        Cli r = Cli.run("probe", target(submission), "--lang", "en", "--user", USER, "--password-file", passwordFile.toString(),
                "--trust-store", submission.clientTrustStore().toString(), "--timeout", "20", "--transcript");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(flat(r.out()))
                .contains("port " + submission.port() + ": works - STARTTLS required, AUTH required")
                .contains("220 localhost ESMTP smtp-trace test server")
                .contains("without mail.smtp.starttls.enable=true the first MAIL FROM is refused: 530 5.7.0 Must issue a STARTTLS command first")
                .contains("530 5.7.0 Authentication required")
                .contains("a message over 50000 bytes is refused").contains("with a reply starting: 552 5.3.4 ...")
                .contains("LOGIN (as JavaMail would choose): accepted: 235 2.7.0 Authentication successful")
                .contains("Unsupported or unrecognized SSL message")
                .contains("mail.smtp.starttls.required=true")
                .contains("-Djavax.net.ssl.trustStore=" + submission.clientTrustStore())
                .contains("C: AUTH LOGIN").contains("C: [redacted]")
                .doesNotContain(PASSWORD);
        assertThat(r.out().lines()).noneMatch(l -> l.strip().matches("(spring\\.mail\\.properties\\.)?mail\\.smtp\\.ssl\\.trust=\\S*"));
        assertThat(r.err()).doesNotContain(PASSWORD);
        // no message was sent: MAIL only, never RCPT or DATA
        assertThat(submission.received()).isEmpty();
        assertThat(submission.commands()).noneMatch(c -> c.startsWith("RCPT") || c.startsWith("DATA"));
    }

    @Test
    void jsonReportAndPrintedConfigurationDeliversThroughAngusMail() throws Exception {
        submission.clear();
        Cli r = Cli.run("probe", target(submission), "--format", "json", "--user", USER, "--password-file", passwordFile.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).doesNotContain(PASSWORD);
        JsonNode port = M.readTree(r.out()).get("ports").get(0);
        assertThat(port.get("mode").asText()).isEqualTo("starttls");
        assertThat(port.get("starttlsRequired").asBoolean()).isTrue();
        assertThat(port.get("authRequired").asBoolean()).isTrue();
        assertThat(port.get("certificate").get("trustedByJvm").asBoolean()).isFalse();
        assertThat(port.get("certificate").get("hostNameMatches").asBoolean()).isTrue();
        assertThat(port.get("sizeLimit").asLong()).isEqualTo(50_000);
        assertThat(port.get("transcript").toString()).doesNotContain(PASSWORD);
        // untrusted and no trust store: AUTH not tried, trust named for this host only
        assertThat(port.get("notes").toString()).contains("note.auth-skipped-untrusted");
        Properties props = new Properties();
        props.load(new StringReader(port.get("configuration").get("javamailProperties").asText()));
        assertThat(props.getProperty("mail.smtp.ssl.trust")).isEqualTo("127.0.0.1");

        send(props, PASSWORD);
        assertThat(submission.awaitReceived(1, java.time.Duration.ofSeconds(10))).hasSize(1);

        // the predicted wrong choices fail exactly as predicted
        String noStarttls = predictedReply(port, "no-starttls");
        Properties wrong = (Properties) props.clone();
        wrong.remove("mail.smtp.starttls.enable");
        wrong.remove("mail.smtp.starttls.required");
        assertThatThrownBy(() -> send(wrong, PASSWORD)).hasStackTraceContaining(noStarttls);
        String noAuth = predictedReply(port, "no-auth");
        Properties noAuthProps = (Properties) props.clone();
        noAuthProps.remove("mail.smtp.auth");
        // JavaMail authenticates when mail.smtp.auth=true or when connect() gets a user and a password: neither here
        assertThatThrownBy(() -> send(noAuthProps, null)).hasStackTraceContaining(noAuth);
        String oversize = predictedReply(port, "oversize");
        assertThatThrownBy(() -> send(props, PASSWORD, 60_000)).hasStackTraceContaining(oversize);
        Properties ssl = (Properties) props.clone();
        ssl.setProperty("mail.smtp.ssl.enable", "true");
        assertThatThrownBy(() -> send(ssl, PASSWORD)).hasStackTraceContaining("Unsupported or unrecognized SSL message");
    }

    @Test
    void printedConfigurationPassesLintCleanly() throws Exception {
        for (String[] extra : new String[][] {{}, {"--user", USER, "--password-file", passwordFile.toString(), "--trust-store",
                submission.clientTrustStore().toString()}}) {
            for (SmtpTestServer s : new SmtpTestServer[] {submission, smtps}) {
                String[] args = concat(new String[] {"probe", target(s), "--format", "json"}, extra);
                JsonNode cfg = M.readTree(Cli.run(args).out()).get("ports").get(0).get("configuration");
                Path d = Files.createTempDirectory(dir, "cfg");
                Path jm = Files.writeString(d.resolve("mail.properties"), cfg.get("javamailProperties").asText());
                Path sp = Files.writeString(Files.createDirectories(d.resolve("props")).resolve("application.properties"),
                        cfg.get("springBootProperties").asText());
                Path sy = Files.writeString(Files.createDirectories(d.resolve("yaml")).resolve("application.yml"), cfg.get("springBootYaml").asText());
                for (Path p : new Path[] {jm, sp, sy}) {
                    Cli lint = Cli.run("lint", "--format", "json", "--fail-on", "info", p.toString());
                    assertThat(lint.out()).as(p + ":\n" + Files.readString(p)).contains("\"findings\" : [ ]");
                    assertThat(lint.code()).isZero();
                }
                // and what lint reads back is what probe printed (YAML nesting included)
                Cli json = Cli.run("lint", "--format", "json", sy.toString());
                assertThat(json.code()).isZero();
            }
        }
    }

    @Test
    void implicitTlsPort() throws Exception {
        Cli r = Cli.run("probe", target(smtps), "--lang", "en", "--user", USER, "--password-file", passwordFile.toString(),
                "--trust-store", smtps.clientTrustStore().toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(flat(r.out())).contains(": works - implicit TLS, AUTH required").contains("mail.smtp.ssl.enable=true")
                .contains("without mail.smtp.ssl.enable=true there is no greeting in plain text")
                .doesNotContain("mail.smtp.starttls.enable");
    }

    @Test
    void wrongPasswordMeansNoWorkingConfiguration() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong"), "nope");
        Cli r = Cli.run("probe", target(smtps), "--lang", "en", "--user", USER, "--password-file", wrong.toString(),
                "--trust-store", smtps.clientTrustStore().toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(flat(r.out())).contains("refused: 535 5.7.8 Authentication credentials invalid").contains("No working configuration");
    }

    @Test
    void sendTestSendsExactlyOneMessage() throws Exception {
        try (SmtpTestServer plain = SmtpTestServer.builder().offerStartTls().start()) {
            Cli r = Cli.run("probe", target(plain), "--lang", "en", "--send-test", "someone@example.test");
            assertThat(r.code()).as(r.out()).isZero();
            assertThat(flat(r.out())).contains("to someone@example.test: accepted: 250 2.0.0 Ok: queued as 1")
                    .contains("without mail.smtp.starttls.required=true the server also takes mail in plain text");
            assertThat(plain.awaitReceived(1, java.time.Duration.ofSeconds(5))).hasSize(1);
        }
        try (SmtpTestServer plain = SmtpTestServer.builder().start()) {
            Cli r = Cli.run("probe", target(plain), "--lang", "id");
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("berfungsi").contains("tidak ada TLS pada port ini");
            assertThat(plain.received()).isEmpty();
        }
    }

    @Test
    void usageAndNetworkErrors() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Cli refused = Cli.run("probe", "127.0.0.1:" + closed, "--lang", "en");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.out()).contains("unreachable");
        assertThat(Cli.run("probe", "127.0.0.1:notaport").code()).isEqualTo(2);
        Cli noPassword = Cli.run("probe", target(submission), "--user", USER, "--password-env", "SMTP_TRACE_TEST_UNSET_VARIABLE");
        assertThat(noPassword.code()).isEqualTo(2);
        assertThat(noPassword.err()).contains("--password-file");
        assertThat(Cli.run("probe", "no-such-host.invalid:25").code()).isEqualTo(2);
        assertThat(Cli.run("probe", target(submission), "--format", "sarif").code()).isEqualTo(2);
    }

    /** The text report wraps at 100 columns: compare with runs of white space as one space. */
    static String flat(String s) {
        return s.replaceAll("\\s+", " ");
    }

    static String predictedReply(JsonNode port, String id) {
        for (JsonNode w : port.get("wrongChoices")) if (w.get("id").asText().equals(id)) return w.get("reply").asText();
        throw new AssertionError("no prediction " + id + " in " + port.get("wrongChoices"));
    }

    static void send(Properties props, String password) throws MessagingException {
        send(props, password, 0);
    }

    static void send(Properties props, String password, int extraBytes) throws MessagingException {
        Session session = Session.getInstance(props);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(USER));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("rcpt@example.test"));
        m.setSubject("probe config");
        m.setText("sent with the settings smtp-trace probe printed\n" + "x".repeat(extraBytes), StandardCharsets.UTF_8.name());
        try (Transport t = session.getTransport()) {
            t.connect(props.getProperty("mail.smtp.user"), password);
            t.sendMessage(m, m.getAllRecipients());
        }
    }

    static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
