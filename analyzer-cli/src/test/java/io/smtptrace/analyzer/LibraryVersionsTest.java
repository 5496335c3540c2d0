package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.smtptrace.analyzer.rules.Finding;
import io.smtptrace.analyzer.support.Analysis;
import io.smtptrace.analyzer.support.LogForms;
import io.smtptrace.testsupport.ForkedJvm;
import io.smtptrace.testsupport.MailLibrary;
import io.smtptrace.testsupport.Scenario;
import io.smtptrace.testsupport.SmtpTestServer;

/**
 * Every supported library version (javax.mail 1.4.7/1.5.6/1.6.2, jakarta.mail 1.6.7/2.0.1, Angus Mail 1.1.0/2.0.3) in a
 * forked JVM under the real agent with mail.debug on: the debug log and the agent trace of the same run must both
 * show the misconfiguration, with the same findings; and so must the log rewritten in every wrapped form.
 */
@Tag("forked")
class LibraryVersionsTest {
    static final Path AGENT = Path.of("..", "agent", "target", "smtp-trace-agent.jar");

    @TempDir
    Path tmp;

    static Stream<MailLibrary> libraries() {
        return MailLibrary.mailLibraries().stream();
    }

    @ParameterizedTest
    @MethodSource("libraries")
    @Execution(ExecutionMode.CONCURRENT)
    void noAuthOversizeAndDroppedBody(MailLibrary lib) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(AGENT), "agent jar not built yet");
        Assumptions.assumeTrue(Files.isDirectory(lib.directory()), "mail library jars not copied by test-support");
        check(lib, "auth-required", b -> b.requireAuth("u", "p"), s -> s.connections(2));
        check(lib, "body-rejected-after-data", b -> b.requireAuth("u", "p").maxMessageSize(2000), s -> s.credentials("u", "p").bodyBytes(6000));
        if (lib == MailLibrary.JAVAX_MAIL_1_4_7 || lib == MailLibrary.JAKARTA_MAIL_2_0_1 || lib == MailLibrary.ANGUS_MAIL_1_1_0) {
            check(lib, "body-aborted-after-data", b -> b.dropAfterData(100), s -> s.bodyBytes(5000));
        }
    }

    private void check(MailLibrary lib, String rule, Consumer<SmtpTestServer.Builder> server, Consumer<Scenario> client) throws Exception {
        Path dir = Files.createTempDirectory(tmp, rule);
        Path log = dir.resolve("mail-debug.log");
        Path trace = dir.resolve("trace.jsonl");
        SmtpTestServer.Builder b = SmtpTestServer.builder();
        server.accept(b);
        try (SmtpTestServer srv = b.start()) {
            Scenario sc = Scenario.forServer(srv).debugFile(log);
            client.accept(sc);
            ForkedJvm.Result r = ForkedJvm.forLibrary(lib).javaAgent(AGENT.toAbsolutePath())
                    .systemProperty("smtptrace.file", trace.toString()).timeout(Duration.ofSeconds(60)).run(sc);
            assertThat(r.timedOut()).as(r.describe()).isFalse();
        }
        Analysis fromLog = Analysis.of(log);
        Analysis fromTrace = Analysis.of(trace);
        String ctx = lib.id() + " " + rule + "\nlog: " + fromLog.err + "\ntrace: " + fromTrace.err;
        assertThat(ids(fromLog.findings)).as(ctx).contains(rule);
        assertThat(fromLog.err.toString()).as(ctx).isEmpty();
        assertThat(fromTrace.err.toString()).as(ctx).isEmpty();
        assertThat(AgentEquivalenceTest.byServer(fromTrace.findings)).as(ctx).isEqualTo(AgentEquivalenceTest.byServer(fromLog.findings));
        // the same log as production pipelines deliver it (kubectl, CRI, compose, journald, WildFly, pastes, CRLF, ...)
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1); // byte for byte, whatever the encoding
        for (LogForms form : LogForms.values()) {
            Path wrapped = dir.resolve("mail-debug." + form.name().toLowerCase() + ".log");
            Files.writeString(wrapped, form.wrap(lines), StandardCharsets.ISO_8859_1);
            Analysis a = Analysis.of(wrapped);
            String w = ctx + "\n" + wrapped;
            assertThat(a.err.toString()).as(w).isEmpty();
            assertThat(WrappedLogsTest.conversations(a.sessions)).as(w).isEqualTo(WrappedLogsTest.conversations(fromLog.sessions));
            assertThat(AgentEquivalenceTest.byServer(a.findings)).as(w).isEqualTo(AgentEquivalenceTest.byServer(fromLog.findings));
        }
    }

    static List<String> ids(List<Finding> f) {
        return f.stream().map(Finding::rule).toList();
    }
}
