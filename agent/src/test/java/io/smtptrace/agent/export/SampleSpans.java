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
import io.opentelemetry.sdk.common.CompletableResultCode;
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

    static final class Collector implements SpanExporter {
        final List<SpanData> spans = new ArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> s) {
            spans.addAll(s);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /** The spans of a few scripted connections, mapped as the agent maps them. */
    static List<SpanData> mapped(boolean exchangeSpans, EnvelopePrivacy privacy, Resource resource) {
        Collector collector = new Collector();
        SdkTracerProvider provider = SdkTracerProvider.builder().setResource(resource)
                .addSpanProcessor(SimpleSpanProcessor.create(collector)).build();
        Tracer tracer = provider.get(ExportPipeline.SCOPE, "0.1.0-test");
        SpanMapper mapper = new SpanMapper(tracer, exchangeSpans, privacy);
        long[] now = {1_700_000_000_000_000_000L};
        Clock clock = () -> now[0] += 1_234_567;
        for (Conversation c : conversations(mapper, clock, privacy)) {
            c.info(); // scripted in conversations()
        }
        provider.shutdown().join(5, TimeUnit.SECONDS);
        return collector.spans;
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

    /** Spans with what the agent does not make itself: every attribute type, links, remote parent, trace state. */
    static List<SpanData> unusual(Resource resource) {
        Collector collector = new Collector();
        SdkTracerProvider provider = SdkTracerProvider.builder().setResource(resource)
                .addSpanProcessor(SimpleSpanProcessor.create(collector)).build();
        Tracer tracer = provider.tracerBuilder("other.scope").setSchemaUrl("https://opentelemetry.io/schemas/1.21.0")
                .build();
        SpanContext remote = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                TraceFlags.getSampled(), TraceState.builder().put("vendor", "v1").put("other", "x").build());
        Span s = tracer.spanBuilder("unusual \u00fc").setParent(Context.root().with(Span.wrap(remote)))
                .setSpanKind(SpanKind.PRODUCER).setStartTimestamp(5, TimeUnit.NANOSECONDS)
                .addLink(remote, Attributes.of(AttributeKey.stringKey("link.k"), "v"))
                .setAttribute("d", 0.1).setAttribute("d.big", 1.0e300).setAttribute("d.neg", -2.5e-7)
                .setAttribute("l.neg", -42L).setAttribute("l.max", Long.MAX_VALUE).setAttribute("l.min", Long.MIN_VALUE)
                .setAttribute("b", false)
                .setAttribute(AttributeKey.stringArrayKey("sa"), List.of())
                .setAttribute(AttributeKey.longArrayKey("la"), List.of(1L, -2L, 300L))
                .setAttribute(AttributeKey.booleanArrayKey("ba"), List.of(true, false))
                .setAttribute(AttributeKey.doubleArrayKey("da"), List.of(1.5, 3.0, 0.0, -0.0, 1.0, -7.0, 0.1 + 0.2,
                        123456.789, 0.123456, 1.234567, 98765.4321, 3.0e-5, 1e-6, 2.5e-7, 1e15, 1.5e14, 9.99e14,
                        Double.MIN_VALUE, Double.MAX_VALUE, 4503599627370497.0, 1.0 / 3, 2.0 / 3, 12.000001,
                        Math.PI, Math.E, 1e-3, 0.001234, 5e-324, 7.2e-9, Double.NaN, Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY))
                .startSpan();
        s.addEvent("no attributes", 6, TimeUnit.NANOSECONDS);
        s.setStatus(StatusCode.ERROR, "went \"wrong\"");
        s.end(7, TimeUnit.NANOSECONDS);
        Span ok = tracer.spanBuilder("ok").setNoParent().startSpan();
        ok.setStatus(StatusCode.OK);
        ok.end(8, TimeUnit.NANOSECONDS);
        provider.shutdown().join(5, TimeUnit.SECONDS);
        return collector.spans;
    }
}
