package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** 550/554 5.7.1 relay or access denied on RCPT. */
public final class RelayDeniedRule extends AbstractRule {
    @Override public String id() { return "relay-denied"; }
    @Override public Severity severity() { return Severity.ERROR; }
    @Override public String title() { return "Relaying denied"; }

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
    protected String explain(Hits.Agg a) {
        return "The server refused to relay to " + (a.count == 1 ? "a recipient" : a.count + " recipients")
                + ": it only accepts mail for its own domains from unauthenticated clients"
                + ("true".equals(a.fact("authenticated")) ? ", and even the authenticated account is not allowed to send to that domain or from that sender."
                : ", and this connection never authenticated.");
    }

    @Override
    protected String fix(Hits.Agg a) {
        return "true".equals(a.fact("authenticated"))
                ? "Ask the mail administrator to allow this account to relay (or use the sender address the account owns)."
                : "Authenticate before sending: mail.smtp.auth=true with user and password (and mail.smtp.starttls.enable=true on port 587),"
                        + " or add the client's IP to the server's relay networks (e.g. Postfix mynetworks).";
    }
}
