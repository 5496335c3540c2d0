package io.smtptrace.agent.export;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.util.concurrent.TimeUnit;

/**
 * Hands span records to the OpenTelemetry SDK for the exporters it is configured with ({@code otel.traces.exporter}:
 * OTLP, console, ...) by replaying each one through the SDK's tracer with the record's ids, times, attributes, events
 * and links. Replaying, rather than handing records to the exporter directly, keeps everything the SDK does for its
 * exporters as the user configured it: sampler, span limits, the batch processor's queue, batch size and schedule,
 * its retries. Only when such an exporter is configured: the trace file needs none of it.
 */
final class SdkSpanSink implements SpanSink {

    private final Tracer tracer;
    private final RecordIds ids;

    /** @param ids the id generator the tracer's SDK was built with */
    SdkSpanSink(Tracer tracer, RecordIds ids) {
        this.tracer = tracer;
        this.ids = ids;
    }

    @Override
    public void accept(SpanRecord r) {
        String traceId = SpanRecord.traceIdHex(r.traceIdHigh, r.traceIdLow);
        ids.next(traceId, SpanRecord.hex(r.spanId));
        TraceFlags flags = r.sampled ? TraceFlags.getSampled() : TraceFlags.getDefault();
        SpanBuilder b = tracer.spanBuilder(r.name)
                .setSpanKind(r.kind == SpanRecord.KIND_INTERNAL ? SpanKind.INTERNAL : SpanKind.CLIENT)
                .setStartTimestamp(r.startEpochNanos, TimeUnit.NANOSECONDS);
        if (r.parentSpanId != 0) {
            String parent = SpanRecord.hex(r.parentSpanId);
            b.setParent(Context.root().with(Span.wrap(r.parentRemote
                    ? SpanContext.createFromRemoteParent(traceId, parent, flags, TraceState.getDefault())
                    : SpanContext.create(traceId, parent, flags, TraceState.getDefault()))));
        } else {
            b.setNoParent();
        }
        b.setAllAttributes(r.attributes.toOtel());
        for (int i = 0; i < r.linkCount(); i++) {
            SpanRecord.Link l = r.link(i);
            String lt = SpanRecord.traceIdHex(l.traceIdHigh, l.traceIdLow);
            TraceFlags lf = l.sampled ? TraceFlags.getSampled() : TraceFlags.getDefault();
            b.addLink(l.remote ? SpanContext.createFromRemoteParent(lt, SpanRecord.hex(l.spanId), lf,
                    TraceState.getDefault()) : SpanContext.create(lt, SpanRecord.hex(l.spanId), lf,
                    TraceState.getDefault()), l.attributes.toOtel());
        }
        Span span = b.startSpan();
        for (int i = 0; i < r.eventCount(); i++) {
            SpanRecord.Event e = r.event(i);
            span.addEvent(e.name, e.attributes.toOtel(), e.epochNanos, TimeUnit.NANOSECONDS);
        }
        if (r.status == SpanRecord.STATUS_ERROR) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end(r.endEpochNanos, TimeUnit.NANOSECONDS);
    }
}
