package io.smtptrace.analyzer.report.html;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.MessageAttempt;
import io.smtptrace.analyzer.model.Session;

/**
 * How a connection went, as a filterable class plus what went wrong first (raw server text, shown escaped). Classes:
 * {@code ok}, {@code rejected} (a 5xx), {@code temporary} (a 4xx), {@code tls} (TLS not established), {@code no-reply}
 * (timeout, closed connection, exception), {@code incomplete} (a message not accepted, or no QUIT).
 */
record Outcome(String kind, String detail) {
    static final String[] KINDS = {"ok", "rejected", "temporary", "tls", "no-reply", "incomplete"};

    static Outcome of(Session s) {
        for (Exchange e : s.exchanges) {
            if (e.replyCode != null && e.replyCode >= 400 && !e.is("QUIT")) {
                String step = e.isGreeting() ? "greeting" : e.verb == null ? "" : e.verb;
                return new Outcome(e.replyCode >= 500 ? "rejected" : "temporary", step + " " + e.replyText());
            }
            if (e.replyCode == null && e.replyError != null && !"not_awaited".equals(e.replyError)) {
                return new Outcome("no-reply", (e.isGreeting() ? "greeting" : e.verb) + ": " + e.replyError
                        + (e.replyErrorMessage != null && !e.replyErrorMessage.isEmpty() ? ": " + e.replyErrorMessage : ""));
            }
        }
        boolean tlsWanted = s.tlsActive() || s.sslRequested;
        if (s.tlsErrorType != null || s.tlsErrorUnlogged || tlsWanted && Boolean.FALSE.equals(s.tlsEstablished)) {
            return new Outcome("tls", s.tlsErrorType == null ? "" : s.tlsErrorType + (s.tlsErrorMessage != null ? ": " + s.tlsErrorMessage : ""));
        }
        for (MessageAttempt m : s.messages) {
            if (!MessageAttempt.ACCEPTED.equals(m.outcome)) {
                return new Outcome("incomplete", "message " + m.index + " " + (m.outcome == null ? "unknown" : m.outcome)
                        + (m.bodyErrorType != null ? ": " + m.bodyErrorType : ""));
            }
        }
        if (s.endReason != null && !"quit".equals(s.endReason) && !"continued".equals(s.endReason)) return new Outcome("incomplete", s.endReason);
        return new Outcome("ok", "");
    }
}
