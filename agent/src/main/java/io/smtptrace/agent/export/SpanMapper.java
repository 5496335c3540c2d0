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
            AttributesBuilder e = Attributes.builder().put("exception.type", thrown.type);
            if (thrown.message != null) {
                e.put("exception.message", privacy.redactAddresses(thrown.message));
            }
            if (!thrown.rootType.equals(thrown.type)) {
                e.put("smtp.exception.cause.type", thrown.rootType);
                if (thrown.rootMessage != null) {
                    e.put("smtp.exception.cause.message", privacy.redactAddresses(thrown.rootMessage));
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
            a.put("smtp.tls.mode", op.tlsMode());
        } else if (op.kind == OperationKind.CONNECT) {
            a.put("smtp.tls.mode", "none");
        }
        TlsInfo tls = op.tls();
        if (tls != null) {
            a.put("tls.established", true).put("tls.protocol.name", "tls")
                    .put("tls.protocol.version", tls.protocol.startsWith("TLSv") ? tls.protocol.substring(4)
                            : tls.protocol)
                    .put("tls.cipher", tls.cipher);
        } else if (op.tlsError() != null) {
            a.put("tls.established", false);
            a.put("smtp.tls.error.type", op.tlsError().tlsType);
            if (op.tlsError().tlsMessage != null) {
                a.put("smtp.tls.error.message", privacy.redactAddresses(op.tlsError().tlsMessage));
            }
        }
        EhloInfo e = op.ehlo();
        if (e != null) {
            a.put(AttributeKey.stringArrayKey("smtp.ehlo.extensions"), e.extensions)
                    .put("smtp.ehlo.size_limit", e.sizeLimit)
                    .put(AttributeKey.stringArrayKey("smtp.ehlo.auth_mechanisms"), e.authMechanisms)
                    .put("smtp.ehlo.8bitmime", e.eightBitMime)
                    .put("smtp.ehlo.smtputf8", e.smtpUtf8)
                    .put("smtp.ehlo.chunking", e.chunking)
                    .put("smtp.ehlo.pipelining", e.pipelining)
                    .put("smtp.ehlo.starttls_offered", op.startTlsOffered());
        }
        if (op.authMechanism() != null) {
            a.put("smtp.auth.mechanism", op.authMechanism());
        }
        if (op.authOutcome() != null) {
            a.put("smtp.auth.outcome", op.authOutcome());
            if (op.authReplyCode() > 0) {
                a.put("smtp.auth.reply_code", op.authReplyCode());
            }
        }
    }

    private void sendAttributes(Operation op, AttributesBuilder a) {
        if (op.messageIndex() == 0) {
            return;
        }
        a.put("smtp.message.index", op.messageIndex());
        if (op.sender() != null) {
            a.put("smtp.envelope.sender", op.sender());
        }
        a.put(AttributeKey.stringArrayKey("smtp.envelope.recipients"), op.recipients())
                .put("smtp.envelope.recipient_count", op.recipients().size())
                .put(AttributeKey.stringArrayKey("smtp.envelope.recipients_refused"), op.refused())
                .put("smtp.envelope.refused_count", op.refused().size())
                .put("smtp.data.started", op.dataStarted())
                .put("smtp.data.completed", op.dataCompleted());
        if (op.dataMode() != null) {
            a.put("smtp.data.mode", op.dataMode());
        }
        BodyStats.Snapshot s = op.body();
        if (s != null) {
            a.put("smtp.data.bytes", s.wireBytes)
                    .put("smtp.body.lines", s.lines)
                    .put("smtp.body.longest_line", s.longestLine)
                    .put("smtp.body.bare_cr", s.bareCr)
                    .put("smtp.body.bare_lf", s.bareLf)
                    .put("smtp.body.non_ascii", s.nonAscii)
                    .put("smtp.body.nul", s.nul)
                    .put("smtp.body.dot_lines", s.dotLines);
        }
        ErrorInfo be = op.bodyError();
        if (be != null) {
            a.put("smtp.body.error.type", be.rootType);
            if (be.rootMessage != null) {
                a.put("smtp.body.error.message", privacy.redactAddresses(be.rootMessage));
            }
        }
        if (op.messageOutcome() != null) {
            a.put("smtp.message.outcome", op.messageOutcome());
        }
    }

    private static void endAttributes(Operation op, AttributesBuilder a) {
        if (op.end() == null) {
            return;
        }
        a.put("smtp.connection.end", op.end().label)
                .put("smtp.connection.messages", op.connectionMessages())
                .put("smtp.connection.duration_ms", op.connectionDurationMs());
    }
}
