package io.smtptrace.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HarnessArithmeticTest {

    @Test
    void verdictRowsKeepTheIssuesOrderAndSayWhatWasNotMeasured() {
        Verdicts v = new Verdicts();
        v.put(Verdicts.START_EXIT, "+120 ms", true);
        v.put(Verdicts.MSG_CPU, "+45.0 µs", false);
        v.put(Verdicts.POSTFIX_NEW, "not run: no Postfix", null);
        String t = v.table();
        List<String> rows = t.lines().skip(2).toList();
        assertThat(rows).hasSize(12);
        assertThat(rows.get(0)).startsWith("| per message: added CPU").contains("≤ 30 µs per message", "+45.0 µs", "**miss**");
        assertThat(rows.get(1)).contains("throughput ratio", "not measured in this invocation");
        assertThat(rows.get(3)).contains("per connection", "≤ 0.3 ms per connection");
        assertThat(rows.get(6)).contains("new connection per message", "not run: no Postfix", "| n/a |");
        assertThat(rows.get(8)).contains("process exit", "≤ +150 ms", "+120 ms", "**pass**");
        assertThat(rows.get(11)).contains("peak RSS", "≤ 512 MB both ways");
        assertThatThrownBy(() -> v.put("nonsense", "x", true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pairedComparesTheSameRoundAndSkipsRoundsOneSideLacks() {
        List<double[]> base = List.of(new double[] {100}, new double[] {200}, new double[] {300});
        List<double[]> agent = List.of(new double[] {110}, new double[] {190});
        assertThat(BenchMain.paired(base, agent, x -> x[0], (a, b) -> b - a)).containsExactly(10, -10);
        assertThat(BenchMain.paired(base, agent, x -> x[0], (a, b) -> b / a)).containsExactly(1.1, 0.95);
    }

    @Test
    void threadCpuSplitsAppAgentAndTheJvmsOwnThreads() {
        Map<String, Long> cpu = ProfileBench.threadCpu(Map.of("cpuNanos", "1000",
                "threadCpu", "main:500,smtp-trace-export:200,smtp-trace-BatchSpanProcessor_WorkerThread-1:50,"
                        + "Signal_Dispatcher:10"));
        assertThat(cpu).containsEntry("app", 500L).containsEntry("agent", 250L)
                .containsEntry("other Java threads", 10L).containsEntry("JVM (JIT, GC: process minus threads)", 240L);
        // process CPU is read after the threads: never a negative remainder
        assertThat(ProfileBench.threadCpu(Map.of("cpuNanos", "100", "threadCpu", "main:150")))
                .containsEntry("JVM (JIT, GC: process minus threads)", 0L);
        assertThat(ProfileBench.threadCpu(Map.of("cpuNanos", "100", "threadCpu", "-"))).containsEntry("app", 0L);
    }

    @Test
    void quickSizesNeverOverrideWhatTheUserSet() {
        String rounds = System.getProperty("bench.rounds");
        String messages = System.getProperty("bench.messages");
        try {
            System.setProperty("bench.rounds", "7");
            System.clearProperty("bench.messages");
            BenchMain.quickSizes();
            assertThat(BenchMain.intProp("bench.rounds", 5)).isEqualTo(7);
            assertThat(BenchMain.intProp("bench.messages", 10_000)).isLessThan(10_000);
        } finally {
            restore("bench.rounds", rounds);
            restore("bench.messages", messages);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
