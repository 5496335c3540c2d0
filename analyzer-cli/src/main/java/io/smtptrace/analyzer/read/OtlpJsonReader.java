package io.smtptrace.analyzer.read;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;

import io.smtptrace.analyzer.model.Session;

/**
 * OTLP JSON ({@code ExportTraceServiceRequest}, protobuf JSON mapping) as written by the agent or by an OpenTelemetry
 * Collector's file exporter: JSON lines, or one (pretty-printed) document. Parsed with Jackson's streaming parser one
 * span at a time from UTF-8 bytes; each line is parsed in place from the buffer (a line longer than
 * {@link ByteLines#MAX_BUFFERED_LINE} as a stream, so even a 100 MB line is never buffered whole).
 */
public final class OtlpJsonReader {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(4 * 1024 * 1024).maxNestingDepth(64).build())
            .build();

    /** A span as read from the file: only what the assembler needs (name, kind, trace id and status it does not). */
    public static final class SpanRec {
        public String spanId;
        public String parentSpanId;
        public Instant start;
        public Instant end;
        public final Attrs attributes = new Attrs();
        public final List<EventRec> events = new ArrayList<>();
        public Attrs resource = Attrs.EMPTY;
        public long line;
    }

    public static final class EventRec {
        public String name;
        public Instant time;
        public final Attrs attributes = new Attrs();
    }

    /** threads to parse JSON lines on (1: this one) and the size of the pieces handed to each */
    private int threads = 1;
    private int chunkBytes = ParallelLogReading.CHUNK_BYTES;

    /** Parses the lines of JSON-lines input on {@code threads} threads in pieces of {@code chunkBytes}: same result. */
    OtlpJsonReader parallel(int threads, int chunkBytes) {
        this.threads = threads;
        this.chunkBytes = chunkBytes;
        return this;
    }

    private ParallelJsonReading parallel;
    private ByteLines source;

    /** 1-based number of the line being read (for a read error's message). */
    long lineNumber() {
        ParallelJsonReading p = parallel;
        return p != null ? p.lineNumber() : source == null ? 1 : source.lineNumber();
    }

    /** spans of the current JSON line handed over so far, and how many of them a failed earlier attempt handed over */
    private int lineSpans;
    private int skipSpans;

    public void read(ByteLines src, String file, Consumer<Session> sink, Diagnostics diag) throws IOException {
        source = src;
        OtlpSessionAssembler asm = new OtlpSessionAssembler(file, sink, diag);
        try {
            if (firstLineIsCompleteJson(src)) readLines(src, file, asm, diag);
            else readDocument(src, file, asm, diag);
        } finally {
            asm.flushAll();
        }
        if (asm.smtpSpans() == 0) {
            diag.problem(file, 0, "json.noSmtpSpans", asm.otherSpans());
        }
    }

    /** JSON lines if the first line holds a complete value; a pretty-printed document otherwise. */
    private boolean firstLineIsCompleteJson(ByteLines src) throws IOException {
        // Only a small first line can belong to a pretty-printed document ("{" alone, or "{ \"resourceSpans\": [").
        return !src.restOfLineBlankInBuffer() && !looksLikeDocumentStart(src);
    }

    private boolean looksLikeDocumentStart(ByteLines src) throws IOException {
        // The first line of a JSON-lines file is a whole object: its braces balance before the newline.
        // Peek into the buffer only; a line longer than the buffer is JSON lines.
        StringBuilder probe = new StringBuilder();
        Reader r = src.peekReader(); // bytes as Latin-1: only ASCII structure matters
        int c;
        int depth = 0;
        boolean inString = false;
        boolean esc = false;
        while ((c = r.read()) != -1) {
            char ch = (char) c;
            if (ch == '\n') return depth > 0 && !nextLineIsCompactObject(r);
            probe.append(ch);
            if (inString) {
                if (esc) esc = false;
                else if (ch == '\\') esc = true;
                else if (ch == '"') inString = false;
            } else if (ch == '"') inString = true;
            else if (ch == '{' || ch == '[') depth++;
            else if (ch == '}' || ch == ']') depth--;
        }
        return false; // first line longer than the buffer: JSON lines
    }

    /**
     * After an unbalanced first line: whether the next non-blank line starts the way a JSON line does (a compact object
     * at column 0, {@code {"resourceSpans":...}}), which no pretty-printed document's second line does. Then the first
     * line is a truncated JSON line (a file whose first write was cut), not the start of a document.
     */
    private static boolean nextLineIsCompactObject(Reader r) throws IOException {
        int c;
        while ((c = r.read()) == '\n' || c == '\r') { }
        if (c != '{') return false;
        c = r.read();
        if (c != '"') return false;
        StringBuilder key = new StringBuilder();
        while ((c = r.read()) != -1 && c != '"' && key.length() < 32) key.append((char) c);
        String k = key.toString();
        // a line that starts with an OTLP request, or any compact object when the buffer ends inside it
        return k.equals("resourceSpans") || k.equals("resource_spans") || c == -1 || k.length() < 32 && lineBalances(r);
    }

    /** Whether the rest of the line (after an opening brace and a key) closes that brace, or the buffer ends first. */
    private static boolean lineBalances(Reader r) throws IOException {
        int depth = 1;
        boolean inString = false;
        boolean esc = false;
        int c;
        while ((c = r.read()) != -1) {
            char ch = (char) c;
            if (ch == '\n') return false;
            if (inString) {
                if (esc) esc = false;
                else if (ch == '\\') esc = true;
                else if (ch == '"') inString = false;
            } else if (ch == '"') inString = true;
            else if (ch == '{' || ch == '[') depth++;
            else if ((ch == '}' || ch == ']') && --depth == 0) {
                // the object ends here; a document's line would go on with "," or more
                while ((c = r.read()) == ' ' || c == '\t' || c == '\r') { }
                return c == '\n' || c == -1;
            }
        }
        return true; // the buffer ends inside the object: a compact object all the same, as when it ends inside the key
    }

    private void readLines(ByteLines src, String file, OtlpSessionAssembler asm, Diagnostics diag) throws IOException {
        if (threads > 1) {
            ParallelJsonReading par = new ParallelJsonReading(file, diag, chunkBytes, threads);
            parallel = par;
            par.read(src, asm::accept);
            return;
        }
        readLines(src, asm::accept, (line, key, args) -> diag.problem(file, line, key, args));
    }

    /** Every JSON line of {@code src} to its end: spans to {@code spans}, problems per line. */
    void readLines(ByteLines src, Consumer<SpanRec> spans, LineProblems diag) throws IOException {
        while (!src.atEof()) {
            long lineNo = src.lineNumber();
            if (src.restOfLineBlankInBuffer()) {
                src.skipRestOfLine();
                continue;
            }
            int nl = src.bufferLine(); // PIT: `nl > 0` below is equivalent: a line not blank ends after index 0
            lineSpans = 0;
            skipSpans = 0;
            boolean badUtf8;
            try {
                badUtf8 = parseLine(nl >= 0 ? FACTORY.createParser(src.buffer(), src.position(), nl - src.position())
                        : FACTORY.createParser(src.lineStream()), spans, diag, lineNo, nl >= 0);
            } catch (java.io.CharConversionException e) {
                // the encoding Jackson guessed from the first bytes is one it cannot read ("UCS-4 3412"): see parseLine
                badUtf8 = nl >= 0;
                if (!badUtf8) diag.problem(lineNo, "json.rejectedLine", firstLine(e.getMessage()));
            }
            if (badUtf8) {
                // read the line again as text with U+FFFD for the bad bytes, as a char reader would; the spans the
                // first attempt handed over already are not handed over twice
                skipSpans = lineSpans;
                lineSpans = 0;
                String text = new String(src.buffer(), src.position(), nl - src.position(), StandardCharsets.UTF_8);
                parseLine(FACTORY.createParser(text), spans, diag, lineNo, false);
            }
            if (nl >= 0) src.consumeLine(nl);
            else src.skipRestOfLine();
        }
    }

    /**
     * Parses one JSON line; problems are reported for that line (which is then skipped), never thrown.
     *
     * @return true, with nothing reported, when the line is not valid UTF-8 and {@code mayRetry}
     */
    private boolean parseLine(JsonParser parser, Consumer<SpanRec> asm, LineProblems diag, long lineNo,
            boolean mayRetry) throws IOException {
        try (JsonParser p = parser) {
            JsonToken t = p.nextToken();
            if (t != null) {
                if (t != JsonToken.START_OBJECT) {
                    diag.problem(lineNo, "json.notObjectLine", t.asString());
                } else {
                    parseRequest(p, asm, lineNo);
                    if (p.nextToken() != null) diag.problem(lineNo, "json.trailingData");
                }
            }
        } catch (JsonEOFException e) {
            diag.problem(lineNo, "json.truncatedLine", e.getTokenBeingDecoded() == null ? "JSON" : String.valueOf(e.getTokenBeingDecoded()));
        } catch (StreamReadException e) {
            String m = e.getOriginalMessage();
            if (mayRetry && m != null && m.startsWith("Invalid UTF-8")) return true;
            diag.problem(lineNo, "json.invalidLine", String.valueOf(e.getLocation().getColumnNr()), firstLine(m));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            diag.problem(lineNo, "json.rejectedLine", firstLine(e.getOriginalMessage()));
        } catch (java.io.CharConversionException e) {
            // Jackson guesses the encoding of bytes from their first four: a line starting with NULs is "UTF-32" to
            // it and fails as such. That is a bad line (read again as UTF-8 text), not the end of the input
            if (mayRetry) return true;
            diag.problem(lineNo, "json.rejectedLine", firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            diag.problem(lineNo, "json.structureLine", String.valueOf(e.getMessage()));
        }
        return false;
    }

    /** Hands a span to the assembler, unless an earlier attempt at the same line did (see {@link #readLines}). */
    private void deliver(Consumer<SpanRec> asm, SpanRec s) {
        lineSpans++;
        if (skipSpans > 0) skipSpans--;
        else asm.accept(s);
    }

    private void readDocument(ByteLines src, String file, OtlpSessionAssembler asm, Diagnostics diag) throws IOException {
        long base = src.lineNumber() - 1;
        JsonParser[] parser = new JsonParser[1]; // for the line of an error that carries none (a nesting limit)
        try (JsonParser p = parser[0] = FACTORY.createParser(new java.io.InputStreamReader(src.restStream(),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE)))) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.START_OBJECT) {
                    diag.problem(file, base + p.currentLocation().getLineNr(), "json.notObject");
                    p.skipChildren();
                    continue;
                }
                // PIT: MATH on the next line is equivalent: the assembler never reads a span's line
                parseRequest(p, asm::accept, base + p.currentLocation().getLineNr());
            }
        } catch (JsonEOFException e) {
            diag.problem(file, base + e.getLocation().getLineNr(), "json.truncated", e.getTokenBeingDecoded() == null ? "JSON" : String.valueOf(e.getTokenBeingDecoded()));
        } catch (StreamReadException e) {
            diag.problem(file, base + e.getLocation().getLineNr(), "json.invalid", String.valueOf(e.getLocation().getColumnNr()), firstLine(e.getOriginalMessage()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            long line = e.getLocation() != null ? e.getLocation().getLineNr() : parser[0] != null ? parser[0].currentLocation().getLineNr() : 0;
            diag.problem(file, base + line, "json.rejected", firstLine(e.getOriginalMessage()));
        } catch (RuntimeException e) {
            diag.problem(file, 0, "json.structure", String.valueOf(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        s = i >= 0 ? s.substring(0, i) : s;
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }

    // ---- protobuf JSON mapping ----

    private void parseRequest(JsonParser p, Consumer<SpanRec> asm, long line) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            if (("resourceSpans".equals(f) || "resource_spans".equals(f)) && p.currentToken() == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) parseResourceSpans(p, asm, line);
            } else p.skipChildren();
        }
    }

    private void parseResourceSpans(JsonParser p, Consumer<SpanRec> asm, long line) throws IOException {
        Attrs resource = new Attrs();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "resource" -> {
                    if (p.currentToken() != JsonToken.START_OBJECT) { p.skipChildren(); break; }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String g = p.currentName();
                        p.nextToken();
                        if ("attributes".equals(g)) parseAttributes(p, resource);
                        else p.skipChildren();
                    }
                }
                case "scopeSpans", "scope_spans", "instrumentationLibrarySpans" -> {
                    if (p.currentToken() != JsonToken.START_ARRAY) { p.skipChildren(); break; }
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String g = p.currentName();
                            p.nextToken();
                            if ("spans".equals(g) && p.currentToken() == JsonToken.START_ARRAY) {
                                while (p.nextToken() == JsonToken.START_OBJECT) {
                                    SpanRec s = parseSpan(p);
                                    s.resource = resource;
                                    s.line = line;
                                    deliver(asm, s);
                                }
                            } else p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    private SpanRec parseSpan(JsonParser p) throws IOException {
        SpanRec s = new SpanRec();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            switch (f) {
                case "spanId", "span_id" -> s.spanId = p.getValueAsString();
                case "parentSpanId", "parent_span_id" -> s.parentSpanId = emptyToNull(p.getValueAsString());
                case "startTimeUnixNano", "start_time_unix_nano" -> s.start = nanos(p);
                case "endTimeUnixNano", "end_time_unix_nano" -> s.end = nanos(p);
                case "attributes" -> parseAttributes(p, s.attributes);
                case "events" -> {
                    if (t != JsonToken.START_ARRAY) { p.skipChildren(); break; }
                    while (p.nextToken() == JsonToken.START_OBJECT) s.events.add(parseEvent(p));
                }
                default -> p.skipChildren();
            }
        }
        return s;
    }

    private EventRec parseEvent(JsonParser p) throws IOException {
        EventRec e = new EventRec();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            switch (f) {
                case "name" -> e.name = p.getValueAsString();
                case "timeUnixNano", "time_unix_nano" -> e.time = nanos(p);
                case "attributes" -> parseAttributes(p, e.attributes);
                default -> p.skipChildren();
            }
        }
        return e;
    }

    private void parseAttributes(JsonParser p, Attrs into) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String key = null;
            Object value = null;
            boolean skipValue = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                if ("key".equals(f)) {
                    key = p.getValueAsString();
                    skipValue = key != null && !used(key);
                } else if ("value".equals(f) && !skipValue) value = anyValue(p);
                else p.skipChildren();
            }
            if (key != null && value != null) into.put(key, value);
        }
    }

    /**
     * Whether the session model reads this attribute (see {@link OtlpSessionAssembler}): the values of all others,
     * most of a Collector file's, are skipped without building strings. A value before its key is still parsed.
     */
    private static boolean used(String key) {
        return key.startsWith("smtp.") || switch (key) {
            case "network.protocol.name", "server.address", "server.port", "tls.established", "exception.type",
                    "exception.message", "service.name", "host.name" -> true;
            default -> false;
        };
    }

    /** AnyValue: stringValue, intValue (a string in proto JSON), doubleValue, boolValue, arrayValue. */
    private Object anyValue(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        Object v = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            switch (f) {
                case "stringValue", "string_value", "bytesValue" -> v = p.getValueAsString();
                case "intValue", "int_value" -> v = longValue(p);
                // not one ternary: its Double would be unboxed, and a string that is no number would fail the whole line
                case "doubleValue", "double_value" -> {
                    if (t == JsonToken.VALUE_STRING) v = parseDouble(p.getValueAsString());
                    else v = p.getValueAsDouble();
                }
                case "boolValue", "bool_value" -> v = t == JsonToken.VALUE_STRING ? Boolean.parseBoolean(p.getValueAsString()) : p.getValueAsBoolean();
                case "arrayValue", "array_value" -> {
                    List<Object> list = new ArrayList<>();
                    if (t == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String g = p.currentName();
                            p.nextToken();
                            if ("values".equals(g) && p.currentToken() == JsonToken.START_ARRAY) {
                                while (p.nextToken() == JsonToken.START_OBJECT) {
                                    Object o = anyValue(p);
                                    if (o != null) list.add(o);
                                }
                            } else p.skipChildren();
                        }
                    } else p.skipChildren();
                    v = list;
                }
                default -> p.skipChildren();
            }
        }
        return v;
    }

    private static Double parseDouble(String s) {
        try {
            return s == null ? null : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant nanos(JsonParser p) throws IOException {
        Long n = longValue(p);
        if (n == null || n <= 0) return null;
        return Instant.ofEpochSecond(n / 1_000_000_000L, n % 1_000_000_000L);
    }

    /**
     * {@code Long.parseLong(p.getValueAsString().trim())}, null when that fails; a plain decimal string (proto JSON's
     * 64-bit integers) is read from the parser's characters without making a String of it.
     */
    private static Long longValue(JsonParser p) throws IOException {
        // PIT: every mutant of this fast path that survives is equivalent: it can only send a value to the slow path
        // below (or take a number token's own digits), which gives the same Long
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            char[] c = p.getTextCharacters();
            int i = p.getTextOffset();
            int end = i + p.getTextLength();
            while (i < end && c[i] <= ' ') i++;
            while (end > i && c[end - 1] <= ' ') end--;
            boolean neg = i < end && c[i] == '-';
            int d = neg || i < end && c[i] == '+' ? i + 1 : i;
            if (d < end && end - d <= 18) { // 18 digits cannot overflow
                long n = 0;
                int j = d;
                while (j < end && c[j] >= '0' && c[j] <= '9') n = n * 10 + (c[j++] - '0');
                if (j == end) return neg ? -n : n;
            }
        }
        String s = p.getValueAsString();
        try {
            return s == null ? null : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
