package io.smtptrace.agent.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.logging.otlp.internal.traces.OtlpStdoutSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource.Builder;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.smtptrace.agent.capture.EnvelopePrivacy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The trace file's own writer against the official OTLP schema and the SDK: every line it writes must parse as an
 * {@code ExportTraceServiceRequest} of opentelemetry-proto through protobuf's own JSON parser (strict: an unknown or
 * misspelt field fails), and hold exactly what the SDK's {@code OtlpStdoutSpanExporter} writes for the same spans,
 * and what the SDK sink (the OTLP path) makes of them: ids, names, kinds, times, attributes, events, links, status.
 * Attributes are compared as sets (OTLP attributes are a map; the SDK sorts them by key, the file keeps the span
 * contract's order).
 */
class OtlpJsonFileWriterTest {

    private static final Resource SERVICE = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "x"),
            "https://opentelemetry.io/schemas/1.24.0");

    /** The direct writer's output for these records. */
    static String direct(List<SpanRecord> records, Resource resource, int maxBatch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OtlpJsonFileWriter w = new OtlpJsonFileWriter(out, resource, ExportPipeline.SCOPE, "0.1.0-test",
                new ExportLosses(), "f", maxBatch);
        for (SpanRecord r : records) {
            w.accept(r);
        }
        w.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String sdkExporter(List<SpanData> spans) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SpanExporter e = OtlpStdoutSpanExporter.builder().setOutput(out).setWrapperJsonObject(true)
                .setMemoryMode(MemoryMode.REUSABLE_DATA).build();
        assertThat(e.export(spans).join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
        e.shutdown();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What the SDK's exporter writes for the records as they are (the file writer of smtptrace.file.writer=sdk). */
    private static String sdk(List<SpanRecord> records, Resource resource) {
        return sdkExporter(SampleSpans.asSpanData(records, resource));
    }

    /** What the SDK sink (OTLP path) makes of the records: replayed through an SDK tracer, then the same exporter. */
    private static String replayed(List<SpanRecord> records, Resource resource) {
        SampleSpans.Collector c = new SampleSpans.Collector();
        RecordIds ids = new RecordIds();
        SdkTracerProvider p = SdkTracerProvider.builder().setResource(resource).setIdGenerator(ids)
                .addSpanProcessor(SimpleSpanProcessor.create(c)).build();
        SdkSpanSink sink = new SdkSpanSink(p.get(ExportPipeline.SCOPE, "0.1.0-test"), ids);
        records.forEach(sink::accept);
        p.shutdown().join(5, TimeUnit.SECONDS);
        return sdkExporter(c.spans);
    }

    /** Parses with the official schema, strictly. */
    static ExportTraceServiceRequest parse(String line) throws InvalidProtocolBufferException {
        ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
        JsonFormat.parser().merge(line, b);
        return b.build();
    }

    /** Every line as one request: spans of all lines in order, attributes sorted by key. */
    static ExportTraceServiceRequest content(String text) throws InvalidProtocolBufferException {
        assertThat(text).endsWith("\n");
        ExportTraceServiceRequest.Builder all = ExportTraceServiceRequest.newBuilder();
        ResourceSpans.Builder rs = null;
        ScopeSpans.Builder ss = null;
        ResourceSpans firstResource = null;
        ScopeSpans firstScope = null;
        for (String line : text.split("\n")) {
            ExportTraceServiceRequest r = parse(line);
            assertThat(r.getResourceSpansCount()).isEqualTo(1);
            ResourceSpans lineRs = r.getResourceSpans(0);
            assertThat(lineRs.getScopeSpansCount()).isEqualTo(1);
            if (rs == null) {
                firstResource = lineRs.toBuilder().clearScopeSpans().build();
                firstScope = lineRs.getScopeSpans(0).toBuilder().clearSpans().build();
                rs = firstResource.toBuilder();
                ss = firstScope.toBuilder();
            } else {
                // every line names the same resource and scope
                assertThat(lineRs.toBuilder().clearScopeSpans().build()).isEqualTo(firstResource);
                assertThat(lineRs.getScopeSpans(0).toBuilder().clearSpans().build()).isEqualTo(firstScope);
            }
            for (Span s : lineRs.getScopeSpans(0).getSpansList()) {
                Span.Builder sb = s.toBuilder();
                sorted(sb.getAttributesList(), sb::clearAttributes, sb::addAllAttributes);
                for (Span.Event.Builder e : sb.getEventsBuilderList()) {
                    sorted(e.getAttributesList(), e::clearAttributes, e::addAllAttributes);
                }
                for (Span.Link.Builder l : sb.getLinksBuilderList()) {
                    sorted(l.getAttributesList(), l::clearAttributes, l::addAllAttributes);
                }
                ss.addSpans(sb);
            }
        }
        Builder res = rs.getResourceBuilder();
        sorted(res.getAttributesList(), res::clearAttributes, res::addAllAttributes);
        return all.addResourceSpans(rs.addScopeSpans(ss)).build();
    }

    private static void sorted(List<KeyValue> attributes, Runnable clear,
                               java.util.function.Function<Iterable<KeyValue>, ?> add) {
        List<KeyValue> s = new ArrayList<>(attributes);
        s.sort(Comparator.comparing(KeyValue::getKey));
        clear.run();
        add.apply(s);
    }

    private static List<SpanRecord> agentSpans() {
        List<SpanRecord> all = new ArrayList<>();
        for (boolean exchangeSpans : new boolean[] {false, true}) {
            for (EnvelopePrivacy privacy : EnvelopePrivacy.values()) {
                all.addAll(SampleSpans.mapped(exchangeSpans, privacy));
            }
        }
        return all;
    }

    @Test
    void everyLineParsesAsTheOfficialOtlpSchema() throws Exception {
        List<SpanRecord> records = agentSpans();
        records.add(SampleSpans.unusual());
        records.add(SampleSpans.manyEvents());
        for (int batch : new int[] {1, 7, 512}) {
            String text = direct(records, SampleSpans.RESOURCE, batch);
            int spans = 0;
            for (String line : text.split("\n")) {
                ExportTraceServiceRequest r = parse(line);
                spans += r.getResourceSpans(0).getScopeSpans(0).getSpansCount();
            }
            assertThat(spans).isEqualTo(records.size());
            assertThat(text.split("\n")).hasSize((records.size() + batch - 1) / batch);
        }
        // the check is real: a misspelt field or a number where the schema wants a string fails it
        assertThatThrownBy(() -> parse("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"nmae\":\"x\"}]}]}]}"))
                .isInstanceOf(InvalidProtocolBufferException.class);
        assertThatThrownBy(() -> parse("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":\"1x\"}]}]}]}"))
                .isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void theDirectWriterWritesWhatTheSdkExporterWrites() throws Exception {
        List<SpanRecord> records = agentSpans();
        records.add(SampleSpans.unusual());
        records.add(SampleSpans.manyEvents());
        for (Resource r : List.of(SampleSpans.RESOURCE, SERVICE, Resource.empty())) {
            ExportTraceServiceRequest ours = content(direct(records, r, 512));
            ExportTraceServiceRequest sdk = content(sdk(records, r));
            assertThat(ours.getResourceSpans(0).getScopeSpans(0).getSpansCount()).isEqualTo(records.size());
            assertThat(ours).isEqualTo(sdk);
        }
    }

    @Test
    void theSdkSinkCarriesTheSameSpansAsTheFile() throws Exception {
        List<SpanRecord> records = agentSpans();
        records.add(SampleSpans.unusual());
        ExportTraceServiceRequest ours = content(direct(records, SERVICE, 512));
        ExportTraceServiceRequest sdk = content(replayed(records, SERVICE));
        assertThat(ours).isEqualTo(sdk);
        // the ids are the record's, not the SDK's own
        Span first = ours.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertThat(SpanRecord.hex(records.get(0).spanId)).isEqualTo(text(first.getSpanId()));
        assertThat(text(first.getTraceId())).matches("[0-9a-f]{32}");
    }

    /**
     * An id as the file wrote it. OTLP JSON writes ids as hex where protobuf's JSON mapping has base64: protobuf's
     * parser reads the hex text as base64, so encoding the bytes again gives the text back.
     */
    private static String text(com.google.protobuf.ByteString id) {
        return java.util.Base64.getEncoder().encodeToString(id.toByteArray());
    }

    @Test
    void doublesReadBackAsTheSameValues() throws Exception {
        java.util.Random random = new java.util.Random(42);
        List<SpanRecord> records = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            SpanRecord r = new SpanRecord().reset();
            r.name = "doubles";
            r.traceIdHigh = 1;
            r.traceIdLow = 1;
            r.spanId = s + 1;
            for (int i = 0; i < 500; i++) {
                double v;
                switch (i % 3) {
                    case 0:
                        v = (random.nextInt(2_000_000_000) & 0x7fffffffL) / 1_000_000.0; // durations in ms
                        break;
                    case 1:
                        v = Double.longBitsToDouble(random.nextLong());
                        break;
                    default:
                        v = random.nextDouble() * Math.pow(10, random.nextInt(30) - 10);
                }
                r.attributes.put(SpanKey.decimal("d" + i), v);
            }
            records.add(r);
        }
        List<Double> ours = doubles(content(direct(records, Resource.empty(), 512)));
        List<Double> sdk = doubles(content(sdk(records, Resource.empty())));
        assertThat(ours).hasSize(15_000);
        for (int i = 0; i < ours.size(); i++) {
            assertThat(ours.get(i)).as("value %d", i).isEqualTo(sdk.get(i));
        }
    }

    private static List<Double> doubles(ExportTraceServiceRequest r) {
        List<Double> out = new ArrayList<>();
        for (Span s : r.getResourceSpans(0).getScopeSpans(0).getSpansList()) {
            for (KeyValue kv : s.getAttributesList()) {
                out.add(kv.getValue().getDoubleValue());
            }
        }
        return out;
    }
}
