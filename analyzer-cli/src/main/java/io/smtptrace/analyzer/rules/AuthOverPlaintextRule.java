package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** Credentials sent on a connection without TLS. */
public final class AuthOverPlaintextRule extends AbstractRule {
    @Override public String id() { return "auth-over-plaintext"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String title() { return "Credentials sent without TLS"; }

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
    protected String explain(Hits.Agg a) {
        String mech = a.fact("mech");
        return "The client sent AUTH " + mech + " on an unencrypted connection" + repeated(a.count, "connections") + ". "
                + ("LOGIN".equals(mech) || "PLAIN".equals(mech) ? mech + " sends the password only base64-encoded, i.e. readable by anyone on the network path."
                : "Credentials or tokens can be captured on the network path.")
                + ("true".equals(a.fact("offered")) ? " The server offered STARTTLS, it just was not used." : "");
    }

    @Override
    protected String fix(Hits.Agg a) {
        return "Set mail.smtp.starttls.enable=true and mail.smtp.starttls.required=true (port 587), or mail.smtp.ssl.enable=true"
                + " on port 465; change the password if this went over a network others can see.";
    }
}
