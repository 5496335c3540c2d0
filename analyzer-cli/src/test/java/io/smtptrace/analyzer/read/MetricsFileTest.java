package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.model.Session;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's metrics file, given to the analyzer (or matched by its glob), is skipped with a note, not bad input. */
class MetricsFileTest {

    @TempDir
    Path dir;

    static final String METRICS_LINE = "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[]},\"scopeMetrics\":[{"
            + "\"scope\":{\"name\":\"io.smtptrace.agent\"},\"metrics\":[{\"name\":\"smtp.client.replies\",\"unit\":"
            + "\"{reply}\",\"sum\":{\"dataPoints\":[{\"asInt\":\"3\"}],\"aggregationTemporality\":2,"
            + "\"isMonotonic\":true}}]}]}]}\n";

    private String run(Path file, Lang lang, List<Session> sessions, Diagnostics[] out) {
        StringWriter err = new StringWriter();
        Diagnostics diag = new Diagnostics(new PrintWriter(err, true), lang);
        new Inputs(diag, new ByteArrayInputStream(new byte[0]), false, null, lang).read(file.toString(), sessions::add);
        out[0] = diag;
        return err.toString();
    }

    @Test
    void aMetricsFileIsSkippedWithANote() throws Exception {
        Path f = dir.resolve("smtp-trace-metrics-20261201T000000-1-abcd.jsonl");
        Files.writeString(f, METRICS_LINE + METRICS_LINE);
        List<Session> sessions = new ArrayList<>();
        Diagnostics[] d = new Diagnostics[1];
        String err = run(f, Lang.en, sessions, d);
        assertThat(sessions).isEmpty();
        assertThat(d[0].warnings()).isZero();
        assertThat(d[0].unreadable()).isZero();
        assertThat(err.strip()).isEqualTo("smtp-trace: " + f + ": a metrics file (the OpenTelemetry metrics the agent"
                + " writes beside its trace file), not a trace: skipped");
        assertThat(d[0].status().inputs()).allSatisfy(s -> assertThat(s.failed()).isFalse());

        String id = run(f, Lang.id, new ArrayList<>(), d);
        assertThat(id).contains("berkas metrik").contains("dilewati");
    }

    @Test
    void recognisedByContentWhateverItsNameAndAnEmptyOneByName() throws Exception {
        Path renamed = dir.resolve("whatever.jsonl");
        Files.writeString(renamed, "\n  " + METRICS_LINE);
        Diagnostics[] d = new Diagnostics[1];
        assertThat(run(renamed, Lang.en, new ArrayList<>(), d)).contains("skipped");
        assertThat(d[0].warnings()).isZero();

        Path empty = dir.resolve("smtp-trace-metrics-x.jsonl");
        Files.writeString(empty, "");
        assertThat(run(empty, Lang.en, new ArrayList<>(), d)).contains("skipped");
        assertThat(d[0].warnings()).isZero();
    }

    @Test
    void aTraceFileOrOtherJsonIsStillRead() throws Exception {
        Path spans = dir.resolve("smtp-trace-x.jsonl");
        Files.writeString(spans, "{\"resourceSpans\":[]}\n");
        Diagnostics[] d = new Diagnostics[1];
        assertThat(run(spans, Lang.en, new ArrayList<>(), d)).doesNotContain("a metrics file");
        Path other = dir.resolve("other.jsonl");
        Files.writeString(other, "{\"resourceMetricsX\":1}\n");
        assertThat(run(other, Lang.en, new ArrayList<>(), d)).doesNotContain("a metrics file");
    }
    @Test
    void theKeyMayFollowWhitespaceButMustBeTheFirstKeyAndWhole() throws Exception {
        for (String head : List.of("{\n\t \r\"resourceMetrics\":[]}", "{\"resourceMetrics\" : []}")) {
            assertThat(MetricsFile.is(new java.io.BufferedInputStream(new ByteArrayInputStream(head.getBytes())))).as(head).isTrue();
        }
        for (String head : List.of("", "[", " {\"resourceMetrics\":[]}", "{\"resourceSpans\":[]}", "{\"resourceMetric\":[]}",
                "{\"resourceMetrics", "{\"scope\":1,\"resourceMetrics\":[]}", "{resourceMetrics:[]}")) {
            assertThat(MetricsFile.is(new java.io.BufferedInputStream(new ByteArrayInputStream(head.getBytes())))).as(head).isFalse();
        }
        // not consumed: the stream starts where it did
        java.io.BufferedInputStream in = new java.io.BufferedInputStream(new ByteArrayInputStream("{\"resourceMetrics\":1}".getBytes()));
        assertThat(MetricsFile.is(in)).isTrue();
        assertThat(new String(in.readAllBytes())).isEqualTo("{\"resourceMetrics\":1}");
    }

    @Test
    void onlyTheFileNameCountsForAnEmptyMetricsFile() throws Exception {
        assertThat(MetricsFile.named("smtp-trace-metrics-1.jsonl")).isTrue();
        assertThat(MetricsFile.named(dir.resolve("smtp-trace-metrics-1.jsonl").toString())).isTrue();
        assertThat(MetricsFile.named(dir.resolve("smtp-trace-metrics-x").resolve("t.jsonl").toString())).isFalse();
        assertThat(MetricsFile.named("smtp-trace-1.jsonl")).isFalse();

        Path sub = Files.createDirectories(dir.resolve("smtp-trace-metrics-dir"));
        Path empty = Files.writeString(sub.resolve("trace.jsonl"), "");
        Diagnostics[] d = new Diagnostics[1];
        assertThat(run(empty, Lang.en, new ArrayList<>(), d)).contains("empty input").doesNotContain("a metrics file");
        assertThat(d[0].warnings()).isEqualTo(1);
    }

    @Test
    void aMetricsFileOnStdinIsSkippedButAnEmptyStdinIsNot() throws Exception {
        StringWriter err = new StringWriter();
        Diagnostics diag = new Diagnostics(new PrintWriter(err, true), Lang.en);
        new Inputs(diag, new ByteArrayInputStream(METRICS_LINE.getBytes()), false, null, Lang.en).read("-", s -> { });
        assertThat(err.toString()).contains("<stdin>").contains("a metrics file");
        assertThat(diag.warnings()).isZero();
        StringWriter err2 = new StringWriter();
        Diagnostics diag2 = new Diagnostics(new PrintWriter(err2, true), Lang.en);
        new Inputs(diag2, new ByteArrayInputStream(new byte[0]), false, null, Lang.en).read("-", s -> { });
        assertThat(err2.toString()).contains("empty input").doesNotContain("metrics");
    }
}
