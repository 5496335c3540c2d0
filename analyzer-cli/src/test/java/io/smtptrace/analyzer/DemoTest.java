package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smtptrace.analyzer.support.Analysis;
import io.smtptrace.analyzer.support.Cli;

/** The demo end to end: embedded server, child JVM under the REAL agent, analysis of what the agent wrote. */
@Tag("forked")
class DemoTest {
    static final Path AGENT = Path.of("..", "agent", "target", "smtp-trace-agent.jar");

    @TempDir
    Path tmp;

    @Test
    void demoShowsTheClassicMistakes() {
        boolean bundled = DemoTest.class.getResource("/io/smtptrace/analyzer/demo/smtp-trace-agent.jar") != null;
        Assumptions.assumeTrue(bundled || Files.isRegularFile(AGENT), "agent jar not built yet");
        Cli r = bundled ? Cli.run("demo", "--keep", tmp.toString()) : Cli.run("demo", "--agent", AGENT.toString(), "--keep", tmp.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("send without AUTH, attempt 3: failed: 530").contains("send an oversized message: failed: 552")
                .contains("send correctly: sent").contains("auth-required").contains("body-rejected-after-data")
                .contains("1 accepted");
        Analysis a = Analysis.of(tmp.resolve("smtp-trace.jsonl"));
        assertThat(a.err.toString()).isEmpty();
        assertThat(a.sessions).hasSize(5);
        assertThat(a.findings).filteredOn(f -> f.rule().equals("auth-required")).singleElement().satisfies(f -> assertThat(f.count()).isEqualTo(3));
    }

    @Test
    void missingAgentIsAClearError() {
        Cli r = Cli.run("demo", "--agent", tmp.resolve("none.jar").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("agent jar not found");
    }
}
