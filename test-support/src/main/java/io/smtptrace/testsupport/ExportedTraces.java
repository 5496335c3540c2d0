package io.smtptrace.testsupport;

import io.smtptrace.contract.SmtpAttributes;
import io.smtptrace.contract.SmtpValues;
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

/**
 * Reads back what the agent wrote (OTLP JSON lines) the way an independent consumer would (see
 * src/docs/span-contract.md). Used by the agent's forked tests and the Postfix suite.
 */
public final class ExportedTraces {

    public final String raw;
    public final List<SpanView> spans = new ArrayList<>();

    private ExportedTraces(String raw) {
        this.raw = raw;
    }

    public static ExportedTraces read(Path file) throws IOException {
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

    /**
     * The spans in a log of the OpenTelemetry {@code logging-otlp} exporter (e.g. the OpenTelemetry Java agent's
     * stderr): every line that holds a JSON object (after a logger's prefix such as {@code INFO: }) with
     * {@code resourceSpans}, or one {@code ResourceSpans} ({@code scopeSpans}); other lines are skipped.
     */
    public static ExportedTraces fromLog(String text) throws IOException {
        ExportedTraces t = new ExportedTraces(text);
        ObjectMapper m = new ObjectMapper();
        for (String line : text.split("\n")) {
            int brace = line.indexOf('{');
            if (brace < 0 || !line.contains("Spans\"")) {
                continue;
            }
            JsonNode root;
            try {
                root = m.readTree(line.substring(brace));
            } catch (IOException notJson) {
                continue;
            }
            List<JsonNode> resources = new ArrayList<>();
            root.path("resourceSpans").forEach(resources::add);
            if (root.has("scopeSpans")) {
                resources.add(root);
            }
            for (JsonNode rs : resources) {
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
    public Map<String, List<SpanView>> byConnection() {
        Map<String, List<SpanView>> m = new LinkedHashMap<>();
        for (SpanView s : spans) {
            m.computeIfAbsent(s.str(SmtpAttributes.CONNECTION_ID), k -> new ArrayList<>()).add(s);
        }
        m.values().forEach(l -> l.sort(Comparator.comparingLong(s -> s.startNanos)));
        return m;
    }

    /** The connections' spans, connections in the order of their first span. */
    public List<List<SpanView>> connections() {
        List<List<SpanView>> c = new ArrayList<>(byConnection().values());
        c.sort(Comparator.comparingLong(l -> l.get(0).startNanos));
        return c;
    }

    /** The exchanges of one connection, ordered by smtp.seq. */
    public static List<EventView> exchanges(List<SpanView> connection) {
        return connection.stream().flatMap(s -> s.events.stream())
                .sorted(Comparator.comparingLong(e -> e.num(SmtpAttributes.SEQ))).collect(Collectors.toList());
    }

    /** The whole conversation of one connection, as "CMD -> code" lines ordered by smtp.seq. */
    public static List<String> transcript(List<SpanView> connection) {
        return exchanges(connection).stream().map(ExportedTraces::line).collect(Collectors.toList());
    }

    public static String line(EventView e) {
        String cmd = e.str(SmtpAttributes.COMMAND_LINE);
        return (cmd == null ? "<greeting>" : cmd) + " -> " + reply(e);
    }

    /** The reply code, or {@code (error type)} when the command got none. */
    public static String reply(EventView e) {
        return e.has(SmtpAttributes.REPLY_CODE) ? Long.toString(e.num(SmtpAttributes.REPLY_CODE))
                : "(" + e.str(SmtpAttributes.REPLY_ERROR) + ")";
    }

    public static class Attrs {
        public final Map<String, JsonNode> attrs = new LinkedHashMap<>();

        Attrs(JsonNode list) {
            for (JsonNode a : list) {
                attrs.put(a.path("key").asText(), a.path("value"));
            }
        }

        public boolean has(String k) {
            return attrs.containsKey(k);
        }

        public String str(String k) {
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

        public long num(String k) {
            String s = str(k);
            return s == null ? -1 : (long) Double.parseDouble(s);
        }

        public double dbl(String k) {
            String s = str(k);
            return s == null ? -1 : Double.parseDouble(s);
        }

        public boolean bool(String k) {
            return "true".equals(str(k));
        }

        public List<String> list(String k) {
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

    public static final class SpanView extends Attrs {
        public final String name;
        public final String scope;
        public final String traceId;
        public final String spanId;
        public final String parentSpanId;
        public final int kind;
        public final long startNanos;
        public final long endNanos;
        public final boolean statusError;
        public final List<EventView> events = new ArrayList<>();
        public final List<EventView> exceptions = new ArrayList<>();
        /** Each link as {@code traceId/spanId}. */
        public final List<String> links = new ArrayList<>();

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
            for (JsonNode l : sp.path("links")) {
                links.add(l.path("traceId").asText() + "/" + l.path("spanId").asText());
            }
            for (JsonNode ev : sp.path("events")) {
                EventView e = new EventView(ev);
                if (SmtpValues.EXCHANGE_EVENT.equals(e.name)) {
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

    public static final class EventView extends Attrs {
        public final String name;
        public final long timeNanos;

        EventView(JsonNode ev) {
            super(ev.path("attributes"));
            this.name = ev.path("name").asText();
            this.timeNanos = Long.parseLong(ev.path("timeUnixNano").asText("0"));
        }
    }
}
