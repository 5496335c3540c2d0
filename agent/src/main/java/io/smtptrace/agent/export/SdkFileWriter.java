package io.smtptrace.agent.export;

import io.opentelemetry.exporter.logging.otlp.internal.traces.OtlpStdoutSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The trace file written by the SDK's {@code OtlpStdoutSpanExporter} (wrapper object, reusable data mode) instead of
 * {@link OtlpJsonFileWriter}, from the same records in the same batches: the writer alone changed. Hidden setting
 * {@code smtptrace.file.writer=sdk}, for the benchmark's A/B of the two writers; not meant for production (no line
 * bound).
 */
final class SdkFileWriter implements SpanSink {

    private final SpanExporter exporter;
    private final Resource resource;
    private final InstrumentationScopeInfo scope;
    private final ExportLosses losses;
    private final Object target;
    private final int maxBatch;
    private final List<SpanData> batch = new ArrayList<>();
    private volatile int pending;

    SdkFileWriter(OutputStream out, Resource resource, String scopeName, String scopeVersion, ExportLosses losses,
                  Object target, int maxBatch) {
        this.exporter = OtlpStdoutSpanExporter.builder().setOutput(out).setWrapperJsonObject(true)
                .setMemoryMode(MemoryMode.REUSABLE_DATA).build();
        this.resource = resource;
        this.scope = InstrumentationScopeInfo.builder(scopeName).setVersion(scopeVersion).build();
        this.losses = losses;
        this.target = target;
        this.maxBatch = Math.max(1, maxBatch);
    }

    @Override
    public void accept(SpanRecord span) {
        batch.add(new RecordSpanData(span, resource, scope));
        pending = batch.size();
        if (batch.size() >= maxBatch) {
            flush();
        }
    }

    @Override
    public int pending() {
        return pending;
    }

    @Override
    public void flush() {
        if (batch.isEmpty()) {
            return;
        }
        try {
            CompletableResultCode r = exporter.export(batch).join(10, TimeUnit.SECONDS);
            if (r.isSuccess()) {
                losses.writeSucceeded(target, batch.size());
            } else {
                losses.writeFailed(target, batch.size(), r.getFailureThrowable() != null ? r.getFailureThrowable()
                        : new IOException("the SDK's exporter failed"));
            }
        } finally {
            batch.clear();
            pending = 0;
        }
    }
}
