package io.smtptrace.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smtptrace.testsupport.ExportedTraces;
import io.smtptrace.testsupport.ForkedJvm;
import io.smtptrace.testsupport.MailLibrary;
import io.smtptrace.testsupport.Scenario;
import io.smtptrace.testsupport.SmtpTestServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Issue #9: the agent on a production JVM weakens nothing and keeps nothing of the application. */
class SafetyIT {

    private static Path probeClasses() throws Exception {
        return Paths.get(SafetyProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String classPath(MailLibrary lib) {
        List<String> cp = lib.jars().stream().map(Path::toString).collect(Collectors.toList());
        cp.add(ForkedJvm.testSupportClassPath().toString());
        return String.join(File.pathSeparator, cp);
    }

    private static ForkedJvm probe() throws Exception {
        return ForkedJvm.withClassPath(List.of(probeClasses())).mainClass(SafetyProbe.class.getName())
                .timeout(Duration.ofSeconds(90));
    }

    @Test
    void theAgentJarHoldsOneClassAndEverythingElseAsData() throws Exception {
        List<String> classes = new ArrayList<>();
        List<String> outside = new ArrayList<>();
        try (JarFile jar = new JarFile(AgentRun.agentJar().toFile())) {
            for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
                String n = en.nextElement().getName();
                if (n.endsWith(".class")) {
                    classes.add(n);
                }
                if (!n.endsWith("/") && !n.startsWith("inst/") && !n.startsWith("META-INF/") && !n.endsWith(".class")
                        || n.startsWith("inst/inst/")) {
                    outside.add(n);
                }
            }
            assertThat(outside).as("everything but the entry class and META-INF lives under inst/, once").isEmpty();
            assertThat(jar.getJarEntry("inst/io/smtptrace/agent/Installer.classdata")).isNotNull();
        }
        assertThat(classes).containsExactly("io/smtptrace/agent/SmtpTraceAgent.class");
    }

    @Test
    void anApplicationClassGainsNoAccessToJdkInternalsNorSeesTheAgentsClasses() throws Exception {
        ForkedJvm.Result r = probe().javaAgent(AgentRun.agentJar())
                .systemProperty("smtptrace.file", AgentRun.OUT.resolve("reach.jsonl").toAbsolutePath().toString())
                .runMain("reach");
        assertThat(r.results()).as(r.describe()).containsExactly(
                "unsafe IllegalAccessException",
                "class io.smtptrace.agent.Installer hidden",
                "class io.smtptrace.agent.capture.Conversation hidden",
                "class io.smtptrace.agent.shaded.io.opentelemetry.sdk.OpenTelemetrySdk hidden",
                "class io.smtptrace.agent.SmtpTraceAgent visible",
                "services hidden",
                "bridge boot");
        // the same probe without the agent: the agent changed nothing the application can reach
        ForkedJvm.Result without = probe().runMain("reach");
        assertThat(without.results().get(0)).isEqualTo("unsafe IllegalAccessException");
    }

    @Test
    void anUndeployedWebApplicationsLoaderIsCollected() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.start()) {
            Path sc = Scenario.forServer(server).from("alice@example.com").to("bob@example.org").messages(2)
                    .writeTemp();
            Path file = AgentRun.OUT.resolve("undeploy.jsonl").toAbsolutePath();
            Files.createDirectories(AgentRun.OUT);
            Files.deleteIfExists(file);
            ForkedJvm.Result r = probe().javaAgent(AgentRun.agentJar())
                    .systemProperty("smtptrace.file", file.toString())
                    .systemProperty("otel.bsp.schedule.delay", "50")
                    .runMain("undeploy", classPath(MailLibrary.ANGUS_MAIL_2_0_3), sc.toString());
            assertThat(r.results()).as(r.describe()).contains("send 1 ok", "send 2 ok", "collected true");
            assertThat(ExportedTraces.read(file).byConnection()).as(r.describe()).hasSize(1);
            // the agent's threads: daemons, smtp-trace-* named, no context loader (see AgentThreadsTest)
        }
    }

    @Test
    void aSymlinkPlantedAsTheDefaultTraceDirectoryIsNotFollowed() throws Exception {
        Path tmp = Files.createTempDirectory(AgentRun.OUT.toAbsolutePath().getParent(), "tmpdir");
        Path planted = Files.createDirectory(tmp.resolve("planted"));
        String user = System.getProperty("user.name").replaceAll("[^A-Za-z0-9._-]", "");
        Files.createSymbolicLink(tmp.resolve("smtp-trace-" + user), planted);
        try (SmtpTestServer server = SmtpTestServer.start()) {
            ForkedJvm.Result r = ForkedJvm.forLibrary(MailLibrary.ANGUS_MAIL_2_0_3)
                    .javaAgent(AgentRun.agentJar())
                    .jvmArg("-Djava.io.tmpdir=" + tmp)
                    .systemProperty("otel.bsp.schedule.delay", "50")
                    .timeout(Duration.ofSeconds(60))
                    .run(Scenario.forServer(server).from("alice@example.com").to("bob@example.org").messages(1));
            assertThat(r.allOk()).as(r.describe()).isTrue();
            assertThat(r.stderr()).contains("is a symbolic link: not used; SMTP traces go to " + tmp);
            try (Stream<Path> s = Files.list(planted)) {
                assertThat(s).as("nothing written through the planted link").isEmpty();
            }
            List<Path> written;
            try (Stream<Path> s = Files.walk(tmp)) {
                written = s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).collect(Collectors.toList());
            }
            // the metrics file, when the metrics were up before exit, lies beside the trace file, as private
            List<Path> metrics = written.stream()
                    .filter(p -> p.getFileName().toString().startsWith("smtp-trace-metrics-")).toList();
            written.removeAll(metrics);
            for (Path m : metrics) {
                assertThat(m.getParent()).isEqualTo(written.get(0).getParent());
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(m))).isEqualTo("rw-------");
            }
            assertThat(written).singleElement().satisfies(p -> {
                assertThat(p.getParent().getFileName().toString()).startsWith("smtp-trace-" + user + "-");
                assertThat(Files.isSymbolicLink(p.getParent())).isFalse();
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(p))).isEqualTo("rw-------");
            });
            assertThat(ExportedTraces.read(written.get(0)).byConnection()).hasSize(1);
        }
    }

    @Test
    void otelAgentArgumentsReachTheSdkAndNoSecretReachesTheResource() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.start()) {
            Path file = AgentRun.OUT.resolve("otel-args.jsonl").toAbsolutePath();
            Files.createDirectories(AgentRun.OUT);
            Files.deleteIfExists(file);
            ForkedJvm.Result r = ForkedJvm.forLibrary(MailLibrary.ANGUS_MAIL_2_0_3)
                    .javaAgent(AgentRun.agentJar(), "file=" + file + ",otel.service.name=checkout-svc,"
                            + "otel.resource.attributes=\"team=mail,tier=gold\",envelope=hash,"
                            + "envelope.key=K3y-planted-77,otel.bsp.schedule.delay=50")
                    .jvmArg("-Ddb.password=Planted-Secret-99")
                    .environment("OTEL_RESOURCE_ATTRIBUTES", "process.command_line=java -Ddb.password=Planted-Secret-99")
                    .timeout(Duration.ofSeconds(60))
                    .run(Scenario.forServer(server).from("alice@example.com").to("bob@example.org").messages(1));
            assertThat(r.allOk()).as(r.describe()).isTrue();
            String raw = Files.readString(file);
            Map<String, String> resource = new HashMap<>();
            JsonNode first = new ObjectMapper().readTree(raw.lines().findFirst().orElseThrow());
            for (JsonNode a : first.path("resourceSpans").get(0).path("resource").path("attributes")) {
                resource.put(a.path("key").asText(), a.path("value").path("stringValue").asText());
            }
            assertThat(resource).containsEntry("service.name", "checkout-svc").containsEntry("team", "mail")
                    .containsEntry("tier", "gold").doesNotContainKey("process.command_line");
            assertThat(raw + r.stderr() + r.stdout()).doesNotContain("Planted-Secret-99").doesNotContain("K3y-planted-77");
            assertThat(raw).contains("hmac:").doesNotContain("alice@");
        }
    }

    @Test
    void aSecondJavaagentSaysItIsIgnoredAndWhichSettings() throws Exception {
        Path second = AgentRun.OUT.toAbsolutePath().resolve("second-agent.jsonl");
        ForkedJvm.Result r = probe().javaAgent(AgentRun.agentJar())
                .jvmArg("-javaagent:" + AgentRun.agentJar() + "=file=" + second + ",envelope.key=Never-Shown-1")
                .systemProperty("smtptrace.file", AgentRun.OUT.resolve("first-agent.jsonl").toAbsolutePath().toString())
                .runMain("reach");
        assertThat(r.stderr()).as(r.describe()).contains("[smtp-trace] already active (started by -javaagent); this"
                + " -javaagent is ignored and its settings (file, envelope.key) are not applied");
        assertThat(r.stderr()).doesNotContain("Never-Shown-1");
        assertThat(r.stderr().lines().filter(l -> l.contains(" active; SMTP traces go to")).count()).isEqualTo(1);
    }

    @Test
    void attachingTwiceSaysSoAndChangesNothing() throws Exception {
        List<String> cmd = probe().javaAgent(AgentRun.agentJar())
                .systemProperty("smtptrace.file", AgentRun.OUT.resolve("attach-twice.jsonl").toAbsolutePath().toString())
                .command("wait");
        Process app = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("READY");
            ForkedJvm.Result again = AgentRun.exec(List.of(ForkedJvm.javaExecutable().toString(), "-jar",
                    AgentRun.agentJar().toString(), "attach", Long.toString(app.pid()), "file=/tmp/x.jsonl"));
            assertThat(again.exitCode()).as(again.describe()).isEqualTo(1);
            assertThat(again.stderr().lines()).singleElement().asString()
                    .startsWith("smtp-trace: already active in JVM " + app.pid() + " (smtp-trace ")
                    .endsWith("nothing loaded, settings (file) not applied");
            assertThat(again.stdout()).isEmpty();
        } finally {
            app.getOutputStream().close();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    @Test
    void attachCommandLineErrorsAreOneLineAndExit2() throws Exception {
        String java = ForkedJvm.javaExecutable().toString();
        String jar = AgentRun.agentJar().toString();
        for (String pid : new String[] {"abc", "999999"}) {
            ForkedJvm.Result r = AgentRun.exec(List.of(java, "-jar", jar, "attach", pid));
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
            assertThat(r.stderr().lines()).as(r.describe()).singleElement().asString()
                    .startsWith("smtp-trace: ").contains(pid).doesNotContain("\tat ");
        }
        ForkedJvm.Result list = AgentRun.exec(List.of(java, "-jar", jar, "attach"));
        assertThat(list.exitCode()).as(list.describe()).isZero();
        // this test JVM is one it could attach to
        assertThat(list.stdout().lines()).anyMatch(l -> l.startsWith(ProcessHandle.current().pid() + " "));
    }
}
