package io.smtptrace.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smtptrace.analyzer.support.Cli;

/**
 * The exit-code contract a CI gate relies on: 0 = complete run without findings at or above --fail-on, 1 = complete run
 * with such findings, 2 = usage error, an input not read completely, no conversation in any input (unless
 * --allow-empty) or a report that could not be written; 2 wins over 1; and every report format says when a run is
 * incomplete or empty instead of "No problems found".
 */
class IncompleteRunTest {
    static final Path AGENT = Path.of("src", "test", "resources", "otlp", "agent-two-connections.jsonl");
    static final ObjectMapper M = new ObjectMapper();

    @TempDir
    Path tmp;

    // ---- inputs that cannot be read: exit 2, named in every format, never "No problems found"

    @Test
    void missingFileAloneIsIncompleteNotClean() {
        Path missing = tmp.resolve("nope.log");
        Cli r = Cli.run("analyze", missing.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("smtp-trace: " + missing + ": no such file");
        assertThat(r.out()).doesNotContain("No problems found.").contains("INCOMPLETE").contains(missing + ": not read: no such file");
    }

    @Test
    void directoryIsIncompleteNotClean() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("logs"));
        Cli r = Cli.run("analyze", dir.toString(), AGENT.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("INCOMPLETE: 1 input of 2 could not be read completely").contains(dir + ": not read: is a directory")
                .contains("auth-required") // what was read is still reported
                .contains("Result INCOMPLETE");
    }

    @Test
    void exitTwoWinsOverFindingsInEveryFormat() throws Exception {
        Path missing = tmp.resolve("gone.jsonl");
        for (String format : new String[] {"text", "json", "sarif", "junit"}) {
            Cli r = Cli.run("analyze", "--format", format, AGENT.toString(), missing.toString());
            assertThat(r.code()).as(format).isEqualTo(2);
        }
        JsonNode json = M.readTree(Cli.run("analyze", "--format", "json", AGENT.toString(), missing.toString()).out());
        assertThat(json.path("run").path("outcome").asText()).isEqualTo("incomplete");
        assertThat(json.path("run").path("complete").asBoolean()).isFalse();
        assertThat(json.path("run").path("inputs").get(1).path("name").asText()).isEqualTo(missing.toString());
        assertThat(json.path("run").path("inputs").get(1).path("state").asText()).isEqualTo("unreadable");
        assertThat(json.path("run").path("inputs").get(1).path("error").asText()).isEqualTo("no such file");
        assertThat(json.path("run").path("inputs").get(0).path("state").asText()).isEqualTo("read");
        assertThat(json.path("run").path("inputs").get(0).path("sessions").asLong()).isEqualTo(2);
        assertThat(json.path("findings").get(0).path("rule").asText()).isEqualTo("auth-required");

        JsonNode inv = M.readTree(Cli.run("analyze", "--format", "sarif", AGENT.toString(), missing.toString()).out())
                .path("runs").get(0).path("invocations").get(0);
        assertThat(inv.path("executionSuccessful").isBoolean()).isTrue();
        assertThat(inv.path("executionSuccessful").asBoolean()).isFalse();
        JsonNode notes = inv.path("toolExecutionNotifications");
        assertThat(notes.get(0).path("level").asText()).isEqualTo("error");
        assertThat(notes.get(0).path("message").path("text").asText()).contains("INCOMPLETE");
        assertThat(notes.get(1).path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asText())
                .isEqualTo(missing.toString());
        assertThat(notes.get(1).path("message").path("text").asText()).contains("no such file");

        Document doc = xml(Cli.run("analyze", "--format", "junit", AGENT.toString(), missing.toString()).out());
        assertThat(doc.getElementsByTagName("error").getLength()).isEqualTo(1);
        Element error = (Element) doc.getElementsByTagName("error").item(0);
        assertThat(error.getTextContent()).contains(missing.toString()).contains("no such file");
        assertThat(error.getAttribute("message")).contains("INCOMPLETE");
        assertThat(((Element) doc.getElementsByTagName("testsuite").item(0)).getAttribute("errors")).isEqualTo("1");
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1); // the finding is still there
    }

    @Test
    void completeRunSaysSoInSarifAndHasNoJunitError() throws Exception {
        JsonNode inv = M.readTree(Cli.run("analyze", "--format", "sarif", AGENT.toString()).out()).path("runs").get(0).path("invocations").get(0);
        assertThat(inv.path("executionSuccessful").asBoolean()).isTrue();
        assertThat(inv.path("toolExecutionNotifications")).isEmpty();
        assertThat(xml(Cli.run("analyze", "--format", "junit", AGENT.toString()).out()).getElementsByTagName("error").getLength()).isZero();
        assertThat(M.readTree(Cli.run("analyze", "--format", "json", AGENT.toString()).out()).path("run").path("outcome").asText())
                .isEqualTo("complete");
    }

    /** An input that breaks off with a read error: what came before is analysed, the run is incomplete, the line named. */
    @Test
    void readErrorMidInputCutsItShort() throws Exception {
        byte[] data = Files.readAllBytes(AGENT);
        int cut = nthLineStart(data, 3);
        InputStream failing = new InputStream() {
            int pos;

            @Override
            public int read() throws IOException {
                if (pos >= cut) throw new IOException("Input/output error");
                return data[pos++] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= cut) throw new IOException("Input/output error");
                int n = Math.min(len, cut - pos);
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        Cli r = Cli.runWithStdin(failing, "analyze", "--format", "json", "-");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("smtp-trace: <stdin>:").contains("read error: Input/output error; only the part read before it was analysed");
        JsonNode in = M.readTree(r.out()).path("run").path("inputs").get(0);
        assertThat(in.path("state").asText()).isEqualTo("cut-short");
        assertThat(in.path("line").asLong()).isEqualTo(4);
    }

    /**
     * Found by ReadersFuzzTest: a JSON line starting with NUL bytes made Jackson guess UTF-32 (or an unsupported UCS-4
     * byte order) and throw an IOException that ended the whole input. It is one bad line; the lines after it are read.
     */
    @Test
    void jsonLineStartingWithNulsIsOneBadLine() throws Exception {
        Path f = tmp.resolve("nuls.jsonl");
        try (OutputStream o = Files.newOutputStream(f)) {
            o.write(Files.readAllLines(AGENT).get(0).getBytes(StandardCharsets.UTF_8));
            o.write(new byte[] {'\n', 0, 0, 0, 0, 0, 0, 0, 0});
            o.write("{\"resourceSpans\":[]}\n".getBytes(StandardCharsets.UTF_8));
            o.write(new byte[] {0, ' ', 0, 0, 0, 0, 0, 0}); // "UCS-4 3412" to Jackson: thrown when the parser is created
            o.write("{\"resourceSpans\":[]}\n".getBytes(StandardCharsets.UTF_8));
            o.write(Files.readAllBytes(AGENT));
        }
        Cli r = Cli.run("analyze", "--format", "json", f.toString());
        assertThat(r.err()).contains(f + ":2:").contains(f + ":3:").doesNotContain("read error");
        assertThat(r.code()).isEqualTo(1);
        assertThat(M.readTree(r.out()).path("summary").path("sessions").asLong()).isEqualTo(2);
        assertThat(M.readTree(r.out()).path("run").path("outcome").asText()).isEqualTo("complete");
    }

    @Test
    void truncatedGzipIsIncomplete() throws IOException {
        Path gz = tmp.resolve("t.jsonl.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(Files.readAllBytes(AGENT));
        }
        byte[] all = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(all, all.length - 40));
        Cli r = Cli.run("analyze", gz.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("INCOMPLETE").contains(gz.toString()).contains("truncated gzip");
    }

    // ---- nothing found at all: exit 2 unless --allow-empty, said plainly

    @Test
    void emptyBinaryOrTruncatedOnlyLineIsNotAClean() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.jsonl"));
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        Path binary = Files.write(tmp.resolve("junk.bin"), junk);
        String line = Files.readAllLines(AGENT).get(0);
        Path cut = Files.writeString(tmp.resolve("cut.jsonl"), line.substring(0, line.length() / 2));
        Path notMail = Files.writeString(tmp.resolve("app.log"), "2026-11-29 10:00:00 INFO  [main] com.acme.App - started\n");
        for (Path p : new Path[] {empty, binary, cut, notMail}) {
            Cli r = Cli.run("analyze", p.toString());
            assertThat(r.code()).as(p.toString()).isEqualTo(2);
            assertThat(r.out()).as(p.toString()).doesNotContain("No problems found.")
                    .contains("No SMTP conversation was found in any input: nothing was analysed");
            Cli allowed = Cli.run("analyze", "--allow-empty", p.toString());
            assertThat(allowed.code()).as(p.toString()).isZero();
            assertThat(allowed.out()).contains("No SMTP conversation was found in any input (accepted: --allow-empty)");
        }
        Cli json = Cli.run("analyze", "--format", "json", empty.toString());
        assertThat(json.err()).contains("No SMTP conversation was found");
        assertThat(M.readTree(json.out()).path("run").path("outcome").asText()).isEqualTo("empty");
        JsonNode inv = M.readTree(Cli.run("analyze", "--format", "sarif", empty.toString()).out()).path("runs").get(0).path("invocations").get(0);
        assertThat(inv.path("executionSuccessful").asBoolean()).isFalse();
        Document doc = xml(Cli.run("analyze", "--format", "junit", empty.toString()).out());
        assertThat(((Element) doc.getElementsByTagName("error").item(0)).getAttribute("type")).isEqualTo("empty");
        // one empty input beside a real one is only a warning
        assertThat(Cli.run("analyze", empty.toString(), AGENT.toString()).code()).isEqualTo(1);
    }

    // ---- the report cannot be written

    @Test
    void failedWriteOfTheReportExitsTwo() {
        Writer broken = new Writer() {
            @Override
            public void write(char[] c, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void flush() throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void close() {}
        };
        StringWriter err = new StringWriter();
        int code = Main.run(new ByteArrayInputStream(new byte[0]), new PrintWriter(broken), new PrintWriter(err), "analyze", "--format", "sarif",
                Path.of("src", "test", "resources", "agent-traces", "all-rules-javax-1.6.2.jsonl").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("smtp-trace: cannot write the output to standard output").contains("the output is incomplete");
    }

    @Test
    void reportFileIsReplacedOnlyWhenWholeAndMissingDirectoryIsAnError() throws IOException {
        Path report = tmp.resolve("report.sarif");
        Cli r = Cli.run("analyze", "--format", "sarif", "-o", report.toString(), AGENT.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(M.readTree(report.toFile()).path("runs").get(0).path("results").get(0).path("ruleId").asText()).isEqualTo("auth-required");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("report.sarif"); // no temporary left
        }
        Path nowhere = tmp.resolve("no-such-dir").resolve("r.json");
        Cli bad = Cli.run("analyze", "-o", nowhere.toString(), AGENT.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("cannot write the report to " + nowhere).contains("was not written");
    }

    // ---- encodings

    /** Two stray bytes FF FE in front of UTF-8 lines: the lines are read, not decoded as UTF-16 noise. */
    @Test
    void utf16BomInFrontOfUtf8IsNotBelieved() throws IOException {
        for (Path source : new Path[] {AGENT, RecordedLogsTestSupport.smallLog()}) {
            byte[] text = Files.readAllBytes(source);
            byte[] withBom = new byte[text.length + 2];
            withBom[0] = (byte) 0xFF;
            withBom[1] = (byte) 0xFE;
            System.arraycopy(text, 0, withBom, 2, text.length);
            Path f = Files.write(tmp.resolve("bom-" + source.getFileName()), withBom);
            Cli clean = Cli.run("analyze", "--format", "json", source.toString());
            Cli r = Cli.run("analyze", "--format", "json", f.toString());
            assertThat(r.code()).as(source.toString()).isEqualTo(clean.code());
            assertThat(r.err()).contains(f + ":1: starts with the bytes FF FE (a UTF-16 byte-order mark) but the text is UTF-8");
            assertThat(M.readTree(r.out()).path("summary").path("sessions").asLong()).as(source.toString())
                    .isEqualTo(M.readTree(clean.out()).path("summary").path("sessions").asLong()).isPositive();
            assertThat(M.readTree(r.out()).path("findings").findValuesAsText("rule"))
                    .isEqualTo(M.readTree(clean.out()).path("findings").findValuesAsText("rule"));
        }
    }

    @Test
    void realUtf16IsStillDecodedWithOrWithoutBom() throws IOException {
        String text = Files.readString(AGENT);
        Path le = Files.write(tmp.resolve("le.jsonl"), ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE));
        Path be = Files.write(tmp.resolve("be.jsonl"), text.getBytes(StandardCharsets.UTF_16)); // Java writes a BE BOM
        Path noBom = Files.write(tmp.resolve("nobom.jsonl"), text.getBytes(StandardCharsets.UTF_16LE));
        for (Path p : new Path[] {le, be, noBom}) {
            Cli r = Cli.run("analyze", "--format", "json", p.toString());
            assertThat(r.code()).as(p.toString()).isEqualTo(1);
            assertThat(M.readTree(r.out()).path("summary").path("sessions").asLong()).as(p.toString()).isEqualTo(2);
        }
        assertThat(Cli.run("analyze", noBom.toString()).err()).contains("no byte-order mark, but the text is UTF-16LE");
    }

    /** A FIFO (what {@code <(...)} and named pipes are) is read as a stream: the same result as the file itself. */
    @Test
    void namedPipeIsReadAsAStream() throws Exception {
        Path fifo = tmp.resolve("trace.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Thread writer = new Thread(() -> {
            try (OutputStream o = Files.newOutputStream(fifo)) {
                o.write(Files.readAllBytes(AGENT));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        Cli r = Cli.run("analyze", "--format", "json", fifo.toString());
        writer.join(10_000);
        assertThat(r.err()).doesNotContain("Illegal seek").doesNotContain("read error");
        assertThat(r.code()).isEqualTo(1);
        assertThat(M.readTree(r.out()).path("summary").path("sessions").asLong()).isEqualTo(2);
        assertThat(r.out()).contains("auth-required");
    }

    private static Document xml(String s) throws Exception {
        return javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static int nthLineStart(byte[] data, int n) {
        int seen = 0;
        for (int i = 0; i < data.length; i++) if (data[i] == '\n' && ++seen == n) return i + 1;
        throw new IllegalArgumentException();
    }
}
