package io.smtptrace.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.smtptrace.agent.capture.Clock;
import io.smtptrace.agent.capture.ConnectionInfo;
import io.smtptrace.agent.capture.Conversation;
import io.smtptrace.agent.capture.EnvelopePrivacy;
import io.smtptrace.agent.capture.OperationKind;
import io.smtptrace.agent.capture.TlsInfo;
import io.smtptrace.agent.export.ExportLosses;
import io.smtptrace.agent.export.ExportLossesAccess;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * src/docs/metrics.md and the code describe the same metrics: every documented metric is recorded with the documented
 * instrument, unit and attribute keys, its Prometheus name follows from them, and nothing undocumented is recorded.
 */
class MetricsDocTest {

    private static final Pattern ROW = Pattern.compile(
            "(?m)^\\| `([a-z.]+)` \\| ([a-z ()]+) \\| `([^`]+)` \\|([^|]*)\\|[^|]*\\| `([a-z_]+)`");
    private static final Pattern NAME = Pattern.compile("`([a-z_.]+)`");

    record Row(String instrument, String unit, Set<String> attributes, String prometheus) {
    }

    private static Map<String, Row> documented() throws IOException {
        String doc = Files.readString(Paths.get("..", "src", "docs", "metrics.md"));
        Map<String, Row> rows = new HashMap<>();
        Matcher m = ROW.matcher(doc);
        while (m.find()) {
            Set<String> attrs = new TreeSet<>();
            Matcher a = NAME.matcher(m.group(4));
            while (a.find()) {
                attrs.add(a.group(1));
            }
            rows.put(m.group(1), new Row(m.group(2).trim(), m.group(3), attrs, m.group(5)));
        }
        return rows;
    }

    private static Set<String> constants() throws IllegalAccessException {
        Set<String> out = new TreeSet<>();
        for (Field f : MetricNames.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                out.add((String) f.get(null));
            }
        }
        return out;
    }

    /** Every metric recorded at least once, with every optional attribute present somewhere. */
    private static Map<String, MetricData> recorded() {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
        SmtpMetrics metrics = new SmtpMetrics(provider.get("doc"), 100);
        ExportLosses losses = new ExportLosses();
        ExportLossesAccess.dropQueueFull(losses, 1);
        AgentHealthMetrics.register(provider.get("doc"), losses, () -> 1);
        long[] now = {1_700_000_000_000_000_000L};
        Clock clock = () -> now[0] += 1_000_000;
        Conversation c = new Conversation(new ConnectionInfo("d", "com.sun.mail:javax.mail", "1.6.2"),
                metrics::record, clock, EnvelopePrivacy.DOMAIN);
        c.operationEnter(OperationKind.CONNECT);
        c.connectStart("mx.example", 25, false);
        c.reply(220, "220 hi\n", null);
        c.connectEnd("192.0.2.1", 25, null, null);
        cmd(c, "EHLO me", 250, "250-mx\n250 STARTTLS\n");
        cmd(c, "STARTTLS", 220, "220 go\n");
        c.startTlsEnd(null, new SSLHandshakeException("no"));
        cmd(c, "AUTH PLAIN AHVzZXIAc2VjcmV0", 535, "535 no\n");
        c.operationExit(new IOException("535 no"));
        c.operationEnter(OperationKind.SEND);
        cmd(c, "MAIL FROM:<a@example.com>", 250, "250 ok\n");
        cmd(c, "RCPT TO:<b@example.org>", 250, "250 ok\n");
        cmd(c, "DATA", 354, "354 go\n");
        c.bodyStream("s", false);
        c.currentBody().write('x');
        cmd(c, ".", 552, "552 too big\n");
        c.operationExit(new IOException("552 too big"));
        c.operationEnter(OperationKind.CLOSE);
        cmd(c, "QUIT", 221, "221 bye\n");
        c.connectionClosed();
        c.operationExit(null);
        Map<String, MetricData> out = new HashMap<>();
        reader.collectAllMetrics().forEach(m -> out.put(m.getName(), m));
        return out;
    }

    private static void cmd(Conversation c, String line, int code, String reply) {
        c.command(line.getBytes(StandardCharsets.UTF_8));
        c.reply(code, reply, null);
    }

    private static String instrument(MetricData m) {
        MetricDataType t = m.getType();
        switch (t) {
            case HISTOGRAM:
                return "histogram";
            case LONG_SUM:
            case DOUBLE_SUM:
                return m.getName().startsWith("smtptrace.") ? "counter (observable)" : "counter";
            case LONG_GAUGE:
            case DOUBLE_GAUGE:
                return "gauge (observable)";
            default:
                return t.name();
        }
    }

    /** The exporter's rule (OpenTelemetry's Prometheus compatibility spec): units s and By as suffixes, {..} dropped. */
    private static String prometheusName(MetricData m) {
        String base = m.getName().replace('.', '_');
        String unit = m.getUnit();
        if (unit.equals("s")) {
            base += "_seconds";
        } else if (unit.equals("By")) {
            base += "_bytes";
        }
        if (m.getType() == MetricDataType.HISTOGRAM) {
            return base + "_bucket";
        }
        return m.getType() == MetricDataType.LONG_SUM ? base + "_total" : base;
    }

    @Test
    void theDocumentAndTheCodeNameTheSameMetrics() throws Exception {
        Map<String, Row> doc = documented();
        assertThat(doc.keySet()).as("documented metrics").containsExactlyInAnyOrderElementsOf(constants());
        Map<String, MetricData> recorded = recorded();
        assertThat(recorded.keySet()).as("recorded metrics").containsExactlyInAnyOrderElementsOf(doc.keySet());
        for (Map.Entry<String, Row> e : doc.entrySet()) {
            MetricData m = recorded.get(e.getKey());
            Row row = e.getValue();
            assertThat(instrument(m)).as("instrument of %s", e.getKey()).isEqualTo(row.instrument());
            assertThat(m.getUnit()).as("unit of %s", e.getKey()).isEqualTo(row.unit());
            assertThat(prometheusName(m)).as("Prometheus name of %s", e.getKey()).isEqualTo(row.prometheus());
            Set<String> keys = new TreeSet<>();
            for (PointData p : m.getData().getPoints()) {
                p.getAttributes().forEach((AttributeKey<?> k, Object v) -> keys.add(k.getKey()));
            }
            assertThat(keys).as("attribute keys of %s", e.getKey()).isEqualTo(row.attributes());
        }
    }
}
