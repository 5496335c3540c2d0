package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smtptrace.analyzer.model.Session;

/**
 * What makes parallel reading of debug logs worth it: on a log of many conversations (the same-run capture repeated,
 * as a long-running service writes it), almost every piece's worker state meets the true state early, so its
 * conversations are taken and the piece is not read twice; and the result is still the line-by-line one.
 */
class ParallelLogReadingTest {
    @Test
    void piecesOfALongLogMeetTheTrueStateEarly() throws Exception {
        String one = Files.readString(Path.of("src/test/resources/same-run/all-rules-javax-1.6.2-mail-debug.log"));
        byte[] log = one.repeat(40).getBytes(StandardCharsets.UTF_8); // 3 MB, 1,080 conversations

        List<String> single = new ArrayList<>();
        StringWriter singleErr = new StringWriter();
        new DebugLogReader().read(new CharSource(new InputStreamReader(new ByteArrayInputStream(log), StandardCharsets.UTF_8)), "app.log",
                s -> single.add(describe(s)), new Diagnostics(new PrintWriter(singleErr, true)));

        List<String> parallel = new ArrayList<>();
        StringWriter parErr = new StringWriter();
        ParallelLogReading p = new ParallelLogReading("app.log", null, new Diagnostics(new PrintWriter(parErr, true)), 64 * 1024, 2);
        p.read(new ByteArrayInputStream(log), 0, s -> parallel.add(describe(s)));

        assertThat(parallel).isEqualTo(single);
        assertThat(parErr.toString()).isEqualTo(singleErr.toString());
        long pieces = p.met + p.reread;
        assertThat(pieces).isGreaterThan(30);
        assertThat(p.reread).as("pieces read twice").isLessThanOrEqualTo(1);
        // the true state reads a piece's first lines only up to the end of one conversation or so
        assertThat(p.linesReread).as("lines read twice, of %d", log.length / 60).isLessThan(pieces * 200);
    }

    private static String describe(Session s) {
        return s.id + " " + s.host + " " + s.clientLibrary + " " + s.clientLibraryVersion + " " + s.endReason + " " + s.exchanges.size()
                + " " + s.messages.size() + " " + s.exceptions + " " + s.partial;
    }

    static String conversation(int i) {
        return "DEBUG SMTP: trying to connect to host \"mx" + i + ".example.com\", port 25, isSSL false\n220 mx ESMTP\nEHLO app\n250-mx\n250 OK\n"
                + "MAIL FROM:<a" + i + "@example.com>\n250 ok\nRCPT TO:<b@example.com>\n250 ok\nDATA\n354 go\nSubject: " + i + "\n\nbody\n.\n"
                + "250 queued\nQUIT\n221 bye\n";
    }

    /** Line by line and in parallel (small pieces, two threads): sessions and diagnostics. */
    static List<List<String>> both(byte[] log, int chunk) throws Exception {
        List<String> single = new ArrayList<>();
        StringWriter singleErr = new StringWriter();
        new DebugLogReader().read(new CharSource(new InputStreamReader(new ByteArrayInputStream(log), Inputs.utf8Decoder())), "app.log",
                s -> single.add(describe(s)), new Diagnostics(new PrintWriter(singleErr, true)));
        List<String> parallel = new ArrayList<>();
        StringWriter parErr = new StringWriter();
        ParallelLogReading p = new ParallelLogReading("app.log", null, new Diagnostics(new PrintWriter(parErr, true)), chunk, 2);
        p.read(new ByteArrayInputStream(log), 0, s -> parallel.add(describe(s)));
        return List.of(single, parallel, List.of(singleErr.toString()), List.of(parErr.toString()));
    }

    @Test
    void warningsGivenOncePerInputStayOnceAcrossPieces() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            sb.append(conversation(i));
            if (i % 7 == 3) sb.append("\u0000\u0001binary\n");
            if (i % 9 == 4) sb.append("caf\uFFFD\n");
        }
        List<List<String>> r = both(sb.toString().getBytes(StandardCharsets.UTF_8), 700);
        assertThat(r.get(1)).hasSize(60).isEqualTo(r.get(0));
        assertThat(r.get(3)).isEqualTo(r.get(2));
        assertThat(r.get(2).get(0).lines()).hasSize(2);
        assertThat(r.get(2).get(0)).contains("app.log:73: binary data", "app.log:92: text is not valid UTF-8");
    }

    @Test
    void aLogWhoseStateNeverMeetsIsReadLineByLineInTheEnd() throws Exception {
        // one conversation open all along: no piece has a line with no conversation open
        StringBuilder sb = new StringBuilder("DEBUG SMTP: trying to connect to host \"mx\", port 25, isSSL false\n220 mx ESMTP\n");
        for (int i = 0; i < 400; i++) sb.append("NOOP\n250 2.0.0 ok ").append(i).append('\n');
        sb.append("QUIT\n221 bye\n");
        byte[] log = sb.toString().getBytes(StandardCharsets.UTF_8);
        List<String> parallel = new ArrayList<>();
        ParallelLogReading p = new ParallelLogReading("app.log", null, new Diagnostics(new PrintWriter(new StringWriter(), true)), 256, 2);
        p.read(new ByteArrayInputStream(log), 0, s -> parallel.add(describe(s)));
        assertThat(parallel).isEqualTo(both(log, 256).get(0));
        assertThat(parallel.get(0)).contains(" 402 ");
        assertThat(p.met).as("only the first piece, read from the start").isEqualTo(1);
        // after four pieces read again in full, the workers are no longer asked
        assertThat(p.reread).isLessThanOrEqualTo(4 + 2);
        assertThat(p.reread).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aLineLongerThanAPieceMaximumIsReadLineByLineWithTheRest() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) sb.append(conversation(i));
        String head = sb.toString();
        byte[] huge = new byte[ParallelLogReading.MAX_LINE_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) 'x');
        byte[] tail = (conversation(7) + conversation(8)).getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(head.getBytes(StandardCharsets.UTF_8));
        out.write(huge);
        out.write('\n');
        out.write(tail);
        byte[] log = out.toByteArray();
        List<List<String>> r = both(log, 1000);
        assertThat(r.get(1)).hasSize(7).isEqualTo(r.get(0));
        assertThat(r.get(3)).isEqualTo(r.get(2));
        assertThat(r.get(3).get(0)).contains("app.log:" + (head.lines().count() + 1) + ": line is " + huge.length + " characters long");
    }

    @Test
    void aReadErrorStopsTheInputAfterTheLinesBeforeIt() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30; i++) sb.append(conversation(i));
        byte[] good = sb.toString().getBytes(StandardCharsets.UTF_8);
        java.io.InputStream failing = new java.io.SequenceInputStream(new ByteArrayInputStream(good), new java.io.InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("Input/output error");
            }
        });
        List<String> parallel = new ArrayList<>();
        StringWriter err = new StringWriter();
        ParallelLogReading p = new ParallelLogReading("app.log", null, new Diagnostics(new PrintWriter(err, true)), 500, 2);
        assertThat(p.lineNumber()).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.read(failing, 0, s -> parallel.add(describe(s))))
                .hasMessage("Input/output error");
        assertThat(parallel).hasSize(30);
        assertThat(p.lineNumber()).isEqualTo(good.length == 0 ? 1 : sb.toString().lines().count() + 1);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void anEmptyInputHasNoConversation() throws Exception {
        StringWriter err = new StringWriter();
        ParallelLogReading p = new ParallelLogReading("app.log", null, new Diagnostics(new PrintWriter(err, true)), 500, 0);
        List<Session> got = new ArrayList<>();
        p.read(new ByteArrayInputStream(new byte[0]), 0, got::add);
        assertThat(got).isEmpty();
        assertThat(err.toString()).contains("app.log: no JavaMail SMTP conversation found (is mail.debug");
    }

    @Test
    void lineNumbersCountFromTheLinesBeforeTheInput() throws Exception {
        byte[] log = ("\u0000x\n" + conversation(1)).getBytes(StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        List<Session> got = new ArrayList<>();
        new ParallelLogReading("app.log", null, new Diagnostics(new PrintWriter(err, true)), 64, 2).read(new ByteArrayInputStream(log), 10, got::add);
        assertThat(err.toString()).startsWith("smtp-trace: app.log:11: binary data");
        assertThat(got).extracting(s -> s.id).containsExactly("app.log:12");
    }
}
