package io.smtptrace.postfixit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The agent's OTLP JSON lines, read back as an independent consumer would (see src/docs/span-contract.md). */
final class Trace {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String raw;
    final List<Span> spans = new ArrayList<>();

    private Trace(String raw) {
        this.raw = raw;
    }

    static Trace read(Path file) {
        try {
            Trace t = new Trace(Files.exists(file) ? Files.readString(file) : "");
            for (String line : t.raw.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                for (JsonNode rs : JSON.readTree(line).path("resourceSpans")) {
                    for (JsonNode ss : rs.path("scopeSpans")) {
                        for (JsonNode sp : ss.path("spans")) {
                            t.spans.add(new Span(sp));
                        }
                    }
                }
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connection id to its spans, each ordered by start time; connections in order of their first span. */
    List<List<Span>> connections() {
        Map<String, List<Span>> m = new LinkedHashMap<>();
        spans.stream().sorted(Comparator.comparingLong(s -> s.start))
                .forEach(s -> m.computeIfAbsent(s.str("smtp.connection.id"), k -> new ArrayList<>()).add(s));
        return new ArrayList<>(m.values());
    }

    static List<Event> exchanges(List<Span> connection) {
        return connection.stream().flatMap(s -> s.events.stream())
                .sorted(Comparator.comparingLong(e -> e.num("smtp.seq"))).collect(Collectors.toList());
    }

    /**
     * "VERB code" per exchange: {@code <greeting>}, the verb ({@code AUTH LOGIN} with its mechanism, {@code .} for
     * end of data, the command line for AUTH continuations), and the reply code or {@code (error)}.
     */
    static List<String> verbs(List<Span> connection) {
        return exchanges(connection).stream().map(e -> {
            String what = e.str("smtp.command.verb");
            if ("greeting".equals(e.str("smtp.exchange.type"))) {
                what = "<greeting>";
            } else if (what == null || "AUTH".equals(what)) {
                what = e.str("smtp.command.line");
            }
            return what + " " + reply(e);
        }).collect(Collectors.toList());
    }

    static String reply(Event e) {
        return e.has("smtp.reply.code") ? Long.toString(e.num("smtp.reply.code")) : "(" + e.str("smtp.reply.error") + ")";
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
            for (String t : new String[] {"stringValue", "intValue", "boolValue", "doubleValue"}) {
                if (v.has(t)) {
                    return v.get(t).asText();
                }
            }
            return v.toString();
        }

        long num(String k) {
            String s = str(k);
            return s == null ? -1 : (long) Double.parseDouble(s);
        }

        boolean bool(String k) {
            return "true".equals(str(k));
        }

        List<String> list(String k) {
            List<String> out = new ArrayList<>();
            JsonNode v = attrs.get(k);
            if (v != null) {
                for (JsonNode x : v.path("arrayValue").path("values")) {
                    out.add(x.path("stringValue").asText());
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return attrs.toString();
        }
    }

    static final class Span extends Attrs {
        final String name;
        final long start;
        final List<Event> events = new ArrayList<>();

        Span(JsonNode sp) {
            super(sp.path("attributes"));
            name = sp.path("name").asText();
            start = Long.parseLong(sp.path("startTimeUnixNano").asText("0"));
            for (JsonNode ev : sp.path("events")) {
                if ("smtp.exchange".equals(ev.path("name").asText())) {
                    events.add(new Event(ev));
                }
            }
        }
    }

    static final class Event extends Attrs {
        Event(JsonNode ev) {
            super(ev.path("attributes"));
        }

        /** The reply lines, joined with " / " as in src/it/postfix/README.md. */
        String replyText() {
            List<String> lines = list("smtp.reply.lines");
            return lines.isEmpty() ? str("smtp.reply.lines") : String.join(" / ", lines);
        }
    }
}
