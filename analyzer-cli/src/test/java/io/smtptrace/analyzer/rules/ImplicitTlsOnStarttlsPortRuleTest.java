package io.smtptrace.analyzer.rules;

import static io.smtptrace.analyzer.rules.RuleRun.none;
import static io.smtptrace.analyzer.rules.RuleRun.one;
import static io.smtptrace.analyzer.rules.RuleRun.oneId;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.support.Conversation;

/** Implicit TLS against a port that greets in plaintext: from the error text, the port, or a bare debug log. */
class ImplicitTlsOnStarttlsPortRuleTest {

    private static Conversation implicitTo(int port) {
        return Conversation.to("mx.example", port).id("c" + port).ssl();
    }

    @Test
    void theErrorTextSaysTheServerSpokePlaintext() {
        Session s = implicitTo(2526).tlsError("javax.net.ssl.SSLException", "Unsupported or unrecognized SSL message").end("connect_failed").build();
        Finding f = one(new ImplicitTlsOnStarttlsPortRule(), s);
        assertThat(f.rule()).isEqualTo("implicit-tls-on-starttls-port");
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.evidence().sample()).isEqualTo("javax.net.ssl.SSLException: Unsupported or unrecognized SSL message");
        assertThat(f.evidence().first()).isEqualTo(s.start);
        assertThat(f.explanation()).startsWith("The client opened a TLS connection right away").endsWith("One connection failed this way.");
        assertThat(f.fix()).contains("mail.smtp.ssl.enable=false");
        for (String text : new String[] {"Unrecognized SSL message, plaintext connection?", "plaintext connection?"}) {
            assertThat(one(new ImplicitTlsOnStarttlsPortRule(), implicitTo(10465).tlsError("javax.net.ssl.SSLException", text).build())
                    .count()).as(text).isEqualTo(1);
        }
    }

    @Test
    void theApplicationsExceptionAloneIsEnough() {
        Session s = implicitTo(465).exception("javax.mail.MessagingException: Could not connect to SMTP host; nested exception is:"
                + " javax.net.ssl.SSLException: Unsupported or unrecognized SSL message").build();
        Finding f = one(new ImplicitTlsOnStarttlsPortRule(), s);
        assertThat(f.evidence().sample()).as("no message of its own: none shown").isEqualTo("javax.net.ssl.SSLException");
        assertThat(f.explanation()).doesNotContain("debug log ends there");
    }

    @Test
    void aHandshakeErrorOnAPlaintextPortCounts() {
        for (int port : new int[] {25, 587, 2525}) {
            Session s = implicitTo(port).tlsError("javax.net.ssl.SSLHandshakeException", "Remote host terminated the handshake").build();
            assertThat(one(new ImplicitTlsOnStarttlsPortRule(), s).evidence().sample()).as("" + port)
                    .isEqualTo("javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake");
        }
        none(new ImplicitTlsOnStarttlsPortRule(), implicitTo(2526).tlsError("javax.net.ssl.SSLHandshakeException", "Remote host terminated").build());
        none(new ImplicitTlsOnStarttlsPortRule(), implicitTo(465).tlsError("javax.net.ssl.SSLHandshakeException", "PKIX path building failed").build());
    }

    @Test
    void aBareDebugLogOnAPortThatIsNoImplicitTlsPort() {
        Session s = implicitTo(2526).build();
        assertThat(s.tlsErrorUnlogged).isTrue();
        Finding f = one(new ImplicitTlsOnStarttlsPortRule(), s);
        assertThat(f.evidence().sample()).isEqualTo("connect to port 2526 with isSSL true, then no greeting (no exception in the log)");
        assertThat(f.explanation()).startsWith("The client opened a TLS connection right away (implicit TLS, mail.smtp.ssl.enable=true or"
                + " protocol smtps) to port 2526, which is not an implicit-TLS port, and the debug log ends there: no greeting.");
        Finding two = one(new ImplicitTlsOnStarttlsPortRule(), implicitTo(2526).id("a").build(), implicitTo(2526).id("b").build());
        assertThat(two.explanation()).contains("no greeting (2 connections).");
        // 465 and its test mappings (10465, 8465, 1465) are implicit-TLS ports: a handshake failure there is another rule's
        for (int port : new int[] {465, 1465, 8465, 10465}) none(new ImplicitTlsOnStarttlsPortRule(), implicitTo(port).build());
        for (int port : new int[] {1000, 1466, 466, 10466}) assertThat(findingsCount(implicitTo(port).build())).as("" + port).isEqualTo(1);
    }

    private static int findingsCount(Session s) {
        return RuleRun.findings(new ImplicitTlsOnStarttlsPortRule(), s).size();
    }

    @Test
    void notWithoutImplicitTlsOrAfterAGreeting() {
        none(new ImplicitTlsOnStarttlsPortRule(), Conversation.to("mx.example", 587).tlsError("javax.net.ssl.SSLException",
                "Unsupported or unrecognized SSL message").build());
        none(new ImplicitTlsOnStarttlsPortRule(), implicitTo(587).greet("220 mx").exception("javax.net.ssl.SSLException: plaintext connection?").build());
        Session noType = implicitTo(587).build();
        noType.tlsErrorType = null;
        none(new ImplicitTlsOnStarttlsPortRule(), noType);
    }

    @Test
    void theTextsAreIndonesianToo() {
        Finding f = oneId(new ImplicitTlsOnStarttlsPortRule(), implicitTo(2526).build());
        assertThat(f.evidence().sample()).contains("2526");
        assertThat(f.explanation()).contains("2526").doesNotContain("The client");
        Finding g = oneId(new ImplicitTlsOnStarttlsPortRule(), implicitTo(587).id("a").tlsError("javax.net.ssl.SSLException", "plaintext connection?").build(),
                implicitTo(587).id("b").tlsError("javax.net.ssl.SSLException", "plaintext connection?").build());
        assertThat(g.explanation()).contains("2 koneksi");
    }
}
