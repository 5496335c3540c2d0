package io.smtptrace.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic input generators for the analyzer benchmark (fixed seeds: the same size gives the same bytes).
 * <ul>
 * <li>{@code agent}: OTLP JSON lines as the agent writes them. Real agent output (templates/agent-*.jsonl, copied from
 * analyzer-cli's test fixtures: a demo run under the real agent and the span-contract example) multiplied with fresh
 * trace/span/connection ids (every quoted 16- or 32-hex string) and shifted timestamps per copy.</li>
 * <li>{@code collector}: OpenTelemetry Collector file-exporter lines: each line one batch mixing the agent's
 * resourceSpans (from the same templates) with 1-3 other services' HTTP server/client spans.</li>
 * <li>{@code log}: JavaMail/Angus debug logs (templates/debug-*.log: plain mail.debug, logback and JUL formats,
 * recorded by analyzer-cli's recorder from real clients, with stack traces and message bodies), copied with
 * shifted timestamps and interleaved with unrelated application log lines and exception stack traces.</li>
 * </ul>
 */
final class Generators {

    private static final Pattern SLOT = Pattern.compile(
            "\"([0-9a-f]{32}|[0-9a-f]{16})\"|\"((?:start|end)?[tT]imeUnixNano)\":\"(\\d+)\"");

    private Generators() {
    }

    static void generate(String kind, Path out, long bytes) throws IOException {
        switch (kind) {
            case "agent" -> agent(out, bytes);
            case "collector" -> collector(out, bytes);
            case "log" -> log(out, bytes);
            default -> throw new IllegalArgumentException(kind);
        }
    }

    /** One template line split into literal parts and slots (hex id or timestamp). */
    private record Template(List<byte[]> literals, List<String> slots) {

        static Template of(String line) {
            List<byte[]> lits = new ArrayList<>();
            List<String> slots = new ArrayList<>();
            Matcher m = SLOT.matcher(line);
            int last = 0;
            while (m.find()) {
                if (m.group(1) != null) {
                    lits.add(utf8(line.substring(last, m.start()) + "\""));
                    slots.add("H" + m.group(1));
                    last = m.end() - 1;
                } else {
                    lits.add(utf8(line.substring(last, m.start()) + "\"" + m.group(2) + "\":\""));
                    slots.add("T" + m.group(3));
                    last = m.end() - 1;
                }
            }
            lits.add(utf8(line.substring(last)));
            return new Template(lits, slots);
        }

        long write(OutputStream out, long copy, long timeShiftNanos) throws IOException {
            long n = 0;
            for (int i = 0; i < slots.size(); i++) {
                byte[] lit = literals.get(i);
                out.write(lit);
                n += lit.length;
                String s = slots.get(i);
                byte[] v;
                if (s.charAt(0) == 'H') {
                    v = utf8(hexId(s.substring(1), copy));
                } else {
                    v = utf8(Long.toString(Long.parseLong(s, 1, s.length(), 10) + timeShiftNanos));
                }
                out.write(v);
                n += v.length;
            }
            byte[] last = literals.get(literals.size() - 1);
            out.write(last);
            return n + last.length;
        }
    }

    /** A new id of the same length, a pure function of (original, copy): ids stay consistent within a copy. */
    static String hexId(String original, long copy) {
        long h1 = mix(original.hashCode() * 0x9E3779B97F4A7C15L + copy);
        String a = String.format("%016x", h1);
        if (original.length() == 16) {
            return a;
        }
        return a + String.format("%016x", mix(h1 ^ 0xC2B2AE3D27D4EB4FL));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static List<Template> agentTemplates() throws IOException {
        List<Template> t = new ArrayList<>();
        for (String name : List.of("agent-1.jsonl", "agent-2.jsonl")) {
            for (String line : resource(name).split("\n")) {
                if (!line.isBlank()) {
                    t.add(Template.of(line.strip()));
                }
            }
        }
        return t;
    }

    private static void agent(Path out, long bytes) throws IOException {
        List<Template> templates = agentTemplates();
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            long written = 0;
            for (long copy = 0; written < bytes; copy++) {
                long shift = copy * 60_000_000_000L; // one minute per copy
                for (Template t : templates) {
                    written += t.write(o, copy, shift);
                    o.write('\n');
                    written++;
                }
            }
        }
    }

    private static final String[] SERVICES = {"orders", "checkout", "billing", "inventory", "gateway"};
    private static final String[] ROUTES = {"GET /orders/{id}", "POST /checkout", "GET /invoices", "PUT /stock/{sku}",
            "GET /health", "POST /payments"};

    private static void collector(Path out, long bytes) throws IOException {
        // the agent's resourceSpans objects, taken out of their ExportTraceServiceRequest wrapper
        List<Template> agentResources = new ArrayList<>();
        for (String name : List.of("agent-1.jsonl", "agent-2.jsonl")) {
            for (String line : resource(name).split("\n")) {
                line = line.strip();
                String prefix = "{\"resourceSpans\":[";
                if (line.startsWith(prefix) && line.endsWith("]}")) {
                    agentResources.add(Template.of(line.substring(prefix.length(), line.length() - 2)));
                }
            }
        }
        SplittableRandom rnd = new SplittableRandom(42);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            long written = 0;
            long base = 1_795_925_400_000_000_000L;
            for (long copy = 0; written < bytes; copy++) {
                long shift = copy * 60_000_000_000L;
                for (Template agentRes : agentResources) {
                    StringBuilder head = new StringBuilder("{\"resourceSpans\":[");
                    int others = 1 + rnd.nextInt(3);
                    for (int s = 0; s < others; s++) {
                        httpResource(head, rnd, base + shift, copy * 10 + s);
                        head.append(',');
                    }
                    byte[] h = utf8(head.toString());
                    o.write(h);
                    written += h.length;
                    written += agentRes.write(o, copy, shift);
                    o.write(']');
                    o.write('}');
                    o.write('\n');
                    written += 3;
                }
            }
        }
    }

    private static void httpResource(StringBuilder b, SplittableRandom rnd, long t0, long salt) {
        String service = SERVICES[rnd.nextInt(SERVICES.length)];
        b.append("{\"resource\":{\"attributes\":[")
                .append("{\"key\":\"service.name\",\"value\":{\"stringValue\":\"").append(service).append("\"}},")
                .append("{\"key\":\"telemetry.sdk.language\",\"value\":{\"stringValue\":\"java\"}},")
                .append("{\"key\":\"host.name\",\"value\":{\"stringValue\":\"").append(service)
                .append("-7d9f8c6b5-x2k4q\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"io.opentelemetry.tomcat-10.0\",")
                .append("\"version\":\"2.10.0-alpha\"},\"spans\":[");
        int spans = 3 + rnd.nextInt(8);
        String trace = hexId("00000000000000000000000000000000", salt * 31 + rnd.nextInt(1000));
        for (int i = 0; i < spans; i++) {
            if (i > 0) {
                b.append(',');
            }
            String route = ROUTES[rnd.nextInt(ROUTES.length)];
            long start = t0 + rnd.nextLong(50_000_000_000L);
            long dur = 200_000 + rnd.nextLong(80_000_000L);
            int status = rnd.nextInt(20) == 0 ? 500 : 200;
            b.append("{\"traceId\":\"").append(trace).append("\",\"spanId\":\"")
                    .append(hexId("0000000000000000", salt * 1000 + i + rnd.nextInt(1 << 20)))
                    .append("\",\"name\":\"").append(route).append("\",\"kind\":")
                    .append(i == 0 ? 2 : 3)
                    .append(",\"startTimeUnixNano\":\"").append(start).append("\",\"endTimeUnixNano\":\"")
                    .append(start + dur).append("\",\"attributes\":[")
                    .append("{\"key\":\"http.request.method\",\"value\":{\"stringValue\":\"")
                    .append(route, 0, route.indexOf(' ')).append("\"}},")
                    .append("{\"key\":\"url.path\",\"value\":{\"stringValue\":\"").append(route.substring(route.indexOf(' ') + 1))
                    .append("\"}},{\"key\":\"http.response.status_code\",\"value\":{\"intValue\":\"").append(status)
                    .append("\"}},{\"key\":\"server.address\",\"value\":{\"stringValue\":\"").append(service)
                    .append(".internal\"}},{\"key\":\"user_agent.original\",\"value\":{\"stringValue\":")
                    .append("\"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0\"}}],")
                    .append("\"status\":{").append(status == 500 ? "\"code\":2" : "").append("}}");
        }
        b.append("]}]}");
    }

    private static void log(Path out, long bytes) throws IOException {
        List<String> templates = new ArrayList<>();
        for (String name : List.of("debug-1.log", "debug-2.log", "debug-3.log")) {
            templates.add(resource(name));
        }
        SplittableRandom rnd = new SplittableRandom(7);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            long written = 0;
            for (long copy = 0; written < bytes; copy++) {
                for (String t : templates) {
                    byte[] block = utf8(t);
                    o.write(block);
                    written += block.length;
                    byte[] noise = utf8(noise(rnd, copy));
                    o.write(noise);
                    written += noise.length;
                }
            }
        }
    }

    /** Unrelated application log lines with an exception stack trace, as found between mail conversations. */
    private static String noise(SplittableRandom rnd, long copy) {
        StringBuilder b = new StringBuilder(4096);
        String ts = String.format("2026-11-29 05:%02d:%02d,%03d", (copy / 60) % 60, copy % 60, rnd.nextInt(1000));
        int lines = 5 + rnd.nextInt(20);
        for (int i = 0; i < lines; i++) {
            b.append(ts).append(" INFO  [http-nio-8080-exec-").append(1 + rnd.nextInt(200))
                    .append("] com.acme.orders.OrderController - order ").append(rnd.nextInt(1_000_000))
                    .append(" processed in ").append(rnd.nextInt(900)).append(" ms\n");
        }
        b.append(ts).append(" ERROR [scheduler-1] com.acme.sync.InventorySync - sync failed\n")
                .append("java.net.SocketTimeoutException: Read timed out\n");
        int frames = 20 + rnd.nextInt(30);
        for (int i = 0; i < frames; i++) {
            b.append("\tat com.acme.sync.Layer").append(i % 7).append(".call").append(i)
                    .append("(Layer").append(i % 7).append(".java:").append(10 + i * 3).append(")\n");
        }
        b.append("Caused by: java.io.IOException: connection reset\n\tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:328)\n\t... 42 more\n");
        return b.toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Generators.class.getResourceAsStream("/templates/" + name)) {
            if (in == null) {
                throw new IOException("missing template " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
