package io.smtptrace.analyzer.report.html;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.MessageAttempt;
import io.smtptrace.analyzer.model.Session;

/**
 * One connection as the page's JSON: a row (id, server, start, duration, outcome, rules hit) and, while the detail
 * budget lasts, everything the sequence diagram draws (exchanges with their replies and timings, messages with body
 * counts, TLS, AUTH, exceptions, how it ended). Short keys: the file holds thousands of these.
 */
final class SessionJson {
    /** Exchanges drawn per connection; a pooled connection's part holds up to 20,000 and nobody reads that as a diagram. */
    static final int MAX_EXCHANGES = 1_000;
    /** Characters of the outcome text in a row, which every listed connection carries. */
    static final int MAX_ROW_TEXT = 160;
    /** Recipients listed per message (the count is always there). */
    static final int MAX_RECIPIENTS = 10;

    private SessionJson() {}

    static void row(JsonGenerator g, Session s, int server, Outcome o, List<String> rules) throws IOException {
        g.writeStringField("i", s.id);
        g.writeNumberField("s", server);
        if (s.start != null) g.writeNumberField("t", s.start.toEpochMilli());
        if (s.start != null && s.end != null) g.writeNumberField("d", Duration.between(s.start, s.end).toMillis());
        g.writeStringField("o", o.kind());
        // the row says what went wrong first in a line; the diagram has the whole text
        if (!o.detail().isEmpty()) g.writeStringField("od", o.detail().length() > MAX_ROW_TEXT ? o.detail().substring(0, MAX_ROW_TEXT - 1) + "\u2026" : o.detail());
        g.writeNumberField("m", s.messages.size());
        if (!rules.isEmpty()) {
            g.writeArrayFieldStart("r");
            for (String r : rules) g.writeString(r);
            g.writeEndArray();
        }
    }

    static void detail(JsonGenerator g, Session s) throws IOException {
        g.writeObjectFieldStart("x");
        str(g, "src", s.source);
        str(g, "lib", s.clientLibrary == null ? null : s.clientLibrary + (s.clientLibraryVersion != null ? " " + s.clientLibraryVersion : ""));
        str(g, "svc", s.serviceName);
        str(g, "tls", s.tlsMode);
        if (s.tlsEstablished != null) g.writeBooleanField("tlsOk", s.tlsEstablished);
        str(g, "tlsErr", s.tlsErrorType == null ? null : s.tlsErrorType + (s.tlsErrorMessage != null ? ": " + s.tlsErrorMessage : ""));
        if (s.tlsErrorUnlogged) g.writeBooleanField("tlsUnlogged", true);
        str(g, "authMech", s.authMechanism);
        str(g, "auth", s.authOutcome);
        str(g, "end", s.endReason);
        if (s.sizeLimit != null) g.writeNumberField("size", s.sizeLimit);
        if (s.part > 1) g.writeNumberField("part", s.part);
        if (!s.exceptions.isEmpty()) {
            g.writeArrayFieldStart("exc");
            for (String e : s.exceptions) g.writeString(e);
            g.writeEndArray();
        }
        g.writeArrayFieldStart("ex");
        int n = 0;
        for (Exchange e : s.exchanges) {
            if (n++ == MAX_EXCHANGES) break;
            exchange(g, s.start, e);
        }
        g.writeEndArray();
        if (s.exchanges.size() > MAX_EXCHANGES) g.writeNumberField("exMore", s.exchanges.size() - MAX_EXCHANGES);
        g.writeArrayFieldStart("msg");
        for (MessageAttempt m : s.messages) message(g, m);
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void exchange(JsonGenerator g, Instant start, Exchange e) throws IOException {
        g.writeStartObject();
        if (start != null && e.time != null) g.writeNumberField("t", Duration.between(start, e.time).toNanos() / 1_000_000.0);
        g.writeStringField("k", e.isGreeting() ? "g" : Exchange.AUTH_CONTINUATION.equals(e.type) ? "a" : "c");
        str(g, "v", e.verb);
        if (!e.isGreeting()) str(g, "l", e.line != null ? e.line : e.verb);
        if (e.replyCode != null) g.writeNumberField("c", e.replyCode);
        if (!e.replyLines.isEmpty()) {
            g.writeArrayFieldStart("r");
            for (String l : e.replyLines) g.writeString(l);
            g.writeEndArray();
        }
        if (e.durationMs != null) g.writeNumberField("d", Math.round(e.durationMs * 10) / 10.0);
        str(g, "e", e.replyError);
        str(g, "em", e.replyErrorMessage);
        g.writeEndObject();
    }

    private static void message(JsonGenerator g, MessageAttempt m) throws IOException {
        g.writeStartObject();
        g.writeNumberField("n", m.index);
        str(g, "from", m.sender);
        g.writeNumberField("rcpt", m.recipients.size());
        g.writeArrayFieldStart("to");
        for (int i = 0; i < Math.min(MAX_RECIPIENTS, m.recipients.size()); i++) g.writeString(m.recipients.get(i));
        g.writeEndArray();
        if (!m.refused.isEmpty()) g.writeNumberField("refused", m.refused.size());
        if (m.bytes != null) g.writeNumberField("bytes", m.bytes);
        if (!m.body.isEmpty()) {
            g.writeObjectFieldStart("body");
            for (Map.Entry<String, Long> b : m.body.entrySet()) if (b.getValue() != null) g.writeNumberField(b.getKey(), b.getValue());
            g.writeEndObject();
        }
        str(g, "bodyErr", m.bodyErrorType == null ? null : m.bodyErrorType + (m.bodyErrorMessage != null ? ": " + m.bodyErrorMessage : ""));
        str(g, "o", m.outcome);
        g.writeEndObject();
    }

    private static void str(JsonGenerator g, String k, String v) throws IOException {
        if (v != null) g.writeStringField(k, v);
    }
}
