package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** Credentials sent on a connection without TLS. */
public final class AuthOverPlaintextRule extends AbstractRule {
    @Override public String id() { return "auth-over-plaintext"; }
    @Override public Severity severity() { return Severity.WARNING; }

    @Override
    public void accept(Session s) {
        if (s.authMechanism == null && s.exchanges.stream().noneMatch(e -> e.is("AUTH"))) return;
        if (s.tlsActive() && Boolean.TRUE.equals(s.tlsEstablished)) return;
        Exchange auth = s.exchanges.stream().filter(e -> e.is("AUTH")).findFirst().orElse(null);
        Hits.Agg a = hits.hit(s, auth != null ? auth.time : s.start, auth != null ? auth.line : "AUTH " + s.authMechanism);
        a.facts.putIfAbsent("mech", s.authMechanism == null ? "?" : s.authMechanism);
        a.facts.putIfAbsent("offered", String.valueOf(s.starttlsOffered));
    }

    @Override
    protected String explain(Hits.Agg a, Messages t) {
        String mech = a.fact("mech");
        return sentences(text(t, "explain", mech, repeated(t, a.count, "connections")),
                "LOGIN".equals(mech) || "PLAIN".equals(mech) ? text(t, "explain.base64", mech) : text(t, "explain.other"),
                "true".equals(a.fact("offered")) ? text(t, "explain.offered") : null);
    }

    @Override
    protected String fix(Hits.Agg a, Messages t) {
        return text(t, "fix");
    }
}
