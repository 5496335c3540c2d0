package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.rules.Finding;
import io.smtptrace.analyzer.support.Analysis;
import io.smtptrace.analyzer.support.Conversation;

/**
 * Samples recorded against real Postfix (src/it/postfix/samples, javax.mail 1.6.2): the agent's trace, the bare
 * mail.debug log of the same run (JavaMail logs no handshake exception) and that log followed by the application's
 * exception must give the same findings.
 */
class PostfixSamplesTest {
    static final Path DIR = Path.of("src", "test", "resources", "postfix-samples");

    @TempDir
    Path tmp;

    static Map<String, String> rules(Analysis a) {
        Map<String, String> m = new TreeMap<>();
        a.findings.forEach(f -> m.merge(f.rule(), f.severity() + " x" + f.count(), (x, y) -> x + ", " + y));
        return m;
    }

    static Finding only(Analysis a, String rule) {
        assertThat(a.findings).extracting(Finding::rule).containsExactly(rule);
        return a.findings.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"untrusted-certificate", "implicit-tls-on-plain-port", "relay"})
    void bareDebugLogGivesTheTracesFindings(String sample) {
        Analysis trace = Analysis.of(DIR.resolve(sample).resolve("trace.jsonl"));
        Analysis log = Analysis.of(DIR.resolve(sample).resolve("mail-debug.log"));
        assertThat(trace.err.toString()).isEmpty();
        assertThat(log.err.toString()).isEmpty();
        assertThat(rules(trace)).isNotEmpty();
        assertThat(rules(log)).isEqualTo(rules(trace));
        if (Files.exists(DIR.resolve(sample).resolve("application.log"))) {
            Analysis app = Analysis.of(DIR.resolve(sample).resolve("application.log"));
            assertThat(app.err.toString()).isEmpty();
            assertThat(rules(app)).isEqualTo(rules(trace));
        }
    }

    @Test
    void starttlsAcceptedThenLogEndsIsAFailedHandshake() {
        Analysis log = Analysis.of(DIR.resolve("untrusted-certificate/mail-debug.log"));
        Session s = log.sessions.get(0);
        assertThat(s.tlsEstablished).isFalse();
        assertThat(s.tlsErrorUnlogged).isTrue();
        Finding f = only(log, "tls-handshake-failed");
        assertThat(f.explanation()).contains("accepted STARTTLS").contains("does not log the handshake exception")
                .contains("PKIX path building failed");
        assertThat(f.evidence().sample()).contains("STARTTLS -> 220 2.0.0 Ready to start TLS").contains("no exception in the log");
        // with the application's exception after it: the cause is named
        Finding app = only(Analysis.of(DIR.resolve("untrusted-certificate/application.log")), "tls-handshake-failed");
        assertThat(app.explanation()).contains("not trusted by this JVM");
        assertThat(app.evidence().sample()).startsWith("javax.net.ssl.SSLHandshakeException: PKIX path building failed");
    }

    @Test
    void starttlsFollowedByEhloIsEstablished() throws IOException {
        Path f = tmp.resolve("starttls-ok.log");
        Files.writeString(f, Files.readString(DIR.resolve("untrusted-certificate/mail-debug.log"))
                + "EHLO localhost\n250-mail.example.test\n250-AUTH PLAIN LOGIN\n250 CHUNKING\nQUIT\n221 2.0.0 Bye\n");
        Analysis a = Analysis.of(f);
        assertThat(a.err.toString()).isEmpty();
        assertThat(a.sessions).singleElement().satisfies(s -> {
            assertThat(s.tlsMode).isEqualTo("starttls");
            assertThat(s.tlsEstablished).isTrue();
            assertThat(s.tlsErrorUnlogged).isFalse();
        });
        assertThat(a.findings).isEmpty();
    }

    /** The bare log of implicit TLS without greeting: a handshake failure on an implicit-TLS port, a wrong port elsewhere. */
    @ParameterizedTest
    @ValueSource(ints = {25, 587, 2525, 10025, 26, 8025})
    void implicitTlsWithoutGreetingOnAPlainPort(int port) throws IOException {
        Analysis a = bareImplicit(port);
        Finding f = only(a, "implicit-tls-on-starttls-port");
        assertThat(f.explanation()).contains("port " + port).contains("log alone cannot show")
                .contains("Unsupported or unrecognized SSL message");
        assertThat(f.evidence().sample()).contains("isSSL true");
    }

    @ParameterizedTest
    @ValueSource(ints = {465, 10465})
    void implicitTlsWithoutGreetingOnAnImplicitTlsPort(int port) throws IOException {
        Finding f = only(bareImplicit(port), "tls-handshake-failed");
        assertThat(f.explanation()).contains("implicit-TLS handshake failed").contains("does not log the handshake exception");
    }

    private Analysis bareImplicit(int port) throws IOException {
        String log = Files.readString(DIR.resolve("implicit-tls-on-plain-port/mail-debug.log")).replace("port 10025", "port " + port);
        Path f = tmp.resolve("implicit-" + port + ".log");
        Files.writeString(f, log);
        Analysis a = Analysis.of(f);
        assertThat(a.err.toString()).isEmpty();
        return a;
    }

    /** The agent now names the outermost TLS exception; older traces name the innermost cause. Both give the cause. */
    @Test
    void handshakeCauseFromOldAndNewTlsErrorForms() {
        Map<String, List<String[]>> forms = Map.of(
                "not trusted by this JVM", List.of(
                        new String[] {"sun.security.provider.certpath.SunCertPathBuilderException", "unable to find valid certification path to requested target"},
                        new String[] {"javax.net.ssl.SSLHandshakeException", "PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target"}),
                "does not match the host name", List.of(
                        new String[] {"java.security.cert.CertificateException", "No subject alternative DNS name matching mail.example.com found."},
                        new String[] {"javax.net.ssl.SSLHandshakeException", "No subject alternative DNS name matching mail.example.com found."},
                        new String[] {"java.io.IOException", "Can't verify identity of server: mail.example.com"}),
                "has expired", List.of(
                        new String[] {"java.security.cert.CertificateExpiredException", "NotAfter: Sun Jan 01 00:00:00 UTC 2023"},
                        new String[] {"javax.net.ssl.SSLHandshakeException", "PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed"}),
                "javax.mail 1.4.7 enables only TLSv1", List.<String[]>of(
                        new String[] {"javax.net.ssl.SSLHandshakeException", "No appropriate protocol (protocol is disabled or cipher suites are inappropriate)"}));
        for (Map.Entry<String, List<String[]>> e : forms.entrySet()) {
            for (String[] form : e.getValue()) {
                Session s = Conversation.to("mail.example.com", 587).greet("220 mx").cmd("EHLO a", "250-mx", "250 STARTTLS")
                        .cmd("STARTTLS", "220 2.0.0 Ready to start TLS").tlsError(form[0], form[1]).build();
                List<Finding> f = Analysis.findingsOf(List.of(s));
                assertThat(f).extracting(Finding::rule).as(form[0]).containsExactly("tls-handshake-failed");
                assertThat(f.get(0).explanation()).as(form[1]).contains(e.getKey());
                if (e.getKey().contains("1.4.7")) assertThat(f.get(0).fix()).contains("mail.smtp.ssl.protocols=TLSv1.2");
            }
        }
    }

    /**
     * The agent redacts addresses inside replies and exception messages like the envelope (default {@code ***@domain};
     * {@code hash}; {@code none} = {@code [redacted]}); the debug log reader does the same. Refusals are still told
     * apart and their samples read as the server's reply.
     */
    @ParameterizedTest
    @ValueSource(strings = {"***@outside.invalid", "hmac:0a1b2c3d4e5f6a7b@outside.invalid", "[redacted]"})
    void refusalsReadWellWithRedactedReplies(String redacted) {
        String relay = "554 5.7.1 <" + redacted + ">: Relay access denied";
        String unknown = "550 5.1.1 <" + redacted + ">: Recipient address rejected: User unknown in local recipient table";
        String sender = "553 5.1.8 <" + redacted + ">: Sender address rejected: Domain not found";
        Session r = Conversation.to("mx1", 25).greet("220 mx").cmd("EHLO a", "250 mx").cmd("MAIL FROM:<***@example.test>", "250 2.1.0 Ok")
                .cmd("RCPT TO:<" + redacted + ">", relay).build();
        Session u = Conversation.to("mx2", 25).greet("220 mx").cmd("EHLO a", "250 mx").cmd("MAIL FROM:<***@example.test>", "250 2.1.0 Ok")
                .cmd("RCPT TO:<" + redacted + ">", unknown).build();
        Session f = Conversation.to("mx3", 25).greet("220 mx").cmd("EHLO a", "250 mx").cmd("MAIL FROM:<" + redacted + ">", sender).build();
        List<Finding> findings = Analysis.findingsOf(List.of(r, u, f));
        assertThat(findings).extracting(Finding::rule).containsExactlyInAnyOrder("relay-denied", "recipient-rejected", "sender-rejected");
        for (Finding x : findings) {
            String expected = switch (x.rule()) {
                case "relay-denied" -> relay;
                case "recipient-rejected" -> unknown;
                default -> sender;
            };
            assertThat(x.evidence().sample()).isEqualTo(expected);
            assertThat(x.explanation()).doesNotContain("null").doesNotContain("***");
        }
    }

    @Test
    void debugLogRedactsAddressesInRepliesLikeTheAgent() {
        Analysis log = Analysis.of(DIR.resolve("relay/mail-debug.log"));
        Finding f = only(log, "relay-denied");
        assertThat(f.evidence().sample()).isEqualTo("554 5.7.1 <***@outside.invalid>: Relay access denied");
        assertThat(log.sessions.get(0).exchanges).allSatisfy(e -> assertThat(e.replyAll()).doesNotContain("someone@"));
        assertThat(log.sessions.get(0).exceptions).allSatisfy(x -> assertThat(x).doesNotContain("someone@"));
    }
}
