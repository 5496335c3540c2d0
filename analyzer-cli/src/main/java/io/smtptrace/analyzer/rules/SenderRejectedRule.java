package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** MAIL FROM refused for reasons other than missing AUTH/TLS or a transient condition. */
public final class SenderRejectedRule extends AbstractRule {
    @Override public String id() { return "sender-rejected"; }
    @Override public Severity severity() { return Severity.ERROR; }
    @Override public String title() { return "Sender address rejected"; }

    @Override
    public void accept(Session s) {
        for (Exchange e : s.exchanges) {
            if (!e.is("MAIL") || e.replyCode == null || e.replyCode < 500) continue;
            if (Replies.authRequired(e) || Replies.starttlsRequired(e)) continue;
            hits.hit(s, e.time, e.replyText());
        }
    }

    @Override
    protected String explain(Hits.Agg a) {
        return "The server refused the envelope sender (MAIL FROM)" + repeated(a.count, "times") + ": the address or its domain is not"
                + " acceptable (unknown domain 5.1.8, bad syntax 5.1.7, or the authenticated account may not use this sender 5.7.1).";
    }

    @Override
    protected String fix(Hits.Agg a) {
        return "Use a sender address in a domain that exists and that the account may send as: set mail.smtp.from (envelope sender)"
                + " or the message's From, e.g. the authenticated mailbox; check SPF/ownership rules on the server.";
    }
}
