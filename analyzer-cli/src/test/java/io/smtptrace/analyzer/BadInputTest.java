package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smtptrace.analyzer.support.Cli;

/** Bad input: a clear "smtp-trace: FILE:LINE: ..." on stderr, the rest still analysed, never a stack trace. */
class BadInputTest {
    static final Path AGENT = Path.of("src", "test", "resources", "otlp", "agent-two-connections.jsonl");

    @TempDir
    Path tmp;

    static void noStackTrace(Cli r) {
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception in thread").doesNotContain("internal error");
    }

    @Test
    void truncatedJsonLineIsReportedAndTheRestAnalysed() throws IOException {
        List<String> lines = Files.readAllLines(AGENT);
        String cut = lines.get(3).substring(0, lines.get(3).length() / 2);
        Path f = tmp.resolve("truncated.jsonl");
        Files.write(f, List.of(lines.get(0), lines.get(1), lines.get(2), cut, "{\"resourceSpans\": [", lines.get(4), lines.get(5)));
        Cli r = Cli.run("analyze", "--format", "json", f.toString());
        noStackTrace(r);
        assertThat(r.err()).contains("smtp-trace: " + f + ":4: truncated JSON").contains(f + ":5:");
        assertThat(r.out()).contains("\"rule\" : \"auth-required\"");
        assertThat(r.code()).isEqualTo(1); // findings decide, not the damaged line
    }

    /** A JSON-lines file whose first write was cut: report line 1 and resume at line 2, as for any other bad line. */
    @Test
    void truncatedFirstJsonLineIsSkippedAndParsingResumes() throws IOException {
        Path real = Path.of("src", "test", "resources", "agent-traces", "all-rules-javax-1.6.2.jsonl");
        Cli whole = Cli.run("analyze", "--format", "json", real.toString());
        for (String first : List.of("{\"resourceSpans\":[{\"resource\":{\"attrib", "{", "{\"resourceSpans\": [")) {
            Path f = tmp.resolve("first-cut.jsonl");
            Files.writeString(f, first + "\n" + Files.readString(real));
            Cli r = Cli.run("analyze", "--format", "json", f.toString());
            noStackTrace(r);
            assertThat(r.err()).as(first).contains("smtp-trace: " + f + ":1: ").doesNotContain("rest of this input skipped")
                    .doesNotContain(":2:");
            assertThat(r.out()).as(first).contains("\"sessions\" : 27").contains("\"inputProblems\" : 1");
            assertThat(normalised(r.out(), f)).as(first).isEqualTo(normalised(whole.out(), real));
        }
    }

    /** A file cut mid-write: the last line is truncated, every earlier line's connections are still analysed. */
    @Test
    void truncatedLastJsonLineKeepsEarlierSessions() throws IOException {
        Path real = Path.of("src", "test", "resources", "agent-traces", "all-rules-javax-1.6.2.jsonl");
        List<String> lines = Files.readAllLines(real);
        String last = lines.get(lines.size() - 1);
        Path f = tmp.resolve("last-cut.jsonl");
        Files.writeString(f, String.join("\n", lines.subList(0, lines.size() - 1)) + "\n" + last.substring(0, last.length() / 2));
        Cli r = Cli.run("sessions", "--format", "json", f.toString());
        noStackTrace(r);
        assertThat(r.err()).contains("smtp-trace: " + f + ":" + lines.size() + ": truncated JSON");
        Path earlier = tmp.resolve("earlier.jsonl");
        Files.write(earlier, lines.subList(0, lines.size() - 1));
        List<String> earlierIds = Cli.run("sessions", "--format", "json", earlier.toString()).out().lines()
                .filter(l -> l.contains("\"id\"")).toList();
        // every connection of the earlier lines is still there (with the ones the cut line still completes)
        assertThat(earlierIds).hasSize(20);
        assertThat(r.out().lines().filter(l -> l.contains("\"id\"")).toList()).containsAll(earlierIds);
    }

    /** The report without what names the input or counts its problems. */
    static String normalised(String json, Path input) {
        return json.replace(input.toString(), "").lines().filter(l -> !l.contains("\"inputProblems\"") && !l.contains("\"problems\""))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void truncatedPrettyDocument() throws IOException {
        String doc = Files.readString(Path.of("src", "test", "resources", "otlp", "collector-document.json"));
        Path f = tmp.resolve("doc.json");
        Files.writeString(f, doc.substring(0, doc.length() * 2 / 3));
        Cli r = Cli.run("analyze", f.toString());
        noStackTrace(r);
        assertThat(r.err()).containsPattern("smtp-trace: .*doc.json:\\d+: truncated JSON");
        assertThat(r.code()).isIn(0, 1);
    }

    @Test
    void binaryJunkIsSkippedWithAMessage() throws IOException {
        byte[] junk = new byte[20000];
        new Random(1).nextBytes(junk);
        Path f = tmp.resolve("junk.bin");
        Files.write(f, junk);
        Cli r = Cli.run("analyze", f.toString(), AGENT.toString());
        noStackTrace(r);
        assertThat(r.err()).contains("smtp-trace: " + f);
        assertThat(r.out()).contains("auth-required");
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    void hugeSingleLineIsSkippedNotBuffered() throws IOException {
        Path log = tmp.resolve("huge.log");
        try (OutputStream o = Files.newOutputStream(log)) {
            o.write(Files.readAllBytes(RecordedLogsTestSupport.smallLog()));
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'A');
            for (int i = 0; i < 100; i++) o.write(chunk); // a 100 MB line
            o.write('\n');
            o.write(Files.readAllBytes(RecordedLogsTestSupport.smallLog()));
        }
        Cli r = Cli.run("analyze", "--format", "json", log.toString());
        noStackTrace(r);
        assertThat(r.err()).containsPattern("smtp-trace: .*huge.log:\\d+: line is 104857600 characters long");
        assertThat(r.out()).contains("\"sessions\" : 6");
    }

    @Test
    void hugeJsonLineIsParsedInPlaceOrSkipped() throws IOException {
        // a value the model reads (service.name) must be read whole: over the string limit, the line is rejected
        Path f = hugeLine("service.name");
        Cli r = Cli.run("analyze", f.toString());
        noStackTrace(r);
        assertThat(r.err()).contains(f + ":1:");
        assertThat(r.out()).contains("auth-required");
    }

    @Test
    void hugeUnusedAttributeIsSkippedUnread() throws IOException {
        // an attribute the model never reads is skipped, however long: the line is valid and nothing is reported
        Path f = hugeLine("x");
        Cli r = Cli.run("analyze", f.toString());
        noStackTrace(r);
        assertThat(r.err()).doesNotContain(f + ":1:");
        assertThat(r.out()).contains("auth-required");
    }

    /** A 30 MB first line (a resource attribute {@code key} with a 30 MB value) followed by the agent fixture. */
    private Path hugeLine(String key) throws IOException {
        Path f = tmp.resolve("huge-" + key + ".jsonl");
        try (OutputStream o = Files.newOutputStream(f)) {
            o.write(("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"" + key + "\",\"value\":{\"stringValue\":\"").getBytes(StandardCharsets.UTF_8));
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'B');
            for (int i = 0; i < 30; i++) o.write(chunk);
            o.write("\"}}]}}]}\n".getBytes(StandardCharsets.UTF_8));
            o.write(Files.readAllBytes(AGENT));
        }
        return f;
    }

    @Test
    void jsonLinesThatAreNotUtf8AreReadWithReplacementCharacters() throws IOException {
        // bytes that are not UTF-8 inside a value (lines 1-3), or after the line's span was handed over (lines 4-6):
        // read as text with U+FFFD like any other input, each span once, nothing skipped
        List<String> lines = Files.readAllLines(AGENT);
        Path f = tmp.resolve("latin1.jsonl");
        try (OutputStream o = Files.newOutputStream(f)) {
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                String marked = i < 3 ? l.replace("\"tcp\"", "\"t#cp\"") : l.substring(0, l.lastIndexOf('}')) + ",\"x\":\"#\"}";
                byte[] b = (marked + "\n").getBytes(StandardCharsets.UTF_8);
                for (int k = 0; k < b.length; k++) if (b[k] == '#') b[k] = (byte) 0xE9; // Latin-1 e-acute
                o.write(b);
            }
        }
        Path clean = tmp.resolve("clean.jsonl");
        Files.copy(AGENT, clean);
        Cli bad = Cli.run("analyze", "--format", "json", f.toString());
        Cli ok = Cli.run("analyze", "--format", "json", clean.toString());
        noStackTrace(bad);
        assertThat(bad.err()).doesNotContain("skipped");
        assertThat(bad.out().replace(f.toString(), "F").replace(f.getFileName().toString(), "F"))
                .isEqualTo(ok.out().replace(clean.toString(), "F").replace(clean.getFileName().toString(), "F"));
    }

    @Test
    void wrongEncodingIsDecodedWithAWarning() throws IOException {
        String text = Files.readString(RecordedLogsTestSupport.smallLog()).replace("sending report", "envoi du rapport \u00e9t\u00e9");
        Path latin1 = tmp.resolve("latin1.log");
        Files.write(latin1, text.getBytes(StandardCharsets.ISO_8859_1));
        Cli r = Cli.run("analyze", "--format", "json", latin1.toString());
        noStackTrace(r);
        assertThat(r.err()).contains("not valid UTF-8");
        assertThat(r.out()).contains("\"sessions\" : 3");
        Path utf16 = tmp.resolve("utf16.log");
        Files.write(utf16, ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE));
        Cli r16 = Cli.run("analyze", "--format", "json", utf16.toString());
        assertThat(r16.out()).contains("\"sessions\" : 3");
    }

    @Test
    void emptyFileAndMissingFile() throws IOException {
        Path empty = tmp.resolve("empty.log");
        Files.createFile(empty);
        Cli r = Cli.run("analyze", empty.toString());
        noStackTrace(r);
        assertThat(r.err()).contains("smtp-trace: " + empty + ": empty input");
        assertThat(r.code()).isEqualTo(2); // nothing analysed is not a clean result (IncompleteRunTest)
        assertThat(Cli.run("analyze", "--allow-empty", empty.toString()).code()).isZero();
        Cli missing = Cli.run("analyze", tmp.resolve("nope.log").toString(), AGENT.toString());
        assertThat(missing.err()).contains("nope.log: no such file");
        assertThat(missing.out()).contains("auth-required");
        assertThat(missing.code()).isEqualTo(2);
    }

    @Test
    void truncatedGzip() throws IOException {
        Path gz = tmp.resolve("t.jsonl.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(Files.readAllBytes(AGENT));
        }
        byte[] all = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(all, all.length - 40));
        Cli r = Cli.run("analyze", gz.toString());
        noStackTrace(r);
        assertThat(r.err()).contains("smtp-trace: " + gz);
        assertThat(r.code()).isEqualTo(2); // the rest of the file was lost: an incomplete run
    }

    @Test
    void plainTextThatIsNotAMailLog() throws IOException {
        Path f = tmp.resolve("app.log");
        Files.writeString(f, "2026-11-29 10:00:00 INFO  [main] com.acme.App - started\n250 users imported\nQUIT requested by admin\n");
        Cli r = Cli.run("analyze", f.toString());
        noStackTrace(r);
        assertThat(r.err()).contains("no JavaMail SMTP conversation found");
        assertThat(r.code()).isEqualTo(2); // no conversation in any input
        assertThat(Cli.run("analyze", "--allow-empty", f.toString()).code()).isZero();
    }
}
