package io.smtptrace.analyzer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Next:" hints name a command that works as printed, and the demo finds the agent next to the analyzer. */
class InvocationTest {
    @TempDir
    Path tmp;

    private Path launcher(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path l = dir.resolve("smtp-trace");
        Files.writeString(l, "#!/bin/sh\n");
        Files.setPosixFilePermissions(l, PosixFilePermissions.fromString("rwxr-xr-x"));
        return l;
    }

    @Test
    void launcherOnPathIsNamedByItsName() throws Exception {
        Path l = launcher(tmp.resolve("dist/bin"));
        assertThat(Invocation.command(l.toString(), Map.of("PATH", "/usr/bin:" + l.getParent()), null)).isEqualTo("smtp-trace");
    }

    @Test
    void launcherNotOnPathIsNamedByItsFullPath() throws Exception {
        Path l = launcher(tmp.resolve("dist/bin"));
        Path other = launcher(tmp.resolve("other/bin"));   // another smtp-trace first on PATH is not ours
        assertThat(Invocation.command(l.toString(), Map.of("PATH", other.getParent().toString()), null)).isEqualTo(l.toString());
        assertThat(Invocation.command(l.toString(), Map.of(), null)).isEqualTo(l.toString());
    }

    @Test
    void pathsWithSpacesAreQuoted() throws Exception {
        Path l = launcher(tmp.resolve("my tools/bin"));
        assertThat(Invocation.command(l.toString(), Map.of(), null)).isEqualTo("'" + l + "'");
    }

    @Test
    void withoutLauncherAJarIsRunWithJavaJar() {
        assertThat(Invocation.command(null, Map.of(), Path.of("/opt/x/smtp-trace-analyzer.jar")))
                .isEqualTo("java -jar /opt/x/smtp-trace-analyzer.jar");
        assertThat(Invocation.command(null, Map.of(), Path.of("/repo/analyzer-cli/target/classes"))).isEqualTo("smtp-trace");
    }

    @Test
    void demoLooksForTheAgentNextToTheAnalyzerNotInTheWorkingDirectory() {
        assertThat(DemoCommand.agentCandidates(Path.of("/opt/smtp-trace-1.0/lib/smtp-trace-analyzer-1.0.jar")))
                .contains(Path.of("/opt/smtp-trace-1.0/agent/smtp-trace-agent.jar"));
        assertThat(DemoCommand.agentCandidates(Path.of("/repo/analyzer-cli/target/smtp-trace-analyzer.jar")))
                .contains(Path.of("/repo/agent/target/smtp-trace-agent.jar"));
        assertThat(DemoCommand.agentCandidates(Path.of("/repo/analyzer-cli/target/classes")))
                .contains(Path.of("/repo/agent/target/smtp-trace-agent.jar"));
    }
}
