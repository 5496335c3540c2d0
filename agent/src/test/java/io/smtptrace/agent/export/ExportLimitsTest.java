package io.smtptrace.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.sdk.resources.Resource;
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
import org.junit.jupiter.api.Test;

/** The writer's memory bound, its loss accounting, and connection ids kept outside the export queue. */
class ExportLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final SpanKey PAD = SpanKey.string("pad");

    private static List<SpanRecord> spans(int n, int attributeChars) {
        String big = "x".repeat(attributeChars);
        List<SpanRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SpanRecord r = new SpanRecord().reset();
            r.name = "s" + i;
            r.traceIdHigh = 1;
            r.traceIdLow = 2;
            r.spanId = i + 1;
            r.attributes.put(PAD, big);
            out.add(r);
        }
        return out;
    }

    private static OtlpJsonFileWriter writer(OutputStream out, ExportLosses losses) {
        return new OtlpJsonFileWriter(out, Resource.empty(), "test", null, losses, "f", 512);
    }

    /** Writes the spans as one batch; false if any was lost. */
    private static boolean write(OtlpJsonFileWriter w, ExportLosses losses, List<SpanRecord> batch) {
        long before = losses.total();
        batch.forEach(w::accept);
        w.flush();
        return losses.total() == before;
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
        List<SpanRecord> batch = spans(40, 100_000); // ~4 MB as one line
        batch.add(20, spans(1, OtlpJsonFileWriter.MAX_LINE_BYTES - 2000).get(0)); // alone on a line, just fits
        batch.get(20).name = "big";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportLosses losses = new ExportLosses();
        assertThat(write(writer(out, losses), losses, batch)).isTrue();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.split("\n")).hasSizeGreaterThan(3)
                .allSatisfy(l -> assertThat(l.getBytes(StandardCharsets.UTF_8).length)
                        .isLessThanOrEqualTo(OtlpJsonFileWriter.MAX_LINE_BYTES));
        assertThat(names(text)).hasSize(41).doesNotHaveDuplicates().contains("big");
        assertThat(losses.total()).isZero();
    }

    @Test
    void aSpanLargerThanTheBoundIsDroppedAndCountedTheRestWritten() throws Exception {
        List<SpanRecord> batch = new ArrayList<>(spans(3, 10));
        batch.add(1, spans(1, OtlpJsonFileWriter.MAX_LINE_BYTES).get(0));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportLosses losses = new ExportLosses();
        assertThat(write(writer(out, losses), losses, batch)).isFalse();
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
        OtlpJsonFileWriter exporter = writer(out, losses);
        assertThat(write(exporter, losses, spans(7, 10))).isFalse();
        assertThat(write(exporter, losses, spans(5, 10))).isFalse();
        assertThat(losses.unwrittenCount()).isEqualTo(12);
        full[0] = false;
        assertThat(write(exporter, losses, spans(3, 10))).isTrue();
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
        SampleSpans.Records c = new SampleSpans.Records();
        SpanMapper mapper = new SpanMapper(c, false, EnvelopePrivacy.DOMAIN);
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
        assertThat(c.spans).hasSize(3);
        SpanRecord sendA = c.spans.get(0);
        assertThat(sendA.traceIdHigh).isEqualTo(dropped.traceIdHigh);
        assertThat(sendA.traceIdLow).isEqualTo(dropped.traceIdLow);
        assertThat(sendA.parentSpanId).isEqualTo(dropped.connectSpanId);
        SpanRecord connectB = c.spans.get(1);
        SpanRecord sendB = c.spans.get(2);
        assertThat(connectB.traceIdLow).isEqualTo(kept.traceIdLow);
        assertThat(connectB.spanId).isEqualTo(kept.connectSpanId);
        assertThat(connectB.parentSpanId).isZero();
        assertThat(sendB.traceIdHigh).isEqualTo(connectB.traceIdHigh);
        assertThat(sendB.traceIdLow).isEqualTo(connectB.traceIdLow);
        assertThat(sendB.parentSpanId).isEqualTo(connectB.spanId);
        assertThat(sendB.spanId).isNotZero().isNotEqualTo(connectB.spanId);
        assertThat(sendB.sampled).isTrue();
    }

    @Test
    void durationSettingsAreReadAsTheSdkReadsThem() {
        assertThat(ExportPipeline.millis("50", 1000)).isEqualTo(50);
        assertThat(ExportPipeline.millis("2s", 1000)).isEqualTo(2000);
        assertThat(ExportPipeline.millis("250ms", 1000)).isEqualTo(250);
        assertThat(ExportPipeline.millis("soon", 1000)).isEqualTo(1000);
        assertThat(ExportPipeline.millis(null, 1000)).isEqualTo(1000);
    }
}
