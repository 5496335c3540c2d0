package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script itself ({@code src/main/sh/smtp-trace}), run by dash and bash with a stand-in {@code java} (via
 * JAVA_HOME) that prints the arguments it was given: which JVM options it passes, under which variable names, and
 * what it does with a closed stdin.
 */
class LauncherScriptTest {
    static final Path SCRIPT = Path.of("src", "main", "sh", "smtp-trace").toAbsolutePath();
    static final String DEFAULTS = "[-XX:+UseSerialGC][-Xmx256m][-XX:+ExitOnOutOfMemoryError]";

    @TempDir
    Path tmp;
    Path launcher;

    @BeforeEach
    void fakeJava() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("jdk/bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]' \"$a\"; done\necho\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = Files.createDirectories(tmp.resolve("target"));
        launcher = Files.copy(SCRIPT, dir.resolve("smtp-trace"));
    }

    record Run(String out, String err) {}

    Run run(String shell, String redirect, String... env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(shell, "-c", "exec " + shell + " \"$1\" analyze x.jsonl " + redirect, "sh", launcher.toString());
        pb.environment().remove("SMTPTRACE_JAVA_OPTS");
        pb.environment().remove("SMTPTRACE_JAVA_OPTIONS");
        pb.environment().put("JAVA_HOME", tmp.resolve("jdk").toString());
        for (int i = 0; i < env.length; i += 2) pb.environment().put(env[i], env[i + 1]);
        Path out = tmp.resolve("out");
        Path err = tmp.resolve("err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(new File("/dev/null"));
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return new Run(Files.readString(out).strip(), Files.readString(err).strip());
    }

    private String jar() {
        // the launcher names itself so that the reports' "Next:" hints work as printed
        return "[-Dsmtptrace.launcher=" + launcher.getParent().resolve("smtp-trace") + "][-jar]["
                + launcher.getParent().resolve("smtp-trace-analyzer.jar") + "]";
    }

    @Test
    void defaultsAndBothVariableNames() throws Exception {
        for (String shell : new String[] {"dash", "bash"}) {
            assertThat(run(shell, "").out()).as(shell).isEqualTo(DEFAULTS + jar() + "[analyze][x.jsonl]");
            assertThat(run(shell, "", "SMTPTRACE_JAVA_OPTS", "-Xmx1g -Dx=1").out()).isEqualTo("[-Xmx1g][-Dx=1]" + jar() + "[analyze][x.jsonl]");
            // the name the analyzer README used to give: accepted too, no longer silently ignored
            assertThat(run(shell, "", "SMTPTRACE_JAVA_OPTIONS", "-Xmx512m").out()).isEqualTo("[-Xmx512m]" + jar() + "[analyze][x.jsonl]");
            assertThat(run(shell, "", "SMTPTRACE_JAVA_OPTS", "", "SMTPTRACE_JAVA_OPTIONS", "").out()).startsWith(DEFAULTS);
            Run both = run(shell, "", "SMTPTRACE_JAVA_OPTS", "-Xmx1g", "SMTPTRACE_JAVA_OPTIONS", "-Xmx2g");
            assertThat(both.out()).startsWith("[-Xmx1g][-Dsmtptrace.launcher=");
            assertThat(both.err()).isEqualTo("smtp-trace: both SMTPTRACE_JAVA_OPTS and SMTPTRACE_JAVA_OPTIONS are set; using SMTPTRACE_JAVA_OPTS");
            assertThat(run(shell, "", "SMTPTRACE_JAVA_OPTS", "-Xmx1g", "SMTPTRACE_JAVA_OPTIONS", "-Xmx1g").err()).isEmpty();
        }
    }

    @Test
    void closedStdinIsPassedOn() throws Exception {
        for (String shell : new String[] {"dash", "bash"}) {
            assertThat(run(shell, "<&-").out()).as(shell).isEqualTo(DEFAULTS + "[-Dsmtptrace.stdin=closed]" + jar() + "[analyze][x.jsonl]");
            assertThat(run(shell, "</dev/null").out()).as(shell).doesNotContain("smtptrace.stdin");
        }
    }

    @Test
    void runsFromAnyDirectoryAndThroughASymlinkToItsDirectory() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("bin"), launcher.getParent());
        launcher = link.resolve("smtp-trace");
        assertThat(run("dash", "").out()).contains("[-jar][" + link.resolve("smtp-trace-analyzer.jar") + "]");
    }
}
