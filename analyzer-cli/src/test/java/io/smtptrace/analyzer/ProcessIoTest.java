package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyzer as a process, with the file descriptors a shell gives it: {@code <(...)}, a closed stdin, stdout on a
 * full device, a file-size limit. These cannot be faked in-process: the JVM's own stdin/stdout handling is under test.
 */
@Tag("forked")
class ProcessIoTest {
    static final Path AGENT = Path.of("src", "test", "resources", "otlp", "agent-two-connections.jsonl").toAbsolutePath();
    static final Path BIG = Path.of("src", "test", "resources", "agent-traces", "all-rules-javax-1.6.2.jsonl").toAbsolutePath();

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {}

    /** Runs {@code script} in bash with $JAVA_CMD = the analyzer's java command (a word list) and extra variables. */
    Result bash(String script, File stdout, String... env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script);
        pb.environment().put("JAVA_CMD", Path.of(System.getProperty("java.home"), "bin", "java") + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "
                + System.getProperty("java.class.path") + " io.smtptrace.analyzer.Main");
        for (int i = 0; i < env.length; i += 2) pb.environment().put(env[i], env[i + 1]);
        Path out = tmp.resolve("stdout");
        Path err = tmp.resolve("stderr");
        pb.redirectOutput(stdout != null ? stdout : out.toFile()).redirectError(err.toFile()).redirectInput(new File("/dev/null"));
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Result(p.exitValue(), stdout != null || !Files.exists(out) ? "" : Files.readString(out), Files.readString(err));
    }

    @Test
    void processSubstitutionIsReadAsAStream() throws Exception {
        Result r = bash("$JAVA_CMD analyze <(cat \"$F\")", null, "F", AGENT.toString());
        assertThat(r.err()).doesNotContain("Illegal seek");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("2 connections").contains("auth-required");
    }

    @Test
    void closedStdinIsAnError() throws Exception {
        Result r = bash("exec $JAVA_CMD analyze - <&-", null);
        assertThat(r.code()).as(r.err() + r.out()).isEqualTo(2);
        assertThat(r.err()).contains("smtp-trace: -: standard input is closed");
        assertThat(r.out()).contains("INCOMPLETE").doesNotContain("No problems found.");
    }

    @Test
    void stdoutOnAFullDeviceExitsTwo() throws Exception {
        for (String format : new String[] {"text", "sarif"}) {
            Result r = bash("exec $JAVA_CMD analyze --format " + format + " \"$F\"", new File("/dev/full"), "F", BIG.toString());
            assertThat(r.code()).as(format).isEqualTo(2);
            assertThat(r.err()).as(format).contains("smtp-trace: cannot write the output to standard output (No space left on device)");
        }
    }

    /** A file-size limit (RLIMIT_FSIZE; HotSpot ignores SIGXFSZ, so writes fail with EFBIG) stops the report part-way. */
    @Test
    void shortWriteUnderAFileSizeLimitExitsTwo() throws Exception {
        Path report = tmp.resolve("report.sarif");
        Files.writeString(report, "previous report\n");
        Result r = bash("exec prlimit --fsize=2048 $JAVA_CMD analyze --format sarif -o \"$R\" \"$F\"", null, "F", BIG.toString(), "R",
                report.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("smtp-trace: cannot write the report to " + report + " (File too large): " + report + " was not written");
        assertThat(Files.readString(report)).isEqualTo("previous report\n"); // never a short report in its place
        List<String> left = new ArrayList<>();
        try (var files = Files.list(tmp)) {
            files.filter(p -> p.getFileName().toString().endsWith(".tmp")).forEach(p -> left.add(p.toString()));
        }
        assertThat(left).isEmpty();

        Path redirected = tmp.resolve("redirected.sarif");
        Result s = bash("exec prlimit --fsize=2048 $JAVA_CMD analyze --format sarif \"$F\" > \"$R\"", null, "F", BIG.toString(), "R",
                redirected.toString());
        assertThat(s.code()).isEqualTo(2);
        assertThat(s.err()).contains("cannot write the output to standard output (File too large)");
    }

    @Test
    void writtenReportIsWhole() throws IOException, Exception {
        Path report = tmp.resolve("ok.sarif");
        Result r = bash("exec $JAVA_CMD analyze --format sarif -o \"$R\" \"$F\"", null, "F", BIG.toString(), "R", report.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile()).path("runs").get(0).path("invocations").get(0)
                .path("executionSuccessful").asBoolean()).isTrue();
    }
}
