package io.smtptrace.agent.export;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the spans the export thread ends and writes them to the trace file on that same thread, a batch at a
 * time: no second queue that could drop spans without counting them (as the SDK's batch processor does), no second
 * thread, and the pipeline knows exactly what is still unwritten at shutdown.
 */
final class FileSpanBatch implements SpanProcessor {

    private final SpanExporter exporter;
    private final int maxBatch;
    private final List<SpanData> spans;
    /** Read by the shutdown hook without the lock, which a write stuck on a slow disk may hold. */
    private volatile int pending;

    FileSpanBatch(SpanExporter exporter, int maxBatch) {
        this.exporter = exporter;
        this.maxBatch = Math.max(1, maxBatch);
        this.spans = new ArrayList<>(Math.min(this.maxBatch, 512));
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        // nothing: spans are collected when they end
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public synchronized void onEnd(ReadableSpan span) {
        if (!span.getSpanContext().isSampled()) {
            return;
        }
        spans.add(span.toSpanData());
        pending = spans.size();
        if (spans.size() >= maxBatch) {
            flush();
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /** Writes what is collected (the exporter counts what it could not write). */
    synchronized void flush() {
        if (spans.isEmpty()) {
            return;
        }
        try {
            exporter.export(spans);
        } finally {
            spans.clear();
            pending = 0;
        }
    }

    int pending() {
        return pending;
    }

    @Override
    public CompletableResultCode forceFlush() {
        flush();
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        // the export pipeline flushes on its own thread, within its deadline; never block the SDK's shutdown here
        return CompletableResultCode.ofSuccess();
    }
}
