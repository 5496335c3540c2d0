package io.smtptrace.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smtptrace.agent.AgentConfig;
import io.smtptrace.agent.capture.Clock;
import io.smtptrace.agent.capture.ConnectionInfo;
import io.smtptrace.agent.capture.Conversation;
import io.smtptrace.agent.capture.EnvelopePrivacy;
import io.smtptrace.agent.capture.OperationKind;
import io.smtptrace.agent.export.ExportLosses;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the metrics go: the settings, the default metrics file, a Prometheus port that is taken. */
class MetricsExportTest {

    @TempDir
    Path dir;

    private static AgentConfig config(String args) {
        return AgentConfig.load(Map.of(), new Properties(), args);
    }

    @Test
    void settingsFollowTheOpenTelemetryAgentsNames() {
        MetricsSettings dflt = MetricsSettings.of(config("file=/tmp/x/smtp-trace-2026-1-a.jsonl"));
        assertThat(dflt.exporters).containsExactly(MetricsSettings.Exporter.FILE);
        assertThat(dflt.file).isEqualTo(Path.of("/tmp/x/smtp-trace-metrics-2026-1-a.jsonl"));
        assertThat(dflt.intervalMs).isEqualTo(60_000);
        assertThat(dflt.serverLimit).isEqualTo(100);

        MetricsSettings prom = MetricsSettings.of(config("otel.metrics.exporter=prometheus,"
                + "otel.exporter.prometheus.port=9999,metrics.server_limit=7"));
        assertThat(prom.exporters).containsExactly(MetricsSettings.Exporter.PROMETHEUS);
        assertThat(prom.prometheusPort).isEqualTo(9999);
        assertThat(prom.prometheusHost).isEqualTo("127.0.0.1");
        assertThat(prom.serverLimit).isEqualTo(7);
        assertThat(prom.file).isNull();

        assertThat(MetricsSettings.of(config("otel.metrics.exporter=none")).exporters).isEmpty();
        assertThat(MetricsSettings.of(config("otel.traces.exporter=otlp")).exporters)
                .containsExactly(MetricsSettings.Exporter.OTLP);
        assertThat(MetricsSettings.of(config("otel.metrics.exporter=\"otlp,prometheus\"")).exporters)
                .containsExactlyInAnyOrder(MetricsSettings.Exporter.OTLP, MetricsSettings.Exporter.PROMETHEUS);
        assertThat(MetricsSettings.fileBeside(Path.of("/d/mail.jsonl")))
                .isEqualTo(Path.of("/d/smtp-trace-metrics-mail.jsonl"));
    }

    @Test
    void theDefaultFileHoldsOtlpJsonLinesPrivately() throws Exception {
        Path traceFile = dir.resolve("smtp-trace-20261201T000000-1-abcd.jsonl");
        AgentConfig config = config("file=" + traceFile + ",otel.service.name=metrics-test");
        MetricsSettings settings = MetricsSettings.of(config);
        MetricsExport export = MetricsExport.start(config, settings, new ExportLosses(), () -> 3);
        assertThat(export).isNotNull();
        long[] now = {1_700_000_000_000_000_000L};
        Clock clock = () -> now[0] += 1_000_000;
        Conversation c = new Conversation(new ConnectionInfo("f1", "com.sun.mail:javax.mail", "1.6.2"),
                export.smtp()::record, clock, EnvelopePrivacy.DOMAIN);
        c.operationEnter(OperationKind.CONNECT);
        c.connectStart("mx.example", 25, false);
        c.reply(220, "220 mx.example\n", null);
        c.connectEnd("192.0.2.1", 25, null, null);
        c.operationExit(null);
        assertThat(export.shutdown(5000)).isTrue();

        Path file = dir.resolve("smtp-trace-metrics-20261201T000000-1-abcd.jsonl");
        assertThat(file).exists();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).isNotEmpty();
        JsonNode line = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        JsonNode rm = line.get("resourceMetrics").get(0);
        assertThat(rm.get("resource").toString()).contains("metrics-test");
        List<String> names = new ArrayList<>();
        rm.get("scopeMetrics").forEach(sm -> sm.get("metrics").forEach(m -> names.add(m.get("name").asText())));
        assertThat(names).contains(MetricNames.OPERATION_DURATION, MetricNames.REPLIES, MetricNames.QUEUE_SIZE,
                MetricNames.SPANS_EXPORTED, MetricNames.SPANS_DROPPED, MetricNames.EXPORT_FAILURES);
    }

    @Test
    void theFileAppearsWithItsFirstExportNotBefore() throws Exception {
        Path traceFile = dir.resolve("smtp-trace-20261201T000000-2-abcd.jsonl");
        AgentConfig config = config("file=" + traceFile);
        MetricsExport export = MetricsExport.start(config, MetricsSettings.of(config), new ExportLosses(), () -> 0);
        Path file = dir.resolve("smtp-trace-metrics-20261201T000000-2-abcd.jsonl");
        assertThat(file).as("a JVM that exits now leaves no empty metrics file").doesNotExist();
        assertThat(export.shutdown(5000)).isTrue();
        assertThat(file).exists();
    }

    @Test
    void otlpUsesTheTracesEndpointSettings() throws Exception {
        java.util.concurrent.CopyOnWriteArrayList<String> posts = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer collector = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            posts.add(x.getRequestMethod() + " " + x.getRequestURI().getPath() + " " + x.getRequestHeaders()
                    .getFirst("Content-Type") + " " + body.length);
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        collector.start();
        try {
            AgentConfig config = config("otel.metrics.exporter=otlp,otel.exporter.otlp.endpoint=http://127.0.0.1:"
                    + collector.getAddress().getPort());
            MetricsExport export = MetricsExport.start(config, MetricsSettings.of(config), new ExportLosses(),
                    () -> 0);
            assertThat(export).isNotNull();
            long[] now = {1_700_000_000_000_000_000L};
            Conversation c = new Conversation(new ConnectionInfo("o1", "com.sun.mail:javax.mail", "1.6.2"),
                    export.smtp()::record, () -> now[0] += 1_000_000, EnvelopePrivacy.DOMAIN);
            c.operationEnter(OperationKind.CONNECT);
            c.connectStart("mx.example", 25, false);
            c.reply(220, "220 mx.example\n", null);
            c.connectEnd("192.0.2.1", 25, null, null);
            c.operationExit(null);
            assertThat(export.shutdown(10_000)).isTrue();
        } finally {
            collector.stop(0);
        }
        assertThat(posts).isNotEmpty();
        assertThat(posts.get(0)).startsWith("POST /v1/metrics application/x-protobuf");
    }

    @Test
    void aTakenPrometheusPortIsReportedAndTheAgentGoesOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            AgentConfig config = config("otel.metrics.exporter=prometheus,otel.exporter.prometheus.port="
                    + taken.getLocalPort());
            PrintStream err = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            MetricsExport export;
            try {
                export = MetricsExport.start(config, MetricsSettings.of(config), new ExportLosses(), () -> 0);
            } finally {
                System.setErr(err);
            }
            assertThat(export).isNull();
            // tests of other classes may print on stderr meanwhile (parallel): only the lines about the endpoint
            List<String> said = captured.toString(StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains("Prometheus")).toList();
            assertThat(said).hasSize(1);
            assertThat(said.get(0)).contains("port " + taken.getLocalPort()).contains("OTEL_EXPORTER_PROMETHEUS_PORT")
                    .contains("in use");
        }
    }
}
