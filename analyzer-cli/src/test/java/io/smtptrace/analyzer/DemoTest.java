package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smtptrace.analyzer.support.Analysis;
import io.smtptrace.analyzer.support.Cli;

/** The demo end to end: embedded server, child JVM under the REAL agent, analysis of what the agent wrote. */
@Tag("forked")
class DemoTest {
    static final Path AGENT = Path.of("..", "agent", "target", "smtp-trace-agent.jar");
    private static final Pattern KEPT_IN = Pattern.compile("^Next \\(the trace is kept in (.+)\\):$", Pattern.MULTILINE);

    @TempDir
    Path tmp;

    @BeforeEach
    void agentBuilt() {
        Assumptions.assumeTrue(Files.isRegularFile(AGENT), "agent jar not built yet (mvn -pl agent package)");
    }

    @Test
    void demoShowsTheClassicMistakes() {
        Cli r = Cli.run("demo", "--agent", AGENT.toString(), "--keep", tmp.toString(), "--lang", "en");
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

    /**
     * Without --keep and --agent: the agent is found next to the analyzer (here agent/target beside analyzer-cli/target,
     * whatever the working directory), the trace is kept in a directory the output names, and every "Next:" hint is a
     * command that works as printed.
     */
    @Test
    void everyNextHintWorksAsPrinted() throws Exception {
        Cli r = Cli.run("demo", "--lang", "en");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        Matcher m = KEPT_IN.matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        Path dir = Path.of(m.group(1));
        try {
            assertThat(dir.resolve("smtp-trace.jsonl")).isRegularFile();
            List<String> hints = hints(r.out().substring(m.end()));
            assertThat(hints).hasSize(4);
            assertThat(hints).anySatisfy(h -> assertThat(h).contains(" --id "));
            for (String hint : hints) {
                List<String> words = new ArrayList<>(Arrays.asList(hint.trim().split(" +")));
                assertThat(words.remove(0)).as(hint).isEqualTo("smtp-trace");   // tests run from classes: no launcher
                Cli next = Cli.run(words.toArray(String[]::new));
                assertThat(next.err()).as(hint).isEmpty();
                assertThat(next.code()).as(hint).isIn(0, 1);   // analyze: 1 = findings (the demo's mistakes)
                assertThat(next.out()).as(hint).isNotBlank();
                if (hint.contains(" --id ")) assertThat(next.out()).as(hint).contains("552");
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) Files.delete(p);
            }
            Files.delete(dir);
        }
    }

    @Test
    void narratesInIndonesian() {
        Cli r = Cli.run("demo", "--agent", AGENT.toString(), "--keep", tmp.toString(), "--lang", "id");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("demo smtp-trace").contains("kirim tanpa AUTH, percobaan ke-3: gagal: 530")
                .contains("kirim dengan benar: terkirim").contains("Selanjutnya (trace disimpan di " + tmp.toAbsolutePath().normalize());
    }

    @Test
    void missingAgentIsAClearError() {
        Cli r = Cli.run("demo", "--agent", tmp.resolve("none.jar").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("agent jar not found");
    }

    /** The command lines under "Next": indented by four spaces. */
    private static List<String> hints(String next) {
        List<String> out = new ArrayList<>();
        for (String line : next.split("\n")) {
            if (line.startsWith("    ")) out.add(line.trim());
        }
        return out;
    }
}
