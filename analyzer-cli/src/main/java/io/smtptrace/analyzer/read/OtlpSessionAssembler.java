package io.smtptrace.analyzer.read;

import io.smtptrace.contract.SmtpAttributes;
import io.smtptrace.contract.SmtpValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.smtptrace.analyzer.model.Exchange;
import io.smtptrace.analyzer.model.MessageAttempt;
import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.model.SessionDerivation;
import io.smtptrace.analyzer.read.OtlpJsonReader.EventRec;
import io.smtptrace.analyzer.read.OtlpJsonReader.SpanRec;

/**
 * Groups SMTP spans into sessions by {@code smtp.connection.id} (per the span contract) and releases a session as soon
 * as its last span ({@code smtp.connection.end}) and all its exchanges have arrived. Collector files may reorder spans,
 * so a bounded number of sessions stays open; the rest is flushed at end of input.
 */
final class OtlpSessionAssembler {
    static final int MAX_OPEN = 5000;
    private static final int MAX_ORPHANS = 20000;

    private final String file;
    private final Consumer<Session> sink;
    private final Diagnostics diag;
    private final Map<String, Open> open = new LinkedHashMap<>();
    /** operation span id -> connection key, for exchange child spans (smtptrace.exchanges=spans) */
    private final Map<String, String> spanToConn = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> e) {
            return size() > 50000;
        }
    };
    private final Map<String, List<SpanRec>> orphans = new LinkedHashMap<>();
    private int orphanCount;
    private long smtpSpans;
    private long otherSpans;
    private boolean overflowWarned;

    private static final class Open {
        Session s = new Session();
        /** seqs above {@link #flushedUpTo} seen so far (earlier ones went out with a previous part) */
        final Set<Integer> seqs = new HashSet<>();
        int flushedUpTo;
        int expectedMaxSeq;
        boolean ended;
    }

    OtlpSessionAssembler(String file, Consumer<Session> sink, Diagnostics diag) {
        this.file = file;
        this.sink = sink;
        this.diag = diag;
    }

    long smtpSpans() {
        return smtpSpans;
    }

    long otherSpans() {
        return otherSpans;
    }

    void accept(SpanRec sp) {
        Attrs a = sp.attributes;
        String connId = str(a.get(SmtpAttributes.CONNECTION_ID));
        boolean smtp = "smtp".equalsIgnoreCase(str(a.get("network.protocol.name")));
        if (connId == null && a.containsKey(SmtpAttributes.SEQ) && sp.parentSpanId != null) {
            // an exchange exported as its own INTERNAL span
            smtpSpans++;
            String key = spanToConn.get(sp.parentSpanId);
            if (key != null && open.containsKey(key)) addExchangeSpan(open.get(key), sp);
            else if (orphanCount < MAX_ORPHANS) {
                orphans.computeIfAbsent(sp.parentSpanId, k -> new ArrayList<>()).add(sp);
                orphanCount++;
            }
            return;
        }
        if (!smtp || connId == null) {
            otherSpans++;
            return;
        }
        smtpSpans++;
        String service = str(sp.resource.get("service.name"));
        String key = connId + "|" + (service == null ? "" : service) + "|" + nz(str(sp.resource.get("host.name")));
        Open o = open.get(key);
        if (o == null) {
            o = new Open();
            o.s.id = connId;
            o.s.source = file;
            o.s.serviceName = service;
            open.put(key, o);
            if (open.size() > MAX_OPEN) evictOldest();
        }
        if (sp.spanId != null) spanToConn.put(sp.spanId, key);
        if (a.containsKey(SmtpAttributes.SEQ)) addExchangeSpan(o, sp); // an exchange span that also carries the connection id
        else addOperationSpan(o, sp);
        List<SpanRec> kids = sp.spanId == null ? null : orphans.remove(sp.spanId);
        if (kids != null) {
            orphanCount -= kids.size();
            for (SpanRec k : kids) addExchangeSpan(o, k);
        }
        if (o.ended && complete(o)) finish(key);
        else maybeSplit(o);
    }

    private static boolean complete(Open o) {
        if (o.expectedMaxSeq <= 0) return true; // PIT: `< 0` here is equivalent: at 0 the loop below has no step, true
        for (int i = o.flushedUpTo + 1; i <= o.expectedMaxSeq; i++) if (!o.seqs.contains(i)) return false;
        return true;
    }

    /** A very long (pooled) connection is handed over in parts once everything so far has arrived in order. */
    private void maybeSplit(Open o) {
        if (o.ended || o.s.exchanges.size() < Session.MAX_EXCHANGES_PER_PART || !complete(o)) return;
        Session next = o.s.continuation();
        o.s.endReason = "continued";
        sink.accept(SessionDerivation.derive(o.s));
        o.s = next;
        o.flushedUpTo = o.expectedMaxSeq;
        o.seqs.clear(); // PIT: removing this is equivalent: seqs up to flushedUpTo are turned away before the set is asked
    }

    private void evictOldest() {
        Iterator<String> it = open.keySet().iterator();
        String k = it.next();
        if (!overflowWarned) {
            diag.problem(file, 0, "json.tooManyOpen", String.valueOf(MAX_OPEN));
            overflowWarned = true;
        }
        finish(k);
    }

    private void finish(String key) {
        Open o = open.remove(key);
        if (o == null) return;
        sink.accept(SessionDerivation.derive(o.s));
    }

    void flushAll() {
        for (String k : new ArrayList<>(open.keySet())) finish(k);
        orphans.clear();
        orphanCount = 0;
    }

    private void addOperationSpan(Open o, SpanRec sp) {
        Session s = o.s;
        Attrs a = sp.attributes;
        String op = str(a.get(SmtpAttributes.OPERATION));
        if (s.host == null) s.host = str(a.get("server.address"));
        if (s.port <= 0 && a.get("server.port") instanceof Number n) s.port = n.intValue();
        if (s.clientLibrary == null) s.clientLibrary = str(a.get(SmtpAttributes.CLIENT_LIBRARY));
        if (s.clientLibraryVersion == null) s.clientLibraryVersion = str(a.get(SmtpAttributes.CLIENT_LIBRARY_VERSION));
        if (Boolean.TRUE.equals(a.get(SmtpAttributes.SSL_REQUESTED))) s.sslRequested = true;
        if (sp.start != null && (s.start == null || sp.start.isBefore(s.start))) s.start = sp.start;
        if (sp.end != null && (s.end == null || sp.end.isAfter(s.end))) s.end = sp.end;
        if (a.containsKey(SmtpAttributes.TLS_MODE)) s.tlsMode = str(a.get(SmtpAttributes.TLS_MODE));
        if (a.get("tls.established") instanceof Boolean b) s.tlsEstablished = b;
        if (a.containsKey(SmtpAttributes.TLS_ERROR_TYPE)) s.tlsErrorType = str(a.get(SmtpAttributes.TLS_ERROR_TYPE));
        if (a.containsKey(SmtpAttributes.TLS_ERROR_MESSAGE)) s.tlsErrorMessage = str(a.get(SmtpAttributes.TLS_ERROR_MESSAGE));
        if (Boolean.TRUE.equals(a.get(SmtpAttributes.EHLO_STARTTLS_OFFERED))) s.starttlsOffered = true;
        if (a.get(SmtpAttributes.EHLO_EXTENSIONS) instanceof List<?> ext) {
            List<String> l = new ArrayList<>();
            for (Object x : ext) l.add(String.valueOf(x));
            s.ehloExtensions.add(l);
        }
        if (a.get(SmtpAttributes.EHLO_SIZE_LIMIT) instanceof Number n) s.sizeLimit = n.longValue();
        if (a.containsKey(SmtpAttributes.AUTH_MECHANISM)) s.authMechanism = str(a.get(SmtpAttributes.AUTH_MECHANISM));
        if (a.containsKey(SmtpAttributes.AUTH_OUTCOME)) s.authOutcome = str(a.get(SmtpAttributes.AUTH_OUTCOME));
        if (a.get(SmtpAttributes.AUTH_REPLY_CODE) instanceof Number n) s.authReplyCode = n.intValue();
        if ("send".equals(op) || a.containsKey(SmtpAttributes.MESSAGE_INDEX)) s.messages.add(message(a));
        if (a.containsKey(SmtpAttributes.CONNECTION_END)) {
            s.endReason = str(a.get(SmtpAttributes.CONNECTION_END));
            o.ended = true;
        }
        if (a.get(SmtpAttributes.EXCHANGE_FIRST_SEQ) instanceof Number f && a.get(SmtpAttributes.EXCHANGE_COUNT) instanceof Number c) {
            o.expectedMaxSeq = Math.max(o.expectedMaxSeq, f.intValue() + c.intValue() - 1);
        }
        for (EventRec e : sp.events) {
            if (SmtpValues.EXCHANGE_EVENT.equals(e.name)) addExchange(o, e.attributes, e.time != null ? e.time : sp.start, op);
            else if ("exception".equals(e.name)) {
                String t = str(e.attributes.get("exception.type"));
                String m = str(e.attributes.get("exception.message"));
                s.exceptions.add(nz(t) + (m != null ? ": " + m : ""));
            }
        }
    }

    private void addExchangeSpan(Open o, SpanRec sp) {
        String op = null;
        addExchange(o, sp.attributes, sp.start, op);
    }

    private void addExchange(Open o, Attrs a, Instant time, String op) {
        if (!(a.get(SmtpAttributes.SEQ) instanceof Number n)) return;
        int seq = n.intValue();
        if (seq <= o.flushedUpTo || !o.seqs.add(seq)) return; // duplicate (Collector retries) or already handed over
        Exchange e = new Exchange();
        e.seq = seq;
        e.time = time;
        e.operation = op;
        String type = str(a.get(SmtpAttributes.EXCHANGE_TYPE));
        if (type != null) e.type = type;
        e.verb = str(a.get(SmtpAttributes.COMMAND_VERB));
        // traces without smtp.exchange.type: an exchange without a verb was the greeting. With the type, it is trusted:
        // an in_flight_reply (agent attached mid-conversation) is not a greeting, nor a redacted unknown command.
        if (e.verb == null && type == null) e.type = Exchange.GREETING;
        e.line = str(a.get(SmtpAttributes.COMMAND_LINE));
        if (a.get(SmtpAttributes.REPLY_CODE) instanceof Number c) e.replyCode = c.intValue();
        e.enhancedCode = str(a.get(SmtpAttributes.REPLY_ENHANCED_CODE));
        if (a.get(SmtpAttributes.REPLY_LINES) instanceof List<?> l) for (Object x : l) e.replyLines.add(String.valueOf(x));
        if (a.get(SmtpAttributes.EXCHANGE_DURATION_MS) instanceof Number d) e.durationMs = d.doubleValue();
        e.replyError = str(a.get(SmtpAttributes.REPLY_ERROR));
        e.replyErrorMessage = str(a.get(SmtpAttributes.REPLY_ERROR_MESSAGE));
        o.s.exchanges.add(e);
        o.expectedMaxSeq = Math.max(o.expectedMaxSeq, seq);
    }

    private static MessageAttempt message(Attrs a) {
        MessageAttempt m = new MessageAttempt();
        if (a.get(SmtpAttributes.MESSAGE_INDEX) instanceof Number n) m.index = n.intValue();
        m.sender = str(a.get(SmtpAttributes.ENVELOPE_SENDER));
        if (a.get(SmtpAttributes.ENVELOPE_RECIPIENTS) instanceof List<?> l) for (Object x : l) m.recipients.add(String.valueOf(x));
        if (a.get(SmtpAttributes.ENVELOPE_RECIPIENTS_REFUSED) instanceof List<?> l) for (Object x : l) m.refused.add(String.valueOf(x));
        m.dataStarted = Boolean.TRUE.equals(a.get(SmtpAttributes.DATA_STARTED));
        m.dataCompleted = Boolean.TRUE.equals(a.get(SmtpAttributes.DATA_COMPLETED));
        if (a.get(SmtpAttributes.DATA_BYTES) instanceof Number n) m.bytes = n.longValue();
        a.forEach((k, v) -> {
            if (k.startsWith(SmtpAttributes.BODY_PREFIX) && v instanceof Number n) m.body.put(k.substring(SmtpAttributes.BODY_PREFIX.length()), n.longValue());
        });
        m.bodyErrorType = str(a.get(SmtpAttributes.BODY_ERROR_TYPE));
        m.bodyErrorMessage = str(a.get(SmtpAttributes.BODY_ERROR_MESSAGE));
        m.outcome = str(a.get(SmtpAttributes.MESSAGE_OUTCOME));
        return m;
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
