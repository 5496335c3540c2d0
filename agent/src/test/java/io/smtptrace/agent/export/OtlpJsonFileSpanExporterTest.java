package io.smtptrace.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.exporter.logging.otlp.internal.traces.OtlpStdoutSpanExporter;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Our file writer must write what the SDK's OTLP JSON exporter (wrapper object, as used before) writes. */
class OtlpJsonFileSpanExporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static SpanExporter reference(ByteArrayOutputStream out) {
        return OtlpStdoutSpanExporter.builder().setOutput(out).setWrapperJsonObject(true)
                .setMemoryMode(MemoryMode.REUSABLE_DATA).build();
    }

    /** Each batch through both exporters; returns {ours, reference} as text. */
    private static String[] both(List<List<SpanData>> batches) {
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        ByteArrayOutputStream ref = new ByteArrayOutputStream();
        SpanExporter mine = new OtlpJsonFileSpanExporter(ours, reference(ours));
        SpanExporter theirs = reference(ref);
        for (List<SpanData> b : batches) {
            assertThat(mine.export(b).join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
            assertThat(theirs.export(b).join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
        mine.shutdown();
        theirs.shutdown();
        return new String[] {ours.toString(StandardCharsets.UTF_8), ref.toString(StandardCharsets.UTF_8)};
    }

    private static void assertSameJsonLines(String ours, String ref) throws Exception {
        String[] a = ours.split("\n", -1);
        String[] b = ref.split("\n", -1);
        assertThat(ours).endsWith("\n");
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.length; i++) {
            if (b[i].isEmpty()) {
                assertThat(a[i]).isEmpty();
                continue;
            }
            JsonNode x = JSON.readTree(a[i]);
            JsonNode y = JSON.readTree(b[i]);
            assertThat(x).as("line %d\nours: %s\nref:  %s", i, a[i], b[i]).isEqualTo(y);
        }
    }

    @Test
    void agentSpansAreWrittenAsTheSdkExporterWritesThem() throws Exception {
        for (boolean exchangeSpans : new boolean[] {false, true}) {
            for (EnvelopePrivacy privacy : EnvelopePrivacy.values()) {
                List<SpanData> spans = SampleSpans.mapped(exchangeSpans, privacy, SampleSpans.RESOURCE);
                assertThat(spans).hasSizeGreaterThan(5);
                List<List<SpanData>> batches = new ArrayList<>();
                batches.add(spans);
                batches.add(spans.subList(0, 1));
                batches.add(spans.subList(1, 4));
                String[] out = both(batches);
                assertSameJsonLines(out[0], out[1]);
                assertThat(out[0].lines().count()).isEqualTo(3);
            }
        }
    }

    @Test
    void everythingElseTheSdkCanHoldIsWrittenTheSameToo() throws Exception {
        Resource withSchema = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "x"),
                "https://opentelemetry.io/schemas/1.24.0");
        for (Resource r : List.of(SampleSpans.RESOURCE, withSchema, Resource.empty())) {
            String[] out = both(List.of(SampleSpans.unusual(r)));
            assertSameJsonLines(out[0], out[1]);
        }
    }

    @Test
    void doublesReadBackAsTheSameValues() throws Exception {
        java.util.Random random = new java.util.Random(42);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            values.add((random.nextInt(2_000_000_000) & 0x7fffffffL) / 1_000_000.0); // durations in ms
            values.add(Double.longBitsToDouble(random.nextLong()));
            values.add(random.nextDouble() * Math.pow(10, random.nextInt(30) - 10));
        }
        SampleSpans.Collector c = new SampleSpans.Collector();
        SdkTracerProvider p = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(c)).build();
        p.get("s").spanBuilder("doubles").setAttribute(AttributeKey.doubleArrayKey("d"), values).startSpan().end();
        p.shutdown();
        String[] out = both(List.of(c.spans));
        assertSameJsonLines(out[0], out[1]);
    }

    @Test
    void mixedResourcesAndScopesInOneBatchKeepEverySpan() throws Exception {
        List<SpanData> mixed = new ArrayList<>(SampleSpans.mapped(false, EnvelopePrivacy.DOMAIN, SampleSpans.RESOURCE));
        mixed.addAll(SampleSpans.unusual(SampleSpans.RESOURCE));
        mixed.addAll(SampleSpans.unusual(Resource.empty()));
        String[] out = both(List.of(mixed));
        // the SDK groups with hash maps, so group order may differ: compare as sets of (resource, scope, spans)
        JsonNode x = JSON.readTree(out[0]);
        JsonNode y = JSON.readTree(out[1]);
        assertThat(groups(x)).containsExactlyInAnyOrderElementsOf(groups(y));
    }

    private static List<JsonNode> groups(JsonNode request) {
        List<JsonNode> g = new ArrayList<>();
        for (JsonNode rs : request.get("resourceSpans")) {
            for (JsonNode ss : rs.get("scopeSpans")) {
                g.add(JSON.createArrayNode().add(rs.get("resource")).add(ss));
            }
        }
        return g;
    }

    @Test
    void aBatchWithAValueAttributeIsLeftToTheSdkExporter() throws Exception {
        SampleSpans.Collector c = new SampleSpans.Collector();
        SdkTracerProvider p = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(c)).build();
        p.get("s").spanBuilder("v").setAttribute(AttributeKey.valueKey("complex"), Value.of(Value.of(1L), Value.of("a")))
                .startSpan().end();
        p.shutdown();
        List<SpanData> spans = new ArrayList<>(c.spans);
        spans.addAll(SampleSpans.mapped(false, EnvelopePrivacy.DOMAIN, Resource.getDefault()));
        String[] out = both(List.of(spans, spans.subList(1, spans.size())));
        assertThat(out[0].lines().count()).isEqualTo(2);
        JsonNode x = JSON.readTree(out[0].lines().findFirst().get());
        JsonNode y = JSON.readTree(out[1].lines().findFirst().get());
        assertThat(groups(x)).containsExactlyInAnyOrderElementsOf(groups(y));
        assertSameJsonLines(out[0].substring(out[0].indexOf('\n') + 1), out[1].substring(out[1].indexOf('\n') + 1));
    }
}
