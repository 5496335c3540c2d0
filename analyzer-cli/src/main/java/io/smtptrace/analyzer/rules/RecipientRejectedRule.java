package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** Other permanent refusals of RCPT (unknown user, bad domain, mailbox full...). */
public final class RecipientRejectedRule extends AbstractRule {
    @Override public String id() { return "recipient-rejected"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String title() { return "Recipient rejected"; }

    @Override
    public void accept(Session s) {
        for (Exchange e : s.exchanges) {
            if (!e.is("RCPT") || e.replyCode == null || e.replyCode < 500) continue;
            if (Replies.relayDenied(e) || Replies.authRequired(e) || Replies.starttlsRequired(e)) continue;
            hits.hit(s, e.time, e.replyText());
        }
    }

    @Override
    protected String explain(Hits.Agg a) {
        return "The server permanently refused " + (a.count == 1 ? "one recipient" : a.count + " recipients")
                + " (5xx to RCPT TO): typically the mailbox does not exist (5.1.1), the domain is wrong (5.1.2) or the address"
                + " is malformed (5.1.3). Without mail.smtp.sendpartial=true one bad address stops the whole message.";
    }

    @Override
    protected String fix(Hits.Agg a) {
        return "Correct or remove the address (validate addresses where they are entered; handle SendFailedException.getInvalidAddresses())."
                + " Set mail.smtp.sendpartial=true if the other recipients should still get the message.";
    }
}
