package io.smtptrace.agent.export;

import java.util.Arrays;

/**
 * One span as the agent exports it, neutral of any exporter: what {@link SpanMapper} makes of an operation and what
 * every sink reads (the trace file's own writer, the OpenTelemetry SDK for OTLP). Ids are kept as numbers (a trace id
 * in two halves; 0 means none), attributes in the order the mapping puts them (the span contract's), times in epoch
 * nanoseconds. Mutable and reused on the export thread: a sink that keeps a span beyond {@link SpanSink#accept} copies
 * it ({@link #copy()}).
 */
final class SpanRecord {

    /** OTLP {@code Span.SpanKind} numbers. */
    static final int KIND_INTERNAL = 1;
    static final int KIND_CLIENT = 3;
    /** OTLP {@code Status.StatusCode} numbers. */
    static final int STATUS_UNSET = 0;
    static final int STATUS_ERROR = 2;
    /** Events kept per span, as the SDK's default span limits keep them; the rest are only counted. */
    static final int MAX_EVENTS = 128;

    String name;
    int kind;
    long traceIdHigh;
    long traceIdLow;
    long spanId;
    /** 0: a root span. */
    long parentSpanId;
    /** The parent came from another process (OTLP's span flags say so). */
    boolean parentRemote;
    boolean sampled = true;
    long startEpochNanos;
    long endEpochNanos;
    int status;
    final SpanAttributes attributes = new SpanAttributes(40);
    private Event[] events = new Event[0];
    private int eventCount;
    private int droppedEvents;
    private Link[] links = new Link[0];
    private int linkCount;

    /** An exchange event or an exception event. */
    static final class Event {
        String name;
        long epochNanos;
        final SpanAttributes attributes = new SpanAttributes(12);
    }

    /** A link to another span (e.g. a request's span that was not sampled, or a pooled connection's connect span). */
    static final class Link {
        long traceIdHigh;
        long traceIdLow;
        long spanId;
        boolean sampled;
        boolean remote;
        final SpanAttributes attributes = new SpanAttributes(2);
    }

    /** Empties the record for the next span, keeping its arrays. */
    SpanRecord reset() {
        name = null;
        kind = KIND_CLIENT;
        traceIdHigh = traceIdLow = spanId = parentSpanId = 0;
        parentRemote = false;
        sampled = true;
        startEpochNanos = endEpochNanos = 0;
        status = STATUS_UNSET;
        attributes.clear();
        for (int i = 0; i < eventCount; i++) {
            events[i].name = null;
            events[i].attributes.clear();
        }
        eventCount = 0;
        droppedEvents = 0;
        for (int i = 0; i < linkCount; i++) {
            links[i].attributes.clear();
        }
        linkCount = 0;
        return this;
    }

    /** A new event (attributes to be put on it), or a discarded one once {@link #MAX_EVENTS} are kept. */
    Event addEvent(String eventName, long epochNanos) {
        Event e;
        if (eventCount >= MAX_EVENTS) {
            droppedEvents++;
            e = DISCARDED.get();
            e.attributes.clear();
        } else {
            if (eventCount == events.length) {
                events = Arrays.copyOf(events, Math.min(MAX_EVENTS, events.length * 2 + 4));
            }
            e = events[eventCount];
            if (e == null) {
                e = events[eventCount] = new Event();
            }
            eventCount++;
        }
        e.name = eventName;
        e.epochNanos = epochNanos;
        return e;
    }

    /** Where events past the limit go (one per thread: records are used on the export thread, tests use others). */
    private static final ThreadLocal<Event> DISCARDED = ThreadLocal.withInitial(Event::new);

    Link addLink(long traceHigh, long traceLow, long linkedSpanId, boolean linkSampled) {
        if (linkCount == links.length) {
            links = Arrays.copyOf(links, links.length * 2 + 1);
        }
        Link l = links[linkCount];
        if (l == null) {
            l = links[linkCount] = new Link();
        }
        linkCount++;
        l.traceIdHigh = traceHigh;
        l.traceIdLow = traceLow;
        l.spanId = linkedSpanId;
        l.sampled = linkSampled;
        l.remote = false;
        return l;
    }

    int eventCount() {
        return eventCount;
    }

    Event event(int i) {
        return events[i];
    }

    int droppedEvents() {
        return droppedEvents;
    }

    int linkCount() {
        return linkCount;
    }

    Link link(int i) {
        return links[i];
    }

    /** A copy that stays as it is when this record is reused. */
    SpanRecord copy() {
        SpanRecord c = new SpanRecord();
        c.name = name;
        c.kind = kind;
        c.traceIdHigh = traceIdHigh;
        c.traceIdLow = traceIdLow;
        c.spanId = spanId;
        c.parentSpanId = parentSpanId;
        c.parentRemote = parentRemote;
        c.sampled = sampled;
        c.startEpochNanos = startEpochNanos;
        c.endEpochNanos = endEpochNanos;
        c.status = status;
        c.attributes.copyFrom(attributes);
        for (int i = 0; i < eventCount; i++) {
            c.addEvent(events[i].name, events[i].epochNanos).attributes.copyFrom(events[i].attributes);
        }
        c.droppedEvents = droppedEvents;
        for (int i = 0; i < linkCount; i++) {
            Link l = links[i];
            Link m = c.addLink(l.traceIdHigh, l.traceIdLow, l.spanId, l.sampled);
            m.remote = l.remote;
            m.attributes.copyFrom(l.attributes);
        }
        return c;
    }

    static String traceIdHex(long high, long low) {
        return hex(high) + hex(low);
    }

    static String hex(long v) {
        String h = Long.toHexString(v);
        return h.length() == 16 ? h : "0000000000000000".substring(h.length()) + h;
    }
}
