package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** No greeting: a plaintext client on an implicit-TLS port such as 465 waits for a 220 that never comes. */
public final class PlaintextOnTlsPortRule extends AbstractRule {
    @Override public String id() { return "plaintext-on-tls-port"; }
    @Override public Severity severity() { return Severity.ERROR; }
    @Override public String title() { return "Plaintext client on an implicit-TLS port (no greeting)"; }

    @Override
    public void accept(Session s) {
        if (s.sslRequested || s.greeted()) return;
        Exchange g = s.greeting();
        boolean noGreeting = g != null && (g.replyError != null) && !"connect_failed".equals(g.replyError);
        boolean refused = g != null && g.replyError != null && (g.replyError.contains("ConnectException") || g.replyError.contains("UnknownHost")
                || g.replyError.contains("NoRouteToHost"));
        if (refused) return;
        if (noGreeting || (s.port == 465 && "connect_failed".equals(s.endReason))) {
            Hits.Agg a = hits.hit(s, s.start, g != null ? "(greeting) -> no reply (" + g.replyError + ")" : "no greeting");
            a.facts.putIfAbsent("port465", String.valueOf(s.port == 465));
        }
    }

    @Override
    protected String explain(Hits.Agg a) {
        return "The client connected in plaintext and waited for the server's 220 greeting, which never came (" + a.count
                + " connection(s)). A server on an implicit-TLS port" + ("true".equals(a.fact("port465")) ? " such as this one (465)" : " such as 465")
                + " waits silently for a TLS handshake, so both sides wait until the read timeout."
                + ("true".equals(a.fact("port465")) ? "" : " (If this port is not a TLS port, the server is hung or overloaded instead.)");
    }

    @Override
    protected String fix(Hits.Agg a) {
        return "For port 465 set mail.smtp.ssl.enable=true (or use protocol smtps); or connect to the submission port 587 with"
                + " mail.smtp.starttls.enable=true. Set mail.smtp.connectiontimeout and mail.smtp.timeout so a wrong port fails fast.";
    }
}
