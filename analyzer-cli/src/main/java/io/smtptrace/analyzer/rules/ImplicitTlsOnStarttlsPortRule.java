package io.smtptrace.analyzer.rules;

import java.util.Locale;

import io.smtptrace.analyzer.model.Session;

/** The client started TLS (mail.smtp.ssl.enable) against a port that greets in plaintext (587/25). */
public final class ImplicitTlsOnStarttlsPortRule extends AbstractRule {
    @Override public String id() { return "implicit-tls-on-starttls-port"; }
    @Override public Severity severity() { return Severity.ERROR; }
    @Override public String title() { return "Implicit TLS used on a plaintext/STARTTLS port"; }

    static boolean unrecognizedSsl(Session s) {
        String m = ((s.tlsErrorMessage == null ? "" : s.tlsErrorMessage) + " " + String.join(" ", s.exceptions)).toLowerCase(Locale.ROOT);
        return m.contains("unrecognized ssl message") || m.contains("plaintext connection") || m.contains("unsupported or unrecognized");
    }

    @Override
    public void accept(Session s) {
        if (!s.sslRequested || s.greeted()) return;
        boolean plainPort = s.port == 25 || s.port == 587 || s.port == 2525;
        if (unrecognizedSsl(s) || (plainPort && s.tlsErrorType != null)) {
            hits.hit(s, s.start, s.tlsErrorType != null ? s.tlsErrorType + ": " + s.tlsErrorMessage : "TLS handshake failed: no SMTP greeting");
        }
    }

    @Override
    protected String explain(Hits.Agg a) {
        return "The client opened a TLS connection right away (implicit TLS, mail.smtp.ssl.enable=true or protocol smtps), but the server"
                + " on this port speaks plaintext SMTP first and upgrades with STARTTLS: the TLS handshake read the server's plaintext"
                + " '220' greeting and failed ('Unsupported or unrecognized SSL message'). " + a.count + " connection(s) failed this way.";
    }

    @Override
    protected String fix(Hits.Agg a) {
        return "Either keep this port and switch to STARTTLS: mail.smtp.ssl.enable=false, mail.smtp.starttls.enable=true,"
                + " mail.smtp.starttls.required=true; or keep implicit TLS and use the implicit-TLS port (usually 465).";
    }
}
