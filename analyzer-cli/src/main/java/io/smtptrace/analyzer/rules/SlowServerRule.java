package io.smtptrace.analyzer.rules;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.model.SessionDerivation;

/** Reply latency outliers, slow greetings and read timeouts. */
public final class SlowServerRule extends AbstractRule {
    static final double SLOW_MS = 3000;
    static final double SLOW_END_OF_DATA_MS = 15000;

    @Override public String id() { return "slow-server"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String title() { return "Slow server or timeouts"; }

    @Override
    public void accept(Session s) {
        for (Exchange e : s.exchanges) {
            if (SessionDerivation.timedOut(e)) {
                if (e.isGreeting() && !s.greeted()) continue; // no greeting at all: plaintext-on-tls-port / implicit TLS rules
                Hits.Agg a = hits.hit(s, e.time, e.shown() + " -> no reply (" + e.replyError + (e.replyErrorMessage != null ? ": " + e.replyErrorMessage : "") + ")");
                a.facts.merge("timeouts", "1", (x, y) -> String.valueOf(Integer.parseInt(x) + 1));
            } else if (e.durationMs != null) {
                double limit = e.is(".") || e.is("BDAT") ? SLOW_END_OF_DATA_MS : SLOW_MS;
                if (e.durationMs >= limit) {
                    Hits.Agg a = hits.hit(s, e.time, e.shown() + " -> " + e.replyText() + " after " + Math.round(e.durationMs) + " ms");
                    a.facts.merge("max", String.valueOf(Math.round(e.durationMs)), (x, y) -> String.valueOf(Math.max(Long.parseLong(x), Long.parseLong(y))));
                }
            }
        }
    }

    @Override
    protected String explain(Hits.Agg a) {
        StringBuilder sb = new StringBuilder("The server was slow to answer or did not answer in time" + repeated(a.count, "exchanges") + ".");
        if (a.fact("timeouts") != null) sb.append(" ").append(a.fact("timeouts")).append(" command(s) got no reply before the client's read timeout,"
                + " which aborts the send (the server may still process it: duplicates are possible).");
        if (a.fact("max") != null) sb.append(" The slowest reply took ").append(a.fact("max")).append(" ms (threshold ")
                .append((long) SLOW_MS).append(" ms per command, ").append((long) SLOW_END_OF_DATA_MS).append(" ms for end of data).");
        return sb.toString();
    }

    @Override
    protected String fix(Hits.Agg a) {
        return "Set mail.smtp.connectiontimeout, mail.smtp.timeout and mail.smtp.writetimeout (milliseconds; JavaMail's default is to"
                + " wait forever) to values above the server's normal latency; slow RCPT/end-of-data replies point at server-side"
                + " checks (DNS, RBL, content scanning): check the server.";
    }
}
