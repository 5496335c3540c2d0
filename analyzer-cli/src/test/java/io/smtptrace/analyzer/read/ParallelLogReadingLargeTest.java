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

/**
 * Parallel reading of debug logs on big inputs (seconds each, so outside the read mutation gate; the same paths are
 * covered on small inputs by {@link ParallelLogReadingTest}): a long log of many conversations (the same-run capture
 * repeated, as a long-running service writes it), where almost every piece's worker state meets the true state early,
 * so its conversations are taken and the piece is not read twice; and a line longer than the real 16 MB cutting limit.
 */
class ParallelLogReadingLargeTest {
    @Test
    void piecesOfALongLogMeetTheTrueStateEarly() throws Exception {
        String one = Files.readString(Path.of("src/test/resources/same-run/all-rules-javax-1.6.2-mail-debug.log"));
        byte[] log = one.repeat(40).getBytes(StandardCharsets.UTF_8); // 3 MB, 1,080 conversations

        List<String> single = new ArrayList<>();
        StringWriter singleErr = new StringWriter();
        new DebugLogReader().read(new CharSource(new InputStreamReader(new ByteArrayInputStream(log), StandardCharsets.UTF_8)), "app.log",
                s -> single.add(ParallelLogReadingTest.describe(s)), new Diagnostics(new PrintWriter(singleErr, true)));

        List<String> parallel = new ArrayList<>();
        StringWriter parErr = new StringWriter();
        ParallelLogReading p = new ParallelLogReading("app.log", null, new Diagnostics(new PrintWriter(parErr, true)), 64 * 1024, 2);
        p.read(new ByteArrayInputStream(log), 0, s -> parallel.add(ParallelLogReadingTest.describe(s)));

        assertThat(parallel).isEqualTo(single);
        assertThat(parErr.toString()).isEqualTo(singleErr.toString());
        long pieces = p.met + p.reread;
        assertThat(pieces).isGreaterThan(30);
        assertThat(p.reread).as("pieces read twice").isLessThanOrEqualTo(1);
        // the true state reads a piece's first lines only up to the end of one conversation or so
        assertThat(p.linesReread).as("lines read twice, of %d", log.length / 60).isLessThan(pieces * 200);
    }

    @Test
    void aLineLongerThanAPieceMaximumIsReadLineByLineWithTheRest() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) sb.append(ParallelLogReadingTest.conversation(i));
        String head = sb.toString();
        byte[] huge = new byte[ParallelLogReading.MAX_LINE_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) 'x');
        byte[] tail = (ParallelLogReadingTest.conversation(7) + ParallelLogReadingTest.conversation(8)).getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(head.getBytes(StandardCharsets.UTF_8));
        out.write(huge);
        out.write('\n');
        out.write(tail);
        byte[] log = out.toByteArray();
        List<List<String>> r = ParallelLogReadingTest.both(log, 1000);
        assertThat(r.get(1)).hasSize(7).isEqualTo(r.get(0));
        assertThat(r.get(3)).isEqualTo(r.get(2));
        assertThat(r.get(3).get(0)).contains("app.log:" + (head.lines().count() + 1) + ": line is " + huge.length + " characters long");
    }
}
