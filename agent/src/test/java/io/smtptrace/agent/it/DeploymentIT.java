package io.smtptrace.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.smtptrace.testsupport.ExportedTraces.SpanView;
import io.smtptrace.testsupport.ExportedTraces;
import io.smtptrace.testsupport.ForkedJvm;
import io.smtptrace.testsupport.MailLibrary;
import io.smtptrace.testsupport.Scenario;
import io.smtptrace.testsupport.SmtpTestServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The agent wherever applications really load their mail library, and beside what they really run. */
class DeploymentIT {

    private static final Path IT_JARS = Paths.get(System.getProperty("smtptrace.itJars", "target/it-jars"));

    private static Scenario scenario(SmtpTestServer server) {
        return Scenario.forServer(server).from("alice@example.com").to("bob@example.org").messages(2);
    }

    private static String classPath(MailLibrary lib) {
        List<String> cp = lib.jars().stream().map(Path::toString).collect(Collectors.toList());
        cp.add(ForkedJvm.testSupportClassPath().toString());
        return String.join(File.pathSeparator, cp);
    }

    private static Path harnessClasses() throws Exception {
        return Paths.get(LoaderHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Runs LoaderHarness in a forked JVM under the agent; the harness's own class path holds no mail library. */
    private static AgentRun harness(String name, String mode, List<MailLibrary> libs, SmtpTestServer server)
            throws Exception {
        Path file = AgentRun.OUT.resolve(name + ".jsonl").toAbsolutePath();
        Files.createDirectories(AgentRun.OUT);
        Files.deleteIfExists(file);
        List<String> args = new ArrayList<>();
        args.add(mode);
        for (MailLibrary lib : libs) {
            args.add(classPath(lib));
            args.add(scenario(server).writeTemp().toString());
        }
        ForkedJvm.Result r = ForkedJvm.withClassPath(List.of(harnessClasses()))
                .mainClass(LoaderHarness.class.getName())
                .javaAgent(AgentRun.agentJar())
                .systemProperty("smtptrace.file", file.toString())
                .systemProperty("otel.bsp.schedule.delay", "50")
                .timeout(Duration.ofSeconds(60))
                .runMain(args.toArray(new String[0]));
        return AgentRun.of(r, file);
    }

    private static void assertTwoMessagesTraced(AgentRun run, String library) {
        assertThat(run.result.outcomes()).as(run.toString()).contains("send 1 ok", "send 2 ok");
        List<SpanView> conn = run.onlyConnection();
        assertThat(AgentRun.verbs(conn)).containsExactly("<greeting> -> 220", "EHLO -> 250",
                "MAIL -> 250", "RCPT -> 250", "DATA -> 354", ". -> 250",
                "MAIL -> 250", "RCPT -> 250", "DATA -> 354", ". -> 250", "QUIT -> 221");
        assertThat(conn.get(0).str("smtp.client.library")).isEqualTo(library);
        assertThat(conn.get(1).num("smtp.data.bytes")).isPositive();
    }

    @Test
    void loaderWhoseParentIsThePlatformLoader() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.start()) {
            AgentRun run = harness("platform-parent", "platform-parent", List.of(MailLibrary.JAVAX_MAIL_1_6_2), server);
            assertThat(run.result.stdout()).contains("parent=platform");
            assertTwoMessagesTraced(run, "com.sun.mail:javax.mail");
        }
    }

    @Test
    void webApplicationStyleChildFirstLoader() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.start()) {
            AgentRun run = harness("child-first", "child-first", List.of(MailLibrary.ANGUS_MAIL_2_0_3), server);
            assertThat(run.result.stdout()).contains("LOADER ChildFirstLoader");
            assertTwoMessagesTraced(run, "org.eclipse.angus:angus-mail");
        }
    }

    @Test
    void twoCopiesOfTheMailLibraryInOneJvm() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.start()) {
            AgentRun run = harness("two-copies", "two-copies",
                    List.of(MailLibrary.JAVAX_MAIL_1_6_2, MailLibrary.ANGUS_MAIL_2_0_3), server);
            Map<String, List<SpanView>> byConn = run.traces.byConnection();
            assertThat(byConn).hasSize(2);
            assertThat(byConn.values()).extracting(c -> c.get(0).str("smtp.client.library"))
                    .containsExactlyInAnyOrder("com.sun.mail:javax.mail", "org.eclipse.angus:angus-mail");
            for (List<SpanView> conn : byConn.values()) {
                assertThat(AgentRun.verbs(conn)).hasSize(11).endsWith("QUIT -> 221");
            }
        }
    }

    @Test
    void springBootExecutableJar() throws Exception {
        Path fat = springBootJar(MailLibrary.JAVAX_MAIL_1_6_2);
        try (SmtpTestServer server = SmtpTestServer.start()) {
            Path file = AgentRun.OUT.resolve("spring-boot-jar.jsonl").toAbsolutePath();
            Files.deleteIfExists(file);
            ForkedJvm.Result r = AgentRun.exec(List.of(ForkedJvm.javaExecutable().toString(),
                    "-javaagent:" + AgentRun.agentJar(), "-Dsmtptrace.file=" + file, "-Dotel.bsp.schedule.delay=50",
                    "-jar", fat.toString(), scenario(server).writeTemp().toString()));
            AgentRun run = AgentRun.of(r, file);
            assertTwoMessagesTraced(run, "com.sun.mail:javax.mail");
        }
    }

    @ParameterizedTest
    @EnumSource(value = MailLibrary.class, names = {"SPRING_6_ANGUS_MAIL_2_0_3", "SPRING_5_JAVAX_MAIL_1_6_2",
        "COMMONS_EMAIL_1_6_0"})
    void whatSitsOnTopOfTheLibraries(MailLibrary stack) {
        try (SmtpTestServer server = SmtpTestServer.builder().requireAuth("alice@example.com", "pw-SECRET-1").start()) {
            Scenario sc = scenario(server).client(stack).credentials("alice@example.com", "pw-SECRET-1")
                    .prop("mail.smtp.auth", "true");
            AgentRun run = AgentRun.withAgent(stack, sc, "stack-" + stack.id());
            assertThat(run.result.outcomes()).as(run.toString()).isEqualTo(AgentRun.withoutAgent(stack, sc).outcomes());
            assertThat(run.result.outcomes()).allMatch(o -> o.endsWith(" ok"));
            List<String> all = run.traces.byConnection().values().stream().flatMap(c -> AgentRun.verbs(c).stream())
                    .collect(Collectors.toList());
            assertThat(all.stream().filter(v -> v.equals(". -> 250")).count()).isEqualTo(2);
            assertThat(all).contains("AUTH LOGIN -> 334", "[redacted] -> 235");
            assertThat(run.everythingWritten()).doesNotContain("pw-SECRET-1");
        }
    }

    @Test
    void besideTheOpenTelemetryJavaAgent() throws Exception {
        Path otel = IT_JARS.resolve("opentelemetry-javaagent.jar").toAbsolutePath();
        assertThat(otel).exists();
        try (SmtpTestServer server = SmtpTestServer.start()) {
            Scenario sc = scenario(server);
            // the OpenTelemetry agent first, as users usually list it; it exports nothing here
            AgentRun run = AgentRun.withAgent(MailLibrary.ANGUS_MAIL_2_0_3, sc, "with-otel-javaagent",
                    Map.of("otel.traces.exporter", "none", "otel.metrics.exporter", "none",
                            "otel.logs.exporter", "none"),
                    List.of("-javaagent:" + otel));
            assertThat(run.result.outcomes())
                    .isEqualTo(AgentRun.withoutAgent(MailLibrary.ANGUS_MAIL_2_0_3, sc).outcomes());
            assertTwoMessagesTraced(run, "org.eclipse.angus:angus-mail");
        }
    }

    @Test
    void attachToARunningJvmMidConnection() throws Exception {
        MailLibrary lib = MailLibrary.JAVAX_MAIL_1_6_2;
        try (SmtpTestServer server = SmtpTestServer.start()) {
            Path file = AgentRun.OUT.resolve("attach.jsonl").toAbsolutePath();
            Files.deleteIfExists(file);
            Path sc = scenario(server).messages(3).delayBetweenMessagesMs(5000).writeTemp();
            Process app = new ProcessBuilder(ForkedJvm.javaExecutable().toString(), "-cp", classPath(lib),
                    "io.smtptrace.testsupport.MailClientApp", sc.toString()).redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                    if (line.equals("RESULT send 1 ok")) {
                        Process attach = new ProcessBuilder(ForkedJvm.javaExecutable().toString(), "-jar",
                                AgentRun.agentJar().toString(), "attach", Long.toString(app.pid()),
                                "file=" + file + ",otel.bsp.schedule.delay=50").redirectErrorStream(true).start();
                        String said = new String(attach.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                        assertThat(attach.waitFor(30, TimeUnit.SECONDS)).isTrue();
                        assertThat(said).contains("loaded into JVM");
                    }
                }
            }
            assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(lines).contains("RESULT send 2 ok", "RESULT send 3 ok", "RESULT close ok");
            ExportedTraces traces = ExportedTraces.read(file);
            Map<String, List<SpanView>> byConn = traces.byConnection();
            assertThat(byConn).as(String.join("\n", lines)).hasSize(1);
            List<SpanView> conn = byConn.values().iterator().next();
            // the SMTPTransport class was already loaded: it was retransformed, and the open connection is traced
            assertThat(conn).allMatch(s -> s.bool("smtp.connection.attached_midway"));
            assertThat(AgentRun.verbs(conn)).containsExactly(
                    "MAIL -> 250", "RCPT -> 250", "DATA -> 354", ". -> 250",
                    "MAIL -> 250", "RCPT -> 250", "DATA -> 354", ". -> 250", "QUIT -> 221");
            assertThat(conn.get(conn.size() - 1).str("smtp.connection.end")).isEqualTo("quit");
        }
    }

    /** A Spring Boot 3 executable jar: the loader's classes at the root, libraries nested and stored. */
    private static Path springBootJar(MailLibrary lib) throws IOException {
        Path loader = IT_JARS.resolve("spring-boot-loader.jar");
        assertThat(loader).exists();
        Path fat = AgentRun.OUT.resolve("boot-app.jar");
        Files.createDirectories(AgentRun.OUT);
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
        a.putValue("Start-Class", "io.smtptrace.testsupport.MailClientApp");
        a.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        a.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        try (OutputStream fo = Files.newOutputStream(fat); JarOutputStream out = new JarOutputStream(fo, mf)) {
            try (JarFile lj = new JarFile(loader.toFile())) {
                for (Enumeration<JarEntry> en = lj.entries(); en.hasMoreElements(); ) {
                    JarEntry e = en.nextElement();
                    if (e.getName().startsWith("META-INF/")) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(e.getName()));
                    try (InputStream in = lj.getInputStream(e)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            out.putNextEntry(new JarEntry("BOOT-INF/"));
            out.closeEntry();
            out.putNextEntry(new JarEntry("BOOT-INF/lib/"));
            out.closeEntry();
            List<Path> libs = new ArrayList<>(lib.jars());
            libs.add(asJar(ForkedJvm.testSupportClassPath()));
            for (Path jar : libs) {
                byte[] bytes = Files.readAllBytes(jar);
                JarEntry e = new JarEntry("BOOT-INF/lib/" + jar.getFileName());
                e.setMethod(ZipEntry.STORED); // nested jars must not be compressed
                e.setSize(bytes.length);
                e.setCompressedSize(bytes.length);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                e.setCrc(crc.getValue());
                out.putNextEntry(e);
                out.write(bytes);
                out.closeEntry();
            }
        }
        return fat;
    }

    /** test-support is a classes folder inside the reactor build and a jar elsewhere. */
    private static Path asJar(Path classes) throws IOException {
        if (!Files.isDirectory(classes)) {
            return classes;
        }
        Path jar = AgentRun.OUT.resolve("smtp-trace-test-support.jar");
        try (OutputStream fo = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(fo)) {
            List<Path> files;
            try (var walk = Files.walk(classes)) {
                files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
            }
            for (Path f : files) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
