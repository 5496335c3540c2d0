package io.smtptrace.agent.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
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
import io.smtptrace.agent.capture.Reply;
import io.smtptrace.agent.capture.TlsInfo;

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
    static final AttributeKey<String> CONNECTION_ID = AttributeKey.stringKey("smtp.connection.id");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("smtp.operation");
    static final AttributeKey<String> LIBRARY = AttributeKey.stringKey("smtp.client.library");
    static final AttributeKey<String> LIBRARY_VERSION = AttributeKey.stringKey("smtp.client.library.version");
    static final AttributeKey<Boolean> SSL_REQUESTED = AttributeKey.booleanKey("smtp.ssl.requested");
    static final AttributeKey<Boolean> ATTACHED = AttributeKey.booleanKey("smtp.connection.attached_midway");
    static final AttributeKey<Long> FIRST_SEQ = AttributeKey.longKey("smtp.exchange.first_seq");
    static final AttributeKey<Long> EXCHANGE_COUNT = AttributeKey.longKey("smtp.exchange.count");

    static final AttributeKey<Long> SEQ = AttributeKey.longKey("smtp.seq");
    static final AttributeKey<String> EXCHANGE_TYPE = AttributeKey.stringKey("smtp.exchange.type");
    static final AttributeKey<String> VERB = AttributeKey.stringKey("smtp.command.verb");
    static final AttributeKey<String> LINE = AttributeKey.stringKey("smtp.command.line");
    static final AttributeKey<Long> CODE = AttributeKey.longKey("smtp.reply.code");
    static final AttributeKey<String> ENHANCED = AttributeKey.stringKey("smtp.reply.enhanced_code");
    static final AttributeKey<List<String>> LINES = AttributeKey.stringArrayKey("smtp.reply.lines");
    static final AttributeKey<Double> DURATION = AttributeKey.doubleKey("smtp.exchange.duration_ms");
    static final AttributeKey<String> REPLY_ERROR = AttributeKey.stringKey("smtp.reply.error");
    static final AttributeKey<String> REPLY_ERROR_MESSAGE = AttributeKey.stringKey("smtp.reply.error.message");

    private static final AttributeKey<String> K_EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
    private static final AttributeKey<String> K_EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    private static final AttributeKey<String> K_SMTP_AUTH_MECHANISM = AttributeKey.stringKey("smtp.auth.mechanism");
    private static final AttributeKey<String> K_SMTP_AUTH_OUTCOME = AttributeKey.stringKey("smtp.auth.outcome");
    private static final AttributeKey<Long> K_SMTP_AUTH_REPLY_CODE = AttributeKey.longKey("smtp.auth.reply_code");
    private static final AttributeKey<Long> K_SMTP_BODY_BARE_CR = AttributeKey.longKey("smtp.body.bare_cr");
    private static final AttributeKey<Long> K_SMTP_BODY_BARE_LF = AttributeKey.longKey("smtp.body.bare_lf");
    private static final AttributeKey<Long> K_SMTP_BODY_DOT_LINES = AttributeKey.longKey("smtp.body.dot_lines");
    private static final AttributeKey<String> K_SMTP_BODY_ERROR_MESSAGE = AttributeKey.stringKey("smtp.body.error.message");
    private static final AttributeKey<String> K_SMTP_BODY_ERROR_TYPE = AttributeKey.stringKey("smtp.body.error.type");
    private static final AttributeKey<Long> K_SMTP_BODY_LINES = AttributeKey.longKey("smtp.body.lines");
    private static final AttributeKey<Long> K_SMTP_BODY_LONGEST_LINE = AttributeKey.longKey("smtp.body.longest_line");
    private static final AttributeKey<Long> K_SMTP_BODY_NON_ASCII = AttributeKey.longKey("smtp.body.non_ascii");
    private static final AttributeKey<Long> K_SMTP_BODY_NUL = AttributeKey.longKey("smtp.body.nul");
    private static final AttributeKey<Double> K_SMTP_CONNECTION_DURATION_MS = AttributeKey.doubleKey("smtp.connection.duration_ms");
    private static final AttributeKey<String> K_SMTP_CONNECTION_END = AttributeKey.stringKey("smtp.connection.end");
    private static final AttributeKey<Long> K_SMTP_CONNECTION_MESSAGES = AttributeKey.longKey("smtp.connection.messages");
    private static final AttributeKey<Long> K_SMTP_DATA_BYTES = AttributeKey.longKey("smtp.data.bytes");
    private static final AttributeKey<Boolean> K_SMTP_DATA_COMPLETED = AttributeKey.booleanKey("smtp.data.completed");
    private static final AttributeKey<String> K_SMTP_DATA_MODE = AttributeKey.stringKey("smtp.data.mode");
    private static final AttributeKey<Boolean> K_SMTP_DATA_STARTED = AttributeKey.booleanKey("smtp.data.started");
    private static final AttributeKey<Boolean> K_SMTP_EHLO_8BITMIME = AttributeKey.booleanKey("smtp.ehlo.8bitmime");
    private static final AttributeKey<Boolean> K_SMTP_EHLO_CHUNKING = AttributeKey.booleanKey("smtp.ehlo.chunking");
    private static final AttributeKey<Boolean> K_SMTP_EHLO_PIPELINING = AttributeKey.booleanKey("smtp.ehlo.pipelining");
    private static final AttributeKey<Long> K_SMTP_EHLO_SIZE_LIMIT = AttributeKey.longKey("smtp.ehlo.size_limit");
    private static final AttributeKey<Boolean> K_SMTP_EHLO_SMTPUTF8 = AttributeKey.booleanKey("smtp.ehlo.smtputf8");
    private static final AttributeKey<Boolean> K_SMTP_EHLO_STARTTLS_OFFERED = AttributeKey.booleanKey("smtp.ehlo.starttls_offered");
    private static final AttributeKey<Long> K_SMTP_ENVELOPE_RECIPIENT_COUNT = AttributeKey.longKey("smtp.envelope.recipient_count");
    private static final AttributeKey<Long> K_SMTP_ENVELOPE_REFUSED_COUNT = AttributeKey.longKey("smtp.envelope.refused_count");
    private static final AttributeKey<String> K_SMTP_ENVELOPE_SENDER = AttributeKey.stringKey("smtp.envelope.sender");
    private static final AttributeKey<String> K_SMTP_EXCEPTION_CAUSE_MESSAGE = AttributeKey.stringKey("smtp.exception.cause.message");
    private static final AttributeKey<String> K_SMTP_EXCEPTION_CAUSE_TYPE = AttributeKey.stringKey("smtp.exception.cause.type");
    private static final AttributeKey<Long> K_SMTP_MESSAGE_INDEX = AttributeKey.longKey("smtp.message.index");
    private static final AttributeKey<String> K_SMTP_MESSAGE_OUTCOME = AttributeKey.stringKey("smtp.message.outcome");
    private static final AttributeKey<String> K_SMTP_TLS_ERROR_MESSAGE = AttributeKey.stringKey("smtp.tls.error.message");
    private static final AttributeKey<String> K_SMTP_TLS_ERROR_TYPE = AttributeKey.stringKey("smtp.tls.error.type");
    private static final AttributeKey<String> K_SMTP_TLS_MODE = AttributeKey.stringKey("smtp.tls.mode");
    private static final AttributeKey<String> K_TLS_CIPHER = AttributeKey.stringKey("tls.cipher");
    private static final AttributeKey<Boolean> K_TLS_ESTABLISHED = AttributeKey.booleanKey("tls.established");
    private static final AttributeKey<String> K_TLS_PROTOCOL_NAME = AttributeKey.stringKey("tls.protocol.name");
    private static final AttributeKey<String> K_TLS_PROTOCOL_VERSION = AttributeKey.stringKey("tls.protocol.version");

    private final Tracer tracer;
    private final boolean exchangeSpans;
    private final EnvelopePrivacy privacy;
    /** The connect span of each live connection, so later operations join its trace. Bounded as a safety net. */
    private final Map<String, SpanContext> connectSpans = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SpanContext> eldest) {
            return size() > 10_000;
        }
    };

    SpanMapper(Tracer tracer, boolean exchangeSpans, EnvelopePrivacy privacy) {
        this.tracer = tracer;
        this.exchangeSpans = exchangeSpans;
        this.privacy = privacy;
    }

    void export(Operation op) {
        ConnectionInfo c = op.connection;
        SpanBuilder b = tracer.spanBuilder("SMTP " + op.kind.label)
                .setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(op.startEpochNanos, TimeUnit.NANOSECONDS);
        SpanContext parent = op.kind == OperationKind.CONNECT ? null : connectSpans.get(c.id);
        if (parent != null) {
            b.setParent(Context.root().with(Span.wrap(parent)));
        } else {
            b.setNoParent();
        }
        AttributesBuilder a = Attributes.builder();
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
        List<Exchange> exchanges = op.exchanges();
        if (!exchanges.isEmpty()) {
            a.put(FIRST_SEQ, exchanges.get(0).seq);
        }
        a.put(EXCHANGE_COUNT, exchanges.size());
        connectAttributes(op, a);
        sendAttributes(op, a);
        endAttributes(op, a);
        if (op.errorType() != null) {
            a.put(ERROR_TYPE, op.errorType());
        }
        b.setAllAttributes(a.build());
        Span span = b.startSpan();
        if (op.kind == OperationKind.CONNECT && op.end() == null) {
            connectSpans.put(c.id, span.getSpanContext());
        }
        for (Exchange ex : exchanges) {
            Attributes ea = exchangeAttributes(ex);
            if (exchangeSpans) {
                Span child = tracer.spanBuilder(ex.verb != null ? "SMTP " + ex.verb
                                : ex.type.label.equals("greeting") ? "SMTP greeting" : "SMTP auth continuation")
                        .setParent(Context.root().with(span))
                        .setSpanKind(SpanKind.INTERNAL)
                        .setStartTimestamp(ex.startEpochNanos, TimeUnit.NANOSECONDS)
                        .setAllAttributes(ea)
                        .startSpan();
                if (ex.hasReply() && ex.code() >= 400 || ex.replyError() != null && !"not_awaited".equals(ex.replyError())) {
                    child.setStatus(StatusCode.ERROR);
                }
                child.end(endOf(ex), TimeUnit.NANOSECONDS);
            } else {
                span.addEvent("smtp.exchange", ea, ex.startEpochNanos, TimeUnit.NANOSECONDS);
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

    private static long endOf(Exchange ex) {
        return ex.endEpochNanos() > 0 ? ex.endEpochNanos() : ex.startEpochNanos;
    }

    Attributes exchangeAttributes(Exchange ex) {
        AttributesBuilder a = Attributes.builder()
                .put(SEQ, ex.seq)
                .put(EXCHANGE_TYPE, ex.type.label);
        if (ex.verb != null) {
            a.put(VERB, ex.verb);
        }
        if (ex.line != null) {
            a.put(LINE, ex.line);
        }
        Reply r = ex.reply();
        if (r != null) {
            a.put(CODE, r.code);
            if (r.enhancedCode != null) {
                a.put(ENHANCED, r.enhancedCode);
            }
            a.put(LINES, redact(r.lines));
        }
        if (ex.endEpochNanos() > 0) {
            a.put(DURATION, (ex.endEpochNanos() - ex.startEpochNanos) / 1_000_000.0);
        }
        if (ex.replyError() != null) {
            a.put(REPLY_ERROR, ex.replyError());
            if (ex.replyErrorMessage() != null) {
                a.put(REPLY_ERROR_MESSAGE, privacy.redactAddresses(ex.replyErrorMessage()));
            }
        }
        return a.build();
    }

    private List<String> redact(List<String> lines) {
        if (privacy == EnvelopePrivacy.FULL) {
            return lines;
        }
        List<String> out = new java.util.ArrayList<>(lines.size());
        for (String l : lines) {
            out.add(privacy.redactAddresses(l));
        }
        return out;
    }

    private void connectAttributes(Operation op, AttributesBuilder a) {
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
            a.put(AttributeKey.stringArrayKey("smtp.ehlo.extensions"), e.extensions)
                    .put(K_SMTP_EHLO_SIZE_LIMIT, e.sizeLimit)
                    .put(AttributeKey.stringArrayKey("smtp.ehlo.auth_mechanisms"), e.authMechanisms)
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

    private void sendAttributes(Operation op, AttributesBuilder a) {
        if (op.messageIndex() == 0) {
            return;
        }
        a.put(K_SMTP_MESSAGE_INDEX, op.messageIndex());
        if (op.sender() != null) {
            a.put(K_SMTP_ENVELOPE_SENDER, op.sender());
        }
        a.put(AttributeKey.stringArrayKey("smtp.envelope.recipients"), op.recipients())
                .put(K_SMTP_ENVELOPE_RECIPIENT_COUNT, op.recipients().size())
                .put(AttributeKey.stringArrayKey("smtp.envelope.recipients_refused"), op.refused())
                .put(K_SMTP_ENVELOPE_REFUSED_COUNT, op.refused().size())
                .put(K_SMTP_DATA_STARTED, op.dataStarted())
                .put(K_SMTP_DATA_COMPLETED, op.dataCompleted());
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

    private static void endAttributes(Operation op, AttributesBuilder a) {
        if (op.end() == null) {
            return;
        }
        a.put(K_SMTP_CONNECTION_END, op.end().label)
                .put(K_SMTP_CONNECTION_MESSAGES, op.connectionMessages())
                .put(K_SMTP_CONNECTION_DURATION_MS, op.connectionDurationMs());
    }
}
