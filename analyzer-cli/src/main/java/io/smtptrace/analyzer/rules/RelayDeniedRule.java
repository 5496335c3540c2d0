package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** 550/554 5.7.1 relay or access denied on RCPT. */
public final class RelayDeniedRule extends AbstractRule {
    @Override public String id() { return "relay-denied"; }
    @Override public Severity severity() { return Severity.ERROR; }

    @Override
    public void accept(Session s) {
        for (Exchange e : s.exchanges) {
            if (e.is("RCPT") && Replies.relayDenied(e)) {
                Hits.Agg a = hits.hit(s, e.time, e.replyText());
                a.facts.putIfAbsent("authenticated", String.valueOf(s.authenticated()));
            }
        }
    }

    @Override
    protected String explain(Hits.Agg a, Messages t) {
        return text(t, "true".equals(a.fact("authenticated")) ? "explain.authenticated" : "explain", a.count);
    }

    @Override
    protected String fix(Hits.Agg a, Messages t) {
        return text(t, "true".equals(a.fact("authenticated")) ? "fix.authenticated" : "fix");
    }
}
