package io.smtptrace.analyzer.read;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtptrace.analyzer.model.Session;

/**
 * Structured logs, one JSON object per line, whose objects carry a log line in a message field: logstash-logback-encoder,
 * ECS / log4j2 {@code JsonTemplateLayout} and {@code JsonLayout}, GELF, Docker's json-file, journald's
 * {@code journalctl -o json}, a Loki or Fluent Bit export. The message goes to the debug-log reader: as a logger's record
 * when the object names the logger (JavaMail's own loggers tell protocol from debug lines), else as a line of text
 * (JavaMail's raw {@code mail.debug} output on stdout, which may still carry a layout's prefix). The thread, pod or
 * container the object names keeps interleaved conversations apart; its timestamp gives the timings.
 */
public final class JsonLogReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** where the text is: the first of these that holds a string (GELF's full_message has the stack trace too) */
    static final String[] MESSAGE = {"message", "msg", "log", "full_message", "short_message", "MESSAGE", "line", "textPayload", "@message"};
    private static final String[] LOGGER = {"logger_name", "logger", "log.logger", "loggerName", "_logger_name", "logger.name", "name"};
    private static final String[] THREAD = {"thread_name", "thread", "process.thread.name", "threadName", "_thread_name", "thread.name"};
    private static final String[] LEVEL = {"level", "log.level", "severity", "levelname", "_level", "level_name"};
    private static final String[] TIME = {"@timestamp", "timestamp", "time", "ts", "date", "__REALTIME_TIMESTAMP", "timeMillis", "instant"};
    /** fields naming the process or container a line came from, for interleaved services */
    private static final String[] SOURCE = {"kubernetes.pod_name", "kubernetes.container_name", "pod", "container_name", "container",
            "service.name", "labels.pod", "labels.container", "labels.service_name", "SYSLOG_IDENTIFIER", "_PID", "_SYSTEMD_UNIT"};
    private static final String[] STACK = {"stack_trace", "exception", "error.stack_trace", "stackTrace", "exc_info"};

    private final Pattern prefix;

    public JsonLogReader(Pattern prefix) {
        this.prefix = prefix;
    }

    /**
     * Whether the JSON input starting here is a structured log rather than OTLP: its first line is a whole object
     * that has a message field and no {@code resourceSpans}. Looks at the buffered start only, consumes nothing.
     */
    public static boolean isLog(BufferedInputStream in) throws IOException {
        // Only the first line is looked at, and a read error while peeking is left for the reader that follows, which
        // meets it again at its line (so a failing input is reported as cut short there, not as unread).
        byte[] head = new byte[1 << 16];
        int n = 0;
        int nl = -1;
        in.mark(head.length);
        try {
            while (nl < 0 && n < head.length) {
                int k = in.read(head, n, head.length - n);
                if (k < 0) break; // PIT: `k <= 0` here is equivalent: read with a length > 0 returns at least 1 or -1
                for (int i = n; i < n + k; i++) {
                    if (head[i] == '\n') {
                        nl = i;
                        break;
                    }
                }
                n += k;
            }
        } catch (IOException e) {
            return false; // PIT: FALSE_RETURNS here is equivalent: false already (the finally hides the constant from PIT)
        } finally {
            in.reset();
        }
        // PIT: `nl <= 0` here is equivalent: a first line that is empty (nl == 0) is no log either
        if (nl < 0 && n == head.length) return false; // a long first line: a document or an OTLP batch
        String first = new String(head, 0, nl < 0 ? n : nl, java.nio.charset.StandardCharsets.UTF_8);
        if (first.contains("\"resourceSpans\"") || first.contains("\"resource_spans\"")) return false;
        try {
            JsonNode node = MAPPER.readTree(first);
            return node != null && node.isObject() && text(node, MESSAGE) != null;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    public void read(CharSource src, String file, Consumer<Session> sink, Diagnostics diag) throws IOException {
        DebugLogReader r = new DebugLogReader(prefix);
        r.begin(file, sink);
        int bad = 0;
        int noMessage = 0;
        try {
            while (true) {
                long lineNo = src.lineNumber();
                String line = src.readLine(CharSource.DEFAULT_MAX_LINE);
                if (line == null) break;
                if (src.lastLineTooLong()) {
                    diag.problem(file, lineNo, "log.lineTooLong", String.valueOf(src.lastLineLength()), String.valueOf(CharSource.DEFAULT_MAX_LINE));
                    continue;
                }
                if (line.isBlank()) continue;
                JsonNode n;
                try {
                    n = MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    n = null;
                }
                if (n == null || !n.isObject()) {
                    if (bad++ < 10) diag.problem(file, lineNo, "jsonLog.notObject");
                    continue;
                }
                String message = text(n, MESSAGE);
                if (message == null) {
                    noMessage++;
                    continue;
                }
                record(r, n, message, lineNo);
            }
        } finally {
            int sessions = r.end();
            if (sessions == 0) diag.problem(file, 0, "jsonLog.noConversation");
        }
        if (noMessage > 0 && bad == 0) diag.problem(file, 0, "jsonLog.noMessage", noMessage);
    }

    private static void record(DebugLogReader r, JsonNode n, String message, long lineNo) {
        String logger = text(n, LOGGER);
        String level = text(n, LEVEL);
        String thread = text(n, THREAD);
        String source = null;
        for (String f : SOURCE) {
            String v = text(n, f);
            if (v != null) source = source == null ? v : source + "/" + v;
        }
        String stream = source == null ? thread == null ? "" : thread : thread == null ? source : source + " " + thread;
        Instant time = time(n);
        // one record may hold several lines (a reply, a stack trace); Docker's json-file keeps the line's own '\n'
        String[] lines = message.split("\r?\n", -1);
        int count = lines.length > 1 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
        for (int i = 0; i < count; i++) {
            String text = lines[i];
            if (logger != null && !logger.isEmpty() && i == 0) {
                LogLine l = LogLine.record(text, logger, level, time, stream);
                l.unwrapped = true;
                r.record(l, lineNo);
            } else if (logger != null && !logger.isEmpty()) {
                // the rest of a multi-line record: an exception's stack, or text the logger wrote in one go
                r.record(LogLine.continuation(text, stream, time), lineNo);
            } else {
                r.text(text, stream, time, lineNo);
            }
        }
        String stack = text(n, STACK);
        if (stack != null) for (String s : stack.split("\r?\n")) r.record(LogLine.continuation(s, stream, time), lineNo);
    }

    /** A string (or number) field by its flat name ("log.level") or its dotted path ({"log":{"level":..}}). */
    static String text(JsonNode n, String... names) {
        for (String name : names) {
            JsonNode v = n.get(name);
            if (v == null && name.indexOf('.') > 0) { // PIT: `>= 0` here is equivalent: no field name starts with '.'
                v = n;
                for (String part : name.split("\\.")) {
                    v = v == null ? null : v.get(part);
                }
            }
            if (v != null && (v.isTextual() || v.isNumber())) return v.asText();
        }
        return null;
    }

    /** ISO-8601 strings, epoch numbers (s, ms, µs or ns by size), log4j2's {"epochSecond","nanoOfSecond"}. */
    static Instant time(JsonNode n) {
        for (String name : TIME) {
            JsonNode v = n.get(name);
            if (v == null) continue;
            try {
                if (v.isObject() && v.has("epochSecond")) return Instant.ofEpochSecond(v.get("epochSecond").asLong(), v.path("nanoOfSecond").asLong());
                if (v.isNumber()) return epoch(v.decimalValue());
                if (v.isTextual()) {
                    String s = v.asText();
                    if (!s.isEmpty() && s.chars().allMatch(c -> Character.isDigit(c) || c == '.')) return epoch(new BigDecimal(s));
                    try {
                        return OffsetDateTime.parse(s).toInstant();
                    } catch (RuntimeException e) {
                        Instant t = s.length() >= 19 ? LogLine.parseTime(s) : null;
                        if (t != null) return t;
                    }
                }
            } catch (RuntimeException e) {
                // an unreadable time is no reason to drop the line
            }
        }
        return null;
    }

    private static Instant epoch(BigDecimal v) {
        BigDecimal nanos;
        if (v.compareTo(BigDecimal.valueOf(1e17)) > 0) nanos = v;
        else if (v.compareTo(BigDecimal.valueOf(1e14)) > 0) nanos = v.movePointRight(3);
        else if (v.compareTo(BigDecimal.valueOf(1e11)) > 0) nanos = v.movePointRight(6);
        else nanos = v.movePointRight(9);
        long ns = nanos.toBigInteger().longValueExact(); // beyond the year 2262: no time, rather than a wrapped-around one
        return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
    }
}
