package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** MAIL FROM refused for reasons other than missing AUTH/TLS or a transient condition. */
public final class SenderRejectedRule extends AbstractRule {
    @Override public String id() { return "sender-rejected"; }
    @Override public Severity severity() { return Severity.ERROR; }

    @Override
    public void accept(Session s) {
        for (Exchange e : s.exchanges) {
            if (!e.is("MAIL") || e.replyCode == null || e.replyCode < 500) continue;
            if (Replies.authRequired(e) || Replies.starttlsRequired(e)) continue;
            hits.hit(s, e.time, e.replyText());
        }
    }

    @Override
    protected String explain(Hits.Agg a, Messages t) {
        return text(t, "explain", repeated(t, a.count, "times"));
    }

    @Override
    protected String fix(Hits.Agg a, Messages t) {
        return text(t, "fix");
    }
}
