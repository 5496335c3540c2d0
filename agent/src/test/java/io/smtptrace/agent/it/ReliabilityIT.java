package io.smtptrace.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.smtptrace.testsupport.ConcurrentMailApp;
import io.smtptrace.testsupport.ExportedTraces;
import io.smtptrace.testsupport.ExportedTraces.EventView;
import io.smtptrace.testsupport.ExportedTraces.SpanView;
import io.smtptrace.testsupport.ForkedJvm;
import io.smtptrace.testsupport.MailLibrary;
import io.smtptrace.testsupport.RawTcpServers;
import io.smtptrace.testsupport.Scenario;
import io.smtptrace.testsupport.SmtpTestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent under load and faults, in forked JVMs with the real agent jar against the in-process test server: every
 * span is either in the trace file or counted as lost on stderr, the file holds only whole JSON lines, the JVM's exit
 * is delayed by at most the documented bound, and a connection's end is recorded however the server ends it.
 */
class ReliabilityIT {

    private static final MailLibrary LIB = MailLibrary.JAVAX_MAIL_1_6_2;
    /** The documented default of smtptrace.shutdown.timeout_ms (README, agent settings). */
    private static final long SHUTDOWN_BOUND_MS = 1000;
    /** What a loaded 2-core machine may add to any JVM's exit; the bound is asserted, not benchmarked. */
    private static final long EXIT_SLACK_MS = 2000;
    private static final Pattern LOST = Pattern.compile("(\\d+) SMTP span\\(s\\) lost");

    private static Path traceFile(String name) throws Exception {
        Files.createDirectories(AgentRun.OUT);
        Path file = AgentRun.OUT.resolve(name + ".jsonl").toAbsolutePath();
        Files.deleteIfExists(file);
        return file;
    }

    private static ForkedJvm agentJvm(Path file, String mainClass) {
        ForkedJvm jvm = ForkedJvm.forLibrary(LIB).mainClass(mainClass).jvmArg("-javaagent:" + AgentRun.agentJar())
                .systemProperty("otel.bsp.schedule.delay", "50");
        if (file != null) {
            jvm.systemProperty("smtptrace.file", file.toString());
        }
        return jvm;
    }

    /** Connection id to its number of spans, in the file's order. */
    private static Map<String, Integer> spansPerConnection(ExportedTraces t) {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        t.byConnection().forEach((id, spans) -> m.put(id, spans.size()));
        return m;
    }

    /** Spans of the whole run that the agent says it lost (0 when it says nothing). */
    private static long lost(String stderr) {
        Matcher m = LOST.matcher(stderr);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /**
     * One connection as the server saw it must be one connection in the trace: one connect span first, the close
     * last, every exchange numbered 1..n without gap, all in the connect span's trace and sent by one thread.
     */
    private static void assertWholeConnection(List<SpanView> conn, int messages, String describe) {
        assertThat(conn).as(describe).hasSize(messages + 2);
        SpanView connect = conn.get(0);
        assertThat(connect.str("smtp.operation")).isEqualTo("connect");
        assertThat(conn.get(conn.size() - 1).str("smtp.connection.end")).isEqualTo("quit");
        assertThat(conn).allMatch(s -> s.traceId.equals(connect.traceId), "one trace per connection");
        assertThat(conn.subList(1, conn.size())).allMatch(s -> s.parentSpanId.equals(connect.spanId));
        List<EventView> ex = ExportedTraces.exchanges(conn);
        for (int i = 0; i < ex.size(); i++) {
            assertThat(ex.get(i).num("smtp.seq")).as("exchange %d of %s", i, connect.str("smtp.connection.id"))
                    .isEqualTo(i + 1);
        }
        Set<String> senders = ex.stream().filter(e -> "MAIL".equals(e.str("smtp.command.verb")))
                .map(e -> e.str("smtp.command.line")).collect(Collectors.toSet());
        assertThat(senders).as("senders on one connection").hasSize(1);
        assertThat(conn.stream().filter(s -> s.has("smtp.message.index")).map(s -> s.num("smtp.message.index")))
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, messages).boxed().toList());
    }

    @ParameterizedTest(name = "16 threads x {0} connection(s) x {1} message(s)")
    @CsvSource({"1, 20", "8, 1"})
    void sixteenThreadsEverySpanCountedEveryExchangeOnItsConnection(int connections, int messages) throws Exception {
        int threads = 16;
        try (SmtpTestServer server = SmtpTestServer.builder().recordMessages(false).start()) {
            Path file = traceFile("load-" + connections + "x" + messages);
            Path sc = Scenario.forServer(server).from("load@example.com").to("rcpt@example.org").threads(threads)
                    .connections(connections).messages(messages).writeTemp();
            ForkedJvm jvm = agentJvm(file, ConcurrentMailApp.class.getName())
                    .systemProperty("smtptrace.envelope", "full")
                    .systemProperty("smtptrace.shutdown.timeout_ms", "30000");
            long t0 = System.nanoTime();
            ForkedJvm.Result r = jvm.timeout(java.time.Duration.ofSeconds(120)).run(sc);
            long ms = (System.nanoTime() - t0) / 1_000_000L;
            assertThat(r.timedOut()).isFalse();
            int sends = threads * connections * messages;
            assertThat(r.outcomes().stream().filter(o -> o.matches("send \\d+ ok")).count()).as(r.describe())
                    .isEqualTo(sends);
            assertThat(server.acceptedMessages()).isEqualTo(sends);
            assertThat(lost(r.stderr())).as(r.stderr()).isZero();
            ExportedTraces t = ExportedTraces.read(file);
            assertThat(t.spans).hasSize(threads * connections * (messages + 2));
            Map<String, List<SpanView>> byConn = t.byConnection();
            assertThat(byConn).hasSize(threads * connections).hasSize(server.connectionCount());
            Map<String, Integer> connectionsPerSender = new HashMap<>();
            for (List<SpanView> conn : byConn.values()) {
                assertWholeConnection(conn, messages, r.describe());
                String sender = conn.get(1).str("smtp.envelope.sender");
                connectionsPerSender.merge(sender, 1, Integer::sum);
            }
            assertThat(connectionsPerSender).hasSize(threads).allSatisfy((k, v) -> assertThat(v).isEqualTo(connections));
            System.out.printf("ReliabilityIT load %dx%dx%d: %d spans in %d ms%n", threads, connections, messages,
                    t.spans.size(), ms);
        }
    }

    @Test
    void aFullFileSystemLosesNoLineSilentlyAndWritingResumesWhenSpaceReturns() throws Exception {
        assertThat(Path.of("/usr/bin/prlimit")).as("prlimit (util-linux) runs the JVM with a file size limit").exists();
        int threads = 4;
        int messages = 25;
        try (SmtpTestServer server = SmtpTestServer.builder().recordMessages(false).start()) {
            Path file = traceFile("full-disk");
            Path gate = Files.createTempFile("gate", "");
            Files.delete(gate);
            Path sc = Scenario.forServer(server).from("full@example.com").to("rcpt@example.org").threads(threads)
                    .messages(messages).phases(2, gate).writeTemp();
            // soft limit only: raising it back needs no privilege
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/prlimit", "--fsize=65536:unlimited", "--"));
            // -XX:-UsePerfData: the JVM's own mmapped perf file must not hit the limit first
            cmd.addAll(agentJvm(file, ConcurrentMailApp.class.getName()).jvmArg("-XX:-UsePerfData")
                    .systemProperty("smtptrace.shutdown.timeout_ms", "30000").command(sc.toString()));
            try (LiveJvm jvm = LiveJvm.start(cmd, Map.of())) {
                assertThat(jvm.awaitLine(l -> l.equals("RESULT phase 1 done"), 90_000)).as(jvm.describe()).isTrue();
                // the first batch past 64 KiB fails with EFBIG (HotSpot ignores SIGXFSZ): reported when it happens
                assertThat(jvm.awaitStderr("cannot write the trace file", 60_000)).as(jvm.describe()).isTrue();
                Process raise = new ProcessBuilder("/usr/bin/prlimit", "--pid", Long.toString(jvm.pid()),
                        "--fsize=unlimited:").redirectErrorStream(true).start();
                String said = new String(raise.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(raise.waitFor(30, TimeUnit.SECONDS) && raise.exitValue() == 0).as(said).isTrue();
                Files.createFile(Path.of(gate + ".2"));
                assertThat(jvm.awaitExit(120_000)).as(jvm.describe()).isZero();
                String stderr = jvm.stderr();
                assertThat(jvm.outcomes().stream().filter(o -> o.matches("send \\d+ ok")).count())
                        .isEqualTo(2L * threads * messages);
                assertThat(stderr.lines().filter(l -> l.contains("cannot write the trace file")).count())
                        .as("reported once: %s", stderr).isEqualTo(1);
                assertThat(stderr).contains("again;");
                // every line is whole JSON (read() fails on any other), nothing glued to a partial line
                String text = Files.readString(file);
                assertThat(text).endsWith("\n");
                ExportedTraces t = ExportedTraces.read(file);
                long expected = 2L * threads * (messages + 2);
                long lost = lost(stderr);
                assertThat(lost).as(stderr).isPositive();
                assertThat(stderr).contains(lost + " SMTP span(s) lost: " + lost + " not written to the trace file");
                // on a mismatch, say where the spans went: per-connection counts (27 each) and the agent's stderr
                assertThat(t.spans.size() + lost).as("spans written + spans reported lost; spans per connection %s;"
                        + " stderr:%n%s", spansPerConnection(t), stderr).isEqualTo(expected);
                // phase 2 ran with space back: all its connections are whole
                List<List<SpanView>> conns = t.connections();
                for (List<SpanView> conn : conns.subList(conns.size() - threads, conns.size())) {
                    assertWholeConnection(conn, messages, stderr);
                }
                System.out.printf("ReliabilityIT full disk: %d spans written, %d reported lost, file %d bytes%n",
                        t.spans.size(), lost, Files.size(file));
            }
        }
    }

    @Test
    void aSixteenMegabyteHeapLosesNothingSilently() throws Exception {
        int threads = 16;
        int messages = 40;
        try (SmtpTestServer server = SmtpTestServer.builder().recordMessages(false).start()) {
            Path file = traceFile("xmx16m");
            Path sc = Scenario.forServer(server).from("heap@example.com").to("rcpt@example.org").threads(threads)
                    .messages(messages).writeTemp();
            ForkedJvm.Result r = agentJvm(file, ConcurrentMailApp.class.getName()).jvmArg("-Xmx16m")
                    .systemProperty("smtptrace.shutdown.timeout_ms", "30000")
                    .timeout(java.time.Duration.ofSeconds(120)).run(sc);
            assertThat(r.timedOut()).isFalse();
            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.stdout() + r.stderr()).doesNotContain("OutOfMemoryError");
            assertThat(r.outcomes().stream().filter(o -> o.matches("send \\d+ ok")).count()).as(r.describe())
                    .isEqualTo((long) threads * messages);
            ExportedTraces t = ExportedTraces.read(file);
            long lost = lost(r.stderr());
            assertThat(t.spans.size() + lost).as("spans written + spans reported lost\n%s", r.stderr())
                    .isEqualTo((long) threads * (messages + 2));
            assertThat(t.spans.size()).as("spans written").isGreaterThan(threads * (messages + 2) / 4);
            // spans whose connect span was dropped still belong to their connection's trace
            for (List<SpanView> conn : t.byConnection().values()) {
                assertThat(conn.stream().map(s -> s.traceId).distinct()).hasSize(1);
            }
            System.out.printf("ReliabilityIT -Xmx16m: %d spans written, %d reported lost%n", t.spans.size(), lost);
        }
    }

    /**
     * A short batch job: one message, then main returns. The trace file is written without the OpenTelemetry SDK (no
     * SDK start at exit, no delay before the first spans are written), and the JVM's exit waits only for the last
     * spans' line. The bound asserted is loose (shared machines); the measured delay is printed.
     */
    @Test
    void aJobThatSendsOneMessageAndExitsWritesItsSpansWithoutStartingTheSdk() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.start()) {
            Path file = traceFile("exit-fast");
            Path sc = Scenario.forServer(server).from("a@example.com").to("b@example.org").messages(1).writeTemp();
            List<String> cmd = ForkedJvm.forLibrary(LIB).mainClass("io.smtptrace.testsupport.MailClientApp")
                    .jvmArg("-javaagent:" + AgentRun.agentJar()).systemProperty("smtptrace.file", file.toString())
                    .systemProperty("smtptrace.debug", "true").command(sc.toString());
            try (LiveJvm jvm = LiveJvm.start(cmd, Map.of())) {
                assertThat(jvm.awaitExit(60_000)).as(jvm.describe()).isZero();
                assertThat(jvm.outcomes()).contains("send 1 ok", "close ok", "done");
                long ms = jvm.exitAfterMainMs();
                System.out.printf("ReliabilityIT exit after main, default file: %d ms%n", ms);
                assertThat(jvm.stderr()).doesNotContain("OpenTelemetry SDK started").doesNotContain("lost");
                assertThat(ExportedTraces.read(file).spans).as(jvm.describe()).hasSize(3);
                assertThat(ms).as(jvm.describe()).isLessThan(SHUTDOWN_BOUND_MS + EXIT_SLACK_MS);
            }
        }
    }

    private static final Pattern SDK_AT_EXIT = Pattern.compile("SDK started in (\\d+) ms \\(at exit\\)");

    /**
     * The JVM's exit after main returns, with the OTLP endpoint in a bad state. The documented bound is on waiting for
     * the exporter; starting the SDK, when the JVM exits before it started, is local work that comes on top (the agent
     * says how long it took with smtptrace.debug).
     */
    private static void assertExitBounded(String endpoint, boolean sdkStartedBeforeExit) throws Exception {
        try (SmtpTestServer server = SmtpTestServer.start()) {
            Path gate = Files.createTempFile("gate", "");
            Files.delete(gate);
            Path sc = Scenario.forServer(server).from("a@example.com").to("b@example.org").messages(2)
                    .gateBetweenMessages(gate).writeTemp();
            List<String> cmd = agentJvm(null, "io.smtptrace.testsupport.MailClientApp")
                    .systemProperty("smtptrace.debug", "true").command(sc.toString());
            try (LiveJvm jvm = LiveJvm.start(cmd, Map.of("OTEL_TRACES_EXPORTER", "otlp",
                    "OTEL_EXPORTER_OTLP_ENDPOINT", endpoint))) {
                assertThat(jvm.awaitLine("RESULT waiting 2"::equals, 60_000)).as(jvm.describe()).isTrue();
                if (sdkStartedBeforeExit) {
                    // the SDK starts 2 s after the first operation; its exporter then fails or hangs on the first batch
                    assertThat(jvm.awaitStderr("OpenTelemetry SDK started", 60_000)).as(jvm.describe()).isTrue();
                    Thread.sleep(300);
                }
                Files.createFile(Path.of(gate + ".2"));
                assertThat(jvm.awaitExit(60_000)).as(jvm.describe()).isZero();
                assertThat(jvm.outcomes()).contains("send 2 ok", "close ok", "done");
                long ms = jvm.exitAfterMainMs();
                Matcher m = SDK_AT_EXIT.matcher(jvm.stderr());
                long sdkStartMs = m.find() ? Long.parseLong(m.group(1)) : 0;
                System.out.printf("ReliabilityIT exit after main with OTLP at %s: %d ms (SDK start at exit: %d ms)%n",
                        endpoint, ms, sdkStartMs);
                assertThat(ms).as("exit delay, SDK start %d ms + bound %d ms + slack %d ms\n%s", sdkStartMs,
                        SHUTDOWN_BOUND_MS, EXIT_SLACK_MS, jvm.describe())
                        .isLessThan(sdkStartMs + SHUTDOWN_BOUND_MS + EXIT_SLACK_MS);
            }
        }
    }

    @Test
    void aRefusedOtlpEndpointDelaysExitByAtMostTheBound() throws Exception {
        String endpoint = "http://127.0.0.1:" + RawTcpServers.closedPort();
        assertExitBounded(endpoint, false); // the JVM exits before the SDK started: it starts in the shutdown hook
        assertExitBounded(endpoint, true);  // the SDK runs and its exporter is retrying
    }

    @Test
    void anOtlpEndpointThatNeverAnswersDelaysExitByAtMostTheBound() throws Exception {
        try (RawTcpServers.Listener silent = RawTcpServers.silent()) {
            assertExitBounded("http://127.0.0.1:" + silent.port(), true);
        }
    }

    private static List<SpanView> serverEnds(SmtpTestServer.Builder server, String name) throws Exception {
        try (SmtpTestServer s = server.start()) {
            Path file = traceFile(name);
            Path sc = Scenario.forServer(s).from("a@example.com").to("b@example.org").bodyBytes(2000).close(false)
                    .writeTemp();
            ForkedJvm.Result r = agentJvm(file, "io.smtptrace.testsupport.MailClientApp").run(sc);
            assertThat(r.outcomes()).as(r.describe()).anyMatch(o -> o.startsWith("send 1 error"))
                    .noneMatch(o -> o.startsWith("close"));
            Map<String, List<SpanView>> byConn = ExportedTraces.read(file).byConnection();
            assertThat(byConn).as(r.describe()).hasSize(1);
            List<SpanView> conn = byConn.values().iterator().next();
            SpanView last = conn.get(conn.size() - 1);
            // the application never called close(): the end is still recorded, on the send that met it
            assertThat(last.str("smtp.operation")).isEqualTo("send");
            assertThat(last.str("smtp.connection.end")).as(r.describe()).isEqualTo("server_closed");
            assertThat(last.bool("smtp.data.started")).isTrue();
            assertThat(last.bool("smtp.data.completed")).isFalse();
            assertThat(last.str("smtp.message.outcome")).isEqualTo("aborted");
            return conn;
        }
    }

    @Test
    void aServerThatClosesAfterTheFinalDotEndsTheConnection() throws Exception {
        List<SpanView> conn = serverEnds(SmtpTestServer.builder().dropAfterEndOfData(), "server-closes-after-dot");
        SpanView send = conn.get(conn.size() - 1);
        assertThat(send.bool("smtp.data.end_sent")).as("'.' was sent").isTrue();
        EventView dot = ExportedTraces.exchanges(conn).stream().filter(e -> ".".equals(e.str("smtp.command.verb")))
                .findFirst().orElseThrow();
        assertThat(dot.has("smtp.reply.code")).isFalse();
        assertThat(dot.str("smtp.reply.error")).isNotNull();
    }

    @Test
    void aServerThatClosesAfter354EndsTheConnection() throws Exception {
        serverEnds(SmtpTestServer.builder().dropAfterData(0), "server-closes-after-354");
    }

    @Test
    void aServerThatResetsTheConnectionEndsIt() throws Exception {
        serverEnds(SmtpTestServer.builder().resetAfterData(Integer.MAX_VALUE), "server-resets");
    }

    @ParameterizedTest(name = "{0} sasl={1}")
    @CsvSource({"JAVAX_MAIL_1_6_2, true", "JAVAX_MAIL_1_6_2, false", "ANGUS_MAIL_2_0_3, true",
        "ANGUS_MAIL_2_0_3, false"})
    void aFailedLoginIsAnErrorWithTheExceptionTheApplicationSaw(MailLibrary lib, boolean sasl) throws Exception {
        try (SmtpTestServer s = SmtpTestServer.builder().requireAuth("alice", "secret").start()) {
            Path file = traceFile("auth-failed-" + lib.id() + "-" + sasl);
            Scenario sc = Scenario.forServer(s).from("a@example.com").to("b@example.org").credentials("alice", "wrong")
                    .prop("mail.smtp.auth", "true").prop("mail.smtp.sasl.enable", Boolean.toString(sasl))
                    .prop("mail.smtp.sasl.mechanisms", "PLAIN");
            ForkedJvm.Result r = ForkedJvm.forLibrary(lib).jvmArg("-javaagent:" + AgentRun.agentJar())
                    .systemProperty("smtptrace.file", file.toString()).systemProperty("otel.bsp.schedule.delay", "50")
                    .run(sc);
            String failure = r.outcomes().stream().filter(o -> o.startsWith("connect error ")).findFirst()
                    .orElseThrow(() -> new AssertionError(r.describe())).substring("connect error ".length());
            SpanView connect = ExportedTraces.read(file).spans.stream()
                    .filter(sp -> "connect".equals(sp.str("smtp.operation"))).findFirst().orElseThrow();
            assertThat(connect.str("smtp.auth.outcome")).isEqualTo("failure");
            assertThat(connect.str("error.type")).isEqualTo("535");
            assertThat(connect.statusError).isTrue();
            assertThat(connect.exceptions).hasSize(1);
            EventView e = connect.exceptions.get(0);
            // "javax.mail.AuthenticationFailedException: failed to connect" as the application printed it
            assertThat(e.str("exception.type") + ": " + e.str("exception.message").strip().replaceAll("\\s*\\R\\s*", " "))
                    .isEqualTo(failure);
        }
    }

    @Test
    void aMidwayAttachNamesTheServerAndCallsNothingAGreeting() throws Exception {
        try (SmtpTestServer server = SmtpTestServer.start()) {
            Path file = traceFile("attach-midway");
            Path gate = Files.createTempFile("gate", "");
            Files.delete(gate);
            Path sc = Scenario.forServer(server).from("a@example.com").to("b@example.org").messages(2)
                    .gateBetweenMessages(gate).writeTemp();
            List<String> cmd = ForkedJvm.forLibrary(LIB).command(sc.toString());
            List<String> lines = new ArrayList<>();
            Process app = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                    if (line.equals("RESULT waiting 2")) {
                        Process attach = new ProcessBuilder(ForkedJvm.javaExecutable().toString(), "-jar",
                                AgentRun.agentJar().toString(), "attach", Long.toString(app.pid()),
                                "file=" + file + ",otel.bsp.schedule.delay=50").redirectErrorStream(true).start();
                        lines.add(new String(attach.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                        assertThat(attach.waitFor(30, TimeUnit.SECONDS)).isTrue();
                        Files.createFile(Path.of(gate + ".2"));
                    }
                }
            } finally {
                app.destroyForcibly();
            }
            List<SpanView> conn = ExportedTraces.read(file).byConnection().values().iterator().next();
            assertThat(conn).as(String.join("\n", lines)).allMatch(s -> s.bool("smtp.connection.attached_midway"));
            assertThat(conn).allMatch(s -> "127.0.0.1".equals(s.str("server.address"))
                    && s.num("server.port") == server.port(), "the server is known");
            assertThat(ExportedTraces.exchanges(conn)).noneMatch(e -> "greeting".equals(e.str("smtp.exchange.type")));
            Set<String> traces = new HashSet<>();
            conn.forEach(s -> traces.add(s.traceId));
            assertThat(traces).as("one trace for the connection").hasSize(1);
        }
    }
}
