package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;

/** 421 and 45x replies: throttling, greylisting, temporary failures; many of them in a short time is a retry storm. */
public final class TransientFailuresRule extends AbstractRule {
    @Override public String id() { return "transient-failures"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String title() { return "Temporary failures (4xx)"; }

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
    protected String explain(Hits.Agg a) {
        StringBuilder sb = new StringBuilder("The server answered with a temporary failure " + times(a.count) + " on "
                + a.sessionCount + " connection(s).");
        if (a.fact("greylist") != null) sb.append(" The server is greylisting: it refuses the first attempt from an unknown sender/IP and"
                + " accepts a retry after a few minutes.");
        if (a.fact("rate") != null || a.fact("421") != null) sb.append(" The server is throttling or closing connections (421): too many"
                + " connections or messages in a short time.");
        if (a.count >= 3 && a.first != null && a.last != null && java.time.Duration.between(a.first, a.last).toSeconds() < 60)
            sb.append(" The retries came within ").append(java.time.Duration.between(a.first, a.last).toMillis())
                    .append(" ms — a retry storm that keeps the client throttled.");
        else if (a.count >= 3) sb.append(" The client retried " + a.count + " times.");
        return sb.toString();
    }

    @Override
    protected String fix(Hits.Agg a) {
        return "Retry 4xx replies later with exponential back-off (minutes, not milliseconds) from a queue instead of immediately;"
                + " reuse connections and respect the provider's sending limits. 4xx is not a permanent error: do not drop the message.";
    }

    @Override
    protected Severity severityFor(Hits.Agg a) {
        return a.count >= 3 ? Severity.WARNING : Severity.INFO;
    }
}
