package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** 530 "Must issue a STARTTLS command first": the client never upgraded although STARTTLS was offered. */
public final class StarttlsRequiredRule extends AbstractRule {
    @Override public String id() { return "starttls-required"; }
    @Override public Severity severity() { return Severity.ERROR; }
    @Override public String title() { return "Server requires STARTTLS, client stayed in plaintext"; }

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
    protected String explain(Hits.Agg a) {
        return "The server refused " + a.fact("verb") + " with 530 'must issue STARTTLS first'" + repeated(a.count, "connections")
                + ": it accepts mail only over an encrypted connection, and the client never sent STARTTLS"
                + ("true".equals(a.fact("offered")) ? " although the server offered it in its EHLO reply." : ".")
                + " Because many servers offer AUTH only after STARTTLS, the client also skipped authentication silently.";
    }

    @Override
    protected String fix(Hits.Agg a) {
        return "Set mail.smtp.starttls.enable=true and mail.smtp.starttls.required=true (so a server that stops offering STARTTLS"
                + " fails loudly instead of falling back to plaintext). Keep the port (587 or 25); do not set mail.smtp.ssl.enable.";
    }
}
