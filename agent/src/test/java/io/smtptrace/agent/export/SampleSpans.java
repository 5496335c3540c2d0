package io.smtptrace.agent.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.smtptrace.agent.capture.Clock;
import io.smtptrace.agent.capture.ConnectionInfo;
import io.smtptrace.agent.capture.Conversation;
import io.smtptrace.agent.capture.EnvelopePrivacy;
import io.smtptrace.agent.capture.OperationKind;
import io.smtptrace.agent.capture.TlsInfo;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Spans as the agent makes them (SpanMapper over scripted conversations), for the export tests. */
final class SampleSpans {

    private SampleSpans() {
    }

    static final Resource RESOURCE = Resource.getDefault().merge(Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), "mailer \u00e9\u4e2d\ud83d\ude00 \"q\" \\ \n\t\u0001")));

    /** The SDK's spans, as an exporter is handed them. */
    static final class Collector implements SpanExporter {
        final List<SpanData> spans = new ArrayList<>();

        @Override
        public io.opentelemetry.sdk.common.CompletableResultCode export(Collection<SpanData> s) {
            spans.addAll(s);
            return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
        }

        @Override
        public io.opentelemetry.sdk.common.CompletableResultCode flush() {
            return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
        }

        @Override
        public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
            return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
        }
    }

    /** Copies of the records a sink is handed. */
    static final class Records implements SpanSink {
        final List<SpanRecord> spans = new ArrayList<>();

        @Override
        public void accept(SpanRecord span) {
            spans.add(span.copy());
        }
    }

    /** The span records of a few scripted connections, mapped as the agent maps them. */
    static List<SpanRecord> mapped(boolean exchangeSpans, EnvelopePrivacy privacy) {
        Records records = new Records();
        SpanMapper mapper = new SpanMapper(records, exchangeSpans, privacy);
        long[] now = {1_700_000_000_000_000_000L};
        Clock clock = () -> now[0] += 1_234_567;
        for (Conversation c : conversations(mapper, clock, privacy)) {
            c.info(); // scripted in conversations()
        }
        return records.spans;
    }

    static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.builder(ExportPipeline.SCOPE)
            .setVersion("0.1.0-test").build();

    /** The records as the SDK's span data, for an SDK exporter. */
    static List<SpanData> asSpanData(List<SpanRecord> records, Resource resource) {
        List<SpanData> out = new ArrayList<>();
        for (SpanRecord r : records) {
            out.add(new RecordSpanData(r, resource, SCOPE));
        }
        return out;
    }

    /** A record with what the mapping does not make today: links, a remote parent, every value type, odd text. */
    static SpanRecord unusual() {
        SpanRecord r = new SpanRecord().reset();
        r.name = "unusual \u00fc \"q\" \\ \n\t\u0001 \ud83d\ude00";
        r.kind = SpanRecord.KIND_INTERNAL;
        r.traceIdHigh = 0x0af7651916cd43ddL;
        r.traceIdLow = 0x8448eb211c80319cL;
        r.spanId = 0x00000000000000ffL;
        r.parentSpanId = 0xb7ad6b7169203331L;
        r.parentRemote = true;
        r.startEpochNanos = 5;
        r.endEpochNanos = 7;
        r.status = SpanRecord.STATUS_ERROR;
        r.attributes.put(SpanKey.decimal("d"), 0.1).put(SpanKey.decimal("d.big"), 1.0e300)
                .put(SpanKey.decimal("d.neg"), -2.5e-7).put(SpanKey.integer("l.neg"), -42L)
                .put(SpanKey.integer("l.max"), Long.MAX_VALUE).put(SpanKey.integer("l.min"), Long.MIN_VALUE)
                .put(SpanKey.bool("b"), false).put(SpanKey.strings("sa"), List.of())
                .put(SpanKey.strings("sb"), List.of("x", "\u4e2d", ""))
                .put(SpanKey.string("s \u00e9"), "v\u2028");
        r.addEvent("no attributes", 6);
        r.addEvent("nan", 6).attributes.put(SpanKey.decimal("n"), Double.NaN)
                .put(SpanKey.decimal("i"), Double.POSITIVE_INFINITY).put(SpanKey.decimal("j"), Double.NEGATIVE_INFINITY);
        SpanRecord.Link l = r.addLink(0x1111111111111111L, 0x2222222222222222L, 0x3333333333333333L, false);
        l.attributes.put(SpanKey.string("link.k"), "v");
        SpanRecord.Link remote = r.addLink(1, 2, 3, true);
        remote.remote = true;
        return r;
    }

    /** A span with more events than are kept: the rest counted as dropped. */
    static SpanRecord manyEvents() {
        SpanRecord r = new SpanRecord().reset();
        r.name = "many";
        r.traceIdHigh = 1;
        r.traceIdLow = 2;
        r.spanId = 3;
        r.startEpochNanos = 1;
        r.endEpochNanos = 2;
        for (int i = 0; i < SpanRecord.MAX_EVENTS + 5; i++) {
            r.addEvent("e", i).attributes.put(SpanKey.integer("i"), i);
        }
        return r;
    }

    private static void cmd(Conversation c, String line, int code, String reply) {
        c.command(line.getBytes(StandardCharsets.UTF_8));
        c.reply(code, reply, null);
    }

    private static List<Conversation> conversations(SpanMapper mapper, Clock clock, EnvelopePrivacy privacy) {
        List<Conversation> all = new ArrayList<>();
        // a whole connection: connect with STARTTLS and AUTH, two messages (one refused recipient), QUIT
        Conversation c = new Conversation(new ConnectionInfo("00112233aabbccdd", "org.eclipse.angus:angus-mail",
                "2.0.3"), mapper::export, clock, privacy);
        all.add(c);
        c.operationEnter(OperationKind.CONNECT);
        c.connectStart("mx.example", 587, false);
        c.reply(220, "220 mx.example ESMTP ready\n", null);
        c.connectEnd("192.0.2.1", 587, null, null);
        cmd(c, "EHLO me", 250, "250-mx.example\n250-SIZE 10240000\n250-8BITMIME\n250-STARTTLS\n250 PIPELINING\n");
        cmd(c, "STARTTLS", 220, "220 2.0.0 go ahead\n");
        c.startTlsEnd(new TlsInfo("TLSv1.3", "TLS_AES_256_GCM_SHA384"), null);
        cmd(c, "EHLO me", 250, "250-mx.example\n250-SIZE 10240000\n250-SMTPUTF8\n250-CHUNKING\n250 AUTH PLAIN LOGIN\n");
        cmd(c, "AUTH PLAIN AHVzZXIAc2VjcmV0", 235, "235 2.7.0 Authentication successful\n");
        c.operationExit(null);
        for (int m = 0; m < 2; m++) {
            c.operationEnter(OperationKind.SEND);
            cmd(c, "MAIL FROM:<sender@example.com>", 250, "250 2.1.0 Ok\n");
            cmd(c, "RCPT TO:<rcpt@example.org>", 250, "250 2.1.5 Ok\n");
            cmd(c, "RCPT TO:<nobody@example.net>", 550, "550 5.1.1 <nobody@example.net>: Recipient address rejected\n");
            cmd(c, "DATA", 354, "354 End data with <CR><LF>.<CR><LF>\n");
            c.bodyStream("stream", false);
            c.currentBody().write("Subject: x\r\n\r\n.hello\n\u00e9\r".getBytes(StandardCharsets.UTF_8), 0, 22);
            cmd(c, ".", 250, "250 2.0.0 Ok: queued as ABC\n");
            c.operationExit(null);
        }
        c.operationEnter(OperationKind.CHECK);
        cmd(c, "NOOP", 250, "250 2.0.0 Ok\n");
        c.operationExit(null);
        c.operationEnter(OperationKind.CLOSE);
        cmd(c, "QUIT", 221, "221 2.0.0 Bye\n");
        c.connectionClosed();
        c.operationExit(null);

        // a failed send and a timeout: exception events, error status, reply errors
        Conversation d = new Conversation(new ConnectionInfo("ffeeddccbbaa9988", "com.sun.mail:javax.mail", null),
                mapper::export, clock, privacy);
        all.add(d);
        d.operationEnter(OperationKind.CONNECT);
        d.connectStart("smtp.example", 465, true);
        d.reply(220, "220 smtp.example\n", null);
        d.connectEnd("2001:db8::1", 465, new TlsInfo("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), null);
        cmd(d, "HELO me", 250, "250 smtp.example\n");
        cmd(d, "AUTH LOGIN", 334, "334 VXNlcm5hbWU6\n");
        cmd(d, "dXNlcg==", 535, "535 5.7.8 Authentication failed\n");
        d.operationExit(new IOException("535 5.7.8 Authentication failed for user@example.com"));
        d.operationEnter(OperationKind.SEND);
        cmd(d, "MAIL FROM:<>", 250, "250 ok\n");
        cmd(d, "RCPT TO:<x@example.org>", 250, "250 ok\n");
        cmd(d, "DATA", 354, "354 go\n");
        d.bodyStream("s2", false);
        d.currentBody().write('a');
        d.command(".".getBytes(StandardCharsets.US_ASCII));
        d.reply(-1, null, new SocketTimeoutException("Read timed out"));
        d.operationExit(new IllegalStateException("wrapped", new SocketTimeoutException("Read timed out")));
        d.connectionClosed();
        return all;
    }
}
