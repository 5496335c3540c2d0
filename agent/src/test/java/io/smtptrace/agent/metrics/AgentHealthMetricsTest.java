package io.smtptrace.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.smtptrace.agent.export.ExportLosses;
import io.smtptrace.agent.export.ExportLossesAccess;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The agent's health metrics read ExportLosses and the queue when collected. */
class AgentHealthMetricsTest {

    private static Map<Attributes, Long> points(Collection<MetricData> all, String name) {
        return all.stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow().getData().getPoints()
                .stream().collect(Collectors.toMap(p -> p.getAttributes(), p -> ((LongPointData) p).getValue()));
    }

    @Test
    void countsComeFromTheLossesAndTheQueue() {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
        ExportLosses losses = new ExportLosses();
        AtomicInteger queue = new AtomicInteger(5);
        AgentHealthMetrics.register(provider.get("t"), losses, queue::get);
        losses.exporterResult(7, true);
        losses.exporterResult(3, false);
        losses.exporterResult(2, false);
        ExportLossesAccess.dropQueueFull(losses, 4);

        Collection<MetricData> all = reader.collectAllMetrics();
        assertThat(points(all, MetricNames.SPANS_EXPORTED)).containsExactly(Map.entry(Attributes.empty(), 7L));
        assertThat(points(all, MetricNames.EXPORT_FAILURES)).containsExactly(Map.entry(Attributes.empty(), 2L));
        assertThat(points(all, MetricNames.QUEUE_SIZE)).containsExactly(Map.entry(Attributes.empty(), 5L));
        assertThat(points(all, MetricNames.SPANS_DROPPED)).containsOnly(
                Map.entry(AgentHealthMetrics.QUEUE_FULL, 4L), Map.entry(AgentHealthMetrics.WRITE_FAILED, 0L),
                Map.entry(AgentHealthMetrics.TOO_LARGE, 0L), Map.entry(AgentHealthMetrics.UNEXPORTED, 0L));

        queue.set(0);
        losses.exporterResult(1, true);
        all = reader.collectAllMetrics();
        assertThat(points(all, MetricNames.SPANS_EXPORTED)).containsExactly(Map.entry(Attributes.empty(), 8L));
        assertThat(points(all, MetricNames.QUEUE_SIZE)).containsExactly(Map.entry(Attributes.empty(), 0L));
    }
}
