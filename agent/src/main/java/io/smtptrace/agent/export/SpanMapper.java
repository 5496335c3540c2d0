package io.smtptrace.agent.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smtptrace.agent.capture.BodyStats;
import io.smtptrace.agent.capture.ConnectionInfo;
import io.smtptrace.agent.capture.EnvelopePrivacy;
import io.smtptrace.agent.capture.EhloInfo;
import io.smtptrace.agent.capture.ErrorInfo;
import io.smtptrace.agent.capture.Exchange;
import io.smtptrace.agent.capture.Operation;
import io.smtptrace.agent.capture.OperationKind;
import io.smtptrace.agent.capture.ParentRef;
import io.smtptrace.agent.capture.Reply;
import io.smtptrace.agent.capture.TlsInfo;
import io.smtptrace.contract.SmtpAttributes;
import io.smtptrace.contract.SmtpValues;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Turns finished operations into spans, as documented in src/docs/span-contract.md. Runs on the export thread only.
 */
final class SpanMapper {

    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> PROTOCOL = AttributeKey.stringKey("network.protocol.name");
    static final AttributeKey<String> TRANSPORT = AttributeKey.stringKey("network.transport");
    static final AttributeKey<String> PEER = AttributeKey.stringKey("network.peer.address");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> CONNECTION_ID = AttributeKey.stringKey(SmtpAttributes.CONNECTION_ID);
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey(SmtpAttributes.OPERATION);
    static final AttributeKey<String> LIBRARY = AttributeKey.stringKey(SmtpAttributes.CLIENT_LIBRARY);
    static final AttributeKey<String> LIBRARY_VERSION = AttributeKey.stringKey(SmtpAttributes.CLIENT_LIBRARY_VERSION);
    static final AttributeKey<Boolean> SSL_REQUESTED = AttributeKey.booleanKey(SmtpAttributes.SSL_REQUESTED);
    static final AttributeKey<Boolean> ATTACHED = AttributeKey.booleanKey(SmtpAttributes.CONNECTION_ATTACHED_MIDWAY);
    static final AttributeKey<Long> FIRST_SEQ = AttributeKey.longKey(SmtpAttributes.EXCHANGE_FIRST_SEQ);
    static final AttributeKey<Long> EXCHANGE_COUNT = AttributeKey.longKey(SmtpAttributes.EXCHANGE_COUNT);

    static final AttributeKey<Long> SEQ = AttributeKey.longKey(SmtpAttributes.SEQ);
    static final AttributeKey<String> EXCHANGE_TYPE = AttributeKey.stringKey(SmtpAttributes.EXCHANGE_TYPE);
    static final AttributeKey<String> VERB = AttributeKey.stringKey(SmtpAttributes.COMMAND_VERB);
    static final AttributeKey<String> LINE = AttributeKey.stringKey(SmtpAttributes.COMMAND_LINE);
    static final AttributeKey<Long> CODE = AttributeKey.longKey(SmtpAttributes.REPLY_CODE);
    static final AttributeKey<String> ENHANCED = AttributeKey.stringKey(SmtpAttributes.REPLY_ENHANCED_CODE);
    static final AttributeKey<List<String>> LINES = AttributeKey.stringArrayKey(SmtpAttributes.REPLY_LINES);
    static final AttributeKey<Double> DURATION = AttributeKey.doubleKey(SmtpAttributes.EXCHANGE_DURATION_MS);
    static final AttributeKey<String> REPLY_ERROR = AttributeKey.stringKey(SmtpAttributes.REPLY_ERROR);
    static final AttributeKey<String> REPLY_ERROR_MESSAGE = AttributeKey.stringKey(SmtpAttributes.REPLY_ERROR_MESSAGE);

    private static final AttributeKey<String> K_EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
    private static final AttributeKey<String> K_EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    private static final AttributeKey<String> K_SMTP_AUTH_MECHANISM = AttributeKey.stringKey(SmtpAttributes.AUTH_MECHANISM);
    private static final AttributeKey<String> K_SMTP_AUTH_OUTCOME = AttributeKey.stringKey(SmtpAttributes.AUTH_OUTCOME);
    private static final AttributeKey<Long> K_SMTP_AUTH_REPLY_CODE = AttributeKey.longKey(SmtpAttributes.AUTH_REPLY_CODE);
    private static final AttributeKey<Long> K_SMTP_BODY_BARE_CR = AttributeKey.longKey(SmtpAttributes.BODY_BARE_CR);
    private static final AttributeKey<Long> K_SMTP_BODY_BARE_LF = AttributeKey.longKey(SmtpAttributes.BODY_BARE_LF);
    private static final AttributeKey<Long> K_SMTP_BODY_DOT_LINES = AttributeKey.longKey(SmtpAttributes.BODY_DOT_LINES);
    private static final AttributeKey<String> K_SMTP_BODY_ERROR_MESSAGE = AttributeKey.stringKey(SmtpAttributes.BODY_ERROR_MESSAGE);
    private static final AttributeKey<String> K_SMTP_BODY_ERROR_TYPE = AttributeKey.stringKey(SmtpAttributes.BODY_ERROR_TYPE);
    private static final AttributeKey<Long> K_SMTP_BODY_LINES = AttributeKey.longKey(SmtpAttributes.BODY_LINES);
    private static final AttributeKey<Long> K_SMTP_BODY_LONGEST_LINE = AttributeKey.longKey(SmtpAttributes.BODY_LONGEST_LINE);
    private static final AttributeKey<Long> K_SMTP_BODY_NON_ASCII = AttributeKey.longKey(SmtpAttributes.BODY_NON_ASCII);
    private static final AttributeKey<Long> K_SMTP_BODY_NUL = AttributeKey.longKey(SmtpAttributes.BODY_NUL);
    private static final AttributeKey<Double> K_SMTP_CONNECTION_DURATION_MS = AttributeKey.doubleKey(SmtpAttributes.CONNECTION_DURATION_MS);
    private static final AttributeKey<String> K_SMTP_CONNECTION_END = AttributeKey.stringKey(SmtpAttributes.CONNECTION_END);
    private static final AttributeKey<Long> K_SMTP_CONNECTION_MESSAGES = AttributeKey.longKey(SmtpAttributes.CONNECTION_MESSAGES);
    private static final AttributeKey<Long> K_SMTP_DATA_BYTES = AttributeKey.longKey(SmtpAttributes.DATA_BYTES);
    private static final AttributeKey<Boolean> K_SMTP_DATA_COMPLETED = AttributeKey.booleanKey(SmtpAttributes.DATA_COMPLETED);
    private static final AttributeKey<Boolean> K_SMTP_DATA_END_SENT = AttributeKey.booleanKey(SmtpAttributes.DATA_END_SENT);
    private static final AttributeKey<String> K_SMTP_DATA_MODE = AttributeKey.stringKey(SmtpAttributes.DATA_MODE);
    private static final AttributeKey<Boolean> K_SMTP_DATA_STARTED = AttributeKey.booleanKey(SmtpAttributes.DATA_STARTED);
    private static final AttributeKey<Boolean> K_SMTP_EHLO_8BITMIME = AttributeKey.booleanKey(SmtpAttributes.EHLO_8BITMIME);
    private static final AttributeKey<Boolean> K_SMTP_EHLO_CHUNKING = AttributeKey.booleanKey(SmtpAttributes.EHLO_CHUNKING);
    private static final AttributeKey<Boolean> K_SMTP_EHLO_PIPELINING = AttributeKey.booleanKey(SmtpAttributes.EHLO_PIPELINING);
    private static final AttributeKey<Long> K_SMTP_EHLO_SIZE_LIMIT = AttributeKey.longKey(SmtpAttributes.EHLO_SIZE_LIMIT);
    private static final AttributeKey<Boolean> K_SMTP_EHLO_SMTPUTF8 = AttributeKey.booleanKey(SmtpAttributes.EHLO_SMTPUTF8);
    private static final AttributeKey<Boolean> K_SMTP_EHLO_STARTTLS_OFFERED = AttributeKey.booleanKey(SmtpAttributes.EHLO_STARTTLS_OFFERED);
    private static final AttributeKey<Long> K_SMTP_ENVELOPE_RECIPIENT_COUNT = AttributeKey.longKey(SmtpAttributes.ENVELOPE_RECIPIENT_COUNT);
    private static final AttributeKey<Long> K_SMTP_ENVELOPE_REFUSED_COUNT = AttributeKey.longKey(SmtpAttributes.ENVELOPE_REFUSED_COUNT);
    private static final AttributeKey<String> K_SMTP_ENVELOPE_SENDER = AttributeKey.stringKey(SmtpAttributes.ENVELOPE_SENDER);
    private static final AttributeKey<String> K_SMTP_EXCEPTION_CAUSE_MESSAGE = AttributeKey.stringKey(SmtpAttributes.EXCEPTION_CAUSE_MESSAGE);
    private static final AttributeKey<String> K_SMTP_EXCEPTION_CAUSE_TYPE = AttributeKey.stringKey(SmtpAttributes.EXCEPTION_CAUSE_TYPE);
    private static final AttributeKey<Long> K_SMTP_MESSAGE_INDEX = AttributeKey.longKey(SmtpAttributes.MESSAGE_INDEX);
    private static final AttributeKey<String> K_SMTP_MESSAGE_OUTCOME = AttributeKey.stringKey(SmtpAttributes.MESSAGE_OUTCOME);
    private static final AttributeKey<String> K_SMTP_TLS_ERROR_MESSAGE = AttributeKey.stringKey(SmtpAttributes.TLS_ERROR_MESSAGE);
    private static final AttributeKey<String> K_SMTP_TLS_ERROR_TYPE = AttributeKey.stringKey(SmtpAttributes.TLS_ERROR_TYPE);
    private static final AttributeKey<String> K_SMTP_TLS_MODE = AttributeKey.stringKey(SmtpAttributes.TLS_MODE);
    private static final AttributeKey<String> K_TLS_CIPHER = AttributeKey.stringKey("tls.cipher");
    private static final AttributeKey<Boolean> K_TLS_ESTABLISHED = AttributeKey.booleanKey("tls.established");
    private static final AttributeKey<String> K_TLS_PROTOCOL_NAME = AttributeKey.stringKey("tls.protocol.name");
    private static final AttributeKey<String> K_TLS_PROTOCOL_VERSION = AttributeKey.stringKey("tls.protocol.version");
    private static final AttributeKey<List<String>> K_SMTP_EHLO_EXTENSIONS = AttributeKey.stringArrayKey(SmtpAttributes.EHLO_EXTENSIONS);
    private static final AttributeKey<List<String>> K_SMTP_EHLO_AUTH_MECHANISMS = AttributeKey.stringArrayKey(SmtpAttributes.EHLO_AUTH_MECHANISMS);
    private static final AttributeKey<List<String>> K_SMTP_ENVELOPE_RECIPIENTS = AttributeKey.stringArrayKey(SmtpAttributes.ENVELOPE_RECIPIENTS);
    private static final AttributeKey<List<String>> K_SMTP_ENVELOPE_RECIPIENTS_REFUSED = AttributeKey.stringArrayKey(SmtpAttributes.ENVELOPE_RECIPIENTS_REFUSED);

    /** Span names by operation kind, so naming a span builds no string. */
    private static final String[] SPAN_NAMES = new String[OperationKind.values().length];

    static {
        for (OperationKind k : OperationKind.values()) {
            SPAN_NAMES[k.ordinal()] = "SMTP " + k.label;
        }
    }

    private final Tracer tracer;
    private final boolean exchangeSpans;
    private final EnvelopePrivacy privacy;
    /**
     * The context of each live connection's connect span, so later operations join its trace (kept as a parent
     * context, built once per connection). Bounded as a safety net.
     */
    private final Map<String, Context> connectSpans = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Context> eldest) {
            return size() > 10_000;
        }
    };

    /** Exchange attributes are collected here, then copied to an array of their exact size (export thread only). */
    private final Object[] scratch = new Object[20];
    /** Reply codes, boxed once: most are above the range {@code Long.valueOf} caches. */
    private static final Long[] REPLY_CODES = new Long[600];

    static {
        for (int i = 0; i < REPLY_CODES.length; i++) {
            REPLY_CODES[i] = (long) i;
        }
    }

    /** Child span names by verb ({@code exchanges=spans}): verbs are few, so each name is built once. */
    private final Map<String, String> childNames = new HashMap<>();

    /** Gives connect spans their connection's ids; null when the SDK was built without it (tests). */
    private final ConnectionIds ids;

    SpanMapper(Tracer tracer, boolean exchangeSpans, EnvelopePrivacy privacy) {
        this(tracer, exchangeSpans, privacy, null);
    }

    SpanMapper(Tracer tracer, boolean exchangeSpans, EnvelopePrivacy privacy, ConnectionIds ids) {
        this.ids = ids;
        this.tracer = tracer;
        this.exchangeSpans = exchangeSpans;
        this.privacy = privacy;
    }

    void export(Operation op) {
        ConnectionInfo c = op.connection;
        // attributes go straight onto the builder: no intermediate Attributes to build, sort and copy
        SpanBuilder b = tracer.spanBuilder(SPAN_NAMES[op.kind.ordinal()])
                .setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(op.startEpochNanos, TimeUnit.NANOSECONDS);
        Context parent = op.kind == OperationKind.CONNECT ? null : connectSpans.get(c.id);
        if (parent == null && op.kind != OperationKind.CONNECT && ids != null) {
            // the connect span was not seen here (dropped from a full queue, or the agent attached later): its ids
            // were drawn with the connection, so this span still joins the connection's trace
            parent = Context.root().with(Span.wrap(SpanContext.create(ConnectionIds.traceId(c),
                    ConnectionIds.connectSpanId(c), TraceFlags.getSampled(), TraceState.getDefault())));
        }
        if (op.kind == OperationKind.CONNECT && ids != null) {
            ids.nextIsConnectSpanOf(c);
        }
        // ---- the application's trace (issue #11, span-contract.md "Inside the application's trace") ----
        ParentRef app = op.parent();
        if (app != null) {
            SpanContext appSpan = SpanParentage.spanContext(app);
            if (app.sampled) {
                if (parent != null) {
                    // a later operation (a pooled connection's send): where its connection began
                    b.addLink(Span.fromContext(parent).getSpanContext());
                }
                parent = Context.root().with(Span.wrap(appSpan));
            } else {
                b.addLink(appSpan); // never parented to an unsampled span: the SMTP spans are always recorded
            }
        }
        // ---- end of the application's trace ----
        if (parent != null) {
            b.setParent(parent);
        } else {
            b.setNoParent();
        }
        if (c.host() != null) {
            b.setAttribute(SERVER_ADDRESS, c.host());
        } else if (c.peerAddress() != null) {
            b.setAttribute(SERVER_ADDRESS, c.peerAddress());
        }
        if (c.port() > 0) {
            b.setAttribute(SERVER_PORT, c.port());
        }
        b.setAttribute(PROTOCOL, "smtp").setAttribute(TRANSPORT, "tcp");
        if (c.peerAddress() != null) {
            b.setAttribute(PEER, c.peerAddress());
        }
        b.setAttribute(CONNECTION_ID, c.id).setAttribute(OPERATION, op.kind.label).setAttribute(LIBRARY, c.library);
        if (c.libraryVersion != null) {
            b.setAttribute(LIBRARY_VERSION, c.libraryVersion);
        }
        b.setAttribute(SSL_REQUESTED, c.sslRequested());
        if (c.attachedMidway()) {
            b.setAttribute(ATTACHED, true);
        }
        int exchanges = op.exchangeCount();
        if (exchanges > 0) {
            b.setAttribute(FIRST_SEQ, op.exchange(0).seq);
        }
        b.setAttribute(EXCHANGE_COUNT, exchanges);
        connectAttributes(op, b);
        sendAttributes(op, b);
        endAttributes(op, b);
        if (op.errorType() != null) {
            b.setAttribute(ERROR_TYPE, op.errorType());
        }
        Span span = b.startSpan();
        if (op.kind == OperationKind.CONNECT && op.end() == null) {
            // only the span's ids: the ended span itself (attributes, events) is not kept for the connection's life
            connectSpans.put(c.id, Context.root().with(Span.wrap(span.getSpanContext())));
        }
        Context spanContext = null;
        for (int i = 0; i < exchanges; i++) {
            Exchange ex = op.exchange(i);
            Attributes ea = exchangeAttributes(ex);
            if (exchangeSpans) {
                if (spanContext == null) {
                    spanContext = Context.root().with(span);
                }
                Span child = tracer.spanBuilder(childName(ex))
                        .setParent(spanContext)
                        .setSpanKind(SpanKind.INTERNAL)
                        .setStartTimestamp(ex.startEpochNanos, TimeUnit.NANOSECONDS)
                        .setAllAttributes(ea)
                        .startSpan();
                if (ex.hasReply() && ex.code() >= 400 || ex.replyError() != null && !SmtpValues.REPLY_ERROR_NOT_AWAITED.equals(ex.replyError())) {
                    child.setStatus(StatusCode.ERROR);
                }
                child.end(endOf(ex), TimeUnit.NANOSECONDS);
            } else {
                span.addEvent(SmtpValues.EXCHANGE_EVENT, ea, ex.startEpochNanos, TimeUnit.NANOSECONDS);
            }
        }
        ErrorInfo thrown = op.thrown();
        if (thrown != null) {
            AttributesBuilder e = Attributes.builder().put(K_EXCEPTION_TYPE, thrown.type);
            if (thrown.message != null) {
                e.put(K_EXCEPTION_MESSAGE, privacy.redactAddresses(thrown.message));
            }
            if (!thrown.rootType.equals(thrown.type)) {
                e.put(K_SMTP_EXCEPTION_CAUSE_TYPE, thrown.rootType);
                if (thrown.rootMessage != null) {
                    e.put(K_SMTP_EXCEPTION_CAUSE_MESSAGE, privacy.redactAddresses(thrown.rootMessage));
                }
            }
            span.addEvent("exception", e.build(), op.endEpochNanos(), TimeUnit.NANOSECONDS);
        }
        if (op.errorType() != null) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end(op.endEpochNanos(), TimeUnit.NANOSECONDS);
        if (op.end() != null) {
            connectSpans.remove(c.id);
        }
    }

    private String childName(Exchange ex) {
        if (ex.verb == null) {
            switch (ex.type) {
                case GREETING:
                    return "SMTP greeting";
                case IN_FLIGHT_REPLY:
                    return "SMTP in-flight reply";
                default:
                    return "SMTP auth continuation";
            }
        }
        String name = childNames.get(ex.verb);
        if (name == null) {
            name = "SMTP " + ex.verb;
            if (childNames.size() < 256) {
                childNames.put(ex.verb, name);
            }
        }
        return name;
    }

    private static long endOf(Exchange ex) {
        return ex.endEpochNanos() > 0 ? ex.endEpochNanos() : ex.startEpochNanos;
    }

    /** In key order (see {@link CompactAttributes}): the order {@code Attributes.builder().build()} would sort them in. */
    Attributes exchangeAttributes(Exchange ex) {
        Object[] kv = scratch;
        int n = 0;
        if (ex.line != null) {
            kv[n++] = LINE;
            kv[n++] = ex.line;
        }
        if (ex.verb != null) {
            kv[n++] = VERB;
            kv[n++] = ex.verb;
        }
        if (ex.endEpochNanos() > 0) {
            kv[n++] = DURATION;
            kv[n++] = (ex.endEpochNanos() - ex.startEpochNanos) / 1_000_000.0;
        }
        kv[n++] = EXCHANGE_TYPE;
        kv[n++] = ex.type.label;
        Reply r = ex.reply();
        if (r != null) {
            kv[n++] = CODE;
            kv[n++] = r.code >= 0 && r.code < REPLY_CODES.length ? REPLY_CODES[r.code] : Long.valueOf(r.code);
            if (r.enhancedCode != null) {
                kv[n++] = ENHANCED;
                kv[n++] = r.enhancedCode;
            }
        }
        if (ex.replyError() != null) {
            kv[n++] = REPLY_ERROR;
            kv[n++] = ex.replyError();
            String message = ex.replyErrorMessage() == null ? null : privacy.redactAddresses(ex.replyErrorMessage());
            if (message != null) {
                kv[n++] = REPLY_ERROR_MESSAGE;
                kv[n++] = message;
            }
        }
        if (r != null) {
            kv[n++] = LINES;
            kv[n++] = redact(r.lines);
        }
        kv[n++] = SEQ;
        kv[n++] = (long) ex.seq;
        CompactAttributes a = new CompactAttributes(Arrays.copyOf(kv, n), n / 2);
        Arrays.fill(kv, 0, n, null);
        return a;
    }

    private List<String> redact(List<String> lines) {
        if (privacy == EnvelopePrivacy.FULL) {
            return lines;
        }
        int n = lines.size();
        int i = 0;
        while (i < n && lines.get(i).indexOf('@') < 0) {
            i++;
        }
        if (i == n) {
            return lines; // no address in the reply: nothing to redact, no copy
        }
        List<String> out = new java.util.ArrayList<>(n);
        for (String l : lines) {
            out.add(privacy.redactAddresses(l));
        }
        return out;
    }

    private void connectAttributes(Operation op, SpanBuilder a) {
        if (op.tlsMode() != null) {
            a.setAttribute(K_SMTP_TLS_MODE, op.tlsMode());
        } else if (op.kind == OperationKind.CONNECT) {
            a.setAttribute(K_SMTP_TLS_MODE, "none");
        }
        TlsInfo tls = op.tls();
        if (tls != null) {
            a.setAttribute(K_TLS_ESTABLISHED, true).setAttribute(K_TLS_PROTOCOL_NAME, "tls")
                    .setAttribute(K_TLS_PROTOCOL_VERSION, tls.protocol.startsWith("TLSv") ? tls.protocol.substring(4)
                            : tls.protocol)
                    .setAttribute(K_TLS_CIPHER, tls.cipher);
        } else if (op.tlsError() != null) {
            a.setAttribute(K_TLS_ESTABLISHED, false);
            a.setAttribute(K_SMTP_TLS_ERROR_TYPE, op.tlsError().tlsType);
            if (op.tlsError().tlsMessage != null) {
                a.setAttribute(K_SMTP_TLS_ERROR_MESSAGE, privacy.redactAddresses(op.tlsError().tlsMessage));
            }
        }
        EhloInfo e = op.ehlo();
        if (e != null) {
            a.setAttribute(K_SMTP_EHLO_EXTENSIONS, e.extensions)
                    .setAttribute(K_SMTP_EHLO_SIZE_LIMIT, e.sizeLimit)
                    .setAttribute(K_SMTP_EHLO_AUTH_MECHANISMS, e.authMechanisms)
                    .setAttribute(K_SMTP_EHLO_8BITMIME, e.eightBitMime)
                    .setAttribute(K_SMTP_EHLO_SMTPUTF8, e.smtpUtf8)
                    .setAttribute(K_SMTP_EHLO_CHUNKING, e.chunking)
                    .setAttribute(K_SMTP_EHLO_PIPELINING, e.pipelining)
                    .setAttribute(K_SMTP_EHLO_STARTTLS_OFFERED, op.startTlsOffered());
        }
        if (op.authMechanism() != null) {
            a.setAttribute(K_SMTP_AUTH_MECHANISM, op.authMechanism());
        }
        if (op.authOutcome() != null) {
            a.setAttribute(K_SMTP_AUTH_OUTCOME, op.authOutcome());
            if (op.authReplyCode() > 0) {
                a.setAttribute(K_SMTP_AUTH_REPLY_CODE, op.authReplyCode());
            }
        }
    }

    private void sendAttributes(Operation op, SpanBuilder a) {
        if (op.messageIndex() == 0) {
            return;
        }
        a.setAttribute(K_SMTP_MESSAGE_INDEX, op.messageIndex());
        if (op.sender() != null) {
            a.setAttribute(K_SMTP_ENVELOPE_SENDER, op.sender());
        }
        a.setAttribute(K_SMTP_ENVELOPE_RECIPIENTS, op.recipients())
                .setAttribute(K_SMTP_ENVELOPE_RECIPIENT_COUNT, op.recipients().size())
                .setAttribute(K_SMTP_ENVELOPE_RECIPIENTS_REFUSED, op.refused())
                .setAttribute(K_SMTP_ENVELOPE_REFUSED_COUNT, op.refused().size())
                .setAttribute(K_SMTP_DATA_STARTED, op.dataStarted())
                .setAttribute(K_SMTP_DATA_COMPLETED, op.dataCompleted())
                .setAttribute(K_SMTP_DATA_END_SENT, op.dataEndSent());
        if (op.dataMode() != null) {
            a.setAttribute(K_SMTP_DATA_MODE, op.dataMode());
        }
        BodyStats.Snapshot s = op.body();
        if (s != null) {
            a.setAttribute(K_SMTP_DATA_BYTES, s.wireBytes)
                    .setAttribute(K_SMTP_BODY_LINES, s.lines)
                    .setAttribute(K_SMTP_BODY_LONGEST_LINE, s.longestLine)
                    .setAttribute(K_SMTP_BODY_BARE_CR, s.bareCr)
                    .setAttribute(K_SMTP_BODY_BARE_LF, s.bareLf)
                    .setAttribute(K_SMTP_BODY_NON_ASCII, s.nonAscii)
                    .setAttribute(K_SMTP_BODY_NUL, s.nul)
                    .setAttribute(K_SMTP_BODY_DOT_LINES, s.dotLines);
        }
        ErrorInfo be = op.bodyError();
        if (be != null) {
            a.setAttribute(K_SMTP_BODY_ERROR_TYPE, be.rootType);
            if (be.rootMessage != null) {
                a.setAttribute(K_SMTP_BODY_ERROR_MESSAGE, privacy.redactAddresses(be.rootMessage));
            }
        }
        if (op.messageOutcome() != null) {
            a.setAttribute(K_SMTP_MESSAGE_OUTCOME, op.messageOutcome());
        }
    }

    private static void endAttributes(Operation op, SpanBuilder a) {
        if (op.end() == null) {
            return;
        }
        a.setAttribute(K_SMTP_CONNECTION_END, op.end().label)
                .setAttribute(K_SMTP_CONNECTION_MESSAGES, op.connectionMessages())
                .setAttribute(K_SMTP_CONNECTION_DURATION_MS, op.connectionDurationMs());
    }
}
