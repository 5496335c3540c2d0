package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** 500-504 replies: a command the server did not understand, bad syntax or out of sequence. */
public final class ProtocolErrorRule extends AbstractRule {
    @Override public String id() { return "protocol-error"; }
    @Override public Severity severity() { return Severity.WARNING; }

    @Override
    public void accept(Session s) {
        for (int i = 0; i < s.exchanges.size(); i++) {
            Exchange e = s.exchanges.get(i);
            if (e.replyCode == null || e.replyCode < 500 || e.replyCode > 504) continue;
            // JavaMail falls back from EHLO to HELO on a 5xx: not an error when HELO then works
            if (e.is("EHLO") && i + 1 < s.exchanges.size() && s.exchanges.get(i + 1).is("HELO") && s.exchanges.get(i + 1).positive()) continue;
            Hits.Agg a = hits.hit(s, e.time, (e.line != null ? e.line + " -> " : "") + e.replyText());
            a.facts.putIfAbsent("verb", e.verb == null ? "?" : e.verb);
            if (e.replyCode == 501 && (e.is("EHLO") || e.is("HELO"))) a.facts.putIfAbsent("ehlo501", "true");
        }
    }

    @Override
    protected String explain(Hits.Agg a, Messages t) {
        return sentences(text(t, "explain", a.count, a.fact("verb")), a.fact("ehlo501") != null ? text(t, "explain.ehlo501") : null);
    }

    @Override
    protected String fix(Hits.Agg a, Messages t) {
        return text(t, a.fact("ehlo501") != null ? "fix.ehlo501" : "fix");
    }
}
