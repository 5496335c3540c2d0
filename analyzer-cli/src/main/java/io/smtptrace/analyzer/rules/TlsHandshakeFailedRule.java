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
        Exchange starttls = null;
        for (Exchange e : s.exchanges) if (e.is("STARTTLS") && Integer.valueOf(220).equals(e.replyCode)) starttls = e;
        boolean starttlsFailed = starttls != null && (s.tlsErrorType != null || Boolean.FALSE.equals(s.tlsEstablished));
        boolean implicitFailed = starttls == null && s.sslRequested && s.tlsErrorType != null && !ImplicitTlsOnStarttlsPortRule.applies(s);
        if (!starttlsFailed && !implicitFailed) return;
        String msg = s.tlsErrorMessage == null ? "" : s.tlsErrorMessage;
        boolean unlogged = s.tlsErrorUnlogged || s.tlsErrorType == null && s.exceptions.isEmpty();
        String sample;
        if (s.tlsErrorType != null && !s.tlsErrorUnlogged) sample = s.tlsErrorType + (msg.isEmpty() ? "" : ": " + msg);
        else if (starttls != null) sample = "STARTTLS -> " + starttls.replyText() + ", then the connection ends"
                + (unlogged ? " (no exception in the log)" : ": " + String.join("; ", s.exceptions));
        else sample = "connect to port " + s.port + " with isSSL true, then no greeting (no exception in the log)";
        Hits.Agg a = hits.hit(s, starttls != null ? starttls.time : s.start, sample);
        a.facts.putIfAbsent("cause", unlogged ? "unlogged"
                : cause((s.tlsErrorType == null ? "" : s.tlsErrorType) + " " + msg + " " + String.join(" ", s.exceptions)));
        a.facts.putIfAbsent("mode", starttls != null ? "starttls" : "implicit");
    }

    /**
     * The cause from the TLS error and the exceptions, in either form the agent wrote: the outermost TLS exception
     * ({@code SSLHandshakeException: PKIX path building failed: ...}) or the innermost cause
     * ({@code SunCertPathBuilderException: unable to find valid certification path ...}).
     */
    static String cause(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.contains("certificateexpired") || t.contains("certificatenotyetvalid") || t.contains("validity check failed")
                || t.contains("notafter") || t.contains("not yet valid") || t.contains("certificate expired")
                || t.contains("certificate_expired")) return "expired";
        if (t.contains("no subject alternative") || t.contains("no name matching") || t.contains("hostname")
                || t.contains("server identity") || t.contains("identity of server")) return "hostname";
        if (t.contains("pkix") || t.contains("unable to find valid certification path") || t.contains("certpath")
                || t.contains("self signed") || t.contains("self-signed") || t.contains("unknown_ca") || t.contains("certificate_unknown")) return "untrusted";
        if (t.contains("no appropriate protocol") || t.contains("protocol is disabled") || t.contains("cipher suites are inappropriate"))
            return "client-protocol";
        if (t.contains("protocol_version") || t.contains("handshake_failure") && t.contains("cipher") || t.contains("no negotiable cipher")
                || t.contains("unsupported protocol")) return "protocol";
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
            case "client-protocol" -> "the JVM refused every TLS version the client enabled ('No appropriate protocol'): the mail library"
                    + " asks for a version this JVM disables, e.g. javax.mail 1.4.7 enables only TLSv1, which Java 11+ (and 8u291+) disable.";
            case "unlogged" -> "the debug log ends there and JavaMail does not log the handshake exception, so the log alone cannot"
                    + " name the cause; the application's exception does (untrusted certificate: 'PKIX path building failed';"
                    + " host name: 'No subject alternative names'; TLS version: 'No appropriate protocol').";
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
            case "client-protocol" -> "Set mail.smtp.ssl.protocols=TLSv1.2 (mail.smtps.ssl.protocols for smtps; \"TLSv1.2 TLSv1.3\" where"
                    + " supported), or upgrade to javax.mail 1.6+ / Jakarta Mail; do not re-enable TLSv1 in java.security.";
            case "unlogged" -> "Look for the exception the application logged for this send (MessagingException: Could not convert socket"
                    + " to TLS / Could not connect, and its cause), or run with -Djavax.net.debug=ssl:handshake; then check the"
                    + " truststore (mail.smtp.ssl.trust), the host name and mail.smtp.ssl.protocols.";
            default -> "Inspect the handshake with -Djavax.net.debug=ssl:handshake; check mail.smtp.ssl.trust, the truststore and mail.smtp.ssl.protocols.";
        };
    }
}
