package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** 421 and 45x replies: throttling, greylisting, temporary failures; many of them in a short time is a retry storm. */
public final class TransientFailuresRule extends AbstractRule {
    @Override public String id() { return "transient-failures"; }
    @Override public Severity severity() { return Severity.WARNING; }

    @Override
    public void accept(Session s) {
        for (Exchange e : s.exchanges) {
            if (!Replies.transientCode(e.replyCode)) continue;
            if (e.is("AUTH")) continue; // counted by auth-failed
            Hits.Agg a = hits.hit(s, e.time, e.replyText());
            String t = Replies.text(e);
            if (t.contains("greylist")) a.facts.putIfAbsent("greylist", "true");
            if (e.replyCode == 421) a.facts.putIfAbsent("421", "true");
            if (t.contains("rate") || t.contains("too many") || t.contains("throttl")) a.facts.putIfAbsent("rate", "true");
        }
    }

    @Override
    protected String explain(Hits.Agg a, Messages t) {
        String retries = null;
        if (a.count >= 3 && a.first != null && a.last != null && java.time.Duration.between(a.first, a.last).toSeconds() < 60)
            retries = text(t, "explain.storm", String.valueOf(java.time.Duration.between(a.first, a.last).toMillis()));
        else if (a.count >= 3) retries = text(t, "explain.retried", a.count);
        return sentences(text(t, "explain", a.count, a.sessionCount),
                a.fact("greylist") != null ? text(t, "explain.greylist") : null,
                a.fact("rate") != null || a.fact("421") != null ? text(t, "explain.throttled") : null, retries);
    }

    @Override
    protected String fix(Hits.Agg a, Messages t) {
        return text(t, "fix");
    }

    @Override
    protected Severity severityFor(Hits.Agg a) {
        return a.count >= 3 ? Severity.WARNING : Severity.INFO;
    }
}
