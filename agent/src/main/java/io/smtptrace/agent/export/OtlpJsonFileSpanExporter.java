package io.smtptrace.agent.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Writes each batch as one line of OTLP JSON ({@code ExportTraceServiceRequest}, protobuf JSON mapping): the same
 * JSON the SDK's {@code OtlpStdoutSpanExporter} writes with its wrapper object, which is the OpenTelemetry
 * Collector's {@code file} exporter format. It serialises straight from {@link SpanData} into one byte buffer kept
 * across batches and writes the line with one call, so a span costs no intermediate objects and the file is written
 * once per batch. A batch holding something it does not write itself (an attribute of type {@code VALUE}) goes to the
 * SDK's exporter instead.
 *
 * <p>Its memory is bounded whatever the heap: a line never grows past {@link #MAX_LINE_BYTES}; a batch that does not
 * fit is written as several lines, and a single span that does not fit (or an {@link OutOfMemoryError} while
 * serialising) is dropped and counted, never an error that kills the thread exporting. A failed write is counted
 * with its spans (see {@link ExportLosses}); the stream keeps the file to whole lines.
 */
final class OtlpJsonFileSpanExporter implements SpanExporter {

    /** The longest line written: a batch that would be longer is split; a span that alone would be is dropped. */
    static final int MAX_LINE_BYTES = 1 << 20;
    private static final int INITIAL_BUFFER_BYTES = 64 << 10;
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final SpanExporter fallback;
    private final ExportLosses losses;
    /** What the losses report names: the trace file. */
    private final Object target;
    private byte[] buf = new byte[INITIAL_BUFFER_BYTES];
    private int len;
    /** Reused for the doubles {@link #exactDecimal} leaves to the JDK's formatting. */
    private final StringBuilder number = new StringBuilder(32);
    private final AttributeWriter attributeWriter = new AttributeWriter();
    private final List<SpanData> group = new ArrayList<>();
    private boolean shutdown;

    /**
     * @param fallback used for batches this writer cannot express exactly; writes to the same stream
     */
    OtlpJsonFileSpanExporter(OutputStream out, SpanExporter fallback) {
        this(out, fallback, new ExportLosses(), "the trace file");
    }

    OtlpJsonFileSpanExporter(OutputStream out, SpanExporter fallback, ExportLosses losses, Object target) {
        this.out = out;
        this.fallback = fallback;
        this.losses = losses;
        this.target = target;
    }

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> spans) {
        if (shutdown) {
            return CompletableResultCode.ofFailure();
        }
        if (spans.isEmpty()) {
            return CompletableResultCode.ofSuccess();
        }
        List<SpanData> list = spans instanceof List ? (List<SpanData>) spans : new ArrayList<>(spans);
        return write(list, 0, list.size()) ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
    }

    /** Writes spans [from, to) as one line, or as several when one would pass the bound; false if any was lost. */
    private boolean write(List<SpanData> spans, int from, int to) {
        List<SpanData> part = from == 0 && to == spans.size() ? spans : spans.subList(from, to);
        try {
            len = 0;
            writeRequest(part);
        } catch (TooLong e) {
            group.clear();
            shrink();
            if (to - from == 1) {
                losses.tooLarge(1, e);
                return false;
            }
            int mid = (from + to) >>> 1;
            boolean first = write(spans, from, mid);
            return write(spans, mid, to) && first;
        } catch (OutOfMemoryError e) {
            group.clear();
            buf = null; // whatever it held may be what exhausted the heap
            shrink();
            losses.tooLarge(to - from, e);
            return false;
        } catch (RuntimeException e) {
            // an attribute of type VALUE (or anything unexpected): nothing of this part was written yet, the SDK's
            // exporter writes it
            group.clear();
            if (fallback == null) {
                losses.tooLarge(to - from, e);
                return false;
            }
            CompletableResultCode r = fallback.export(part).join(10, java.util.concurrent.TimeUnit.SECONDS);
            if (!r.isSuccess()) {
                losses.writeFailed(target, to - from, r.getFailureThrowable() != null ? r.getFailureThrowable()
                        : new IOException("the SDK's exporter failed"));
            } else {
                losses.exporterResult(to - from, true);
            }
            return r.isSuccess();
        }
        try {
            out.write(buf, 0, len);
            out.flush();
            losses.writeSucceeded(target, to - from);
            return true;
        } catch (IOException | RuntimeException e) {
            losses.writeFailed(target, to - from, e);
            return false;
        } finally {
            group.clear();
            shrink();
        }
    }

    /** A buffer grown by one big batch is not kept for ever. */
    private void shrink() {
        if (buf == null || buf.length > INITIAL_BUFFER_BYTES * 4) {
            try {
                buf = new byte[INITIAL_BUFFER_BYTES];
            } catch (OutOfMemoryError e) {
                buf = new byte[0]; // grown on the next batch, when memory may be back
            }
        }
        len = 0;
    }

    /** The line would pass {@link #MAX_LINE_BYTES}. */
    private static final class TooLong extends RuntimeException {
        static final TooLong INSTANCE = new TooLong();

        private TooLong() {
            super("a line longer than " + MAX_LINE_BYTES + " bytes", null, false, false);
        }
    }

    /** Something this writer does not express itself (an attribute of type VALUE): the SDK's exporter writes it. */
    private static final class Unsupported extends RuntimeException {
        static final Unsupported INSTANCE = new Unsupported();

        private Unsupported() {
            super(null, null, false, false);
        }
    }

    // ---- the request ---------------------------------------------------------------------------------------------

    private void writeRequest(Collection<SpanData> spans) {
        raw("{\"resourceSpans\":[");
        // the usual batch: one resource, one scope (the agent's). Otherwise group, keeping first-seen order.
        boolean firstResource = true;
        Collection<SpanData> todo = spans;
        while (todo != null) {
            Resource resource = null;
            List<SpanData> others = null;
            for (SpanData s : todo) {
                Resource r = s.getResource();
                if (resource == null) {
                    resource = r;
                }
                if (r == resource || r.equals(resource)) {
                    group.add(s);
                } else {
                    if (others == null) {
                        others = new ArrayList<>();
                    }
                    others.add(s);
                }
            }
            if (!firstResource) {
                comma();
            }
            firstResource = false;
            writeResourceSpans(resource, group);
            group.clear();
            todo = others;
        }
        raw("]}\n");
    }

    private void writeResourceSpans(Resource resource, List<SpanData> spans) {
        raw("{\"resource\":{\"attributes\":");
        writeAttributes(resource.getAttributes());
        raw("},\"scopeSpans\":[");
        List<SpanData> todo = spans;
        boolean firstScope = true;
        while (todo != null) {
            InstrumentationScopeInfo scope = null;
            List<SpanData> others = null;
            int n = todo.size();
            boolean firstSpan = true;
            // spans of this scope are written in place; others are collected for the next pass
            for (int i = 0; i < n; i++) {
                InstrumentationScopeInfo sc = todo.get(i).getInstrumentationScopeInfo();
                if (scope == null) {
                    scope = sc;
                    if (!firstScope) {
                        comma();
                    }
                    firstScope = false;
                    raw("{\"scope\":{\"name\":");
                    string(scope.getName());
                    if (scope.getVersion() != null) {
                        raw(",\"version\":");
                        string(scope.getVersion());
                    }
                    raw(",\"attributes\":");
                    writeAttributes(scope.getAttributes());
                    raw("},\"spans\":[");
                } else if (sc != scope && !sc.equals(scope)) {
                    if (others == null) {
                        others = new ArrayList<>();
                    }
                    others.add(todo.get(i));
                    continue;
                }
                if (!firstSpan) {
                    comma();
                }
                firstSpan = false;
                writeSpan(todo.get(i));
            }
            raw("]");
            if (scope.getSchemaUrl() != null) {
                raw(",\"schemaUrl\":");
                string(scope.getSchemaUrl());
            }
            raw("}");
            todo = others;
        }
        raw("]");
        if (resource.getSchemaUrl() != null) {
            raw(",\"schemaUrl\":");
            string(resource.getSchemaUrl());
        }
        raw("}");
    }

    private void writeSpan(SpanData s) {
        SpanContext ctx = s.getSpanContext();
        raw("{\"traceId\":");
        string(ctx.getTraceId());
        raw(",\"spanId\":");
        string(ctx.getSpanId());
        String traceState = traceState(ctx);
        if (traceState != null) {
            raw(",\"traceState\":");
            string(traceState);
        }
        SpanContext parent = s.getParentSpanContext();
        if (parent.isValid()) {
            raw(",\"parentSpanId\":");
            string(parent.getSpanId());
        }
        raw(",\"name\":");
        string(s.getName());
        raw(",\"kind\":");
        number(kind(s));
        raw(",\"startTimeUnixNano\":");
        quotedNumber(s.getStartEpochNanos());
        raw(",\"endTimeUnixNano\":");
        quotedNumber(s.getEndEpochNanos());
        raw(",\"attributes\":");
        writeAttributes(s.getAttributes());
        int droppedAttributes = s.getTotalAttributeCount() - s.getAttributes().size();
        if (droppedAttributes > 0) {
            raw(",\"droppedAttributesCount\":");
            number(droppedAttributes);
        }
        raw(",\"events\":[");
        List<EventData> events = s.getEvents();
        for (int i = 0, n = events.size(); i < n; i++) {
            if (i > 0) {
                comma();
            }
            EventData e = events.get(i);
            raw("{\"timeUnixNano\":");
            quotedNumber(e.getEpochNanos());
            raw(",\"name\":");
            string(e.getName());
            raw(",\"attributes\":");
            writeAttributes(e.getAttributes());
            int dropped = e.getTotalAttributeCount() - e.getAttributes().size();
            if (dropped > 0) {
                raw(",\"droppedAttributesCount\":");
                number(dropped);
            }
            raw("}");
        }
        raw("]");
        int droppedEvents = s.getTotalRecordedEvents() - events.size();
        if (droppedEvents > 0) {
            raw(",\"droppedEventsCount\":");
            number(droppedEvents);
        }
        raw(",\"links\":[");
        List<LinkData> links = s.getLinks();
        for (int i = 0, n = links.size(); i < n; i++) {
            if (i > 0) {
                comma();
            }
            LinkData l = links.get(i);
            SpanContext lc = l.getSpanContext();
            raw("{\"traceId\":");
            string(lc.getTraceId());
            raw(",\"spanId\":");
            string(lc.getSpanId());
            String lts = traceState(lc);
            if (lts != null) {
                raw(",\"traceState\":");
                string(lts);
            }
            raw(",\"attributes\":");
            writeAttributes(l.getAttributes());
            int dropped = l.getTotalAttributeCount() - l.getAttributes().size();
            if (dropped > 0) {
                raw(",\"droppedAttributesCount\":");
                number(dropped);
            }
            raw(",\"flags\":");
            number(flags(lc, lc.isRemote()));
            raw("}");
        }
        raw("]");
        int droppedLinks = s.getTotalRecordedLinks() - links.size();
        if (droppedLinks > 0) {
            raw(",\"droppedLinksCount\":");
            number(droppedLinks);
        }
        raw(",\"status\":{");
        StatusData st = s.getStatus();
        String description = st.getDescription();
        boolean any = false;
        if (description != null && !description.isEmpty()) {
            raw("\"message\":");
            string(description);
            any = true;
        }
        int code = statusCode(st);
        if (code != 0) {
            if (any) {
                comma();
            }
            raw("\"code\":");
            number(code);
        }
        raw("},\"flags\":");
        number(flags(ctx, parent.isRemote()));
        raw("}");
    }

    /** W3C trace flags plus OTLP's "parent is remote" bits, as the SDK's marshaler computes them. */
    private static int flags(SpanContext ctx, boolean remote) {
        return (ctx.getTraceFlags().asByte() & 0xFF) | (remote ? 0x300 : 0x100);
    }

    private static String traceState(SpanContext ctx) {
        if (ctx.getTraceState().isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        ctx.getTraceState().forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(k).append('=').append(v);
        });
        return sb.toString();
    }

    private static int kind(SpanData s) {
        switch (s.getKind()) {
            case INTERNAL:
                return 1;
            case SERVER:
                return 2;
            case CLIENT:
                return 3;
            case PRODUCER:
                return 4;
            case CONSUMER:
                return 5;
            default:
                return 0;
        }
    }

    private static int statusCode(StatusData st) {
        switch (st.getStatusCode()) {
            case OK:
                return 1;
            case ERROR:
                return 2;
            default:
                return 0;
        }
    }

    // ---- attributes ----------------------------------------------------------------------------------------------

    private void writeAttributes(Attributes attributes) {
        raw("[");
        if (!attributes.isEmpty()) {
            attributeWriter.first = true;
            attributes.forEach(attributeWriter);
        }
        raw("]");
    }

    /** One instance, reused: iterating attributes allocates no lambda. */
    private final class AttributeWriter implements BiConsumer<AttributeKey<?>, Object> {
        boolean first;

        @Override
        public void accept(AttributeKey<?> key, Object value) {
            if (!first) {
                comma();
            }
            first = false;
            raw("{\"key\":");
            string(key.getKey());
            raw(",\"value\":");
            switch (key.getType()) {
                case STRING:
                    stringValue((String) value);
                    break;
                case BOOLEAN:
                    boolValue((Boolean) value);
                    break;
                case LONG:
                    intValue((Long) value);
                    break;
                case DOUBLE:
                    doubleValue((Double) value);
                    break;
                case STRING_ARRAY:
                case BOOLEAN_ARRAY:
                case LONG_ARRAY:
                case DOUBLE_ARRAY:
                    arrayValue(key.getType(), (List<?>) value);
                    break;
                default:
                    // VALUE: the whole batch goes to the SDK's exporter
                    throw Unsupported.INSTANCE;
            }
            raw("}");
        }
    }

    private void arrayValue(AttributeType type, List<?> values) {
        raw("{\"arrayValue\":{\"values\":[");
        for (int i = 0, n = values.size(); i < n; i++) {
            if (i > 0) {
                comma();
            }
            Object v = values.get(i);
            switch (type) {
                case STRING_ARRAY:
                    stringValue((String) v);
                    break;
                case BOOLEAN_ARRAY:
                    boolValue((Boolean) v);
                    break;
                case LONG_ARRAY:
                    intValue((Long) v);
                    break;
                default:
                    doubleValue((Double) v);
                    break;
            }
        }
        raw("]}}");
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
            if (len + more > MAX_LINE_BYTES) {
                throw TooLong.INSTANCE;
            }
            byte[] b = new byte[Math.min(MAX_LINE_BYTES, Math.max(buf.length * 2, len + more))];
            System.arraycopy(buf, 0, b, 0, len);
            buf = b;
        }
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
        ensure(n * 3 + 2); // UTF-16 unit -> at most 3 bytes; escapes are grown below
        buf[len++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    ensure(2 + (n - i) * 3);
                    buf[len++] = '\\';
                }
                buf[len++] = (byte) c;
            } else if (c < 0x20) {
                ensure(6 + (n - i) * 3);
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

    // ---- lifecycle -----------------------------------------------------------------------------------------------

    @Override
    public synchronized CompletableResultCode flush() {
        try {
            out.flush();
            return CompletableResultCode.ofSuccess();
        } catch (IOException e) {
            return CompletableResultCode.ofExceptionalFailure(e);
        }
    }

    @Override
    public synchronized CompletableResultCode shutdown() {
        if (shutdown) {
            return CompletableResultCode.ofSuccess();
        }
        shutdown = true;
        CompletableResultCode flushed = flush();
        if (fallback != null) {
            fallback.shutdown(); // whatever the SDK's exporter does with the stream at the end, as before
        }
        return flushed;
    }

    @Override
    public String toString() {
        return "OtlpJsonFileSpanExporter{}";
    }
}
