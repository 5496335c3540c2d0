package io.smtptrace.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads back what the agent wrote (OTLP JSON lines) the way an independent consumer would. */
final class ExportedTraces {

    final String raw;
    final List<SpanView> spans = new ArrayList<>();

    private ExportedTraces(String raw) {
        this.raw = raw;
    }

    static ExportedTraces read(Path file) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "";
        ExportedTraces t = new ExportedTraces(text);
        ObjectMapper m = new ObjectMapper();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode root = m.readTree(line);
            for (JsonNode rs : root.path("resourceSpans")) {
                for (JsonNode ss : rs.path("scopeSpans")) {
                    for (JsonNode sp : ss.path("spans")) {
                        t.spans.add(new SpanView(sp, ss.path("scope").path("name").asText()));
                    }
                }
            }
        }
        return t;
    }

    /** Connection id to its spans, each list ordered by first exchange. */
    Map<String, List<SpanView>> byConnection() {
        Map<String, List<SpanView>> m = new LinkedHashMap<>();
        for (SpanView s : spans) {
            m.computeIfAbsent(s.str("smtp.connection.id"), k -> new ArrayList<>()).add(s);
        }
        m.values().forEach(l -> l.sort(Comparator.comparingLong(s -> s.startNanos)));
        return m;
    }

    /** The whole conversation of one connection, as "CMD -> code" lines ordered by smtp.seq. */
    static List<String> transcript(List<SpanView> connection) {
        return connection.stream().flatMap(s -> s.events.stream())
                .sorted(Comparator.comparingLong(e -> e.num("smtp.seq")))
                .map(ExportedTraces::line)
                .collect(Collectors.toList());
    }

    static String line(EventView e) {
        String cmd = e.str("smtp.command.line");
        String reply = e.has("smtp.reply.code") ? Long.toString(e.num("smtp.reply.code"))
                : "(" + e.str("smtp.reply.error") + ")";
        return (cmd == null ? "<greeting>" : cmd) + " -> " + reply;
    }

    static class Attrs {
        final Map<String, JsonNode> attrs = new LinkedHashMap<>();

        Attrs(JsonNode list) {
            for (JsonNode a : list) {
                attrs.put(a.path("key").asText(), a.path("value"));
            }
        }

        boolean has(String k) {
            return attrs.containsKey(k);
        }

        String str(String k) {
            JsonNode v = attrs.get(k);
            if (v == null) {
                return null;
            }
            if (v.has("stringValue")) {
                return v.get("stringValue").asText();
            }
            if (v.has("intValue")) {
                return v.get("intValue").asText();
            }
            if (v.has("boolValue")) {
                return v.get("boolValue").asText();
            }
            if (v.has("doubleValue")) {
                return v.get("doubleValue").asText();
            }
            return v.toString();
        }

        long num(String k) {
            String s = str(k);
            return s == null ? -1 : (long) Double.parseDouble(s);
        }

        double dbl(String k) {
            String s = str(k);
            return s == null ? -1 : Double.parseDouble(s);
        }

        boolean bool(String k) {
            return "true".equals(str(k));
        }

        List<String> list(String k) {
            JsonNode v = attrs.get(k);
            List<String> out = new ArrayList<>();
            if (v != null) {
                for (JsonNode x : v.path("arrayValue").path("values")) {
                    out.add(x.path("stringValue").asText());
                }
            }
            return out;
        }
    }

    static final class SpanView extends Attrs {
        final String name;
        final String scope;
        final String traceId;
        final String spanId;
        final String parentSpanId;
        final int kind;
        final long startNanos;
        final long endNanos;
        final boolean statusError;
        final List<EventView> events = new ArrayList<>();
        final List<EventView> exceptions = new ArrayList<>();

        SpanView(JsonNode sp, String scope) {
            super(sp.path("attributes"));
            this.name = sp.path("name").asText();
            this.scope = scope;
            this.traceId = sp.path("traceId").asText();
            this.spanId = sp.path("spanId").asText();
            this.parentSpanId = sp.path("parentSpanId").asText("");
            this.kind = sp.path("kind").asInt();
            this.startNanos = Long.parseLong(sp.path("startTimeUnixNano").asText("0"));
            this.endNanos = Long.parseLong(sp.path("endTimeUnixNano").asText("0"));
            this.statusError = sp.path("status").path("code").asInt() == 2;
            for (JsonNode ev : sp.path("events")) {
                EventView e = new EventView(ev);
                if ("smtp.exchange".equals(e.name)) {
                    events.add(e);
                } else if ("exception".equals(e.name)) {
                    exceptions.add(e);
                }
            }
        }

        @Override
        public String toString() {
            return name + " " + attrs;
        }
    }

    static final class EventView extends Attrs {
        final String name;
        final long timeNanos;

        EventView(JsonNode ev) {
            super(ev.path("attributes"));
            this.name = ev.path("name").asText();
            this.timeNanos = Long.parseLong(ev.path("timeUnixNano").asText("0"));
        }
    }
}
