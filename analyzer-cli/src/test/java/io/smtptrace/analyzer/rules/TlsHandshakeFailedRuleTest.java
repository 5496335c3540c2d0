package io.smtptrace.analyzer.rules;

import static io.smtptrace.analyzer.rules.RuleRun.none;
import static io.smtptrace.analyzer.rules.RuleRun.one;
import static io.smtptrace.analyzer.rules.RuleRun.oneId;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.support.Conversation;

/** A failed TLS handshake (after STARTTLS or implicit): the error quoted, or what the log lacks, and the cause named. */
class TlsHandshakeFailedRuleTest {

    private static Conversation afterStarttls(String id) {
        return Conversation.to("mx.example", 587).id(id).greet("220 mx").cmd("EHLO a", "250-mx", "250 STARTTLS").cmd("STARTTLS", "220 2.0.0 go");
    }

    @Test
    void theHandshakeErrorIsQuotedAndItsCauseNamed() {
        Session s = afterStarttls("a").tlsError("javax.net.ssl.SSLHandshakeException", "PKIX path building failed").build();
        Finding f = one(new TlsHandshakeFailedRule(), s);
        assertThat(f.rule()).isEqualTo("tls-handshake-failed");
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.evidence().sample()).isEqualTo("javax.net.ssl.SSLHandshakeException: PKIX path building failed");
        assertThat(f.evidence().first()).isEqualTo(s.exchanges.get(2).time);
        assertThat(f.explanation()).startsWith("The server accepted STARTTLS (220), then the TLS handshake failed: the server's certificate"
                + " is not trusted by this JVM").endsWith("No mail was sent on these connections.");
        assertThat(f.fix()).startsWith("Install a certificate from a public CA");
        Session noMessage = afterStarttls("b").tlsError("javax.net.ssl.SSLHandshakeException", null).build();
        assertThat(one(new TlsHandshakeFailedRule(), noMessage).evidence().sample()).isEqualTo("javax.net.ssl.SSLHandshakeException");
        assertThat(one(new TlsHandshakeFailedRule(), noMessage).fix()).startsWith("Inspect the handshake");
    }

    @Test
    void aReportedErrorCountsEvenWhenTheReaderSawTlsUp() {
        Session s = afterStarttls("a").cmd("EHLO a", "250 mx").build();
        assertThat(s.tlsEstablished).isTrue();
        none(new TlsHandshakeFailedRule(), s);
        s.tlsErrorType = "javax.net.ssl.SSLException";
        s.tlsErrorMessage = "Connection reset";
        assertThat(one(new TlsHandshakeFailedRule(), s).evidence().sample()).isEqualTo("javax.net.ssl.SSLException: Connection reset");
    }

    @Test
    void aBareDebugLogEndingAfterThe220SaysTheLogCannotTell() {
        Session s = afterStarttls("a").build();
        Finding f = one(new TlsHandshakeFailedRule(), s, afterStarttls("b").build());
        assertThat(f.evidence().sample()).isEqualTo("STARTTLS -> 220 2.0.0 go, then the connection ends (no exception in the log)");
        assertThat(f.explanation()).contains("failed (2 connections): the debug log ends there");
        assertThat(f.fix()).startsWith("Look for the exception the application logged");
    }

    @Test
    void theApplicationsExceptionNamesTheCauseWhenTheLogDoesNot() {
        Session s = afterStarttls("a").exception("javax.mail.MessagingException: Could not convert socket to TLS")
                .exception("sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path").build();
        Finding f = one(new TlsHandshakeFailedRule(), s);
        assertThat(f.evidence().sample()).isEqualTo("STARTTLS -> 220 2.0.0 go, then the connection ends: javax.mail.MessagingException:"
                + " Could not convert socket to TLS; sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid"
                + " certification path");
        assertThat(f.explanation()).contains("not trusted");
        // the reader flags the error as unlogged even though it names a type: the log alone cannot tell
        Session flagged = afterStarttls("b").tlsError("javax.net.ssl.SSLException", "x").build();
        flagged.tlsErrorUnlogged = true;
        assertThat(one(new TlsHandshakeFailedRule(), flagged).evidence().sample()).endsWith("(no exception in the log)");
        assertThat(one(new TlsHandshakeFailedRule(), flagged).fix()).startsWith("Look for the exception");
    }

    @Test
    void implicitTlsFailuresOnATlsPort() {
        Session reported = Conversation.to("mx.example", 465).ssl().tlsError("javax.net.ssl.SSLHandshakeException",
                "No subject alternative DNS name matching mx.example found.").build();
        Finding f = one(new TlsHandshakeFailedRule(), reported);
        assertThat(f.evidence().first()).isEqualTo(reported.start);
        assertThat(f.explanation()).startsWith("The implicit-TLS handshake failed: the certificate does not match the host name");
        Session bare = Conversation.to("mx.example", 465).ssl().build();
        Finding g = one(new TlsHandshakeFailedRule(), bare);
        assertThat(g.evidence().sample()).isEqualTo("connect to port 465 with isSSL true, then no greeting (no exception in the log)");
        assertThat(g.explanation()).startsWith("The implicit-TLS handshake failed: the debug log ends there");
        // on a plaintext port it is implicit-tls-on-starttls-port, and without any error nothing failed
        none(new TlsHandshakeFailedRule(), Conversation.to("mx.example", 587).ssl().tlsError("javax.net.ssl.SSLException",
                "Unsupported or unrecognized SSL message").build());
        Session noError = Conversation.to("mx.example", 465).ssl().build();
        noError.tlsErrorType = null;
        none(new TlsHandshakeFailedRule(), noError);
        none(new TlsHandshakeFailedRule(), Conversation.to("mx.example", 465).tlsError("javax.net.ssl.SSLException", "x").build());
    }

    @Test
    void notWithoutAnAcceptedStarttls() {
        none(new TlsHandshakeFailedRule(), Conversation.to("mx.example", 587).greet("220 mx").cmd("STARTTLS", "454 4.7.0 TLS not available").build());
        none(new TlsHandshakeFailedRule(), Conversation.to("mx.example", 587).correct().build());
        none(new TlsHandshakeFailedRule(), Conversation.to("mx.example", 25).greet("220 mx").cmd("EHLO a", "250 mx").build());
    }

    @Test
    void theErrorTypeAloneCanNameTheCause() {
        Session s = afterStarttls("a").tlsError("java.security.cert.CertificateExpiredException", null).build();
        assertThat(one(new TlsHandshakeFailedRule(), s).fix()).isEqualTo("Renew the server certificate.");
    }

    @Test
    void causesFromEitherFormOfTheException() {
        assertThat(TlsHandshakeFailedRule.cause("SSLHandshakeException: PKIX path building failed")).isEqualTo("untrusted");
        for (String t : new String[] {"CertificateExpiredException", "CertificateNotYetValidException", "validity check failed",
            "NotAfter: Mon", "certificate not yet valid", "Certificate expired", "certificate_expired"}) {
            assertThat(TlsHandshakeFailedRule.cause(t)).as(t).isEqualTo("expired");
        }
        for (String t : new String[] {"No subject alternative DNS name", "No name matching mx found", "hostname mismatch",
            "server identity check", "identity of server does not match"}) {
            assertThat(TlsHandshakeFailedRule.cause(t)).as(t).isEqualTo("hostname");
        }
        for (String t : new String[] {"unable to find valid certification path", "CertPathValidatorException", "self signed certificate",
            "self-signed", "Received fatal alert: unknown_ca", "certificate_unknown"}) {
            assertThat(TlsHandshakeFailedRule.cause(t)).as(t).isEqualTo("untrusted");
        }
        for (String t : new String[] {"No appropriate protocol", "protocol is disabled", "cipher suites are inappropriate"}) {
            assertThat(TlsHandshakeFailedRule.cause(t)).as(t).isEqualTo("client-protocol");
        }
        for (String t : new String[] {"Received fatal alert: protocol_version", "handshake_failure: no cipher", "no negotiable cipher suite",
            "Unsupported protocol"}) {
            assertThat(TlsHandshakeFailedRule.cause(t)).as(t).isEqualTo("protocol");
        }
        assertThat(TlsHandshakeFailedRule.cause("Received fatal alert: handshake_failure")).isEqualTo("other");
        assertThat(TlsHandshakeFailedRule.cause("Connection reset")).isEqualTo("other");
    }

    @Test
    void theTextsAreIndonesianToo() {
        Finding f = oneId(new TlsHandshakeFailedRule(), afterStarttls("a").build());
        assertThat(f.evidence().sample()).isEqualTo("STARTTLS -> 220 2.0.0 go, lalu koneksi berakhir (tidak ada exception dalam log)");
        assertThat(f.explanation()).startsWith("Server menerima STARTTLS (220), lalu jabat tangan TLS gagal:");
        Finding g = oneId(new TlsHandshakeFailedRule(), Conversation.to("mx.example", 10465).ssl().build());
        assertThat(g.evidence().sample()).isEqualTo("koneksi ke port 10465 dengan isSSL true, lalu tidak ada salam pembuka (tidak ada exception dalam log)");
    }
}
