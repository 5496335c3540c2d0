package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** 530 because the client never authenticated; repeated 530s to one server show a retry loop. */
public final class AuthRequiredRule extends AbstractRule {
    @Override public String id() { return "auth-required"; }
    @Override public Severity severity() { return Severity.ERROR; }

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
    protected String explain(Hits.Agg a, Messages t) {
        return sentences(text(t, "explain", a.count, a.sessionCount),
                "true".equals(a.fact("configured")) ? text(t, "explain.configured")
                        : "true".equals(a.fact("offered")) ? text(t, "explain.offered") : null,
                a.count >= 3 ? text(t, "explain.retried", a.count) : null);
    }

    @Override
    protected String fix(Hits.Agg a, Messages t) {
        return text(t, "fix");
    }
}
