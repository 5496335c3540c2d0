package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** No greeting: a plaintext client on an implicit-TLS port such as 465 waits for a 220 that never comes. */
public final class PlaintextOnTlsPortRule extends AbstractRule {
    @Override public String id() { return "plaintext-on-tls-port"; }
    @Override public Severity severity() { return Severity.ERROR; }

    @Override
    public void accept(Session s) {
        if (s.sslRequested || s.greeted()) return;
        Exchange g = s.greeting();
        boolean noGreeting = g != null && (g.replyError != null) && !"connect_failed".equals(g.replyError);
        boolean refused = g != null && g.replyError != null && (g.replyError.contains("ConnectException") || g.replyError.contains("UnknownHost")
                || g.replyError.contains("NoRouteToHost"));
        if (refused) return;
        if (noGreeting || (s.port == 465 && "connect_failed".equals(s.endReason))) {
            // a greeting exchange without an error (the reader saw the connect but nothing after it) is no greeting too
            Hits.Agg a = g != null && g.replyError != null ? hits.hitDescribed(s, s.start, id() + ".sample", g.replyError)
                    : hits.hitDescribed(s, s.start, id() + ".sample.noGreeting");
            a.facts.putIfAbsent("port465", String.valueOf(s.port == 465));
        }
    }

    @Override
    protected String explain(Hits.Agg a, Messages t) {
        boolean p465 = "true".equals(a.fact("port465"));
        return sentences(text(t, "explain", a.count), text(t, p465 ? "explain.port465" : "explain.otherPort"));
    }

    @Override
    protected String fix(Hits.Agg a, Messages t) {
        return text(t, "fix");
    }
}
