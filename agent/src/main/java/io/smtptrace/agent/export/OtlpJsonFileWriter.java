package io.smtptrace.agent.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Writes span records as OTLP JSON lines ({@code ExportTraceServiceRequest}, protobuf JSON mapping, one request per
 * line): what the OpenTelemetry Collector's {@code file} exporter writes, and what the SDK's
 * {@code OtlpStdoutSpanExporter} writes with its wrapper object for the same spans (checked by a test, and every line
 * parses as the official OTLP schema). No OpenTelemetry SDK on this path: each span is serialised from the record
 * straight into one byte buffer kept across lines, the resource and scope once for good, attribute keys from their
 * bytes encoded once ({@link SpanKey}); a line is written with one call.
 *
 * <p>Its memory is bounded whatever the heap: a line is written once it passes {@link #LINE_TARGET_BYTES} (or holds
 * the batch size), never grows past {@link #MAX_LINE_BYTES}; a single span that does not fit (or an
 * {@link OutOfMemoryError} while serialising it) is dropped and counted, never an error that kills the export thread.
 * A failed write is counted with its spans (see {@link ExportLosses}); the stream keeps the file to whole lines.
 */
final class OtlpJsonFileWriter implements SpanSink {

    /** The longest line written: a span that alone would be longer is dropped. */
    static final int MAX_LINE_BYTES = 1 << 20;
    /** A line is written once it holds this much: big enough for one write per ~60 spans, small enough to keep. */
    static final int LINE_TARGET_BYTES = 256 << 10;
    private static final int INITIAL_BUFFER_BYTES = 64 << 10;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final ExportLosses losses;
    /** What the losses report names: the trace file. */
    private final Object target;
    private final int maxBatch;
    /** Everything of a line before its first span: the request, the resource, the agent's scope. */
    private final byte[] head;
    /** Everything after its last span, and the line break. */
    private final byte[] tail;
    private byte[] buf = new byte[INITIAL_BUFFER_BYTES];
    private int len;
    /** Spans in the line being built. Read by the shutdown hook without a lock. */
    private volatile int pending;
    /** Reused for the doubles {@link #exactDecimal} leaves to the JDK's formatting. */
    private final StringBuilder number = new StringBuilder(32);

    /**
     * @param out      the trace file (whole lines only, see {@link RotatingFileOutputStream})
     * @param resource the resource every line names (see {@link AgentResource})
     * @param maxBatch spans per line at most ({@code otel.bsp.max.export.batch.size}, as before)
     */
    OtlpJsonFileWriter(OutputStream out, Resource resource, String scopeName, String scopeVersion,
                       ExportLosses losses, Object target, int maxBatch) {
        this.out = out;
        this.losses = losses;
        this.target = target;
        this.maxBatch = Math.max(1, maxBatch);
        raw("{\"resourceSpans\":[{\"resource\":{\"attributes\":");
        otelAttributes(resource.getAttributes());
        raw("},\"scopeSpans\":[{\"scope\":{\"name\":");
        string(scopeName);
        if (scopeVersion != null) {
            raw(",\"version\":");
            string(scopeVersion);
        }
        raw(",\"attributes\":[]},\"spans\":[");
        head = Arrays.copyOf(buf, len);
        len = 0;
        raw("]}]");
        if (resource.getSchemaUrl() != null) {
            raw(",\"schemaUrl\":");
            string(resource.getSchemaUrl());
        }
        raw("}]}\n");
        tail = Arrays.copyOf(buf, len);
        len = 0;
    }

    @Override
    public void accept(SpanRecord s) {
        if (pending == 0) {
            len = 0;
            bytes(head);
        }
        int mark = len;
        try {
            if (pending > 0) {
                comma();
            }
            writeSpan(s);
        } catch (TooLong e) {
            len = mark;
            if (pending == 0) {
                losses.tooLarge(1, e); // alone longer than a line may be
                shrink();
                return;
            }
            flush();
            accept(s); // on a line of its own now: no deeper
            return;
        } catch (OutOfMemoryError e) {
            len = mark;
            losses.tooLarge(1, e);
            if (pending == 0) {
                buf = null; // whatever it held may be what exhausted the heap
                shrink();
            }
            return;
        }
        pending++;
        if (pending >= maxBatch || len >= LINE_TARGET_BYTES) {
            flush();
        }
    }

    @Override
    public int pending() {
        return pending;
    }

    /** Writes the line being built; its spans are counted as lost if the write fails. */
    @Override
    public void flush() {
        int spans = pending;
        if (spans == 0) {
            return;
        }
        try {
            if (len + tail.length > buf.length) {
                buf = Arrays.copyOf(buf, len + tail.length);
            }
            System.arraycopy(tail, 0, buf, len, tail.length);
            len += tail.length;
            out.write(buf, 0, len);
            out.flush();
            losses.writeSucceeded(target, spans);
        } catch (IOException | RuntimeException e) {
            losses.writeFailed(target, spans, e);
        } finally {
            pending = 0;
            len = 0;
            shrink();
        }
    }

    /** A buffer grown by one big span is not kept for ever. */
    private void shrink() {
        if (buf == null || buf.length > 2 * LINE_TARGET_BYTES) {
            try {
                buf = new byte[INITIAL_BUFFER_BYTES];
            } catch (OutOfMemoryError e) {
                buf = new byte[0]; // grown on the next span, when memory may be back
            }
        }
        len = 0;
    }

    /** The line would pass {@link #MAX_LINE_BYTES}. */
    private static final class TooLong extends RuntimeException {
        static final TooLong INSTANCE = new TooLong();

        private TooLong() {
            super("a span longer than a line may be (" + MAX_LINE_BYTES + " bytes)", null, false, false);
        }
    }

    // ---- a span ------------------------------------------------------------------------------------------------

    private void writeSpan(SpanRecord s) {
        raw("{\"traceId\":\"");
        hex(s.traceIdHigh);
        hex(s.traceIdLow);
        raw("\",\"spanId\":\"");
        hex(s.spanId);
        if (s.parentSpanId != 0) {
            raw("\",\"parentSpanId\":\"");
            hex(s.parentSpanId);
        }
        raw("\",\"name\":");
        string(s.name);
        raw(",\"kind\":");
        number(s.kind);
        raw(",\"startTimeUnixNano\":");
        quotedNumber(s.startEpochNanos);
        raw(",\"endTimeUnixNano\":");
        quotedNumber(s.endEpochNanos);
        raw(",\"attributes\":");
        attributes(s.attributes);
        raw(",\"events\":[");
        for (int i = 0, n = s.eventCount(); i < n; i++) {
            if (i > 0) {
                comma();
            }
            SpanRecord.Event e = s.event(i);
            raw("{\"timeUnixNano\":");
            quotedNumber(e.epochNanos);
            raw(",\"name\":");
            string(e.name);
            raw(",\"attributes\":");
            attributes(e.attributes);
            raw("}");
        }
        raw("]");
        if (s.droppedEvents() > 0) {
            raw(",\"droppedEventsCount\":");
            number(s.droppedEvents());
        }
        raw(",\"links\":[");
        for (int i = 0, n = s.linkCount(); i < n; i++) {
            if (i > 0) {
                comma();
            }
            SpanRecord.Link l = s.link(i);
            raw("{\"traceId\":\"");
            hex(l.traceIdHigh);
            hex(l.traceIdLow);
            raw("\",\"spanId\":\"");
            hex(l.spanId);
            raw("\",\"attributes\":");
            attributes(l.attributes);
            raw(",\"flags\":");
            number(flags(l.sampled, l.remote));
            raw("}");
        }
        raw("],\"status\":{");
        if (s.status != SpanRecord.STATUS_UNSET) {
            raw("\"code\":");
            number(s.status);
        }
        raw("},\"flags\":");
        number(flags(s.sampled, s.parentRemote));
        raw("}");
    }

    /** W3C trace flags plus OTLP's "parent is remote" bits, as the SDK's marshaler computes them. */
    private static int flags(boolean sampled, boolean remote) {
        return (sampled ? 1 : 0) | (remote ? 0x300 : 0x100);
    }

    private void hex(long v) {
        ensure(16);
        for (int shift = 60; shift >= 0; shift -= 4) {
            buf[len++] = HEX[(int) (v >>> shift) & 0xF];
        }
    }

    // ---- attributes ----------------------------------------------------------------------------------------------

    private void attributes(SpanAttributes a) {
        raw("[");
        for (int i = 0, n = a.size(); i < n; i++) {
            if (i > 0) {
                comma();
            }
            SpanKey k = a.key(i);
            bytes(k.json);
            switch (k.type) {
                case STRING:
                    stringValue(a.string(i));
                    break;
                case BOOLEAN:
                    boolValue(a.boolValue(i));
                    break;
                case LONG:
                    intValue(a.longValue(i));
                    break;
                case DOUBLE:
                    doubleValue(a.doubleValue(i));
                    break;
                default:
                    List<String> values = a.strings(i);
                    raw("{\"arrayValue\":{\"values\":[");
                    for (int j = 0, m = values.size(); j < m; j++) {
                        if (j > 0) {
                            comma();
                        }
                        stringValue(values.get(j));
                    }
                    raw("]}}");
            }
            raw("}");
        }
        raw("]");
    }

    /** The resource's attributes, of any type but VALUE (written once, when the writer is made). */
    private void otelAttributes(Attributes attributes) {
        raw("[");
        boolean[] first = {true};
        attributes.forEach((BiConsumer<AttributeKey<?>, Object>) (key, value) -> {
            if (!first[0]) {
                comma();
            }
            first[0] = false;
            raw("{\"key\":");
            string(key.getKey());
            raw(",\"value\":");
            anyValue(value);
            raw("}");
        });
        raw("]");
    }

    private void anyValue(Object value) {
        if (value instanceof String) {
            stringValue((String) value);
        } else if (value instanceof Boolean) {
            boolValue((Boolean) value);
        } else if (value instanceof Long) {
            intValue((Long) value);
        } else if (value instanceof Double) {
            doubleValue((Double) value);
        } else if (value instanceof List) {
            raw("{\"arrayValue\":{\"values\":[");
            List<?> values = (List<?>) value;
            for (int j = 0; j < values.size(); j++) {
                if (j > 0) {
                    comma();
                }
                anyValue(values.get(j));
            }
            raw("]}}");
        } else {
            stringValue(String.valueOf(value)); // a VALUE attribute: resources hold none that the agent makes
        }
    }

    private void stringValue(String v) {
        raw("{\"stringValue\":");
        string(v);
        raw("}");
    }

    private void boolValue(boolean v) {
        raw(v ? "{\"boolValue\":true}" : "{\"boolValue\":false}");
    }

    private void intValue(long v) {
        raw("{\"intValue\":");
        quotedNumber(v);
        raw("}");
    }

    private void doubleValue(double v) {
        raw("{\"doubleValue\":");
        if (Double.isNaN(v)) {
            raw("\"NaN\"");
        } else if (Double.isInfinite(v)) {
            raw(v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        } else if (!exactDecimal(v)) {
            number.setLength(0);
            number.append(v);
            ensure(number.length());
            for (int i = 0, n = number.length(); i < n; i++) {
                buf[len++] = (byte) number.charAt(i);
            }
        }
        raw("}");
    }

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
            1e14, 1e15, 1e16, 1e17};

    /**
     * Writes {@code v} as {@code m / 10^k} with the fewest decimals that read back as exactly {@code v}, when there is
     * such a form with a mantissa below 2^53 (durations, made as nanoseconds / 10^6, always have one). Both are exact
     * doubles then, so their quotient is correctly rounded, as a JSON reader's parse of the decimal text is. The JDK's
     * own formatting of many doubles allocates big-integer scratch objects; this does not. Integral values keep
     * their ".0", as the SDK writes them.
     */
    private boolean exactDecimal(double v) {
        double a = Math.abs(v);
        if (a >= 1e15 || a < 1e-6 && a != 0 || v == 0 && Double.doubleToRawLongBits(v) != 0) {
            return false;
        }
        for (int k = 0; k < POW10.length; k++) {
            double scaled = a * POW10[k];
            if (scaled >= 9.007199254740992E15) {
                return false;
            }
            long m = Math.round(scaled);
            if (m / POW10[k] == a) {
                ensure(45);
                if (v < 0) {
                    buf[len++] = '-';
                }
                long intPart = m / (long) POW10[k];
                number(intPart);
                buf[len++] = '.';
                if (k == 0) {
                    buf[len++] = '0';
                } else {
                    long frac = m - intPart * (long) POW10[k];
                    int end = len + k;
                    for (int i = end - 1; i >= len; i--) {
                        buf[i] = (byte) ('0' + frac % 10);
                        frac /= 10;
                    }
                    len = end;
                }
                return true;
            }
        }
        return false;
    }

    // ---- bytes ---------------------------------------------------------------------------------------------------

    private void ensure(int more) {
        if (len + more > buf.length) {
            if (len + more > MAX_LINE_BYTES - TAIL_RESERVE) {
                throw TooLong.INSTANCE;
            }
            byte[] b = new byte[Math.min(MAX_LINE_BYTES - TAIL_RESERVE, Math.max(buf.length * 2, len + more))];
            System.arraycopy(buf, 0, b, 0, len);
            buf = b;
        }
    }

    /** Room kept for the line's tail, so closing a line never passes the bound. */
    private static final int TAIL_RESERVE = 1024;

    private void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void comma() {
        ensure(1);
        buf[len++] = ',';
    }

    /** ASCII text without anything to escape: the fixed parts of the JSON. */
    private void raw(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void number(long v) {
        ensure(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                raw("-9223372036854775808");
                return;
            }
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = len + digits;
        for (int i = end - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        len = end;
    }

    /** int64 and fixed64 fields are JSON strings in the protobuf mapping. */
    private void quotedNumber(long v) {
        ensure(22);
        buf[len++] = '"';
        number(v);
        buf[len++] = '"';
    }

    /** A JSON string, UTF-8 encoded, escaped as JSON requires. */
    private void string(String s) {
        int n = s.length();
        // room for the quotes and one byte per char; a char that needs more makes room for itself and the rest
        ensure(n + 2);
        buf[len++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                buf[len++] = (byte) c;
                continue;
            }
            ensure(7 + (n - i));
            if (c == '"' || c == '\\') {
                buf[len++] = '\\';
                buf[len++] = (byte) c;
            } else if (c < 0x20) {
                escape(c);
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                buf[len++] = '?'; // a lone surrogate cannot be encoded
            } else {
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        ensure(1);
        buf[len++] = '"';
    }

    private void escape(char c) {
        buf[len++] = '\\';
        switch (c) {
            case '\n':
                buf[len++] = 'n';
                break;
            case '\r':
                buf[len++] = 'r';
                break;
            case '\t':
                buf[len++] = 't';
                break;
            case '\b':
                buf[len++] = 'b';
                break;
            case '\f':
                buf[len++] = 'f';
                break;
            default:
                buf[len++] = 'u';
                buf[len++] = '0';
                buf[len++] = '0';
                buf[len++] = HEX[c >> 4];
                buf[len++] = HEX[c & 0xF];
        }
    }


    /** {@code s} as a JSON string (for text encoded once, such as attribute keys). */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public String toString() {
        return "OtlpJsonFileWriter{" + target + "}";
    }
}
