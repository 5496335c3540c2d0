package io.smtptrace.analyzer.rules;

import java.util.Locale;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** STARTTLS accepted (220), then the TLS handshake failed; names the cause. */
public final class TlsHandshakeFailedRule extends AbstractRule {
    @Override public String id() { return "tls-handshake-failed"; }
    @Override public Severity severity() { return Severity.ERROR; }
    @Override public String title() { return "TLS handshake failed"; }

    @Override
    public void accept(Session s) {
        if (s.tlsErrorType == null && !Boolean.FALSE.equals(s.tlsEstablished)) return;
        Exchange starttls = null;
        for (Exchange e : s.exchanges) if (e.is("STARTTLS") && Integer.valueOf(220).equals(e.replyCode)) starttls = e;
        boolean implicitCertProblem = s.sslRequested && s.tlsErrorType != null && !ImplicitTlsOnStarttlsPortRule.unrecognizedSsl(s)
                && !(s.port == 25 || s.port == 587);
        if (starttls == null && !implicitCertProblem) return;
        if (s.tlsErrorType == null) return;
        String msg = s.tlsErrorMessage == null ? "" : s.tlsErrorMessage;
        Hits.Agg a = hits.hit(s, starttls != null ? starttls.time : s.start, s.tlsErrorType + (msg.isEmpty() ? "" : ": " + msg));
        a.facts.putIfAbsent("cause", cause(s.tlsErrorType + " " + msg + " " + String.join(" ", s.exceptions)));
        a.facts.putIfAbsent("mode", starttls != null ? "starttls" : "implicit");
    }

    static String cause(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.contains("pkix") || t.contains("unable to find valid certification path") || t.contains("certpath")
                || t.contains("self signed") || t.contains("self-signed") || t.contains("unknown_ca") || t.contains("certificate_unknown")) return "untrusted";
        if (t.contains("no subject alternative") || t.contains("no name matching") || t.contains("hostname") || t.contains("server identity")) return "hostname";
        if (t.contains("expired") || t.contains("notafter") || t.contains("not yet valid")) return "expired";
        if (t.contains("protocol_version") || t.contains("no appropriate protocol") || t.contains("protocol is disabled")
                || t.contains("handshake_failure") && t.contains("cipher") || t.contains("no negotiable cipher")) return "protocol";
        return "other";
    }

    @Override
    protected String explain(Hits.Agg a) {
        String how = "starttls".equals(a.fact("mode")) ? "The server accepted STARTTLS (220), then the TLS handshake failed"
                : "The implicit-TLS handshake failed";
        String why = switch (a.fact("cause")) {
            case "untrusted" -> "the server's certificate is not trusted by this JVM (PKIX path building failed): self-signed,"
                    + " issued by a private CA, or the server does not send its intermediate certificates.";
            case "hostname" -> "the certificate does not match the host name the client connected to.";
            case "expired" -> "the server's certificate has expired or is not yet valid.";
            case "protocol" -> "client and server share no TLS protocol version or cipher suite (e.g. the server only speaks TLS 1.0/1.1,"
                    + " which current JVMs disable).";
            default -> "see the exception in the evidence.";
        };
        return how + repeated(a.count, "connections") + ": " + why + " No mail was sent on these connections.";
    }

    @Override
    protected String fix(Hits.Agg a) {
        return switch (a.fact("cause")) {
            case "untrusted" -> "Install a certificate from a public CA on the server (with its chain), or add the CA to the JVM truststore"
                    + " (javax.net.ssl.trustStore); for a known host only, mail.smtp.ssl.trust=<host>. Do not trust \"*\" in production.";
            case "hostname" -> "Connect using a host name that is in the certificate (mail.smtp.host), or fix the certificate;"
                    + " mail.smtp.ssl.checkserveridentity=true keeps the check on (do not disable it).";
            case "expired" -> "Renew the server certificate.";
            case "protocol" -> "Upgrade the server to TLS 1.2+; as a stopgap set mail.smtp.ssl.protocols=TLSv1.2 (and check jdk.tls.disabledAlgorithms).";
            default -> "Inspect the handshake with -Djavax.net.debug=ssl:handshake; check mail.smtp.ssl.trust, the truststore and mail.smtp.ssl.protocols.";
        };
    }
}
