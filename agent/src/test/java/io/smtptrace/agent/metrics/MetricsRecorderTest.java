package io.smtptrace.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.smtptrace.agent.AgentConfig;
import io.smtptrace.agent.capture.ConnectionInfo;
import io.smtptrace.agent.capture.Conversation;
import io.smtptrace.agent.capture.EnvelopePrivacy;
import io.smtptrace.agent.capture.Operation;
import io.smtptrace.agent.capture.OperationKind;
import io.smtptrace.agent.export.ExportLosses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operations finished while the metrics start are counted once they are up; no start, no file, no wait. */
class MetricsRecorderTest {

    @TempDir
    Path dir;

    private static List<Operation> connects(int n) {
        List<Operation> ops = new ArrayList<>();
        long[] now = {1_700_000_000_000_000_000L};
        for (int i = 0; i < n; i++) {
            Conversation c = new Conversation(new ConnectionInfo("r" + i, "com.sun.mail:javax.mail", "1.6.2"),
                    ops::add, () -> now[0] += 1_000_000, EnvelopePrivacy.DOMAIN);
            c.operationEnter(OperationKind.CONNECT);
            c.connectStart("mx.example", 25, false);
            c.reply(220, "220 mx.example\n", null);
            c.connectEnd("192.0.2.1", 25, null, null);
            c.operationExit(null);
        }
        return ops;
    }

    @Test
    void operationsFromBeforeTheStartAreCounted() throws Exception {
        AgentConfig config = AgentConfig.load(Map.of(), new Properties(), "file=" + dir.resolve("t.jsonl"));
        MetricsRecorder r = new MetricsRecorder(config, MetricsSettings.of(config), new ExportLosses(), () -> 0);
        List<Operation> ops = connects(3);
        r.record(ops.get(0));
        r.record(ops.get(1));
        r.startAsync(0);
        long until = System.nanoTime() + 60_000_000_000L;
        while (!r.settled() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(r.settled()).isTrue();
        r.record(ops.get(2));
        assertThat(r.shutdown(5000, true)).isTrue();
        String text = Files.readString(dir.resolve("smtp-trace-metrics-t.jsonl"));
        // three greetings (220, no verb) on one series
        assertThat(text).contains("\"name\":\"smtp.client.replies\"");
        assertThat(text.replaceAll("\\s", "")).contains("\"asInt\":\"3\"");
    }

    @Test
    void neverStartedMeansNoFileAndNoWait() {
        AgentConfig config = AgentConfig.load(Map.of(), new Properties(), "file=" + dir.resolve("t.jsonl"));
        MetricsRecorder r = new MetricsRecorder(config, MetricsSettings.of(config), new ExportLosses(), () -> 0);
        r.record(connects(1).get(0));
        long t0 = System.nanoTime();
        assertThat(r.shutdown(5000, true)).isTrue();
        assertThat(System.nanoTime() - t0).isLessThan(1_000_000_000L);
        assertThat(dir.resolve("smtp-trace-metrics-t.jsonl")).doesNotExist();
    }
}
