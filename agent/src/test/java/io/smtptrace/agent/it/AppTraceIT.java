package io.smtptrace.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.smtptrace.testsupport.ExportedTraces;
import io.smtptrace.testsupport.ExportedTraces.SpanView;
import io.smtptrace.testsupport.ForkedJvm;
import io.smtptrace.testsupport.MailLibrary;
import io.smtptrace.testsupport.SmtpTestServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SMTP spans inside the application's trace (issue #11), in forked JVMs with the real agent jar: an application span
 * around each "request" of {@link PlainMailApp} (connect + send, then a second send on the pooled transport), made
 * by the application's own SDK, by the real OpenTelemetry Java agent through the application's API, and by that agent
 * alone (no API in the application). Both sides are read from what each exporter wrote: the application's (or the
 * OpenTelemetry agent's) spans and ours, from our default-format file.
 */
class AppTraceIT {

    private static final String USER = "alice@example.com";
    private static final String PASSWORD = "pw-SECRET-7";
    private static final Path IT_JARS = Paths.get(System.getProperty("smtptrace.itJars", "target/it-jars"));

    private static SmtpTestServer server;

    @BeforeAll
    static void startServer() {
        server = SmtpTestServer.builder().requireAuth(USER, PASSWORD).start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** The application's class path: the mail library, these test classes and, when asked, the OpenTelemetry jars. */
    private static ForkedJvm app(boolean withOpenTelemetry) throws Exception {
        List<Path> cp = new ArrayList<>(MailLibrary.JAVAX_MAIL_1_6_2.jars());
        cp.add(Path.of(AppTraceIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        if (withOpenTelemetry) {
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                String name = Path.of(e).getFileName().toString();
                if ((name.startsWith("opentelemetry-") && !name.startsWith("opentelemetry-javaagent"))
                        || name.startsWith("jackson-core")) {
                    cp.add(Path.of(e));
                }
            }
        }
        return ForkedJvm.withClassPath(cp).timeout(Duration.ofSeconds(90));
    }

    private static final class Run {
        final ForkedJvm.Result result;
        final ExportedTraces ours;
        final String appSpansRaw;
        final Map<String, String[]> appSays = new LinkedHashMap<>();

        Run(ForkedJvm.Result result, ExportedTraces ours, String appSpansRaw) {
            this.result = result;
            this.ours = ours;
            this.appSpansRaw = appSpansRaw;
            for (String line : result.stdout().split("\n")) {
                if (line.startsWith("APP ")) {
                    String[] f = line.trim().split(" ");
                    appSays.put(f[1], new String[] {f[2], f[3], f[4]});
                }
            }
        }

        SpanView op(String operation, int messageIndex) {
            List<SpanView> found = ours.spans.stream()
                    .filter(s -> operation.equals(s.str("smtp.operation")))
                    .filter(s -> messageIndex == 0 || s.num("smtp.message.index") == messageIndex)
                    .collect(Collectors.toList());
            assertThat(found).as("our %s span %s in\n%s", operation, messageIndex, result.describe()).hasSize(1);
            return found.get(0);
        }

        void noSecrets() {
            String everything = ours.raw + appSpansRaw + result.stdout() + result.stderr();
            assertThat(everything).doesNotContain(PASSWORD)
                    .doesNotContain(b64(PASSWORD))
                    .doesNotContain(b64("\0" + USER + "\0" + PASSWORD))
                    .doesNotContain(b64(USER + "\0" + USER + "\0" + PASSWORD));
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Run run(String name, ForkedJvm jvm, String mainClass, String mode, Path appSpans,
                           List<String> agentsBeforeOurs, Map<String, String> props) throws Exception {
        Files.createDirectories(AgentRun.OUT);
        Path ours = AgentRun.OUT.resolve("app-trace-" + name + ".jsonl").toAbsolutePath();
        Files.deleteIfExists(ours);
        agentsBeforeOurs.forEach(jvm::jvmArg);
        jvm.jvmArg("-javaagent:" + AgentRun.agentJar())
                .systemProperty("smtptrace.file", ours.toString())
                .systemProperty("otel.bsp.schedule.delay", "50")
                .systemProperties(props)
                .mainClass(mainClass);
        List<String> args = new ArrayList<>();
        if (mode != null) {
            args.add(mode);
        }
        args.addAll(List.of(server.host(), Integer.toString(server.port()), USER));
        jvm.environment("SMTP_PASSWORD", PASSWORD);
        if (appSpans != null) {
            Files.deleteIfExists(appSpans);
            args.add(appSpans.toString());
        }
        ForkedJvm.Result r = jvm.runMain(args.toArray(new String[0]));
        assertThat(r.timedOut()).as(r.describe()).isFalse();
        assertThat(r.stdout()).as(r.describe()).contains("RESULT send 1 ok", "RESULT send 2 ok", "RESULT done");
        String appRaw = appSpans != null && Files.exists(appSpans) ? Files.readString(appSpans) : "";
        return new Run(r, ExportedTraces.read(ours), appRaw);
    }

    /** Our spans of the pooled connection, under request spans r1 (connect, send 1) and r2 (send 2). */
    private static void assertParented(Run run, String[] r1, String[] r2) {
        SpanView connect = run.op("connect", 0);
        SpanView send1 = run.op("send", 1);
        SpanView send2 = run.op("send", 2);
        SpanView close = run.op("close", 0);
        String connectRef = connect.traceId + "/" + connect.spanId;
        assertThat(connect.traceId).as("connect joins request-1's trace").isEqualTo(r1[0]);
        assertThat(connect.parentSpanId).isEqualTo(r1[1]);
        assertThat(send1.traceId).isEqualTo(r1[0]);
        assertThat(send1.parentSpanId).isEqualTo(r1[1]);
        assertThat(send1.links).containsExactly(connectRef);
        assertThat(send2.traceId).as("the pooled connection's second send joins request-2").isEqualTo(r2[0]);
        assertThat(send2.parentSpanId).isEqualTo(r2[1]);
        assertThat(send2.links).containsExactly(connectRef);
        assertThat(close.traceId).as("close, outside any request, stays in the connection's trace").isEqualTo(r1[0]);
        assertThat(close.parentSpanId).isEqualTo(connect.spanId);
        run.noSecrets();
    }

    private static String[] appSpan(ExportedTraces spans, String name) {
        List<SpanView> found = spans.spans.stream().filter(s -> s.name.equals(name)).collect(Collectors.toList());
        assertThat(found).as("application span %s in\n%s", name, spans.raw).hasSize(1);
        return new String[] {found.get(0).traceId, found.get(0).spanId};
    }

    @Test
    void theApplicationsOwnSdk() throws Exception {
        Path appSpans = AgentRun.OUT.resolve("app-trace-sdk-app.jsonl").toAbsolutePath();
        Run run = run("sdk", app(true), TracedMailApp.class.getName(), "sdk", appSpans, List.of(), Map.of());
        ExportedTraces app = ExportedTraces.read(appSpans);
        String[] r1 = appSpan(app, "request-1");
        String[] r2 = appSpan(app, "request-2");
        assertThat(run.appSays.get("request-1")).containsExactly(r1[0], r1[1], "true");
        assertThat(r1[0]).isNotEqualTo(r2[0]);
        assertParented(run, r1, r2);
    }

    @Test
    void anUnsampledApplicationSpanGivesARootSpanWithALink() throws Exception {
        Path appSpans = AgentRun.OUT.resolve("app-trace-unsampled-app.jsonl").toAbsolutePath();
        Run run = run("unsampled", app(true), TracedMailApp.class.getName(), "sdk-unsampled", appSpans, List.of(),
                Map.of());
        assertThat(ExportedTraces.read(appSpans).spans).as("the application recorded nothing").isEmpty();
        String[] r1 = run.appSays.get("request-1");
        String[] r2 = run.appSays.get("request-2");
        assertThat(r1[2]).isEqualTo("false");
        SpanView connect = run.op("connect", 0);
        assertThat(connect.parentSpanId).as("a root span: SMTP capture does not follow the app's sampling").isEmpty();
        assertThat(connect.traceId).isNotEqualTo(r1[0]);
        assertThat(connect.links).containsExactly(r1[0] + "/" + r1[1]);
        SpanView send2 = run.op("send", 2);
        assertThat(send2.traceId).isEqualTo(connect.traceId);
        assertThat(send2.parentSpanId).isEqualTo(connect.spanId);
        assertThat(send2.links).containsExactly(r2[0] + "/" + r2[1]);
        assertThat(run.op("close", 0).links).isEmpty();
        run.noSecrets();
    }

    @Test
    void withoutAnApplicationSpanTheShapeIsUnchanged() throws Exception {
        Run run = run("none", app(true), TracedMailApp.class.getName(), "none", null, List.of(),
                Map.of("smtptrace.debug", "true", "app.awaitTraceFile",
                        AgentRun.OUT.resolve("app-trace-none.jsonl").toAbsolutePath().toString()));
        SpanView connect = run.op("connect", 0);
        assertThat(connect.parentSpanId).isEmpty();
        for (SpanView s : run.ours.spans) {
            assertThat(s.links).isEmpty();
            assertThat(s.traceId).isEqualTo(connect.traceId);
            if (s != connect) {
                assertThat(s.parentSpanId).isEqualTo(connect.spanId);
            }
        }
        assertThat(run.ours.spans).hasSize(4);
        run.noSecrets();
        // the resource, detected in the real (shaded) agent by OpenTelemetry's resource library, without the command line
        com.fasterxml.jackson.databind.JsonNode resource = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(run.ours.raw.split("\n")[0]).path("resourceSpans").get(0).path("resource");
        Map<String, String> attrs = new LinkedHashMap<>();
        resource.path("attributes").forEach(a -> attrs.put(a.path("key").asText(), a.path("value").toString()));
        assertThat(attrs).containsKeys("host.name", "os.type", "process.pid", "process.runtime.name",
                "process.runtime.version", "telemetry.sdk.version", "service.name");
        assertThat(attrs).doesNotContainKeys("process.command", "process.command_args", "process.command_line");
        run.result.stderr().lines().filter(l -> l.contains("resource detected in") || l.contains("SDK started in"))
                .forEach(l -> System.out.println("AppTraceIT cost: " + l));
    }

    /** The OpenTelemetry Java agent's settings: spans as OTLP JSON on its stderr; ours to our file only. */
    private static Map<String, String> besideOtelAgent(Map<String, String> more) {
        Map<String, String> m = new LinkedHashMap<>(more);
        m.put("otel.traces.exporter", "logging-otlp");
        m.put("otel.metrics.exporter", "none");
        m.put("otel.logs.exporter", "none");
        m.put("otel.service.name", "traced-app");
        // ours set apart: without this, ours would log its spans to stderr as well (plain otel.* is read by both)
        m.put("smtptrace.otel.traces.exporter", "none");
        return m;
    }

    private static List<String> otelAgent() {
        Path otel = IT_JARS.resolve("opentelemetry-javaagent.jar").toAbsolutePath();
        assertThat(otel).exists();
        return List.of("-javaagent:" + otel);
    }

    @Test
    void besideTheOpenTelemetryJavaAgentThroughTheApplicationsApi() throws Exception {
        Run run = run("otel-agent-api", app(true), TracedMailApp.class.getName(), "global", null, otelAgent(),
                besideOtelAgent(Map.of()));
        ExportedTraces otel = ExportedTraces.fromLog(run.result.stderr());
        String[] r1 = appSpan(otel, "request-1");
        String[] r2 = appSpan(otel, "request-2");
        assertThat(run.appSays.get("request-1")).containsExactly(r1[0], r1[1], "true");
        assertThat(otel.spans).as("our spans are not in the OpenTelemetry agent's output")
                .noneMatch(s -> s.scope.startsWith("io.smtptrace"));
        assertParented(run, r1, r2);
    }

    @Test
    void besideTheOpenTelemetryJavaAgentWithoutAnApiInTheApplication() throws Exception {
        // the request spans exist only in the OpenTelemetry agent (its boot class path context)
        Run run = run("otel-agent-only", app(false), PlainMailApp.class.getName(), null, null, otelAgent(),
                besideOtelAgent(Map.of("otel.instrumentation.methods.include",
                        PlainMailApp.class.getName() + "[request1,request2]")));
        ExportedTraces otel = ExportedTraces.fromLog(run.result.stderr());
        String[] r1 = appSpan(otel, "PlainMailApp.request1");
        String[] r2 = appSpan(otel, "PlainMailApp.request2");
        assertParented(run, r1, r2);
    }

    /**
     * The OpenTelemetry agent listed after ours (so not yet loaded when ours reads its settings, recognised on the
     * command line) with a plain traces exporter meant for it: our default trace file is still written.
     */
    @Test
    void aTracesExporterMeantForTheOpenTelemetryAgentKeepsOurDefaultFile() throws Exception {
        Path tmp = AgentRun.OUT.resolve("app-trace-default-file-tmp").toAbsolutePath();
        if (Files.exists(tmp)) {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(tmp);
        ForkedJvm jvm = app(true).jvmArg("-javaagent:" + AgentRun.agentJar())
                .jvmArg(otelAgent().get(0))
                .systemProperty("java.io.tmpdir", tmp.toString())
                .environment("OTEL_TRACES_EXPORTER", "logging-otlp")
                .systemProperty("otel.metrics.exporter", "none")
                .systemProperty("otel.logs.exporter", "none")
                .environment("SMTP_PASSWORD", PASSWORD)
                .mainClass(TracedMailApp.class.getName());
        ForkedJvm.Result r = jvm.runMain("global", server.host(), Integer.toString(server.port()), USER);
        assertThat(r.timedOut()).as(r.describe()).isFalse();
        assertThat(r.stdout()).as(r.describe()).contains("RESULT send 2 ok", "RESULT done");
        assertThat(r.stderr()).as(r.describe()).contains("beside the OpenTelemetry Java agent");
        List<Path> files;
        try (var walk = Files.walk(tmp)) {
            files = walk.filter(p -> p.getFileName().toString().matches("smtp-trace-.*\\.jsonl"))
                    .collect(Collectors.toList());
        }
        assertThat(files).as(r.describe()).hasSize(1);
        ExportedTraces ours = ExportedTraces.read(files.get(0));
        assertThat(ours.spans).extracting(s -> s.str("smtp.operation"))
                .containsExactlyInAnyOrder("connect", "send", "send", "close");
        String[] r1 = appSpan(ExportedTraces.fromLog(r.stderr()), "request-1");
        assertThat(ours.spans.stream().filter(s -> "connect".equals(s.str("smtp.operation"))).findFirst().get().traceId)
                .isEqualTo(r1[0]);
        assertThat(ours.raw + r.stdout() + r.stderr()).doesNotContain(PASSWORD).doesNotContain(b64(PASSWORD));
    }
}
