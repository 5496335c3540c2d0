package io.smtptrace.analyzer.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.MessageAttempt;
import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.model.SessionDerivation;

/**
 * 354 was received but the message never got a reply to its end of data. What the evidence shows decides the text:
 * the client stopped mid-body (an exception while writing), the server closed after 354 (the final '.' never went
 * out), the server closed after the final '.' (the outcome is unknown), or a timeout.
 */
public final class BodyAbortedAfterDataRule extends AbstractRule {
    /** Causes, in the order they are explained. */
    static final List<String> CAUSES = List.of("client", "client-closed", "after-354", "after-dot", "timeout");
    private static final String N = "n:";

    @Override public String id() { return "body-aborted-after-data"; }
    @Override public Severity severity() { return Severity.ERROR; }

    @Override
    public void accept(Session s) {
        for (MessageAttempt m : s.messages) {
            if (!m.dataStarted || m.dataCompleted) continue;
            if (m.decidingExchange != null && m.decidingExchange.replyCode != null && m.decidingExchange.replyCode >= 400) continue;
            Exchange dot = endOfData(s, m);
            String error = m.bodyErrorType == null ? null
                    : m.bodyErrorType + (m.bodyErrorMessage == null || m.bodyErrorMessage.isEmpty() ? "" : ": " + m.bodyErrorMessage);
            Hits.Agg a;
            String cause;
            if (dot != null && SessionDerivation.timedOut(dot)) {
                cause = "timeout";
                a = hits.hitDescribed(s, dot.time, id() + ".sample.noReply", dot.shown(), dot.replyError);
            } else if (dot != null) {
                cause = "after-dot";
                a = hits.hitDescribed(s, dot.time, id() + ".sample.noReply", dot.shown(), dot.replyError == null ? "eof" : dot.replyError);
            } else if (error != null) {
                // a write that fails because the peer is gone is the server's (or the network's) doing, not the app's
                cause = connectionLost(error) ? "after-354" : "client";
                a = hits.hit(s, s.end, error);
            } else if ("timeout".equals(s.endReason)) {
                cause = "timeout";
                a = hits.hitDescribed(s, s.end, id() + ".sample.timeout");
            } else if ("server_closed".equals(s.endReason)) {
                cause = "after-354";
                a = hits.hitDescribed(s, s.end, id() + ".sample.closedAfter354");
            } else {
                cause = "client-closed";
                a = hits.hitDescribed(s, s.end, id() + ".sample.noEndOfData", String.valueOf(s.endReason));
            }
            a.facts.merge(N + cause, "1", (x, y) -> String.valueOf(Integer.parseInt(x) + 1));
            // per cause: the sentence of one cause names how that cause's connection ended, not how another's did
            a.facts.putIfAbsent("endReason:" + cause, String.valueOf(s.endReason));
            if (m.bytes != null) a.facts.putIfAbsent("bytes", String.valueOf(m.bytes));
        }
    }

    /** The final '.' (or last BDAT) of this message when it was sent and got no reply; null when it never went out. */
    static Exchange endOfData(Session s, MessageAttempt m) {
        Exchange d = m.decidingExchange;
        if (d != null && (d.is(".") || d.is("BDAT")) && d.replyCode == null) return d;
        // without a deciding exchange: the first unanswered end of data after this message's 354
        int mails = 0;
        boolean inMessage = false;
        for (Exchange e : s.exchanges) {
            if (e.is("MAIL")) inMessage = ++mails == m.index || s.part > 1;
            if (inMessage && (e.is(".") || e.is("BDAT")) && e.replyCode == null && !"not_awaited".equals(e.replyError)) return e;
        }
        return null;
    }

    static boolean connectionLost(String error) {
        String t = error.toLowerCase(Locale.ROOT);
        return t.contains("socketexception") || t.contains("eofexception") || t.contains("broken pipe") || t.contains("connection reset")
                || t.contains("connection closed") || t.contains("connection abort") || t.contains("closedchannel");
    }

    private static List<String> causes(Hits.Agg a) {
        List<String> l = new ArrayList<>();
        for (String c : CAUSES) if (a.fact(N + c) != null) l.add(c);
        return l;
    }

    @Override
    protected String explain(Hits.Agg a, Messages t) {
        List<String> causes = causes(a);
        List<String> parts = new ArrayList<>();
        parts.add(text(t, "explain", repeated(t, a.count, "messages")));
        for (String c : causes) {
            String sentence = text(t, "cause." + c, a.fact("endReason:" + c));
            if (causes.size() > 1) sentence += " " + t.get("count.ofThem", Integer.parseInt(a.fact(N + c)));
            parts.add(sentence);
        }
        if (a.fact("bytes") != null && !"0".equals(a.fact("bytes"))) parts.add(text(t, "explain.bytes", a.fact("bytes")));
        // after the final '.' or a timeout the server may have queued the message: never claim it was lost
        boolean unknown = causes.contains("after-dot") || causes.contains("timeout");
        parts.add(text(t, unknown ? "explain.outcomeUnknown" : "explain.notDelivered"));
        return sentences(parts.toArray(String[]::new));
    }

    @Override
    protected String fix(Hits.Agg a, Messages t) {
        List<String> parts = new ArrayList<>();
        for (String c : causes(a)) parts.add(text(t, "fix." + c));
        return sentences(parts.toArray(String[]::new));
    }
}
