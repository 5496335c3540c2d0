package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.smtptrace.analyzer.i18n.Lang;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Input problems on stderr as {@code smtp-trace: FILE:LINE: text}, in the run's language, and counted. */
class DiagnosticsTest {
    private final StringWriter err = new StringWriter();

    @Test
    void aProblemNamesFileAndLineInTheRunsLanguage() {
        Diagnostics d = new Diagnostics(new PrintWriter(err));
        d.problem("trace.jsonl", 7, "json.trailingData");
        d.problem("trace.jsonl", 0, "json.noSmtpSpans", 3);
        d.warn("a.log", 1, "first line");
        assertThat(err.toString().lines()).containsExactly(
                "smtp-trace: trace.jsonl:7: unexpected data after the JSON object, ignored",
                "smtp-trace: trace.jsonl: no SMTP spans found (3 other spans skipped)",
                "smtp-trace: a.log:1: first line");
        assertThat(d.warnings()).isEqualTo(3);
        assertThat(d.unreadable()).isZero();
        assertThat(d.err()).isNotNull();

        StringWriter id = new StringWriter();
        Diagnostics di = new Diagnostics(new PrintWriter(id), Lang.id);
        di.problem("t.jsonl", 2, "json.trailingData");
        assertThat(id.toString()).startsWith("smtp-trace: t.jsonl:2: ")
                .doesNotContain("unexpected data").isEqualTo("smtp-trace: t.jsonl:2: " + di.texts().get("json.trailingData") + System.lineSeparator());
    }

    @Test
    void unreadableAndCutShortInputsAreCountedApartFromWarnings() {
        Diagnostics d = new Diagnostics(new PrintWriter(err));
        d.unreadable("missing.jsonl", "no such file");
        d.fail("cut.gz", 12, "read error");
        d.fail("cut2.gz", 0, "read error");
        d.unreadableInput("x.jsonl", "truncatedGzip");
        assertThat(err.toString().lines()).containsExactly(
                "smtp-trace: missing.jsonl: no such file",
                "smtp-trace: cut.gz:12: read error",
                "smtp-trace: cut2.gz: read error",
                "smtp-trace: x.jsonl: input ends unexpectedly (truncated gzip?)");
        assertThat(d.unreadable()).isEqualTo(4);
        assertThat(d.warnings()).isZero();
    }

    @Test
    void afterTwoHundredProblemsTheRestIsCountedAndSummarised() {
        Diagnostics d = new Diagnostics(new PrintWriter(err));
        for (int i = 1; i <= 200; i++) d.warn("f", i, "bad");
        d.finish();
        assertThat(err.toString().lines()).hasSize(200).last().isEqualTo("smtp-trace: f:200: bad");

        StringWriter more = new StringWriter();
        Diagnostics m = new Diagnostics(new PrintWriter(more));
        for (int i = 1; i <= 203; i++) m.warn("f", i, "bad");
        m.finish();
        assertThat(more.toString().lines()).hasSize(201).contains("smtp-trace: f:200: bad")
                .doesNotContain("smtp-trace: f:201: bad").last().isEqualTo("smtp-trace: 3 more input problems not shown");
        assertThat(m.warnings()).isEqualTo(203);
    }

    @Test
    void outputIsFlushedAsItComes() {
        // stderr is a buffered PrintWriter: each line must reach it at once, not at exit
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Diagnostics d = new Diagnostics(new PrintWriter(bytes, false));
        d.warn("f", 1, "w");
        assertThat(bytes.toString()).contains("f:1: w");
        d.fail("f", 2, "x");
        assertThat(bytes.toString()).contains("f:2: x");
        d.unreadable("g", "y");
        assertThat(bytes.toString()).contains("g: y");
        for (int i = 0; i < 201; i++) d.warn("h", i + 1, "z");
        d.finish();
        assertThat(bytes.toString()).endsWith("smtp-trace: 2 more input problems not shown" + System.lineSeparator());
    }
}
