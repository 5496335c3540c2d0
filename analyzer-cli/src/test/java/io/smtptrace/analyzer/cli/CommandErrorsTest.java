package io.smtptrace.analyzer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smtptrace.analyzer.support.Cli;

/** Usage errors of every command in the run's language, and `probe` reading the same language and environment as the rest. */
class CommandErrorsTest {
    static final String TRACE = "src/test/resources/agent-traces/all-rules-javax-1.6.2.jsonl";

    @TempDir
    Path tmp;

    @Test
    void aBadLogPrefixIsAUsageErrorInTheRunsLanguage() {
        Cli en = Cli.run("analyze", "--log-prefix", "([a-z", TRACE);
        assertThat(en.code()).isEqualTo(2);
        assertThat(en.err()).contains("Invalid value for option '--log-prefix': Unclosed character class near index 4 of '([a-z'");
        Cli id = Cli.run("--lang", "id", "sessions", "--log-prefix", "([a-z", TRACE);
        assertThat(id.code()).isEqualTo(2);
        assertThat(id.err()).contains("Nilai tidak valid untuk opsi '--log-prefix'").contains("di dekat indeks 4 pada '([a-z'")
                .doesNotContain("Invalid value");
    }

    @Test
    void sessionsToAFileThatCannotBeWrittenNamesItAndLeavesNothingBehind() throws Exception {
        Path nowhere = tmp.resolve("no-such-dir").resolve("sessions.txt");
        Cli en = Cli.run("sessions", "-o", nowhere.toString(), TRACE);
        assertThat(en.code()).isEqualTo(2);
        assertThat(en.err()).contains("cannot write the report to " + nowhere).contains("its directory does not exist");
        Cli id = Cli.run("sessions", "--lang", "id", "-o", nowhere.toString(), TRACE);
        assertThat(id.err()).contains("tidak dapat menulis laporan ke " + nowhere).contains("direktorinya tidak ada");
        assertThat(Files.exists(nowhere.getParent())).isFalse();
    }

    @Test
    void sessionsToAFileReplacesItWholeAndLeavesNoTemporaryFile() throws Exception {
        Path list = tmp.resolve("sessions.txt");
        Files.writeString(list, "an old list that must not survive in part\n".repeat(1000));
        Cli c = Cli.run("sessions", "-o", list.toString(), TRACE);
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).isEmpty();
        String written = Files.readString(list, StandardCharsets.UTF_8);
        assertThat(written).doesNotContain("an old list").isEqualTo(Cli.run("sessions", TRACE).out());
        try (var files = Files.list(tmp)) {
            assertThat(files).containsExactly(list);
        }
    }

    @Test
    void probeTakesTheLanguageGivenBeforeTheCommandAndThePasswordFromTheRunsEnvironment() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String target = "127.0.0.1:" + closed;
        assertThat(Cli.run("probe", "--help").out()).containsPattern("--lang=LANG\\s+\\S");
        Cli id = Cli.run("--lang", "id", "probe", target);
        assertThat(id.code()).isEqualTo(2);
        assertThat(id.out()).contains("tidak dapat dijangkau").doesNotContain("unreachable");
        Cli noPassword = Cli.runWithEnv(Map.of(), "probe", target, "--user", "u@example.test");
        assertThat(noPassword.err()).contains("--password-file");
        Cli withPassword = Cli.runWithEnv(Map.of("SMTP_PASSWORD", "from-the-environment"), "probe", target, "--lang", "en",
                "--user", "u@example.test");
        assertThat(withPassword.err()).doesNotContain("--password-file");
        assertThat(withPassword.out()).contains("unreachable").doesNotContain("from-the-environment");
    }
}
