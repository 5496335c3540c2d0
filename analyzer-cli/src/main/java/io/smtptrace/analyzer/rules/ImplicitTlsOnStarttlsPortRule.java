package io.smtptrace.analyzer.rules;

import java.util.Locale;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Session;

/** The client started TLS (mail.smtp.ssl.enable) against a port that greets in plaintext (587/25). */
public final class ImplicitTlsOnStarttlsPortRule extends AbstractRule {
    @Override public String id() { return "implicit-tls-on-starttls-port"; }
    @Override public Severity severity() { return Severity.ERROR; }

    static boolean unrecognizedSsl(Session s) {
        String m = ((s.tlsErrorMessage == null ? "" : s.tlsErrorMessage) + " " + String.join(" ", s.exceptions)).toLowerCase(Locale.ROOT);
        return m.contains("unrecognized ssl message") || m.contains("plaintext connection") || m.contains("unsupported or unrecognized");
    }

    /** Ports that speak TLS first: 465 (submissions) and test mappings of it such as 10465 or 8465. */
    static boolean implicitTlsPort(int port) {
        // PIT: ConditionalsBoundaryMutator here is equivalent: 1000 % 1000 is 0, so ">= 1000" selects the same ports
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
        Hits.Agg a = unlogged ? hits.hitDescribed(s, s.start, id() + ".sample.unlogged", String.valueOf(s.port))
                : hits.hit(s, s.start, s.tlsErrorType + (s.tlsErrorMessage == null ? "" : ": " + s.tlsErrorMessage));
        a.facts.putIfAbsent("unlogged", String.valueOf(unlogged));
        a.facts.putIfAbsent("port", String.valueOf(s.port));
    }

    @Override
    protected String explain(Hits.Agg a, Messages t) {
        if ("true".equals(a.fact("unlogged"))) return text(t, "explain.unlogged", a.fact("port"), repeated(t, a.count, "connections"));
        return text(t, "explain", a.count);
    }

    @Override
    protected String fix(Hits.Agg a, Messages t) {
        return text(t, "fix");
    }
}
