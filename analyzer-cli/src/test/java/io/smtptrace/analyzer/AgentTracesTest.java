package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.smtptrace.analyzer.report.Summary;
import io.smtptrace.analyzer.support.Analysis;
import io.smtptrace.analyzer.support.Cli;

/**
 * Real agent output dropped into src/test/resources/agent-traces/ (any file; .gz allowed) is picked up automatically:
 * each must be read without input problems and yield conversations. A file named after a rule id (e.g.
 * {@code auth-required.jsonl}, {@code auth-required-2.jsonl.gz}) must produce that rule; a file whose name starts
 * with {@code ok} must produce no error.
 */
class AgentTracesTest {
    static final Path DIR = Path.of("src", "test", "resources", "agent-traces");

    @TestFactory
    Stream<DynamicTest> everyRealAgentTraceIsUnderstood() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.exists(DIR) ? Files.list(DIR) : Stream.empty()) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().endsWith(".md")).sorted().toList();
        }
        Assumptions.assumeFalse(files.isEmpty(), "no real agent traces in " + DIR + " yet");
        List<String> ruleIds = new io.smtptrace.analyzer.rules.Rules().rules().stream().map(r -> r.id()).toList();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Analysis a = Analysis.of(f);
            assertThat(a.err.toString()).as("input problems").isEmpty();
            assertThat(a.sessions).isNotEmpty();
            String name = f.getFileName().toString();
            for (String id : ruleIds) {
                if (name.startsWith(id + ".") || name.startsWith(id + "-")) assertThat(a.findings).extracting(x -> x.rule()).contains(id);
            }
            if (name.startsWith("ok")) assertThat(Cli.run("analyze", f.toString()).code()).isZero();
            if (name.startsWith("all-rules")) assertThat(a.findings).extracting(x -> x.rule()).containsAll(ruleIds);
        }));
    }

    /**
     * A committed pair recorded from one run (every scenario, javax.mail 1.6.2 under the real agent with mail.debug):
     * the agent's trace and the debug log must give identical findings, without needing the agent jar at test time.
     */
    @org.junit.jupiter.api.Test
    void committedSameRunPairAgrees() {
        Analysis trace = Analysis.of(DIR.resolve("all-rules-javax-1.6.2.jsonl"));
        Analysis log = Analysis.of(Path.of("src", "test", "resources", "same-run", "all-rules-javax-1.6.2-mail-debug.log"));
        assertThat(trace.err.toString()).isEmpty();
        assertThat(log.err.toString()).isEmpty();
        assertThat(trace.sessions).hasSize(27);
        assertThat(log.sessions).hasSize(27);
        assertThat(AgentEquivalenceTest.byServer(trace.findings)).isEqualTo(AgentEquivalenceTest.byServer(log.findings));
        // the same messages, classified the same way (a RCPT that timed out is aborted, not rejected)
        Summary st = summary(trace);
        Summary sl = summary(log);
        assertThat(List.of(sl.sessions, sl.messages, sl.accepted, sl.rejected, sl.aborted))
                .isEqualTo(List.of(st.sessions, st.messages, st.accepted, st.rejected, st.aborted))
                .isEqualTo(List.of(27L, 21L, 9L, 10L, 2L));
        assertThat(outcomes(log)).isEqualTo(outcomes(trace));
        assertThat(trace.findings).extracting(x -> x.rule()).hasSize(21).containsAll(
                new io.smtptrace.analyzer.rules.Rules().rules().stream().map(r -> r.id()).toList());
    }

    static Summary summary(Analysis a) {
        Summary s = new Summary();
        a.sessions.forEach(s::accept);
        return s;
    }

    /** Per message: server, outcome, refused recipients, the reply code (or missing reply) that decided it. */
    static List<String> outcomes(Analysis a) {
        return a.sessions.stream().flatMap(s -> s.messages.stream().map(m -> s.server() + " #" + m.index + " " + m.outcome
                + " refused=" + m.refused + " by " + (m.decidingExchange == null ? null : m.decidingExchange.verb + " "
                + m.decidingExchange.replyCode + " " + m.decidingExchange.replyError))).toList();
    }
}
