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

    /** Ports that speak TLS first: 465 (submissions) and test mappings of it such as 10465 or 8465. */
    static boolean implicitTlsPort(int port) {
        return port == 465 || port > 1000 && port % 1000 == 465;
    }

    static boolean plaintextPort(int port) {
        return port == 25 || port == 587 || port == 2525;
    }

    /**
     * Implicit TLS failed before any greeting, and either the error says the server spoke plaintext, or the port is a
     * plaintext one, or nothing was logged (bare debug log) and the port is not an implicit-TLS port.
     */
    static boolean applies(Session s) {
        if (!s.sslRequested || s.greeted()) return false;
        if (unrecognizedSsl(s)) return true;
        if (s.tlsErrorType == null) return false;
        return plaintextPort(s.port) || s.tlsErrorUnlogged && !implicitTlsPort(s.port);
    }

    @Override
    public void accept(Session s) {
        if (!applies(s)) return;
        boolean unlogged = s.tlsErrorUnlogged && !unrecognizedSsl(s);
        Hits.Agg a = hits.hit(s, s.start, unlogged
                ? "connect to port " + s.port + " with isSSL true, then no greeting (no exception in the log)"
                : s.tlsErrorType + ": " + s.tlsErrorMessage);
        a.facts.putIfAbsent("unlogged", String.valueOf(unlogged));
        a.facts.putIfAbsent("port", String.valueOf(s.port));
    }

    @Override
    protected String explain(Hits.Agg a) {
        String n = a.count == 1 ? "" : " (" + a.count + " connections)";
        if ("true".equals(a.fact("unlogged"))) {
            return "The client opened a TLS connection right away (implicit TLS, mail.smtp.ssl.enable=true or protocol smtps) to port "
                    + a.fact("port") + ", which is not an implicit-TLS port, and the debug log ends there: no greeting" + n + "."
                    + " JavaMail does not log the handshake error, so the log alone cannot show it; the likely cause is that the"
                    + " server on this port speaks plaintext SMTP first (upgrading with STARTTLS), so the TLS handshake read its"
                    + " '220' greeting and failed. The application's exception confirms it: javax.net.ssl.SSLException:"
                    + " 'Unsupported or unrecognized SSL message'.";
        }
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
