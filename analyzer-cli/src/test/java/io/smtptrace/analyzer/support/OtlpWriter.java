package io.smtptrace.analyzer.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.MessageAttempt;
import io.smtptrace.analyzer.model.Session;

/**
 * Writes sessions as OTLP JSON exactly as src/docs/span-contract.md describes the agent's export: one span per
 * operation (connect, send, close), one smtp.exchange event per exchange, the connection end on the last span. Used to
 * build fixtures until real agent output is available, and to check that both readers fill the model the same way.
 */
public final class OtlpWriter {
    private static final ObjectMapper M = new ObjectMapper();
    private final Random random = new Random(42);
    public boolean exchangesAsSpans;
    public String serviceName = "billing";

    /** Each operation span as one ExportTraceServiceRequest line. */
    public List<String> lines(Session s) {
        List<String> out = new ArrayList<>();
        for (ObjectNode span : spans(s)) out.add(request(List.of(span), serviceName, "io.smtptrace.agent"));
        return out;
    }

    public String request(List<ObjectNode> spans, String service, String scope) {
        ObjectNode root = M.createObjectNode();
        ObjectNode rs = root.putArray("resourceSpans").addObject();
        ArrayNode ra = rs.putObject("resource").putArray("attributes");
        attr(ra, "service.name", service);
        attr(ra, "host.name", "app-host-1");
        ObjectNode ss = rs.putArray("scopeSpans").addObject();
        ss.putObject("scope").put("name", scope);
        ArrayNode arr = ss.putArray("spans");
        spans.forEach(arr::add);
        return root.toString();
    }

    public List<ObjectNode> spans(Session s) {
        String connId = hex(16);
        String traceId = hex(32);
        List<List<Exchange>> ops = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Exchange> cur = new ArrayList<>();
        String curOp = "connect";
        for (Exchange e : s.exchanges) {
            String op = e.is("MAIL") ? "send" : e.is("QUIT") ? "close" : null;
            if (op != null && !(op.equals(curOp) && cur.isEmpty())) {
                if (!cur.isEmpty() || curOp.equals("connect")) {
                    ops.add(cur);
                    names.add(curOp);
                }
                cur = new ArrayList<>();
                curOp = op;
            }
            cur.add(e);
        }
        ops.add(cur);
        names.add(curOp);
        List<ObjectNode> spans = new ArrayList<>();
        String rootSpan = null;
        int msgIndex = 0;
        Instant base = s.start != null ? s.start : Instant.parse("2026-11-29T04:10:00Z");
        for (int i = 0; i < ops.size(); i++) {
            List<Exchange> ex = ops.get(i);
            String op = names.get(i);
            ObjectNode span = M.createObjectNode();
            String spanId = hex(16);
            span.put("traceId", traceId);
            span.put("spanId", spanId);
            if (rootSpan != null) span.put("parentSpanId", rootSpan);
            else rootSpan = spanId;
            span.put("name", "SMTP " + op);
            span.put("kind", 3);
            Instant st = ex.isEmpty() || ex.get(0).time == null ? base.plusMillis(i * 10L) : ex.get(0).time;
            span.put("startTimeUnixNano", nanos(st));
            span.put("endTimeUnixNano", nanos(st.plusMillis(5)));
            ArrayNode a = span.putArray("attributes");
            attr(a, "server.address", s.host);
            attr(a, "server.port", (long) s.port);
            attr(a, "network.protocol.name", "smtp");
            attr(a, "network.transport", "tcp");
            attr(a, "smtp.connection.id", connId);
            attr(a, "smtp.operation", op);
            if (s.clientLibrary != null) attr(a, "smtp.client.library", s.clientLibrary);
            attr(a, "smtp.ssl.requested", s.sslRequested);
            if (!ex.isEmpty()) attr(a, "smtp.exchange.first_seq", (long) ex.get(0).seq);
            attr(a, "smtp.exchange.count", (long) ex.size());
            if (op.equals("connect")) {
                attr(a, "smtp.tls.mode", s.tlsMode);
                if (s.tlsEstablished != null) attr(a, "tls.established", s.tlsEstablished);
                if (s.tlsErrorType != null) attr(a, "smtp.tls.error.type", s.tlsErrorType);
                if (s.tlsErrorMessage != null) attr(a, "smtp.tls.error.message", s.tlsErrorMessage);
                if (!s.ehloExtensions.isEmpty()) arr(a, "smtp.ehlo.extensions", s.ehloExtensions.get(s.ehloExtensions.size() - 1));
                attr(a, "smtp.ehlo.starttls_offered", s.starttlsOffered);
                if (s.sizeLimit != null) attr(a, "smtp.ehlo.size_limit", s.sizeLimit);
                if (s.authMechanism != null) attr(a, "smtp.auth.mechanism", s.authMechanism);
                if (s.authOutcome != null) attr(a, "smtp.auth.outcome", s.authOutcome);
                if (s.authReplyCode != null) attr(a, "smtp.auth.reply_code", (long) s.authReplyCode);
            }
            if (op.equals("send") && msgIndex < s.messages.size()) {
                MessageAttempt m = s.messages.get(msgIndex++);
                attr(a, "smtp.message.index", (long) m.index);
                if (m.sender != null) attr(a, "smtp.envelope.sender", m.sender);
                arr(a, "smtp.envelope.recipients", m.recipients);
                attr(a, "smtp.envelope.recipient_count", (long) m.recipients.size());
                arr(a, "smtp.envelope.recipients_refused", m.refused);
                attr(a, "smtp.envelope.refused_count", (long) m.refused.size());
                attr(a, "smtp.data.mode", "data");
                attr(a, "smtp.data.started", m.dataStarted);
                attr(a, "smtp.data.completed", m.dataCompleted);
                if (m.bytes != null) attr(a, "smtp.data.bytes", m.bytes);
                m.body.forEach((k, v) -> attr(a, "smtp.body." + k, v));
                if (m.bodyErrorType != null) attr(a, "smtp.body.error.type", m.bodyErrorType);
                if (m.bodyErrorMessage != null) attr(a, "smtp.body.error.message", m.bodyErrorMessage);
                if (m.outcome != null) attr(a, "smtp.message.outcome", m.outcome);
            }
            if (i == ops.size() - 1) {
                attr(a, "smtp.connection.end", s.endReason);
                attr(a, "smtp.connection.messages", (long) s.messages.size());
                attr(a, "smtp.connection.duration_ms", 12.5);
            }
            Exchange failed = ex.stream().filter(e -> e.replyCode != null && e.replyCode >= 400).findFirst().orElse(null);
            if (failed != null) attr(a, "error.type", String.valueOf(failed.replyCode));
            ArrayNode events = span.putArray("events");
            for (Exchange e : ex) {
                ObjectNode ev = M.createObjectNode();
                ev.put("timeUnixNano", nanos(e.time != null ? e.time : st));
                ev.put("name", "smtp.exchange");
                ArrayNode ea = ev.putArray("attributes");
                attr(ea, "smtp.seq", (long) e.seq);
                attr(ea, "smtp.exchange.type", e.type);
                if (e.verb != null) attr(ea, "smtp.command.verb", e.verb);
                if (e.line != null && !e.isGreeting()) attr(ea, "smtp.command.line", e.line);
                if (e.replyCode != null) attr(ea, "smtp.reply.code", (long) e.replyCode);
                if (e.enhancedCode != null) attr(ea, "smtp.reply.enhanced_code", e.enhancedCode);
                if (!e.replyLines.isEmpty()) arr(ea, "smtp.reply.lines", e.replyLines);
                if (e.durationMs != null) attr(ea, "smtp.exchange.duration_ms", e.durationMs);
                if (e.replyError != null) attr(ea, "smtp.reply.error", e.replyError);
                if (e.replyErrorMessage != null) attr(ea, "smtp.reply.error.message", e.replyErrorMessage);
                if (exchangesAsSpans) {
                    ObjectNode child = M.createObjectNode();
                    child.put("traceId", traceId);
                    child.put("spanId", hex(16));
                    child.put("parentSpanId", spanId);
                    child.put("name", e.isGreeting() ? "SMTP greeting" : "SMTP " + (e.verb == null ? "AUTH" : e.verb));
                    child.put("kind", "SPAN_KIND_INTERNAL");
                    child.put("startTimeUnixNano", ev.get("timeUnixNano").asText());
                    child.put("endTimeUnixNano", ev.get("timeUnixNano").asText());
                    child.set("attributes", ea);
                    spans.add(child);
                } else events.add(ev);
            }
            for (String x : i == ops.size() - 1 ? s.exceptions : List.<String>of()) {
                ObjectNode ev = events.addObject();
                ev.put("timeUnixNano", nanos(st));
                ev.put("name", "exception");
                ArrayNode ea = ev.putArray("attributes");
                int c = x.indexOf(": ");
                attr(ea, "exception.type", c > 0 ? x.substring(0, c) : x);
                if (c > 0) attr(ea, "exception.message", x.substring(c + 2));
            }
            if (failed != null || s.tlsErrorType != null && op.equals("connect")) span.putObject("status").put("code", 2);
            spans.add(span);
        }
        return spans;
    }

    /** An HTTP span of another service, as a Collector file would mix in. */
    public ObjectNode httpSpan() {
        ObjectNode span = M.createObjectNode();
        span.put("traceId", hex(32));
        span.put("spanId", hex(16));
        span.put("name", "GET /api/orders");
        span.put("kind", "SPAN_KIND_SERVER");
        span.put("startTimeUnixNano", "1795927471000000000");
        span.put("endTimeUnixNano", "1795927471005000000");
        ArrayNode a = span.putArray("attributes");
        attr(a, "http.request.method", "GET");
        attr(a, "http.response.status_code", 200L);
        attr(a, "network.protocol.name", "http");
        return span;
    }

    public void shuffle(List<?> l) {
        Collections.shuffle(l, random);
    }

    private String hex(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(Character.forDigit(random.nextInt(16), 16));
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    private static String nanos(Instant t) {
        return String.valueOf(t.getEpochSecond() * 1_000_000_000L + t.getNano());
    }

    static void attr(ArrayNode a, String k, Object v) {
        if (v == null) return;
        ObjectNode o = a.addObject();
        o.put("key", k);
        ObjectNode val = o.putObject("value");
        if (v instanceof String s) val.put("stringValue", s);
        else if (v instanceof Boolean b) val.put("boolValue", b);
        else if (v instanceof Double d) val.put("doubleValue", d);
        else if (v instanceof Number n) val.put("intValue", String.valueOf(n.longValue()));
    }

    static void arr(ArrayNode a, String k, List<String> values) {
        ObjectNode o = a.addObject();
        o.put("key", k);
        ArrayNode vs = o.putObject("value").putObject("arrayValue").putArray("values");
        for (String v : values) vs.addObject().put("stringValue", v);
    }
}
