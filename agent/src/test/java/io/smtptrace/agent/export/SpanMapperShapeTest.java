package io.smtptrace.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.sdk.resources.Resource;
import io.smtptrace.agent.capture.EnvelopePrivacy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The spans SpanMapper makes from scripted conversations, exported as OTLP JSON and normalised (ids numbered in order
 * of appearance, attributes sorted by key), must match the recorded {@code span-mapper-shape.json}: the span contract
 * (src/docs/span-contract.md) is what the analyzer reads. Re-record deliberately with
 * {@code -Dsmtptrace.recordShape=path/to/span-mapper-shape.json}.
 */
class SpanMapperShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper COMPACT = JSON;

    @Test
    @org.junit.jupiter.api.parallel.ResourceLock("io.smtptrace.agent.capture.EnvelopePrivacy.key")
    void mappedSpansKeepTheirRecordedShape() throws Exception {
        // envelope=hash is keyed: a fixed key keeps its tokens reproducible here
        EnvelopePrivacy.useKey("span-mapper-shape-test".getBytes(StandardCharsets.UTF_8));
        ObjectNode all = JSON.createObjectNode();
        for (boolean exchangeSpans : new boolean[] {false, true}) {
            for (EnvelopePrivacy privacy : EnvelopePrivacy.values()) {
                List<SpanRecord> spans = SampleSpans.mapped(exchangeSpans, privacy);
                all.set((exchangeSpans ? "spans/" : "events/") + privacy,
                        normalise(JSON.readTree(OtlpJsonFileWriterTest.direct(spans, Resource.empty(), 512))));
            }
        }
        // one span per line: a change of shape shows as a readable diff
        StringBuilder actual = new StringBuilder("{\n");
        all.fields().forEachRemaining(v -> {
            actual.append(actual.length() > 2 ? ",\n" : "").append(COMPACT.valueToTree(v.getKey()).toString()).append(": [\n");
            for (int i = 0; i < v.getValue().size(); i++) {
                actual.append(i > 0 ? ",\n" : "").append(v.getValue().get(i));
            }
            actual.append("\n]");
        });
        actual.append("\n}\n");
        String record = System.getProperty("smtptrace.recordShape");
        if (record != null) {
            Files.writeString(Path.of(record), actual);
        }
        String expected;
        try (InputStream in = SpanMapperShapeTest.class.getResourceAsStream("span-mapper-shape.json")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        EnvelopePrivacy.useKey(new byte[0]);
        assertThat(JSON.readTree(actual.toString())).isEqualTo(JSON.readTree(expected));
    }

    private static JsonNode normalise(JsonNode request) {
        ArrayNode spans = JSON.createArrayNode();
        Map<String, String> ids = new HashMap<>();
        for (JsonNode rs : request.get("resourceSpans")) {
            for (JsonNode ss : rs.get("scopeSpans")) {
                for (JsonNode span : ss.get("spans")) {
                    ObjectNode s = ((ObjectNode) span).deepCopy();
                    for (String f : List.of("traceId", "spanId", "parentSpanId")) {
                        if (s.has(f)) {
                            s.put(f, ids.computeIfAbsent(f.equals("traceId") ? "t" + s.get(f).asText()
                                    : "s" + s.get(f).asText(), k -> k.charAt(0) + Integer.toString(ids.size())));
                        }
                    }
                    s.set("attributes", sorted(s.get("attributes")));
                    for (JsonNode e : s.get("events")) {
                        ((ObjectNode) e).set("attributes", sorted(e.get("attributes")));
                    }
                    spans.add(s);
                }
            }
        }
        return spans;
    }

    private static JsonNode sorted(JsonNode attributes) {
        TreeMap<String, JsonNode> m = new TreeMap<>();
        for (JsonNode a : attributes) {
            m.put(a.get("key").asText(), a);
        }
        ArrayNode out = JSON.createArrayNode();
        m.values().forEach(out::add);
        return out;
    }
}
