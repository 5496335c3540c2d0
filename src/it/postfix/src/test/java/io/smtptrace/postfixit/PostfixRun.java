package io.smtptrace.postfixit;

import static org.assertj.core.api.Assertions.assertThat;

import io.smtptrace.testsupport.ExportedTraces;
import io.smtptrace.testsupport.ExportedTraces.SpanView;
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
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One case for one library: a forked MailClientApp under the real agent with the JavaMail debug log on (the same
 * run), and the same scenario again without the agent (and without the debug log).
 */
final class PostfixRun {

    static final Path OUT = Paths.get("target", "postfix-it");
    private static final Pattern QUEUE_ID = Pattern.compile("queued as [0-9A-Za-z]+");

    final MailLibrary lib;
    final Case c;
    final Path dir;
    final Path traceFile;
    final Path debugLog;
    final ForkedJvm.Result withAgent;
    final ForkedJvm.Result withoutAgent;
    final ExportedTraces trace;

    private PostfixRun(MailLibrary lib, Case c, Path dir, ForkedJvm.Result withAgent, ForkedJvm.Result withoutAgent) {
        this.lib = lib;
        this.c = c;
        this.dir = dir;
        this.traceFile = dir.resolve("trace.jsonl");
        this.debugLog = dir.resolve("mail-debug.log");
        this.withAgent = withAgent;
        this.withoutAgent = withoutAgent;
        this.trace = Trace.read(traceFile);
    }

    static Path agentJar() {
        Path jar = Paths.get(System.getProperty("smtptrace.agentJar", "../../../agent/target/smtp-trace-agent.jar"));
        assertThat(jar).as("the shaded agent jar (mvn package in agent/)").isRegularFile();
        return jar.toAbsolutePath();
    }

    private static ForkedJvm jvm(MailLibrary lib, Case c) {
        ForkedJvm jvm = ForkedJvm.forLibrary(lib).timeout(Duration.ofSeconds(60));
        if (c.trustsPostfix()) {
            jvm.systemProperty("javax.net.ssl.trustStore", Postfix.TRUSTSTORE)
                    .systemProperty("javax.net.ssl.trustStorePassword", Postfix.TRUSTSTORE_PASSWORD)
                    .systemProperty("javax.net.ssl.trustStoreType", Postfix.TRUSTSTORE_TYPE);
        }
        return jvm;
    }

    static PostfixRun run(MailLibrary lib, Case c) {
        try {
            Path dir = OUT.resolve(lib.id()).resolve(c.id).toAbsolutePath();
            Files.createDirectories(dir);
            Path trace = dir.resolve("trace.jsonl");
            Path log = dir.resolve("mail-debug.log");
            Files.deleteIfExists(trace);
            Files.deleteIfExists(log);
            Scenario withDebug = c.scenario(lib).debugFile(log);
            withDebug.write(dir.resolve("scenario.properties"));
            ForkedJvm.Result with = jvm(lib, c).javaAgent(agentJar())
                    .systemProperty("smtptrace.file", trace.toString())
                    .systemProperty("otel.bsp.schedule.delay", "50")
                    .run(withDebug);
            Files.writeString(dir.resolve("with-agent.out"), with.describe());
            assertThat(with.timedOut()).as("forked JVM (agent) timed out: %s", with.describe()).isFalse();
            ForkedJvm.Result without = jvm(lib, c).run(c.scenario(lib));
            Files.writeString(dir.resolve("without-agent.out"), without.describe());
            assertThat(without.timedOut()).as("forked JVM (no agent) timed out: %s", without.describe()).isFalse();
            return new PostfixRun(lib, c, dir, with, without);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RESULT lines with Postfix queue ids replaced. */
    static List<String> normalised(ForkedJvm.Result r) {
        return r.results().stream().map(l -> QUEUE_ID.matcher(l).replaceAll("queued as <queue id>"))
                .collect(Collectors.toList());
    }

    /**
     * The debug log followed by the exception the application got when it could not connect, as a logger prints it
     * ("Type: message", then "Caused by: ..." per cause): what an application's log holds besides mail.debug.
     */
    Path applicationLog() {
        try {
            StringBuilder sb = new StringBuilder(Files.exists(debugLog) ? Files.readString(debugLog) : "");
            for (String r : withAgent.results()) {
                if (r.startsWith("connect error ")) {
                    String[] chain = r.substring("connect error ".length()).split("; caused by ");
                    for (int i = 0; i < chain.length; i++) {
                        sb.append(i == 0 ? "" : "Caused by: ").append(chain[i].replaceAll(" \\[returnCode=\\d+\\]$", ""))
                                .append('\n');
                    }
                }
            }
            Path p = dir.resolve("application.log");
            Files.writeString(p, sb.toString());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<List<SpanView>> connections() {
        return trace.connections();
    }

    List<SpanView> onlyConnection() {
        List<List<SpanView>> conns = connections();
        assertThat(conns).as("connections in %s\n%s", traceFile, withAgent.describe()).hasSize(1);
        return conns.get(0);
    }

    @Override
    public String toString() {
        return lib.id() + " / " + c.id + " (" + dir + ")\n" + withAgent.describe();
    }
}
