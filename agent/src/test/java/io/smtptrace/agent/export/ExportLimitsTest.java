package io.smtptrace.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.smtptrace.agent.capture.Clock;
import io.smtptrace.agent.capture.ConnectionInfo;
import io.smtptrace.agent.capture.Conversation;
import io.smtptrace.agent.capture.EnvelopePrivacy;
import io.smtptrace.agent.capture.OperationKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The writer's memory bound, its loss accounting, and connection ids kept outside the export queue. */
class ExportLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<SpanData> spans(int n, int attributeChars) {
        SampleSpans.Collector c = new SampleSpans.Collector();
        SdkTracerProvider p = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(c)).build();
        Tracer t = p.get("test");
        String big = "x".repeat(attributeChars);
        for (int i = 0; i < n; i++) {
            t.spanBuilder("s" + i).setAttribute("pad", big).startSpan().end();
        }
        p.shutdown().join(5, TimeUnit.SECONDS);
        return c.spans;
    }

    private static List<String> names(String lines) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : lines.split("\n")) {
            for (JsonNode s : JSON.readTree(line).path("resourceSpans").get(0).path("scopeSpans").get(0).path("spans")) {
                names.add(s.path("name").asText());
            }
        }
        return names;
    }

    @Test
    void aBatchLongerThanTheLineBoundIsWrittenAsSeveralWholeLines() throws Exception {
        List<SpanData> batch = spans(40, 100_000); // ~4 MB as one line
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportLosses losses = new ExportLosses();
        assertThat(new OtlpJsonFileSpanExporter(out, null, losses, "f").export(batch).isSuccess()).isTrue();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.split("\n")).hasSizeGreaterThan(3)
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(OtlpJsonFileSpanExporter.MAX_LINE_BYTES));
        assertThat(names(text)).hasSize(40).doesNotHaveDuplicates();
        assertThat(losses.total()).isZero();
    }

    @Test
    void aSpanLargerThanTheBoundIsDroppedAndCountedTheRestWritten() throws Exception {
        List<SpanData> batch = new ArrayList<>(spans(3, 10));
        batch.add(1, spans(1, OtlpJsonFileSpanExporter.MAX_LINE_BYTES).get(0));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportLosses losses = new ExportLosses();
        assertThat(new OtlpJsonFileSpanExporter(out, null, losses, "f").export(batch).isSuccess()).isFalse();
        assertThat(names(out.toString(StandardCharsets.UTF_8))).containsExactly("s0", "s1", "s2");
        assertThat(losses.tooLargeCount()).isEqualTo(1);
    }

    @Test
    void aFailedWriteCountsItsSpansAndWritingResumes() throws Exception {
        ByteArrayOutputStream good = new ByteArrayOutputStream();
        boolean[] full = {true};
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (full[0]) {
                    throw new IOException("File too large");
                }
                good.write(b, off, len);
            }
        };
        ExportLosses losses = new ExportLosses();
        OtlpJsonFileSpanExporter exporter = new OtlpJsonFileSpanExporter(out, null, losses, "f");
        assertThat(exporter.export(spans(7, 10)).isSuccess()).isFalse();
        assertThat(exporter.export(spans(5, 10)).isSuccess()).isFalse();
        assertThat(losses.unwrittenCount()).isEqualTo(12);
        full[0] = false;
        assertThat(exporter.export(spans(3, 10)).isSuccess()).isTrue();
        assertThat(names(good.toString(StandardCharsets.UTF_8))).hasSize(3);
        assertThat(losses.summary("x")).isEqualTo("12 SMTP span(s) lost: 12 not written to the trace file");
    }

    @Test
    void theQueueIsCappedOnASmallHeapOnly() {
        assertThat(ExportPipeline.queueCapacity(4096, 16L << 20)).isEqualTo(256);
        assertThat(ExportPipeline.queueCapacity(4096, 256L << 20)).isEqualTo(4096);
        assertThat(ExportPipeline.queueCapacity(4096, 4L << 30)).isEqualTo(4096);
        assertThat(ExportPipeline.queueCapacity(50_000, 4L << 30)).isEqualTo(50_000);
        assertThat(ExportPipeline.queueCapacity(4096, 1L << 20)).isEqualTo(16);
    }

    @Test
    void spansAfterADroppedConnectSpanStayInTheConnectionsTrace() {
        SampleSpans.Collector c = new SampleSpans.Collector();
        ConnectionIds ids = new ConnectionIds();
        SdkTracerProvider p = SdkTracerProvider.builder().setIdGenerator(ids)
                .addSpanProcessor(SimpleSpanProcessor.create(c)).build();
        SpanMapper mapper = new SpanMapper(p.get("test"), false, EnvelopePrivacy.DOMAIN, ids);
        long[] now = {1_000_000_000L};
        Clock clock = () -> now[0] += 1_000_000;
        ConnectionInfo dropped = new ConnectionInfo("aaaaaaaaaaaaaaaa", "lib", "1");
        ConnectionInfo kept = new ConnectionInfo("bbbbbbbbbbbbbbbb", "lib", "1");
        boolean[] first = {true};
        // the connection whose connect operation was dropped from the queue
        Conversation a = new Conversation(dropped, op -> {
            if (first[0]) {
                first[0] = false; // the connect operation: dropped
            } else {
                mapper.export(op);
            }
        }, clock, EnvelopePrivacy.DOMAIN);
        Conversation b = new Conversation(kept, mapper::export, clock, EnvelopePrivacy.DOMAIN);
        for (Conversation conv : List.of(a, b)) {
            conv.operationEnter(OperationKind.CONNECT);
            conv.connectStart("mx.example", 25, false);
            conv.reply(220, "220 hi\n", null);
            conv.connectEnd("192.0.2.1", 25, null, null);
            conv.operationExit(null);
            conv.operationEnter(OperationKind.SEND);
            conv.command("MAIL FROM:<a@example.com>".getBytes(StandardCharsets.US_ASCII));
            conv.reply(250, "250 ok\n", null);
            conv.operationExit(null);
        }
        p.shutdown().join(5, TimeUnit.SECONDS);
        assertThat(c.spans).hasSize(3);
        SpanData sendA = c.spans.get(0);
        assertThat(sendA.getTraceId()).isEqualTo(ConnectionIds.traceId(dropped));
        assertThat(sendA.getParentSpanId()).isEqualTo(ConnectionIds.connectSpanId(dropped));
        SpanData connectB = c.spans.get(1);
        SpanData sendB = c.spans.get(2);
        assertThat(connectB.getTraceId()).isEqualTo(ConnectionIds.traceId(kept));
        assertThat(connectB.getSpanId()).isEqualTo(ConnectionIds.connectSpanId(kept));
        assertThat(sendB.getTraceId()).isEqualTo(connectB.getTraceId());
        assertThat(sendB.getParentSpanId()).isEqualTo(connectB.getSpanId());
        assertThat(Span.wrap(sendB.getSpanContext()).getSpanContext().isSampled()).isTrue();
    }
}
