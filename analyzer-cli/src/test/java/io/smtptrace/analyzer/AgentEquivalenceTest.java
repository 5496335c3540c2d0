package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.smtptrace.analyzer.record.Scenario;
import io.smtptrace.analyzer.rules.Finding;
import io.smtptrace.analyzer.support.Analysis;

/**
 * The same run seen twice: every scenario runs in a child JVM under the REAL agent while the mail library writes its
 * mail.debug log. The agent's trace and the debug log must give the same findings.
 */
@Tag("forked")
class AgentEquivalenceTest {
    static final Path AGENT = Path.of("..", "agent", "target", "smtp-trace-agent.jar");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Scenario.Library.class)
    void agentTraceAndDebugLogOfTheSameRunAgree(Scenario.Library lib) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(AGENT), "agent jar not built yet");
        Path trace = tmp.resolve("trace.jsonl");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-javaagent:" + AGENT.toAbsolutePath(),
                "-Dsmtptrace.file=" + trace, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.smtptrace.analyzer.record.Recorder", tmp.toString(), lib.name(), "PLAIN");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.out").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("child.out"))).isZero();
        Path log = Path.of(Files.readAllLines(tmp.resolve("child.out")).stream().filter(l -> l.endsWith(".log")).reduce((a, b) -> b).orElseThrow());
        Analysis fromLog = Analysis.of(log);
        Analysis fromTrace = Analysis.of(trace);
        assertThat(fromTrace.err.toString()).isEmpty();
        assertThat(fromTrace.sessions).hasSameSizeAs(fromLog.sessions);
        assertThat(byServer(fromTrace.findings)).isEqualTo(byServer(fromLog.findings));
    }

    static Map<String, Set<String>> byServer(List<Finding> findings) {
        Map<String, Set<String>> m = new TreeMap<>();
        for (Finding f : findings) m.computeIfAbsent(f.server(), k -> new TreeSet<>()).add(f.rule() + " x" + f.count() + " " + f.severity().label());
        return m;
    }

    static List<String> ids(List<Finding> f) {
        List<String> l = new ArrayList<>();
        f.forEach(x -> l.add(x.rule()));
        return l;
    }
}
