package io.smtptrace.agent.export;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A span record as the SDK's {@link SpanData}, built from a copy of it: what an SDK exporter writes without the SDK
 * making the span (the file writer of {@code smtptrace.file.writer=sdk}, and the tests that hold the agent's own
 * writer to the SDK's exporter).
 */
final class RecordSpanData implements SpanData {

    private final String name;
    private final SpanKind kind;
    private final SpanContext context;
    private final SpanContext parent;
    private final StatusData status;
    private final long start;
    private final long end;
    private final Attributes attributes;
    private final List<EventData> events;
    private final int totalEvents;
    private final List<LinkData> links;
    private final InstrumentationScopeInfo scope;
    private final Resource resource;

    RecordSpanData(SpanRecord r, Resource resource, InstrumentationScopeInfo scope) {
        this.name = r.name;
        this.kind = r.kind == SpanRecord.KIND_INTERNAL ? SpanKind.INTERNAL : SpanKind.CLIENT;
        String traceId = SpanRecord.traceIdHex(r.traceIdHigh, r.traceIdLow);
        TraceFlags flags = r.sampled ? TraceFlags.getSampled() : TraceFlags.getDefault();
        this.context = SpanContext.create(traceId, SpanRecord.hex(r.spanId), flags, TraceState.getDefault());
        if (r.parentSpanId == 0) {
            this.parent = SpanContext.getInvalid();
        } else if (r.parentRemote) {
            this.parent = SpanContext.createFromRemoteParent(traceId, SpanRecord.hex(r.parentSpanId), flags,
                    TraceState.getDefault());
        } else {
            this.parent = SpanContext.create(traceId, SpanRecord.hex(r.parentSpanId), flags, TraceState.getDefault());
        }
        this.status = r.status == SpanRecord.STATUS_ERROR ? StatusData.error() : StatusData.unset();
        this.start = r.startEpochNanos;
        this.end = r.endEpochNanos;
        this.attributes = r.attributes.toOtel();
        List<EventData> ev = new ArrayList<>(r.eventCount());
        for (int i = 0; i < r.eventCount(); i++) {
            SpanRecord.Event e = r.event(i);
            Attributes a = e.attributes.toOtel();
            ev.add(EventData.create(e.epochNanos, e.name, a, a.size()));
        }
        this.events = Collections.unmodifiableList(ev);
        this.totalEvents = ev.size() + r.droppedEvents();
        List<LinkData> ln = new ArrayList<>(r.linkCount());
        for (int i = 0; i < r.linkCount(); i++) {
            SpanRecord.Link l = r.link(i);
            String lt = SpanRecord.traceIdHex(l.traceIdHigh, l.traceIdLow);
            TraceFlags lf = l.sampled ? TraceFlags.getSampled() : TraceFlags.getDefault();
            SpanContext lc = l.remote
                    ? SpanContext.createFromRemoteParent(lt, SpanRecord.hex(l.spanId), lf, TraceState.getDefault())
                    : SpanContext.create(lt, SpanRecord.hex(l.spanId), lf, TraceState.getDefault());
            ln.add(LinkData.create(lc, l.attributes.toOtel()));
        }
        this.links = Collections.unmodifiableList(ln);
        this.scope = scope;
        this.resource = resource;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public SpanKind getKind() {
        return kind;
    }

    @Override
    public SpanContext getSpanContext() {
        return context;
    }

    @Override
    public SpanContext getParentSpanContext() {
        return parent;
    }

    @Override
    public StatusData getStatus() {
        return status;
    }

    @Override
    public long getStartEpochNanos() {
        return start;
    }

    @Override
    public Attributes getAttributes() {
        return attributes;
    }

    @Override
    public List<EventData> getEvents() {
        return events;
    }

    @Override
    public List<LinkData> getLinks() {
        return links;
    }

    @Override
    public long getEndEpochNanos() {
        return end;
    }

    @Override
    public boolean hasEnded() {
        return true;
    }

    @Override
    public int getTotalRecordedEvents() {
        return totalEvents;
    }

    @Override
    public int getTotalRecordedLinks() {
        return links.size();
    }

    @Override
    public int getTotalAttributeCount() {
        return attributes.size();
    }

    @Override
    @SuppressWarnings("deprecation")
    public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
        return InstrumentationLibraryInfo.create(scope.getName(), scope.getVersion(), scope.getSchemaUrl());
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
        return scope;
    }

    @Override
    public Resource getResource() {
        return resource;
    }
}
