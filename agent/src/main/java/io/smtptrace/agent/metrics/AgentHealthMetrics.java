package io.smtptrace.agent.metrics;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.smtptrace.agent.export.ExportLosses;

import java.util.function.IntSupplier;

/**
 * The agent's own health as observable instruments: read from {@link ExportLosses} and the export queue when the
 * metrics are collected, so the export path pays nothing for them.
 */
public final class AgentHealthMetrics {

    static final Attributes QUEUE_FULL = Attributes.of(MetricNames.REASON, "queue_full");
    static final Attributes WRITE_FAILED = Attributes.of(MetricNames.REASON, "write_failed");
    static final Attributes TOO_LARGE = Attributes.of(MetricNames.REASON, "too_large");
    static final Attributes UNEXPORTED = Attributes.of(MetricNames.REASON, "unexported");

    private AgentHealthMetrics() {
    }

    public static void register(Meter meter, ExportLosses losses, IntSupplier queueSize) {
        meter.counterBuilder(MetricNames.SPANS_EXPORTED).setUnit("{span}")
                .setDescription("SMTP spans delivered: written to the trace file or taken by the OpenTelemetry exporter.")
                .buildWithCallback(m -> m.record(losses.exportedCount()));
        meter.counterBuilder(MetricNames.SPANS_DROPPED).setUnit("{span}")
                .setDescription("SMTP spans captured but not delivered, by reason.")
                .buildWithCallback(m -> {
                    m.record(losses.droppedQueueFullCount(), QUEUE_FULL);
                    m.record(losses.unwrittenCount(), WRITE_FAILED);
                    m.record(losses.tooLargeCount(), TOO_LARGE);
                    m.record(losses.unexportedCount(), UNEXPORTED);
                });
        meter.counterBuilder(MetricNames.EXPORT_FAILURES).setUnit("{failure}")
                .setDescription("Span export attempts that failed (a trace file write, an exporter call).")
                .buildWithCallback(m -> m.record(losses.exportFailureCount()));
        meter.gaugeBuilder(MetricNames.QUEUE_SIZE).ofLongs().setUnit("{operation}")
                .setDescription("SMTP operations waiting in the export queue.")
                .buildWithCallback(m -> m.record(queueSize.getAsInt()));
    }
}
