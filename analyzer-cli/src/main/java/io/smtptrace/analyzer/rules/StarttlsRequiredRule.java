package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** 530 "Must issue a STARTTLS command first": the client never upgraded although STARTTLS was offered. */
public final class StarttlsRequiredRule extends AbstractRule {
    @Override public String id() { return "starttls-required"; }
    @Override public Severity severity() { return Severity.ERROR; }

    @Override
    public void accept(Session s) {
        if ("starttls".equals(s.tlsMode) && Boolean.TRUE.equals(s.tlsEstablished)) return;
        for (Exchange e : s.exchanges) {
            if (Replies.starttlsRequired(e)) {
                Hits.Agg a = hits.hit(s, e.time, e.replyText());
                a.facts.putIfAbsent("offered", String.valueOf(s.starttlsOffered));
                a.facts.putIfAbsent("verb", e.verb == null ? "?" : e.verb);
                break;
            }
        }
    }

    @Override
    protected String explain(Hits.Agg a, Messages t) {
        return sentences(text(t, "explain", a.fact("verb"), repeated(t, a.count, "connections")),
                "true".equals(a.fact("offered")) ? text(t, "explain.offered") : null, text(t, "explain.auth"));
    }

    @Override
    protected String fix(Hits.Agg a, Messages t) {
        return text(t, "fix");
    }
}
