package io.smtptrace.agent.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.Collection;

/**
 * Counts what an OpenTelemetry span exporter (OTLP) delivered or failed on, for the agent's health metrics: the SDK
 * itself only logs it.
 */
final class CountingSpanExporter implements SpanExporter {

    private final SpanExporter delegate;
    private final ExportLosses losses;

    CountingSpanExporter(SpanExporter delegate, ExportLosses losses) {
        this.delegate = delegate;
        this.losses = losses;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        int n = spans.size();
        CompletableResultCode r = delegate.export(spans);
        r.whenComplete(() -> losses.exporterResult(n, r.isSuccess()));
        return r;
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
