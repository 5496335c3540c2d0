package io.smtptrace.prometheusit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.smtptrace.prometheusit.AlertRules.Alert;
import io.smtptrace.prometheusit.GrafanaDashboard.Target;
import io.smtptrace.prometheusit.PrometheusServer.Sample;
import io.smtptrace.testsupport.ForkedJvm;
import io.smtptrace.testsupport.MailLibrary;
import io.smtptrace.testsupport.Scenario;
import io.smtptrace.testsupport.SmtpTestServer;

/**
 * The dashboard and the alert rules of src/dashboards against promtool and a real Prometheus: the rule file checks and
 * its unit tests pass; the dashboard JSON is importable (uid, Prometheus input, datasource/service/server variables,
 * every panel on the datasource variable with non-empty queries of the documented metrics); and, live, an application
 * under the agent with the Prometheus exporter sends mail to test servers that answer 530, 535, 552, 554 and break
 * the TLS handshake, Prometheus scrapes it, then every query of every panel returns data and every alert's expression
 * returns the failing server (and only it), Prometheus itself has each alert firing, and the analyzer, run on the
 * same workload's trace, finds the rule each alert names on that server.
 */
class PrometheusDashboardIT {
    /** The metric contract (task "metrics", src/docs/metrics.md) in Prometheus' names. */
    static final Set<String> CONTRACT = Set.of("smtp_client_operation_duration_seconds", "smtp_client_replies_total",
            "smtp_client_messages_total", "smtp_client_message_size_bytes", "smtp_client_connections_total",
            "smtp_client_auth_attempts_total", "smtp_client_tls_handshakes_total", "smtptrace_agent_spans_exported_total",
            "smtptrace_agent_spans_dropped_total", "smtptrace_agent_export_failures_total", "smtptrace_agent_queue_size");
    /** A metric name in PromQL (label names such as smtp_reply_code have no client/agent prefix). */
    static final Pattern METRIC = Pattern.compile("\\b(?:smtp_client|smtptrace_agent)_[a-z_]+\\b");
    static final String JOB = "smtp-trace-prometheus-it";

    static final Path DASHBOARDS = Path.of(System.getProperty("smtptrace.dashboards", "../../dashboards"));
    static final Path DASHBOARD = DASHBOARDS.resolve("smtp-trace.json");
    static final Path ALERTS = DASHBOARDS.resolve("smtp-trace-alerts.yml");
    static final Path ALERT_TESTS = DASHBOARDS.resolve("smtp-trace-alerts.test.yml");
    static final Path ARTIFACTS = Path.of(System.getProperty("smtptrace.artifacts", "target/prometheus-it"));

    @Test
    void promtoolChecksTheRuleFile() throws Exception {
        Promtool promtool = new Promtool(PrometheusBinaries.required().promtool());
        Promtool.Run run = promtool.run(DASHBOARDS, "check", "rules", ALERTS.getFileName().toString());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS: " + AlertRules.read(ALERTS).size() + " rules found");
    }

    @Test
    void promtoolUnitTestsCoverEveryAlertFiringAndSilentAndPass() throws Exception {
        List<AlertRules.Expectation> expectations = AlertRules.expectations(ALERT_TESTS);
        for (Alert a : AlertRules.read(ALERTS)) {
            assertThat(expectations).as("a promtool test where %s fires", a.name()).contains(new AlertRules.Expectation(a.name(), true));
            assertThat(expectations).as("a promtool test where %s stays silent", a.name()).contains(new AlertRules.Expectation(a.name(), false));
        }
        Promtool promtool = new Promtool(PrometheusBinaries.required().promtool());
        Promtool.Run run = promtool.run(DASHBOARDS, "test", "rules", ALERT_TESTS.getFileName().toString());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertNamesItsAnalyzerRuleAndExplainCommand() throws Exception {
        List<Alert> alerts = AlertRules.read(ALERTS);
        assertThat(alerts).extracting(Alert::name).containsExactlyInAnyOrder("SmtpAuthenticationRequired",
                "SmtpAuthenticationFailed", "SmtpMessageTooLarge", "SmtpRelayDenied", "SmtpTlsHandshakeFailed",
                "SmtpConnectionPerMessage", "SmtpTraceSpansDropped");
        for (Alert a : alerts) {
            assertThat(a.annotations().path("analyzer_rule").asText()).as(a.name()).isNotBlank();
            assertThat(a.annotations().path("explain").asText()).as(a.name()).isNotBlank();
            assertThat(a.annotations().path("summary").asText()).as(a.name()).isNotBlank();
            assertThat(a.annotations().path("description").asText().lines().count()).as("runbook of %s", a.name()).isGreaterThan(3);
            assertThat(a.labels().path("severity").asText()).as(a.name()).isIn("info", "warning", "critical");
            assertThat(metrics(a.expr())).as("metrics of %s", a.name()).isNotEmpty().isSubsetOf(CONTRACT);
        }
        // the rule ids the analyzer has, the codes its explain command knows
        List<String> ruleIds = AnalyzerRun.ruleIds();
        List<String> codes = AnalyzerRun.explainedCodes();
        Pattern ruleInText = Pattern.compile("analyzer rule ([a-z-]+)|\\(([a-z]+(?:-[a-z]+)+)\\)");
        for (Alert a : alerts) {
            String label = a.labels().path("analyzer_rule").asText();
            if (!label.equals("none")) assertThat(ruleIds).as("analyzer_rule label of %s", a.name()).contains(label);
            for (String id : a.annotations().path("analyzer_rule").asText().split(", ")) {
                if (!id.startsWith("none")) assertThat(ruleIds).as("analyzer_rule annotation of %s", a.name()).contains(id);
            }
            Matcher m = ruleInText.matcher(a.annotations().path("description").asText());
            while (m.find()) {
                String id = m.group(1) != null ? m.group(1) : m.group(2);
                if (id.contains("-")) assertThat(ruleIds).as("rule named in the runbook of %s", a.name()).contains(id);
            }
            String explain = a.annotations().path("explain").asText();
            if (explain.startsWith("smtp-trace explain ")) {
                // a templated code ({{ $labels.smtp_reply_code }}) is the reply's own code: one the analyzer explains
                for (String code : explain.substring("smtp-trace explain ".length()).replaceAll("\\{\\{.*?}}", "").trim().split(" +")) {
                    if (!code.isEmpty()) assertThat(codes).as("explain code of %s", a.name()).contains(code);
                }
            }
        }
        assertThat(alerts).extracting(a -> a.annotations().path("explain").asText()).contains("smtp-trace explain 530",
                "smtp-trace explain 552", "smtp-trace explain 554 550");
    }

    @Test
    void theDashboardIsImportableAndEveryPanelQueriesTheDatasourceVariable() throws Exception {
        GrafanaDashboard d = GrafanaDashboard.read(DASHBOARD);
        assertThat(d.root.path("uid").asText()).matches("[a-zA-Z0-9_-]{1,40}");
        assertThat(d.root.path("title").asText()).isNotBlank();
        assertThat(d.root.path("schemaVersion").asInt()).as("schemaVersion of a current Grafana").isGreaterThanOrEqualTo(39);
        assertThat(d.root.path("id").isNull()).as("no instance id: importable anywhere").isTrue();

        JsonNode input = d.root.path("__inputs").get(0);
        assertThat(input).as("__inputs").isNotNull();
        assertThat(input.path("type").asText()).isEqualTo("datasource");
        assertThat(input.path("pluginId").asText()).isEqualTo("prometheus");
        JsonNode ds = d.variable("datasource");
        assertThat(ds).as("a datasource variable").isNotNull();
        assertThat(ds.path("type").asText()).isEqualTo("datasource");
        assertThat(ds.path("query").asText()).isEqualTo("prometheus");
        assertThat(ds.path("current").path("value").asText()).as("the import's choice becomes the variable's value")
                .isEqualTo("${" + input.path("name").asText() + "}");

        JsonNode job = d.variable("job");
        JsonNode server = d.variable("server");
        assertThat(job).as("service variable").isNotNull();
        assertThat(server).as("server variable").isNotNull();
        for (JsonNode v : List.of(job, server)) {
            assertThat(v.path("type").asText()).isEqualTo("query");
            assertThat(v.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        }
        assertThat(GrafanaDashboard.variableQuery(job)).matches("label_values\\(\\w+, job\\)");
        assertThat(GrafanaDashboard.variableQuery(server)).matches("label_values\\(\\w+\\{job=~\"\\$job\"}, server_address\\)");
        assertThat(server.path("includeAll").asBoolean()).isTrue();
        assertThat(server.path("allValue").asText()).isEqualTo(".*");

        Set<Integer> ids = new TreeSet<>();
        for (JsonNode p : d.root.path("panels")) assertThat(ids.add(p.path("id").asInt())).as("unique panel id %s", p.path("id")).isTrue();
        Set<String> used = new TreeSet<>();
        List<JsonNode> panels = d.panels();
        assertThat(panels).hasSizeGreaterThanOrEqualTo(12);
        for (JsonNode p : panels) {
            String title = p.path("title").asText();
            assertThat(title).isNotBlank();
            assertThat(p.path("description").asText()).as("description of %s", title).isNotBlank();
            assertThat(p.path("datasource").path("uid").asText()).as("datasource of %s", title).isEqualTo("${datasource}");
            assertThat(p.path("gridPos").path("w").asInt()).as("width of %s", title).isBetween(1, 24);
            assertThat(p.path("targets").size()).as("targets of %s", title).isPositive();
            Set<String> refIds = new TreeSet<>();
            for (JsonNode t : p.path("targets")) {
                assertThat(refIds.add(t.path("refId").asText())).as("unique refId in %s", title).isTrue();
                assertThat(t.path("datasource").path("uid").asText()).as("target datasource in %s", title).isEqualTo("${datasource}");
                String expr = t.path("expr").asText();
                assertThat(expr).as("expr of %s %s", title, t.path("refId").asText()).isNotBlank();
                assertThat(metrics(expr)).as("metrics of %s", title).isNotEmpty().isSubsetOf(CONTRACT);
                used.addAll(metrics(expr));
            }
        }
        assertThat(used).as("every metric of the contract on some panel").isEqualTo(CONTRACT);
        // 530/535/552/554 stand out on the reply-code panel
        JsonNode codes = panels.stream().filter(p -> p.path("title").asText().equals("Replies by code")).findFirst().orElseThrow();
        String overrides = codes.path("fieldConfig").path("overrides").toString();
        for (String code : List.of("530", "535", "552", "554")) assertThat(overrides).as("override for %s", code).contains(code);
    }

    @Test
    void liveEveryPanelQueryAndEveryAlertReturnDataFromARealPrometheus() throws Exception {
        PrometheusBinaries bin = PrometheusBinaries.required();
        Path agentJar = Path.of(System.getProperty("smtptrace.agentJar", "../../../agent/target/smtp-trace-agent.jar"));
        assertThat(agentJar).as("the agent jar (mvn package of agent/)").exists();
        long started = System.nanoTime();
        Path dir = ARTIFACTS.resolve("live");
        deleteTree(dir);
        Files.createDirectories(dir);
        try (SmtpTestServer healthy = SmtpTestServer.builder().offerAuth("user", "secret").recordMessages(false).start();
             SmtpTestServer auth = SmtpTestServer.builder().requireAuth("user", "secret").recordMessages(false).start();
             SmtpTestServer size = SmtpTestServer.builder().maxMessageSize(4000).recordMessages(false).start();
             SmtpTestServer relay = SmtpTestServer.builder().relayDenied("example.net").recordMessages(false).start();
             SmtpTestServer tls = SmtpTestServer.builder().offerStartTls().recordMessages(false).start()) {
            List<Scenario> scenarios = List.of(
                    // healthy: AUTH accepted, two messages on each of two connections
                    Scenario.forServer(healthy).credentials("user", "secret").prop("mail.smtp.auth", "true").connections(2).messages(2),
                    // 530: MAIL FROM without AUTH, three connections (the "repeated" threshold)
                    Scenario.forServer(auth).connections(3).messages(1),
                    // 535: wrong password
                    Scenario.forServer(auth).credentials("user", "wrong").prop("mail.smtp.auth", "true").connections(2),
                    // 552: 10 kB against a 4 kB limit
                    Scenario.forServer(size).bodyBytes(10_000).messages(1),
                    // 554 5.7.1 on RCPT
                    Scenario.forServer(relay).to("someone@example.net").messages(1),
                    // STARTTLS to a certificate the JVM does not trust: the handshake fails
                    Scenario.forServer(tls).prop("mail.smtp.starttls.enable", "true").prop("mail.smtp.starttls.required", "true"));
            int connectionsPerRound = scenarios.stream().mapToInt(s -> Integer.parseInt(s.properties().getProperty("connections", "1"))).sum();
            List<String> files = new ArrayList<>();
            for (int i = 0; i < scenarios.size(); i++) files.add(scenarios.get(i).write(dir.resolve("scenario-" + i + ".properties")).toString());
            // a second instance of the service whose spans go to /dev/full: every write fails (ENOSPC), the agent drops them
            String lossy = Scenario.forServer(healthy).credentials("user", "secret").prop("mail.smtp.auth", "true").messages(2)
                    .write(dir.resolve("scenario-lossy.properties")).toString();
            Path trace = dir.resolve("trace.jsonl");

            List<Integer> ports = PrometheusServer.freePorts(2); // distinct: two agents, two endpoints
            int appPort = ports.get(0);
            int lossyPort = ports.get(1);
            try (AppUnderAgent app = startApp(agentJar, appPort, trace, dir.resolve("app.stderr"), files);
                 AppUnderAgent lossyApp = startApp(agentJar, lossyPort, Path.of("/dev/full"), dir.resolve("lossy-app.stderr"), List.of(lossy));
                 PrometheusServer prom = PrometheusServer.start(bin.prometheus(), dir.resolve("prometheus"), JOB, List.of(appPort, lossyPort), ALERTS)) {
                String job = "job=\"" + JOB + "\"";
                String appInstance = "instance=\"127.0.0.1:" + appPort + "\"";
                for (AppUnderAgent a : List.of(app, lossyApp)) assertThat(a.awaitLine(l -> l.equals("RESULT ready"), 60_000)).as(a.describe()).isTrue();
                prom.awaitQuery("up{" + job + "} == 1", r -> r.size() == 2, Duration.ofSeconds(60),
                        "Prometheus to scrape both agents' endpoints (ports " + appPort + ", " + lossyPort + ")");
                lossyApp.send("go");
                // two rounds, each scraped before the next: counters that move between scrapes (rate/increase see them)
                for (int round = 1; round <= 2; round++) {
                    int n = round;
                    app.send("go");
                    assertThat(app.awaitLine(l -> l.equals("RESULT round " + n + " done"), 90_000)).as(app.describe()).isTrue();
                    prom.awaitQuery("sum(smtp_client_connections_total{" + job + ", " + appInstance + "})",
                            r -> !r.isEmpty() && r.get(0).value() >= n * connectionsPerRound, Duration.ofSeconds(60),
                            n * connectionsPerRound + " connections recorded and scraped (round " + n + ")\n" + app.describe());
                }
                assertThat(lossyApp.awaitLine(l -> l.equals("RESULT round 1 done"), 60_000)).as(lossyApp.describe()).isTrue();
                prom.awaitQuery("sum(smtptrace_agent_spans_dropped_total{" + job + "})", r -> !r.isEmpty() && r.get(0).value() > 0,
                        Duration.ofSeconds(60), "the lossy instance's dropped spans scraped\n" + lossyApp.describe());
                List<String> results = app.results();
                assertThat(results).as("the workload did what it is about").contains("send 1 ok")
                        .anyMatch(r -> r.startsWith("connect error") && r.contains("535"))
                        .anyMatch(r -> r.startsWith("send") && r.contains("530"))
                        .anyMatch(r -> r.startsWith("send") && r.contains("552"))
                        .anyMatch(r -> r.startsWith("send") && r.contains("554"))
                        .anyMatch(r -> r.startsWith("connect error") && r.contains("SSLHandshakeException"));
                Files.writeString(dir.resolve("scrape.txt"), scrape(appPort));

                Map<String, String> vars = Map.of("job", JOB, "server", ".*", "__rate_interval", "1m", "__interval", "15s");
                // the variables' own queries find this service and its servers
                GrafanaDashboard dashboard = GrafanaDashboard.read(DASHBOARD);
                assertThat(prom.labelValues("job", labelValuesSelector(dashboard.variable("job"), vars))).contains(JOB);
                assertThat(prom.labelValues("server_address", labelValuesSelector(dashboard.variable("server"), vars))).contains(healthy.host());

                StringBuilder report = new StringBuilder();
                List<String> failures = new ArrayList<>();
                for (Target t : dashboard.targets()) {
                    String expr = GrafanaDashboard.substitute(t.expr(), vars);
                    List<Sample> r = prom.query(expr);
                    boolean data = r.stream().anyMatch(s -> !Double.isNaN(s.value()) && !Double.isInfinite(s.value()));
                    report.append(t.name()).append(": ").append(r.size()).append(" series ").append(r).append('\n');
                    if (!data) failures.add(t.name() + " returned no finite value: " + r + "\n    " + expr);
                }
                // what each alert is about: the failing server (never the healthy one), or the lossy instance
                Map<String, String> expected = Map.of(
                        "SmtpAuthenticationRequired", "server_port=" + auth.port(),
                        "SmtpAuthenticationFailed", "server_port=" + auth.port(),
                        "SmtpMessageTooLarge", "server_port=" + size.port(),
                        "SmtpRelayDenied", "server_port=" + relay.port(),
                        "SmtpTlsHandshakeFailed", "server_port=" + tls.port(),
                        // 5 connections per round to it, 3 of them with a message (530): not the healthy server's 2 messages each
                        "SmtpConnectionPerMessage", "server_port=" + auth.port(),
                        "SmtpTraceSpansDropped", "instance=127.0.0.1:" + lossyPort);
                List<Alert> alerts = AlertRules.read(ALERTS);
                assertThat(expected.keySet()).as("every alert has a workload here").containsExactlyInAnyOrderElementsOf(
                        alerts.stream().map(Alert::name).toList());
                for (Alert a : alerts) {
                    List<Sample> r = prom.query(a.expr());
                    report.append("alert ").append(a.name()).append(": ").append(r).append('\n');
                    String[] kv = expected.get(a.name()).split("=", 2);
                    Set<String> got = r.stream().map(s -> s.labels().get(kv[0])).collect(Collectors.toCollection(TreeSet::new));
                    if (!got.equals(Set.of(kv[1]))) {
                        failures.add("alert " + a.name() + " should return exactly " + expected.get(a.name()) + " (healthy server port "
                                + healthy.port() + "), got " + r + "\n    " + a.expr());
                    }
                }
                Files.writeString(dir.resolve("queries.txt"), report);
                assertThat(failures).as("queries on live data (all results in %s):%n%s", dir.resolve("queries.txt"), report).isEmpty();
                // the healthy server is in the data, and (above) in no alert
                assertThat(prom.query("sum by (server_port) (smtp_client_messages_total{" + job + ", smtp_message_outcome=\"accepted\"})"))
                        .extracting(s -> s.labels().get("server_port")).contains(Integer.toString(healthy.port()));

                // Prometheus loaded the rule file as it is and has every alert firing
                for (JsonNode g : prom.rules()) {
                    for (JsonNode rule : g.path("rules")) assertThat(rule.path("health").asText()).as(rule.toString()).isNotEqualTo("err");
                }
                Set<String> names = alerts.stream().map(Alert::name).collect(Collectors.toCollection(TreeSet::new));
                prom.awaitQuery("count by (alertname) (ALERTS{alertstate=\"firing\"})",
                        r -> r.stream().map(s -> s.labels().get("alertname")).collect(Collectors.toSet()).containsAll(names),
                        Duration.ofSeconds(30), "every alert firing in Prometheus: " + names);

                // the alerts mirror the analyzer: on the same workload's trace, it finds each alert's rule on its server
                app.close();
                List<AnalyzerRun.Finding> findings = AnalyzerRun.analyze(trace);
                Files.writeString(dir.resolve("findings.txt"), findings.stream().map(Object::toString).collect(Collectors.joining("\n")));
                for (Alert a : alerts) {
                    String rule = a.labels().path("analyzer_rule").asText();
                    if (rule.equals("none")) continue;
                    String port = expected.get(a.name()).split("=", 2)[1];
                    assertThat(findings).as("analyzer finding %s on port %s (alert %s)", rule, port, a.name())
                            .anyMatch(f -> f.rule().equals(rule) && f.server().endsWith(":" + port));
                }
                Set<String> alertRules = alerts.stream().map(a -> a.labels().path("analyzer_rule").asText()).collect(Collectors.toSet());
                assertThat(findings).as("no alerted rule on the healthy server").noneMatch(
                        f -> alertRules.contains(f.rule()) && f.server().endsWith(":" + healthy.port()));
            }
        }
        System.out.printf("PrometheusDashboardIT live: %d ms (artifacts in %s)%n", (System.nanoTime() - started) / 1_000_000, dir);
    }

    /** {@link MetricsWorkloadApp} under the agent with the Prometheus exporter on {@code port}, spans to {@code trace}. */
    private static AppUnderAgent startApp(Path agentJar, int port, Path trace, Path stderr, List<String> scenarios) throws Exception {
        ForkedJvm jvm = ForkedJvm.forLibrary(MailLibrary.ANGUS_MAIL_2_0_3).javaAgent(agentJar)
                .addClassPath(Path.of(MetricsWorkloadApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()))
                .mainClass(MetricsWorkloadApp.class.getName())
                .systemProperty("smtptrace.file", trace.toString());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OTEL_METRICS_EXPORTER", "prometheus");
        env.put("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1");
        env.put("OTEL_EXPORTER_PROMETHEUS_PORT", Integer.toString(port));
        env.put("OTEL_SERVICE_NAME", JOB);
        return AppUnderAgent.start(jvm.command(scenarios.toArray(String[]::new)), env, stderr);
    }

    /** label_values(metric{...}, label) as the series selector /api/v1/label/<label>/values takes. */
    private static String labelValuesSelector(JsonNode variable, Map<String, String> vars) {
        Matcher m = Pattern.compile("label_values\\((.+), *\\w+\\)").matcher(GrafanaDashboard.variableQuery(variable));
        assertThat(m.matches()).as(variable.toString()).isTrue();
        return GrafanaDashboard.substitute(m.group(1), vars);
    }

    private static String port(SmtpTestServer s) {
        return Integer.toString(s.port());
    }

    static Set<String> metrics(String expr) {
        Set<String> out = new TreeSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) out.add(m.group().replaceFirst("_(bucket|sum|count)$", ""));
        return out;
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
