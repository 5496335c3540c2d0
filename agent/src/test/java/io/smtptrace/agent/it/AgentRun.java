package io.smtptrace.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.smtptrace.testsupport.ExportedTraces;
import io.smtptrace.testsupport.ForkedJvm;
import io.smtptrace.testsupport.MailLibrary;
import io.smtptrace.testsupport.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One forked run of MailClientApp, with or without the real agent jar, and what it left behind. */
final class AgentRun {

    static final Path OUT = Paths.get("target", "agent-it");

    final ForkedJvm.Result result;
    final ExportedTraces traces;
    final Path traceFile;

    private AgentRun(ForkedJvm.Result result, ExportedTraces traces, Path traceFile) {
        this.result = result;
        this.traces = traces;
        this.traceFile = traceFile;
    }

    static Path agentJar() {
        Path jar = Paths.get(System.getProperty("smtptrace.agentJar", "target/smtp-trace-agent.jar"));
        assertThat(jar).as("the shaded agent jar (built by mvn package)").exists();
        return jar.toAbsolutePath();
    }

    static AgentRun of(ForkedJvm.Result result, Path traceFile) throws IOException {
        assertThat(result.timedOut()).as("forked JVM timed out: %s", result.describe()).isFalse();
        return new AgentRun(result, ExportedTraces.read(traceFile), traceFile);
    }

    /** Runs a command line as it is (e.g. {@code java -jar}), for launches ForkedJvm does not model. */
    static ForkedJvm.Result exec(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("exec", ".out");
        Path err = Files.createTempFile("exec", ".err");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean done = p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        ForkedJvm.Result r = new ForkedJvm.Result(command, done ? p.exitValue() : -1, !done, Files.readString(out),
                Files.readString(err), Duration.ofNanos(System.nanoTime() - start));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    static AgentRun withAgent(MailLibrary lib, Scenario scenario, String name, Map<String, String> sysProps) {
        return withAgent(lib, scenario, name, sysProps, List.of());
    }

    static AgentRun withAgent(MailLibrary lib, Scenario scenario, String name, Map<String, String> sysProps,
                              List<String> jvmArgsBeforeAgent) {
        try {
            Files.createDirectories(OUT);
            Path file = OUT.resolve(name + ".jsonl").toAbsolutePath();
            Files.deleteIfExists(file);
            ForkedJvm jvm = ForkedJvm.forLibrary(lib);
            jvmArgsBeforeAgent.forEach(jvm::jvmArg);
            jvm.jvmArg("-javaagent:" + agentJar())
                    .systemProperty("smtptrace.file", file.toString())
                    .systemProperty("otel.bsp.schedule.delay", "50")
                    .systemProperties(sysProps)
                    .timeout(Duration.ofSeconds(60));
            ForkedJvm.Result r = jvm.run(scenario);
            assertThat(r.timedOut()).as("forked JVM timed out: %s", r.describe()).isFalse();
            return new AgentRun(r, ExportedTraces.read(file), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AgentRun withAgent(MailLibrary lib, Scenario scenario, String name) {
        return withAgent(lib, scenario, name, Map.of());
    }

    static ForkedJvm.Result withoutAgent(MailLibrary lib, Scenario scenario) {
        ForkedJvm.Result r = ForkedJvm.forLibrary(lib).timeout(Duration.ofSeconds(60)).run(scenario);
        assertThat(r.timedOut()).as("forked JVM timed out: %s", r.describe()).isFalse();
        return r;
    }

    /** Everything the agent wrote anywhere: the trace file and its lines on the JVM's stderr and stdout. */
    String everythingWritten() {
        return traces.raw + "\n" + result.stderr() + "\n" + result.stdout();
    }

    List<ExportedTraces.SpanView> onlyConnection() {
        Map<String, List<ExportedTraces.SpanView>> byConn = traces.byConnection();
        assertThat(byConn).as("connections in %s:\n%s", traceFile, result.describe()).hasSize(1);
        return byConn.values().iterator().next();
    }

    /** "VERB -> code" per exchange (lines for MAIL/RCPT vary with privacy; redacted lines kept as such). */
    static List<String> verbs(List<ExportedTraces.SpanView> connection) {
        return connection.stream().flatMap(s -> s.events.stream())
                .sorted(java.util.Comparator.comparingLong(e -> e.num("smtp.seq")))
                .map(e -> {
                    String what = e.str("smtp.command.verb");
                    if (what == null) {
                        what = "greeting".equals(e.str("smtp.exchange.type")) ? "<greeting>" : e.str("smtp.command.line");
                    } else if ("AUTH".equals(what)) {
                        what = e.str("smtp.command.line");
                    }
                    String reply = e.has("smtp.reply.code") ? Long.toString(e.num("smtp.reply.code"))
                            : "(" + e.str("smtp.reply.error") + ")";
                    return what + " -> " + reply;
                })
                .collect(java.util.stream.Collectors.toList());
    }

    @Override
    public String toString() {
        return result.describe();
    }
}
