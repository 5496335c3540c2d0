package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** 530 because the client never authenticated; repeated 530s to one server show a retry loop. */
public final class AuthRequiredRule extends AbstractRule {
    @Override public String id() { return "auth-required"; }
    @Override public Severity severity() { return Severity.ERROR; }
    @Override public String title() { return "Server requires authentication, client did not authenticate"; }

    @Override
    public void accept(Session s) {
        if (s.authenticated()) return;
        for (Exchange e : s.exchanges) {
            if (!e.isGreeting() && !e.is("AUTH") && Replies.authRequired(e)) {
                Hits.Agg a = hits.hit(s, e.time, e.replyText());
                boolean offered = s.ehloExtensions.stream().flatMap(l -> l.stream()).anyMatch(x -> x.toUpperCase().startsWith("AUTH"));
                a.facts.putIfAbsent("offered", String.valueOf(offered));
                if (Boolean.TRUE.equals(s.authConfigured)) a.facts.putIfAbsent("configured", "true");
                break; // one per connection: the library gives up after the first 530
            }
        }
    }

    @Override
    protected String explain(Hits.Agg a) {
        String base = "The server answered 530 (authentication required) " + times(a.count) + " on " + a.sessionCount
                + " connection(s): the client sent MAIL FROM without AUTH, so the message was not accepted.";
        if ("true".equals(a.fact("configured"))) base += " mail.smtp.auth was true, but no AUTH was sent: the EHLO reply did not offer AUTH"
                + " at that point (many servers offer it only after STARTTLS), or no user/password reached connect().";
        else if ("true".equals(a.fact("offered"))) base += " The server offered AUTH in its EHLO reply; the client did not use it (mail.smtp.auth is false or unset).";
        if (a.count >= 3) base += " The application retried " + a.count + " times without changing anything: every retry fails the same way,"
                + " and repeated unauthenticated attempts can get the client's IP address rate-limited or blocked.";
        return base;
    }

    @Override
    protected String fix(Hits.Agg a) {
        return "Set mail.smtp.auth=true and pass the user name and password to Transport.connect() or an Authenticator"
                + " (Spring: spring.mail.username/password). If the server offers AUTH only after STARTTLS, also set"
                + " mail.smtp.starttls.enable=true. Do not retry a 530 unchanged.";
    }
}
