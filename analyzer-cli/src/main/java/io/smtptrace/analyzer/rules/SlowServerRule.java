package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.model.SessionDerivation;

/** Reply latency outliers, slow greetings and read timeouts. */
public final class SlowServerRule extends AbstractRule {
    static final double SLOW_MS = 3000;
    static final double SLOW_END_OF_DATA_MS = 15000;

    @Override public String id() { return "slow-server"; }
    @Override public Severity severity() { return Severity.WARNING; }

    @Override
    public void accept(Session s) {
        for (Exchange e : s.exchanges) {
            if (SessionDerivation.timedOut(e)) {
                if (e.isGreeting() && !s.greeted()) continue; // no greeting at all: plaintext-on-tls-port / implicit TLS rules
                Hits.Agg a = hits.hitDescribed(s, e.time, id() + ".sample.timeout", e.shown(),
                        e.replyError + (e.replyErrorMessage != null ? ": " + e.replyErrorMessage : ""));
                a.facts.merge("timeouts", "1", (x, y) -> String.valueOf(Integer.parseInt(x) + 1));
            } else if (e.durationMs != null) {
                double limit = e.is(".") || e.is("BDAT") ? SLOW_END_OF_DATA_MS : SLOW_MS;
                if (e.durationMs >= limit) {
                    Hits.Agg a = hits.hitDescribed(s, e.time, id() + ".sample.slow", e.shown(), e.replyText(),
                            String.valueOf(Math.round(e.durationMs)));
                    a.facts.merge("max", String.valueOf(Math.round(e.durationMs)), (x, y) -> String.valueOf(Math.max(Long.parseLong(x), Long.parseLong(y))));
                }
            }
        }
    }

    @Override
    protected String explain(Hits.Agg a, Messages t) {
        return sentences(text(t, "explain", repeated(t, a.count, "exchanges")),
                a.fact("timeouts") != null ? text(t, "explain.timeouts", Integer.parseInt(a.fact("timeouts"))) : null,
                a.fact("max") != null ? text(t, "explain.slowest", a.fact("max"), String.valueOf((long) SLOW_MS),
                        String.valueOf((long) SLOW_END_OF_DATA_MS)) : null);
    }

    @Override
    protected String fix(Hits.Agg a, Messages t) {
        return text(t, "fix");
    }
}
