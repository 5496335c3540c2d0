package io.smtptrace.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.smtptrace.testsupport.ForkedJvm;
import io.smtptrace.testsupport.MailLibrary;
import io.smtptrace.testsupport.SmtpTestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real agent jar's metrics, in a forked JVM: scraped from its Prometheus endpoint while the application runs, and
 * read from the default metrics file after it exits. A workload with 530, 535 and 552 failures.
 */
class MetricsIT {

    static final String USER = "alice@example.com";
    static final String PASSWORD = "Pa55-w0rd-SECRET";

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static ForkedJvm app() throws Exception {
        List<Path> cp = new ArrayList<>(MailLibrary.JAVAX_MAIL_1_6_2.jars());
        cp.add(Path.of(MetricsWorkloadApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        return ForkedJvm.withClassPath(cp).mainClass(MetricsWorkloadApp.class.getName())
                .javaAgent(AgentRun.agentJar()).timeout(Duration.ofSeconds(120));
    }

    static String scrape(HttpClient http, int port) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body() : "";
    }

    @Test
    void prometheusEndpointServesTheContractsSeries() throws Exception {
        Files.createDirectories(AgentRun.OUT);
        Path gate = AgentRun.OUT.resolve("metrics-gate").toAbsolutePath();
        Files.deleteIfExists(gate);
        int promPort = freePort();
        try (SmtpTestServer ok = SmtpTestServer.builder().offerStartTls().start();
             SmtpTestServer auth = SmtpTestServer.builder().requireAuth(USER, PASSWORD).start();
             SmtpTestServer size = SmtpTestServer.builder().maxMessageSize(4000).start()) {
            ForkedJvm jvm = app().environment("OTEL_METRICS_EXPORTER", "prometheus")
                    .environment("OTEL_EXPORTER_PROMETHEUS_PORT", String.valueOf(promPort))
                    .environment("OTEL_SERVICE_NAME", "metrics-it")
                    .systemProperty("smtptrace.file", AgentRun.OUT.resolve("metrics-prom.jsonl").toAbsolutePath()
                            .toString());
            CompletableFuture<ForkedJvm.Result> run = CompletableFuture.supplyAsync(() -> jvm.runMain(
                    String.valueOf(ok.port()), String.valueOf(auth.port()), String.valueOf(size.port()),
                    gate.toString(), USER, PASSWORD));
            HttpClient http = HttpClient.newHttpClient();
            String body = "";
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            // the workload's last failure (552) and the connection's end are recorded once the export thread got them
            while (System.nanoTime() < until && !run.isDone()) {
                try {
                    body = scrape(http, promPort);
                } catch (IOException notYet) {
                    body = "";
                }
                if (series(body, "smtp_client_connections_total") >= 6) {
                    break;
                }
                Thread.sleep(100);
            }
            Files.writeString(AgentRun.OUT.resolve("metrics-scrape.txt"), body);
            Files.writeString(gate, "go");
            ForkedJvm.Result result = run.get(60, TimeUnit.SECONDS);
            assertThat(result.exitCode()).as(result.describe()).isZero();
            assertThat(result.results()).as(result.describe()).contains("workload done");

            assertThat(body).as("scrape:\n%s\nrun: %s", body, result.describe())
                    .contains("smtp_client_operation_duration_seconds_bucket{")
                    .contains("smtp_client_operation_duration_seconds_count{")
                    .contains("smtp_client_replies_total{")
                    .contains("smtp_client_messages_total{")
                    .contains("smtp_client_message_size_bytes_bucket{")
                    .contains("smtp_client_connections_total{")
                    .contains("smtp_client_auth_attempts_total{")
                    .contains("smtp_client_tls_handshakes_total{")
                    .contains("smtptrace_agent_spans_exported_total")
                    .contains("smtptrace_agent_spans_dropped_total{")
                    .contains("smtptrace_agent_export_failures_total")
                    .contains("smtptrace_agent_queue_size");
            assertThat(series(body, "smtp_client_replies_total", "smtp_reply_code=\"530\"", "smtp_command_verb=\"MAIL\""))
                    .isEqualTo(1.0);
            assertThat(series(body, "smtp_client_auth_attempts_total", "smtp_auth_outcome=\"failure\"",
                    "smtp_reply_code=\"535\"")).isEqualTo(1.0);
            assertThat(series(body, "smtp_client_auth_attempts_total", "smtp_auth_outcome=\"success\"")).isEqualTo(1.0);
            assertThat(series(body, "smtp_client_messages_total", "smtp_message_outcome=\"rejected\"",
                    "error_type=\"552\"")).isEqualTo(1.0);
            assertThat(series(body, "smtp_client_messages_total", "smtp_message_outcome=\"accepted\"")).isEqualTo(3.0);
            assertThat(series(body, "smtp_client_tls_handshakes_total", "smtp_tls_mode=\"starttls\"")).isEqualTo(2.0);
            assertThat(series(body, "smtp_client_connections_total", "smtp_tls_mode=\"starttls\"")).isEqualTo(2.0);
            assertThat(series(body, "smtp_client_operation_duration_seconds_count", "smtp_operation=\"send\"",
                    "error_type=\"530\"")).isEqualTo(1.0);
            assertThat(body).contains("server_address=\"127.0.0.1\"").contains("server_port=\"" + ok.port() + "\"");
            assertThat(body).contains("service_name=\"metrics-it\"");
            assertNoSecrets(body);
            assertNoSecrets(result.stderr());
        }
    }

    @Test
    void theDefaultMetricsFileBesideTheTraceFile() throws Exception {
        Path tmp = Files.createDirectories(AgentRun.OUT.resolve("metrics-default-tmp")).toAbsolutePath();
        try (var old = Files.list(tmp)) {
            for (Path p : (Iterable<Path>) old::iterator) {
                if (Files.isDirectory(p)) {
                    try (var inner = Files.list(p)) {
                        for (Path q : (Iterable<Path>) inner::iterator) {
                            Files.delete(q);
                        }
                    }
                }
                Files.delete(p);
            }
        }
        // no scrape here: the application exits once its metrics file has a periodic line (it is then up)
        Path gate = tmp.resolve("gate-unused");
        try (SmtpTestServer ok = SmtpTestServer.builder().offerStartTls().start();
             SmtpTestServer auth = SmtpTestServer.builder().requireAuth(USER, PASSWORD).start();
             SmtpTestServer size = SmtpTestServer.builder().maxMessageSize(4000).start()) {
            ForkedJvm.Result result = app().systemProperty("java.io.tmpdir", tmp.toString())
                    .systemProperty("smtptrace.debug", "true")
                    .systemProperty("otel.metric.export.interval", "300")
                    .runMain(String.valueOf(ok.port()), String.valueOf(auth.port()), String.valueOf(size.port()),
                            gate.toString(), USER, PASSWORD, tmp.toString());
            assertThat(result.exitCode()).as(result.describe()).isZero();
            Path dir;
            try (var dirs = Files.list(tmp)) {
                dir = dirs.filter(p -> p.getFileName().toString().startsWith("smtp-trace-")).findFirst()
                        .orElseThrow(() -> new AssertionError("no default directory: " + result.describe()));
            }
            List<Path> metricsFiles;
            List<Path> traceFiles;
            try (var files = Files.list(dir)) {
                List<Path> all = files.toList();
                metricsFiles = all.stream().filter(p -> p.getFileName().toString().startsWith("smtp-trace-metrics-"))
                        .toList();
                traceFiles = all.stream().filter(p -> !metricsFiles.contains(p)).toList();
            }
            assertThat(metricsFiles).as("metrics file in %s: %s", dir, result.describe()).hasSize(1);
            assertThat(traceFiles).hasSize(1);
            Path metrics = metricsFiles.get(0);
            assertThat(metrics.getFileName().toString()).isEqualTo("smtp-trace-metrics-"
                    + traceFiles.get(0).getFileName().toString().substring("smtp-trace-".length()));
            assertThat(Files.getPosixFilePermissions(metrics))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(dir))
                    .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            String text = Files.readString(metrics);
            assertNoSecrets(text);
            assertNoSecrets(result.stderr());
            // the final export at exit: the last line has everything the workload did
            List<String> lines = text.lines().toList();
            com.fasterxml.jackson.databind.JsonNode last = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(lines.get(lines.size() - 1));
            Map<String, Double> sums = new java.util.HashMap<>();
            for (var rm : last.get("resourceMetrics")) {
                for (var sm : rm.get("scopeMetrics")) {
                    for (var m : sm.get("metrics")) {
                        var data = m.has("sum") ? m.get("sum") : m.has("histogram") ? m.get("histogram")
                                : m.get("gauge");
                        for (var dp : data.get("dataPoints")) {
                            StringBuilder key = new StringBuilder(m.get("name").asText());
                            if (dp.has("attributes")) {
                                for (var a : dp.get("attributes")) {
                                    var v = a.get("value");
                                    key.append(' ').append(a.get("key").asText()).append('=')
                                            .append(v.has("stringValue") ? v.get("stringValue").asText()
                                                    : v.get("intValue").asText());
                                }
                            }
                            double value = dp.has("asInt") ? dp.get("asInt").asDouble()
                                    : dp.has("count") ? dp.get("count").asDouble() : dp.get("asDouble").asDouble();
                            sums.merge(key.toString(), value, Double::sum);
                        }
                    }
                }
            }
            assertThat(sum(sums, "smtp.client.replies", "smtp.command.verb=MAIL", "smtp.reply.code=530"))
                    .as("%s", sums).isEqualTo(1.0);
            assertThat(sum(sums, "smtp.client.replies", "smtp.command.verb=.", "smtp.reply.code=552")).isEqualTo(1.0);
            assertThat(sum(sums, "smtp.client.auth.attempts", "smtp.auth.outcome=failure", "smtp.reply.code=535"))
                    .isEqualTo(1.0);
            assertThat(sum(sums, "smtp.client.messages", "smtp.message.outcome=accepted")).isEqualTo(3.0);
            assertThat(sum(sums, "smtp.client.connections")).isEqualTo(6.0);
            assertThat(sum(sums, "smtptrace.agent.spans.exported")).isGreaterThan(0);
            String started = result.stderr().lines().filter(l -> l.contains("metrics started in")).findFirst()
                    .orElse("(no debug line)");
            System.out.println("MetricsIT default file: " + started + "; JVM run " + result.elapsed().toMillis()
                    + " ms");
        }
    }

    private static double sum(Map<String, Double> sums, String metric, String... attributes) {
        double total = 0;
        for (Map.Entry<String, Double> e : sums.entrySet()) {
            if (!e.getKey().startsWith(metric + " ") && !e.getKey().equals(metric)) {
                continue;
            }
            boolean all = true;
            for (String a : attributes) {
                all &= e.getKey().contains(" " + a);
            }
            if (all) {
                total += e.getValue();
            }
        }
        return total;
    }

    /** The sum of the samples of one metric whose labels contain every one of {@code labels}. */
    static double series(String body, String metric, String... labels) {
        double sum = 0;
        for (String line : body.split("\n")) {
            if (!line.startsWith(metric + "{")) {
                continue;
            }
            String labelPart = line.substring(0, line.lastIndexOf('}') + 1);
            boolean all = true;
            for (String l : labels) {
                all &= labelPart.contains(l);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    static void assertNoSecrets(String text) {
        assertThat(text).doesNotContain(PASSWORD).doesNotContain("Pa55").doesNotContain(USER)
                .doesNotContain("alice").doesNotContain("sender@example.com").doesNotContain("rcpt@example.org")
                .doesNotContain("xxxxxxxxxx");
    }
}
