package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** Other permanent refusals of RCPT (unknown user, bad domain, mailbox full...). */
public final class RecipientRejectedRule extends AbstractRule {
    @Override public String id() { return "recipient-rejected"; }
    @Override public Severity severity() { return Severity.WARNING; }

    @Override
    public void accept(Session s) {
        for (Exchange e : s.exchanges) {
            if (!e.is("RCPT") || e.replyCode == null || e.replyCode < 500) continue;
            if (Replies.relayDenied(e) || Replies.authRequired(e) || Replies.starttlsRequired(e)) continue;
            hits.hit(s, e.time, e.replyText());
        }
    }

    @Override
    protected String explain(Hits.Agg a, Messages t) {
        return text(t, "explain", a.count);
    }

    @Override
    protected String fix(Hits.Agg a, Messages t) {
        return text(t, "fix");
    }
}
