package io.smtptrace.analyzer.read;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.report.Summary;

/**
 * Jazzer over both readers: whatever the bytes, no exception escapes the OTLP JSON reader, the debug-log reader or the
 * input layer in front of them (gzip, encoding sniffing, format detection), and memory stays bounded (the fuzzing runs
 * use a small heap: an OutOfMemoryError is a finding).
 *
 * <p>The first byte picks the target (the JSON reader, the log reader, or the whole input path); the rest is the input.
 * Without {@code JAZZER_FUZZ} (every {@code mvn test}) the seeds in {@code ReadersFuzzTestInputs/} run as regression
 * tests. {@code mvn verify} fuzzes {@link #readers} for a bounded time (execution {@code fuzz-readers} in the pom);
 * {@code mvn -pl analyzer-cli -am verify -Pfuzz-long} fuzzes {@link #readersLong} for 10 minutes.
 */
class ReadersFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void readers(byte[] data) throws Exception {
        exercise(data);
    }

    @FuzzTest(maxDuration = "10m")
    void readersLong(byte[] data) throws Exception {
        exercise(data);
    }

    static void exercise(byte[] data) throws Exception {
        if (data.length == 0) return;
        byte[] input = java.util.Arrays.copyOfRange(data, 1, data.length);
        StringWriter errText = new StringWriter();
        Diagnostics diag = new Diagnostics(new PrintWriter(errText));
        Summary summary = new Summary();
        java.util.function.Consumer<Session> sink = s -> {
            summary.accept(s);
            s.server(); // derived fields are read by every reporter
        };
        switch (Math.floorMod(data[0], 3)) {
            case 0 -> new OtlpJsonReader().read(new ByteLines(new ByteArrayInputStream(input)), "fuzz", sink, diag);
            case 1 -> new DebugLogReader().read(new CharSource(new InputStreamReader(new ByteArrayInputStream(input),
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE))), "fuzz", sink, diag);
            default -> {
                new Inputs(diag, new ByteArrayInputStream(input), null).read("-", sink);
                // the input layer turns a reader's exception into "internal error": for the fuzzer that is a bug
                if (errText.toString().contains("internal error")) throw new AssertionError(errText.toString());
            }
        }
    }
}
