package io.smtptrace.agent.export;

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

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns finished operations into span records, as documented in src/docs/span-contract.md: the one mapping of the
 * capture model to spans, whatever writes them ({@link SpanSink}). Runs on the export thread only; the record it
 * fills is reused for every span.
 */
final class SpanMapper {

    static final SpanKey SERVER_ADDRESS = SpanKey.string("server.address");
    static final SpanKey SERVER_PORT = SpanKey.integer("server.port");
    static final SpanKey PROTOCOL = SpanKey.string("network.protocol.name");
    static final SpanKey TRANSPORT = SpanKey.string("network.transport");
    static final SpanKey PEER = SpanKey.string("network.peer.address");
    static final SpanKey ERROR_TYPE = SpanKey.string("error.type");
    static final SpanKey CONNECTION_ID = SpanKey.string(SmtpAttributes.CONNECTION_ID);
    static final SpanKey OPERATION = SpanKey.string(SmtpAttributes.OPERATION);
    static final SpanKey LIBRARY = SpanKey.string(SmtpAttributes.CLIENT_LIBRARY);
    static final SpanKey LIBRARY_VERSION = SpanKey.string(SmtpAttributes.CLIENT_LIBRARY_VERSION);
    static final SpanKey SSL_REQUESTED = SpanKey.bool(SmtpAttributes.SSL_REQUESTED);
    static final SpanKey ATTACHED = SpanKey.bool(SmtpAttributes.CONNECTION_ATTACHED_MIDWAY);
    static final SpanKey FIRST_SEQ = SpanKey.integer(SmtpAttributes.EXCHANGE_FIRST_SEQ);
    static final SpanKey EXCHANGE_COUNT = SpanKey.integer(SmtpAttributes.EXCHANGE_COUNT);

    static final SpanKey SEQ = SpanKey.integer(SmtpAttributes.SEQ);
    static final SpanKey EXCHANGE_TYPE = SpanKey.string(SmtpAttributes.EXCHANGE_TYPE);
    static final SpanKey VERB = SpanKey.string(SmtpAttributes.COMMAND_VERB);
    static final SpanKey LINE = SpanKey.string(SmtpAttributes.COMMAND_LINE);
    static final SpanKey CODE = SpanKey.integer(SmtpAttributes.REPLY_CODE);
    static final SpanKey ENHANCED = SpanKey.string(SmtpAttributes.REPLY_ENHANCED_CODE);
    static final SpanKey LINES = SpanKey.strings(SmtpAttributes.REPLY_LINES);
    static final SpanKey DURATION = SpanKey.decimal(SmtpAttributes.EXCHANGE_DURATION_MS);
    static final SpanKey REPLY_ERROR = SpanKey.string(SmtpAttributes.REPLY_ERROR);
    static final SpanKey REPLY_ERROR_MESSAGE = SpanKey.string(SmtpAttributes.REPLY_ERROR_MESSAGE);

    private static final SpanKey K_EXCEPTION_MESSAGE = SpanKey.string("exception.message");
    private static final SpanKey K_EXCEPTION_TYPE = SpanKey.string("exception.type");
    private static final SpanKey K_SMTP_AUTH_MECHANISM = SpanKey.string(SmtpAttributes.AUTH_MECHANISM);
    private static final SpanKey K_SMTP_AUTH_OUTCOME = SpanKey.string(SmtpAttributes.AUTH_OUTCOME);
    private static final SpanKey K_SMTP_AUTH_REPLY_CODE = SpanKey.integer(SmtpAttributes.AUTH_REPLY_CODE);
    private static final SpanKey K_SMTP_BODY_BARE_CR = SpanKey.integer(SmtpAttributes.BODY_BARE_CR);
    private static final SpanKey K_SMTP_BODY_BARE_LF = SpanKey.integer(SmtpAttributes.BODY_BARE_LF);
    private static final SpanKey K_SMTP_BODY_DOT_LINES = SpanKey.integer(SmtpAttributes.BODY_DOT_LINES);
    private static final SpanKey K_SMTP_BODY_ERROR_MESSAGE = SpanKey.string(SmtpAttributes.BODY_ERROR_MESSAGE);
    private static final SpanKey K_SMTP_BODY_ERROR_TYPE = SpanKey.string(SmtpAttributes.BODY_ERROR_TYPE);
    private static final SpanKey K_SMTP_BODY_LINES = SpanKey.integer(SmtpAttributes.BODY_LINES);
    private static final SpanKey K_SMTP_BODY_LONGEST_LINE = SpanKey.integer(SmtpAttributes.BODY_LONGEST_LINE);
    private static final SpanKey K_SMTP_BODY_NON_ASCII = SpanKey.integer(SmtpAttributes.BODY_NON_ASCII);
    private static final SpanKey K_SMTP_BODY_NUL = SpanKey.integer(SmtpAttributes.BODY_NUL);
    private static final SpanKey K_SMTP_CONNECTION_DURATION_MS = SpanKey.decimal(SmtpAttributes.CONNECTION_DURATION_MS);
    private static final SpanKey K_SMTP_CONNECTION_END = SpanKey.string(SmtpAttributes.CONNECTION_END);
    private static final SpanKey K_SMTP_CONNECTION_MESSAGES = SpanKey.integer(SmtpAttributes.CONNECTION_MESSAGES);
    private static final SpanKey K_SMTP_DATA_BYTES = SpanKey.integer(SmtpAttributes.DATA_BYTES);
    private static final SpanKey K_SMTP_DATA_COMPLETED = SpanKey.bool(SmtpAttributes.DATA_COMPLETED);
    private static final SpanKey K_SMTP_DATA_END_SENT = SpanKey.bool(SmtpAttributes.DATA_END_SENT);
    private static final SpanKey K_SMTP_DATA_MODE = SpanKey.string(SmtpAttributes.DATA_MODE);
    private static final SpanKey K_SMTP_DATA_STARTED = SpanKey.bool(SmtpAttributes.DATA_STARTED);
    private static final SpanKey K_SMTP_EHLO_8BITMIME = SpanKey.bool(SmtpAttributes.EHLO_8BITMIME);
    private static final SpanKey K_SMTP_EHLO_CHUNKING = SpanKey.bool(SmtpAttributes.EHLO_CHUNKING);
    private static final SpanKey K_SMTP_EHLO_PIPELINING = SpanKey.bool(SmtpAttributes.EHLO_PIPELINING);
    private static final SpanKey K_SMTP_EHLO_SIZE_LIMIT = SpanKey.integer(SmtpAttributes.EHLO_SIZE_LIMIT);
    private static final SpanKey K_SMTP_EHLO_SMTPUTF8 = SpanKey.bool(SmtpAttributes.EHLO_SMTPUTF8);
    private static final SpanKey K_SMTP_EHLO_STARTTLS_OFFERED = SpanKey.bool(SmtpAttributes.EHLO_STARTTLS_OFFERED);
    private static final SpanKey K_SMTP_ENVELOPE_RECIPIENT_COUNT = SpanKey.integer(SmtpAttributes.ENVELOPE_RECIPIENT_COUNT);
    private static final SpanKey K_SMTP_ENVELOPE_REFUSED_COUNT = SpanKey.integer(SmtpAttributes.ENVELOPE_REFUSED_COUNT);
    private static final SpanKey K_SMTP_ENVELOPE_SENDER = SpanKey.string(SmtpAttributes.ENVELOPE_SENDER);
    private static final SpanKey K_SMTP_EXCEPTION_CAUSE_MESSAGE = SpanKey.string(SmtpAttributes.EXCEPTION_CAUSE_MESSAGE);
    private static final SpanKey K_SMTP_EXCEPTION_CAUSE_TYPE = SpanKey.string(SmtpAttributes.EXCEPTION_CAUSE_TYPE);
    private static final SpanKey K_SMTP_MESSAGE_INDEX = SpanKey.integer(SmtpAttributes.MESSAGE_INDEX);
    private static final SpanKey K_SMTP_MESSAGE_OUTCOME = SpanKey.string(SmtpAttributes.MESSAGE_OUTCOME);
    private static final SpanKey K_SMTP_TLS_ERROR_MESSAGE = SpanKey.string(SmtpAttributes.TLS_ERROR_MESSAGE);
    private static final SpanKey K_SMTP_TLS_ERROR_TYPE = SpanKey.string(SmtpAttributes.TLS_ERROR_TYPE);
    private static final SpanKey K_SMTP_TLS_MODE = SpanKey.string(SmtpAttributes.TLS_MODE);
    private static final SpanKey K_TLS_CIPHER = SpanKey.string("tls.cipher");
    private static final SpanKey K_TLS_ESTABLISHED = SpanKey.bool("tls.established");
    private static final SpanKey K_TLS_PROTOCOL_NAME = SpanKey.string("tls.protocol.name");
    private static final SpanKey K_TLS_PROTOCOL_VERSION = SpanKey.string("tls.protocol.version");
    private static final SpanKey K_SMTP_EHLO_EXTENSIONS = SpanKey.strings(SmtpAttributes.EHLO_EXTENSIONS);
    private static final SpanKey K_SMTP_EHLO_AUTH_MECHANISMS = SpanKey.strings(SmtpAttributes.EHLO_AUTH_MECHANISMS);
    private static final SpanKey K_SMTP_ENVELOPE_RECIPIENTS = SpanKey.strings(SmtpAttributes.ENVELOPE_RECIPIENTS);
    private static final SpanKey K_SMTP_ENVELOPE_RECIPIENTS_REFUSED = SpanKey.strings(SmtpAttributes.ENVELOPE_RECIPIENTS_REFUSED);

    /** Span names by operation kind, so naming a span builds no string. */
    private static final String[] SPAN_NAMES = new String[OperationKind.values().length];

    static {
        for (OperationKind k : OperationKind.values()) {
            SPAN_NAMES[k.ordinal()] = "SMTP " + k.label;
        }
    }

    private final SpanSink sink;
    private final boolean exchangeSpans;
    private final EnvelopePrivacy privacy;
    private final SpanRecord span = new SpanRecord();
    /** The exchange spans of {@code exchanges=spans}, each handed to the sink before its operation's span. */
    private final SpanRecord child = new SpanRecord();

    /** Child span names by verb ({@code exchanges=spans}): verbs are few, so each name is built once. */
    private final Map<String, String> childNames = new HashMap<>();

    SpanMapper(SpanSink sink, boolean exchangeSpans, EnvelopePrivacy privacy) {
        this.sink = sink;
        this.exchangeSpans = exchangeSpans;
        this.privacy = privacy;
    }

    void export(Operation op) {
        ConnectionInfo c = op.connection;
        SpanRecord s = span.reset();
        s.name = SPAN_NAMES[op.kind.ordinal()];
        s.kind = SpanRecord.KIND_CLIENT;
        s.startEpochNanos = op.startEpochNanos;
        s.endEpochNanos = op.endEpochNanos();
        identify(op, s);
        SpanAttributes a = s.attributes;
        if (c.host() != null) {
            a.put(SERVER_ADDRESS, c.host());
        } else if (c.peerAddress() != null) {
            a.put(SERVER_ADDRESS, c.peerAddress());
        }
        if (c.port() > 0) {
            a.put(SERVER_PORT, c.port());
        }
        a.put(PROTOCOL, "smtp").put(TRANSPORT, "tcp");
        if (c.peerAddress() != null) {
            a.put(PEER, c.peerAddress());
        }
        a.put(CONNECTION_ID, c.id).put(OPERATION, op.kind.label).put(LIBRARY, c.library);
        if (c.libraryVersion != null) {
            a.put(LIBRARY_VERSION, c.libraryVersion);
        }
        a.put(SSL_REQUESTED, c.sslRequested());
        if (c.attachedMidway()) {
            a.put(ATTACHED, true);
        }
        int exchanges = op.exchangeCount();
        if (exchanges > 0) {
            a.put(FIRST_SEQ, op.exchange(0).seq);
        }
        a.put(EXCHANGE_COUNT, exchanges);
        connectAttributes(op, a);
        sendAttributes(op, a);
        endAttributes(op, a);
        if (op.errorType() != null) {
            a.put(ERROR_TYPE, op.errorType());
            s.status = SpanRecord.STATUS_ERROR;
        }
        for (int i = 0; i < exchanges; i++) {
            Exchange ex = op.exchange(i);
            if (exchangeSpans) {
                SpanRecord ch = child.reset();
                ch.name = childName(ex);
                ch.kind = SpanRecord.KIND_INTERNAL;
                ch.traceIdHigh = s.traceIdHigh;
                ch.traceIdLow = s.traceIdLow;
                ch.spanId = randomSpanId();
                ch.parentSpanId = s.spanId;
                ch.sampled = s.sampled;
                ch.startEpochNanos = ex.startEpochNanos;
                ch.endEpochNanos = ex.endEpochNanos() > 0 ? ex.endEpochNanos() : ex.startEpochNanos;
                exchangeAttributes(ex, ch.attributes);
                if (ex.hasReply() && ex.code() >= 400 || ex.replyError() != null
                        && !SmtpValues.REPLY_ERROR_NOT_AWAITED.equals(ex.replyError())) {
                    ch.status = SpanRecord.STATUS_ERROR;
                }
                sink.accept(ch);
            } else {
                exchangeAttributes(ex, s.addEvent(SmtpValues.EXCHANGE_EVENT, ex.startEpochNanos).attributes);
            }
        }
        ErrorInfo thrown = op.thrown();
        if (thrown != null) {
            // in key order, as the SDK's attribute builder sorted them
            SpanAttributes e = s.addEvent("exception", op.endEpochNanos()).attributes;
            if (thrown.message != null) {
                e.put(K_EXCEPTION_MESSAGE, privacy.redactAddresses(thrown.message));
            }
            e.put(K_EXCEPTION_TYPE, thrown.type);
            if (!thrown.rootType.equals(thrown.type)) {
                if (thrown.rootMessage != null) {
                    e.put(K_SMTP_EXCEPTION_CAUSE_MESSAGE, privacy.redactAddresses(thrown.rootMessage));
                }
                e.put(K_SMTP_EXCEPTION_CAUSE_TYPE, thrown.rootType);
            }
        }
        sink.accept(s);
    }

    // ---- ids and parent ---------------------------------------------------------------------------------------

    /**
     * Trace, span and parent ids. A connection is a trace: its ids were drawn when it started (see
     * {@link ConnectionInfo}), so the connect span has them and every later operation names it as parent, even when
     * the connect span itself was dropped from a full queue or never seen (attached midway).
     */
    private static void identify(Operation op, SpanRecord s) {
        ConnectionInfo c = op.connection;
        // the connection's trace: the application's, when the connection was opened under a sampled span of it
        ParentRef opened = c.connectParent();
        long traceHigh = opened != null ? hexLong(opened.traceId, 0) : c.traceIdHigh;
        long traceLow = opened != null ? hexLong(opened.traceId, 16) : c.traceIdLow;
        s.traceIdHigh = traceHigh;
        s.traceIdLow = traceLow;
        if (op.kind == OperationKind.CONNECT) {
            s.spanId = c.connectSpanId;
        } else {
            s.spanId = randomSpanId();
            s.parentSpanId = c.connectSpanId;
        }
        // ---- the application's trace (issue #11, span-contract.md "Inside the application's trace") ----
        ParentRef app = op.parent();
        if (app == null) {
            return;
        }
        long appHigh = hexLong(app.traceId, 0);
        long appLow = hexLong(app.traceId, 16);
        long appSpan = hexLong(app.spanId, 0);
        if (app.sampled) {
            if (op.kind != OperationKind.CONNECT) {
                // a later operation (a pooled connection's send): a link to where its connection began
                s.addLink(traceHigh, traceLow, c.connectSpanId, true);
            }
            s.traceIdHigh = appHigh;
            s.traceIdLow = appLow;
            s.parentSpanId = appSpan;
            s.parentRemote = true;
        } else {
            // never parented to an unsampled span: the SMTP spans are always recorded
            s.addLink(appHigh, appLow, appSpan, false).remote = true;
        }
        // ---- end of the application's trace ----
    }

    /** 16 hex digits of {@code hex} from {@code from} (ids as ParentRef carries them, checked valid when read). */
    static long hexLong(String hex, int from) {
        return Long.parseUnsignedLong(hex.substring(from, from + 16), 16);
    }

    private static long randomSpanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0); // all-zero ids are invalid in W3C trace context
        return id;
    }

    // ---- exchanges --------------------------------------------------------------------------------------------

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

    /** In key order (as the SDK's attribute builder sorted them before). */
    void exchangeAttributes(Exchange ex, SpanAttributes a) {
        if (ex.line != null) {
            a.put(LINE, ex.line);
        }
        if (ex.verb != null) {
            a.put(VERB, ex.verb);
        }
        if (ex.endEpochNanos() > 0) {
            a.put(DURATION, (ex.endEpochNanos() - ex.startEpochNanos) / 1_000_000.0);
        }
        a.put(EXCHANGE_TYPE, ex.type.label);
        Reply r = ex.reply();
        if (r != null) {
            a.put(CODE, r.code);
            if (r.enhancedCode != null) {
                a.put(ENHANCED, r.enhancedCode);
            }
        }
        if (ex.replyError() != null) {
            a.put(REPLY_ERROR, ex.replyError());
            if (ex.replyErrorMessage() != null) {
                a.put(REPLY_ERROR_MESSAGE, privacy.redactAddresses(ex.replyErrorMessage()));
            }
        }
        if (r != null) {
            a.put(LINES, redact(r.lines));
        }
        a.put(SEQ, ex.seq);
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

    // ---- operation attributes ---------------------------------------------------------------------------------

    private void connectAttributes(Operation op, SpanAttributes a) {
        if (op.tlsMode() != null) {
            a.put(K_SMTP_TLS_MODE, op.tlsMode());
        } else if (op.kind == OperationKind.CONNECT) {
            a.put(K_SMTP_TLS_MODE, "none");
        }
        TlsInfo tls = op.tls();
        if (tls != null) {
            a.put(K_TLS_ESTABLISHED, true).put(K_TLS_PROTOCOL_NAME, "tls")
                    .put(K_TLS_PROTOCOL_VERSION, tls.protocol.startsWith("TLSv") ? tls.protocol.substring(4)
                            : tls.protocol)
                    .put(K_TLS_CIPHER, tls.cipher);
        } else if (op.tlsError() != null) {
            a.put(K_TLS_ESTABLISHED, false);
            a.put(K_SMTP_TLS_ERROR_TYPE, op.tlsError().tlsType);
            if (op.tlsError().tlsMessage != null) {
                a.put(K_SMTP_TLS_ERROR_MESSAGE, privacy.redactAddresses(op.tlsError().tlsMessage));
            }
        }
        EhloInfo e = op.ehlo();
        if (e != null) {
            a.put(K_SMTP_EHLO_EXTENSIONS, e.extensions)
                    .put(K_SMTP_EHLO_SIZE_LIMIT, e.sizeLimit)
                    .put(K_SMTP_EHLO_AUTH_MECHANISMS, e.authMechanisms)
                    .put(K_SMTP_EHLO_8BITMIME, e.eightBitMime)
                    .put(K_SMTP_EHLO_SMTPUTF8, e.smtpUtf8)
                    .put(K_SMTP_EHLO_CHUNKING, e.chunking)
                    .put(K_SMTP_EHLO_PIPELINING, e.pipelining)
                    .put(K_SMTP_EHLO_STARTTLS_OFFERED, op.startTlsOffered());
        }
        if (op.authMechanism() != null) {
            a.put(K_SMTP_AUTH_MECHANISM, op.authMechanism());
        }
        if (op.authOutcome() != null) {
            a.put(K_SMTP_AUTH_OUTCOME, op.authOutcome());
            if (op.authReplyCode() > 0) {
                a.put(K_SMTP_AUTH_REPLY_CODE, op.authReplyCode());
            }
        }
    }

    private void sendAttributes(Operation op, SpanAttributes a) {
        if (op.messageIndex() == 0) {
            return;
        }
        a.put(K_SMTP_MESSAGE_INDEX, op.messageIndex());
        if (op.sender() != null) {
            a.put(K_SMTP_ENVELOPE_SENDER, op.sender());
        }
        a.put(K_SMTP_ENVELOPE_RECIPIENTS, op.recipients())
                .put(K_SMTP_ENVELOPE_RECIPIENT_COUNT, op.recipients().size())
                .put(K_SMTP_ENVELOPE_RECIPIENTS_REFUSED, op.refused())
                .put(K_SMTP_ENVELOPE_REFUSED_COUNT, op.refused().size())
                .put(K_SMTP_DATA_STARTED, op.dataStarted())
                .put(K_SMTP_DATA_COMPLETED, op.dataCompleted())
                .put(K_SMTP_DATA_END_SENT, op.dataEndSent());
        if (op.dataMode() != null) {
            a.put(K_SMTP_DATA_MODE, op.dataMode());
        }
        BodyStats.Snapshot s = op.body();
        if (s != null) {
            a.put(K_SMTP_DATA_BYTES, s.wireBytes)
                    .put(K_SMTP_BODY_LINES, s.lines)
                    .put(K_SMTP_BODY_LONGEST_LINE, s.longestLine)
                    .put(K_SMTP_BODY_BARE_CR, s.bareCr)
                    .put(K_SMTP_BODY_BARE_LF, s.bareLf)
                    .put(K_SMTP_BODY_NON_ASCII, s.nonAscii)
                    .put(K_SMTP_BODY_NUL, s.nul)
                    .put(K_SMTP_BODY_DOT_LINES, s.dotLines);
        }
        ErrorInfo be = op.bodyError();
        if (be != null) {
            a.put(K_SMTP_BODY_ERROR_TYPE, be.rootType);
            if (be.rootMessage != null) {
                a.put(K_SMTP_BODY_ERROR_MESSAGE, privacy.redactAddresses(be.rootMessage));
            }
        }
        if (op.messageOutcome() != null) {
            a.put(K_SMTP_MESSAGE_OUTCOME, op.messageOutcome());
        }
    }

    private static void endAttributes(Operation op, SpanAttributes a) {
        if (op.end() == null) {
            return;
        }
        a.put(K_SMTP_CONNECTION_END, op.end().label)
                .put(K_SMTP_CONNECTION_MESSAGES, op.connectionMessages())
                .put(K_SMTP_CONNECTION_DURATION_MS, op.connectionDurationMs());
    }
}
